"""The cross-article evaluation: merge arithmetic, the clusters file's checks, and `conflictkg
evaluate` on a small set loaded into a real Neo4j (the session's test server)."""

from __future__ import annotations

import shutil
from pathlib import Path

import neo4j
import pytest
import yaml
from typer.testing import CliRunner

from conflictkg.cli import app
from conflictkg.errors import InputError
from conflictkg.evaluation.clusters import Mention, load_set
from conflictkg.evaluation.crossdoc import evaluate_set, load_articles, map_mentions
from conflictkg.evaluation.merges import missed_merges, score_merges, wrong_merges
from conflictkg.settings import Settings

ROOT = Path(__file__).parent.parent
REAL = ROOT / "tests" / "real" / "tuning"
runner = CliRunner()

# Two same-event pairs from tests/real: a Russian missile on Kramatorsk (10 Aug 2024; Metro Radio
# also reports a strike on Kostiantynivka the day before), and an RSF drone on El Fasher's market
# plus drones over Khartoum airport (23-24 Oct 2025).
SMALL = ["en-kramatorsk-missile-metroradio", "en-kramatorsk-missile-babel",
         "en-el-fasher-rsf-drone-trt", "en-el-fasher-rsf-drone-menafn"]
SMALL_CLUSTERS = [
    {"id": "kramatorsk", "description": "Kramatorsk missile, 10 Aug 2024",
     "mentions": [["en-kramatorsk-missile-metroradio.txt", "attacks", 0],
                  ["en-kramatorsk-missile-babel.txt", "attacks", 0]]},
    {"id": "kostiantynivka", "description": "Kostiantynivka missile, 9 Aug 2024",
     "mentions": [["en-kramatorsk-missile-metroradio.txt", "attacks", 1]]},
    {"id": "el-fasher-market", "description": "RSF drone on El Fasher's market, 23 Oct 2025",
     "mentions": [["en-el-fasher-rsf-drone-trt.txt", "attacks", 0],
                  ["en-el-fasher-rsf-drone-menafn.txt", "attacks", 0]]},
    {"id": "khartoum-airport", "description": "RSF drones over Khartoum airport",
     "mentions": [["en-el-fasher-rsf-drone-trt.txt", "attacks", 1],
                  ["en-el-fasher-rsf-drone-menafn.txt", "attacks", 1]]},
]


def small_set(directory: Path, **changes: object) -> Path:
    """The four articles and their expected graphs copied to `directory`, with a clusters.yaml."""
    for name in SMALL:
        for suffix in (".txt", ".expected.yaml"):
            shutil.copy(REAL / f"{name}{suffix}", directory / f"{name}{suffix}")
    data = {"articles": [f"{n}.txt" for n in SMALL], "clusters": SMALL_CLUSTERS,
            "near_misses": [["kramatorsk", "kostiantynivka"]], **changes}
    (directory / "clusters.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return directory


# -- arithmetic ------------------------------------------------------------------------------

def test_pairwise_and_bcubed_on_a_hand_built_case() -> None:
    # gold X = {a, b, c}, Y = {d, e}; the graph: node 1 = {a, b}, node 2 = {c, d}, node 3 = {e}
    gold = {"a": "X", "b": "X", "c": "X", "d": "Y", "e": "Y"}
    system = {"a": "1", "b": "1", "c": "2", "d": "2", "e": "3"}
    s = score_merges(gold, system)
    assert (s.mentions, s.nodes, s.clusters) == (5, 3, 2)
    # gold pairs ab ac bc de; merged pairs ab cd; right: ab
    assert (s.gold_pairs, s.merged_pairs, s.right_pairs) == (4, 2, 1)
    assert s.precision == pytest.approx(1 / 2) and s.recall == pytest.approx(1 / 4)
    # per mention |node ∩ cluster| / |node|: 1, 1, 1/2, 1/2, 1; / |cluster|: 2/3, 2/3, 1/3, 1/2, 1/2
    assert s.bcubed_precision == pytest.approx(4 / 5)
    assert s.bcubed_recall == pytest.approx(8 / 15)
    assert s.bcubed_f1 == pytest.approx(2 * (4 / 5) * (8 / 15) / (4 / 5 + 8 / 15))
    wrong = wrong_merges(gold, system)
    assert [(g.key, g.parts) for g in wrong] == [("2", {"X": ["c"], "Y": ["d"]})]
    missed = missed_merges(gold, system)
    assert [(g.key, g.parts) for g in missed] == [("X", {"1": ["a", "b"], "2": ["c"]}),
                                                   ("Y", {"2": ["d"], "3": ["e"]})]


def test_no_merges_and_perfect_merges() -> None:
    gold = {"a": "X", "b": "X", "c": "Y"}
    apart = score_merges(gold, {"a": "1", "b": "2", "c": "3"})
    assert apart.precision is None and apart.recall == 0.0  # nothing merged: precision undefined
    assert apart.bcubed_precision == 1.0 and apart.bcubed_recall == pytest.approx((1 / 2 + 1 / 2 + 1) / 3)
    same = score_merges(gold, {"a": "1", "b": "1", "c": "2"})
    assert (same.precision, same.recall, same.bcubed_f1) == (1.0, 1.0, 1.0)
    # a mention extraction missed (no node) is left out, not counted as a missed merge
    partial = score_merges(gold, {"a": "1", "c": "3"})
    assert (partial.mentions, partial.gold_pairs, partial.recall) == (2, 0, None)


# -- the clusters file -----------------------------------------------------------------------

def test_the_crossdoc_set_is_complete() -> None:
    cds = load_set(ROOT / "tests" / "crossdoc")
    assert len(cds.articles) >= 25
    names = [Path(a).name for a in cds.articles]
    assert sum(n.startswith("nl-") for n in names) >= 10 and sum(n.startswith("en-") for n in names) >= 10
    assert cds.categories == ["attacks", "agreements"]
    sizes = {c.id: len(c.mentions) for c in cds.clusters}
    assert sizes["black-sea-shipping-2025-03"] >= 4 and sizes["energy-strike-moratorium-2025-03"] >= 4
    assert sum(n > 1 for n in sizes.values()) >= 10 and len(cds.near_misses) >= 10


@pytest.mark.parametrize(("change", "message"), [
    ({"clusters": [*SMALL_CLUSTERS[:1], {**SMALL_CLUSTERS[1], "mentions": [
        ["en-kramatorsk-missile-metroradio.txt", "attacks", 7]]}, *SMALL_CLUSTERS[2:]]},
     "cluster 'kostiantynivka': mention [en-kramatorsk-missile-metroradio.txt, attacks, 7]: index 7 out of range: "
     "en-kramatorsk-missile-metroradio.txt has 2 attacks entries"),
    ({"articles": [f"{n}.txt" for n in SMALL] + ["en-not-there.txt"]},
     "article en-not-there.txt does not exist"),
    ({"articles": [f"{n}.txt" for n in SMALL[1:]]},
     "mention [en-kramatorsk-missile-metroradio.txt, attacks, 0]: article en-kramatorsk-missile-metroradio.txt "
     "is not in the articles list"),
    ({"clusters": SMALL_CLUSTERS[:3]},
     "en-el-fasher-rsf-drone-trt.txt attacks[1] is in no cluster"),
    ({"clusters": [*SMALL_CLUSTERS, {"id": "again", "description": "a repeat", "mentions": [
        ["en-kramatorsk-missile-babel.txt", "attacks", 0]]}]},
     "en-kramatorsk-missile-babel.txt attacks[0] is in two clusters, 'kramatorsk' and 'again'"),
    ({"near_misses": [["kramatorsk", "nowhere"]]}, "near_misses names an unknown cluster 'nowhere'"),
])
def test_clusters_file_errors_name_the_entry(tmp_path: Path, change: dict[str, object], message: str) -> None:
    with pytest.raises(InputError) as exc:
        load_set(small_set(tmp_path, **change))
    assert message in str(exc.value)


# -- on a real database ----------------------------------------------------------------------

def test_mentions_map_to_nodes_before_and_after_a_merge(db: neo4j.Driver, settings: Settings,
                                                         tmp_path: Path) -> None:
    cds = load_set(small_set(tmp_path))
    database = settings.neo4j_database
    # without resolution, so that the merges below are done by hand and known
    docs = load_articles(cds, db, database=database, resolution=False)
    before = map_mentions(cds, docs, db, database=database)
    metro = Mention("en-kramatorsk-missile-metroradio.txt", "attacks", 0)
    babel = Mention("en-kramatorsk-missile-babel.txt", "attacks", 0)
    assert metro in before.nodes and babel in before.nodes, before.not_found
    assert before.nodes[metro] == before.facts[metro] and before.nodes[babel] == before.facts[babel]
    assert before.nodes[metro] != before.nodes[babel]
    assert "kramatorsk" in [g.key for g in before.missed_merges()]
    # A resolution of the Kramatorsk reports, done by hand: the Babel mention now hangs off the
    # Metro Radio node, its REPORTED_IN edge recording the id extraction gave it.
    db.execute_query(
        "MATCH (b {id: $b})-[r:REPORTED_IN]->(art) MATCH (a {id: $a}) "
        "CREATE (a)-[r2:REPORTED_IN]->(art) SET r2 = properties(r), r2.mention = b.id DETACH DELETE b",
        a=before.nodes[metro], b=before.nodes[babel], database_=database)
    after = map_mentions(cds, docs, db, database=database)
    assert after.nodes[babel] == after.nodes[metro] == before.nodes[metro]
    assert after.facts[babel] == before.facts[babel]
    assert "kramatorsk" not in [g.key for g in after.missed_merges()]
    s0, s1 = before.scores("attacks"), after.scores("attacks")
    assert (s1.merged_pairs, s1.right_pairs) == (s0.merged_pairs + 1, s0.right_pairs + 1)
    assert s1.nodes == s0.nodes - 1
    # and a wrong one: the El Fasher market drone into the Kramatorsk node
    fasher = Mention("en-el-fasher-rsf-drone-trt.txt", "attacks", 0)
    assert fasher in after.nodes, after.not_found
    db.execute_query(
        "MATCH (b {id: $b})-[r:REPORTED_IN]->(art) MATCH (a {id: $a}) "
        "CREATE (a)-[r2:REPORTED_IN]->(art) SET r2 = properties(r), r2.mention = b.id DETACH DELETE b",
        a=after.nodes[metro], b=after.nodes[fasher], database_=database)
    wrong = map_mentions(cds, docs, db, database=database).wrong_merges()
    assert [sorted(g.parts) for g in wrong] == [["el-fasher-market", "kramatorsk"]]


def test_evaluate_set_without_resolution(db: neo4j.Driver, settings: Settings, tmp_path: Path) -> None:
    cds = load_set(small_set(tmp_path))
    steps: list[tuple[str, str]] = []
    report = evaluate_set(cds, db, database=settings.neo4j_database, on_step=lambda p, a: steps.append((p, a)))
    assert steps == [(p, a) for p in ("loading", "matching") for a in cds.articles]
    assert report.annotated() == 7 and len(report.nodes) + len(report.not_found) == 7
    # each found mention is a node of its own or shares one with a same-event report; never with another event
    assert report.wrong_merges() == []
    assert report.labels["Attack"].mentions >= len(report.nodes)


def test_cli_prints_the_merge_table(db: neo4j.Driver, cli_env: None, tmp_path: Path) -> None:
    result = runner.invoke(app, ["evaluate", str(small_set(tmp_path))])
    assert result.exit_code == 0, result.output
    for text in ("cross-article merges: 4 articles, 4 clusters", "merge P", "B³ F1", "attacks", "all",
                 "facts extracted", "graph nodes", "not found by extraction", "wrong merges", "missed merges"):
        assert text in result.output, text


def test_cli_refuses_a_database_that_is_not_empty(db: neo4j.Driver, cli_env: None, tmp_path: Path) -> None:
    db.execute_query("CREATE (:Note {text: 'a user graph'})")
    result = runner.invoke(app, ["evaluate", str(small_set(tmp_path))])
    assert result.exit_code == 1
    assert "holds 1 node(s)" in result.output and "empty database" in result.output

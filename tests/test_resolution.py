"""Cross-article resolution on a real Neo4j: one node per real event, whoever reports it."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import neo4j
import pytest

from conflictkg.graph.connection import create_driver
from conflictkg.graph.ids import article_id
from conflictkg.graph.queries import query
from conflictkg.graph.writer import prepare_document, write_document, write_new
from conflictkg.ingest.service import Ingestor
from conflictkg.loaders.extract import extract_source
from conflictkg.loaders.source import parse_article, read_article
from conflictkg.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "real"
SEED = ROOT / "examples" / "seed-nl-paris-summit.txt"


def load_text(drv: neo4j.Driver, text: str, **kw: Any) -> str:
    src = parse_article(text)
    return Ingestor(drv, **kw).ingest(src).article_id


def load_file(drv: neo4j.Driver, path: Path) -> str:
    return Ingestor(drv).ingest(read_article(path)).article_id


def count(drv: neo4j.Driver, label: str) -> int:
    records, _, _ = drv.execute_query(f"MATCH (n:{label}) RETURN count(n) AS n")
    return int(records[0]["n"])


def mentions(drv: neo4j.Driver, article_id: str) -> list[dict[str, Any]]:
    records, _, _ = drv.execute_query(query("article_mentions").text, article_id=article_id)
    return [r.data() for r in records]


def one(drv: neo4j.Driver, cypher: str, **params: Any) -> Any:
    records, _, _ = drv.execute_query(cypher, **params)
    return records[0][0]


BLACK_SEA_1 = ("date 2025-03-25\n\nRussia and Ukraine agreed to a Black Sea shipping agreement brokered by "
               "the United States on Tuesday.")
BLACK_SEA_2 = ("date 2025-04-02\n\nThe Black Sea shipping agreement between Russia and Ukraine is not yet in "
               "force, Kyiv said on Wednesday.")
BLACK_SEA_3 = ("date 2025-04-10\n\nRussia said the Black Sea shipping agreement with Ukraine, brokered by the "
               "United States, had collapsed.")


def test_one_deal_reported_by_three_articles_is_one_agreement(db: neo4j.Driver) -> None:
    ids = [load_text(db, t) for t in (BLACK_SEA_1, BLACK_SEA_2, BLACK_SEA_3)]
    assert count(db, "Agreement") == 1
    node = one(db, "MATCH (g:Agreement) RETURN g.id")
    for aid in ids:
        rows = mentions(db, aid)
        assert [r["node"] for r in rows if r["label"] == "Agreement"] == [node]
    # the latest article's status wins; the earliest date is the deal's date
    status, date = db.execute_query("MATCH (g:Agreement) RETURN g.status, g.date").records[0]
    assert (status, date) == ("collapsed", "2025-03-25")
    records = db.execute_query("MATCH (:Agreement)-[r:REPORTED_IN]->() RETURN r.rule AS rule").records
    rules = {r["rule"] for r in records}
    assert rules == {"new", "agreement:topic+parties+mediators+life"}


def _life(drv: neo4j.Driver) -> list[tuple[Any, ...]]:
    rows = drv.execute_query("MATCH (g:Agreement) RETURN g.reported_from, g.seen_until, g.collapsed_on").records
    return [tuple(v.iso_format() if v is not None else None for v in r) for r in rows]


def test_the_node_keeps_the_deals_life_as_its_reports_tell_it(db: neo4j.Driver) -> None:
    load_text(db, BLACK_SEA_1)
    assert _life(db) == [("2025-03-25", "2025-03-25", None)]  # one report: set when it is made
    for t in (BLACK_SEA_3, BLACK_SEA_2):
        load_text(db, t)
    assert _life(db) == [("2025-03-25", "2025-04-10", "2025-04-10")]


def test_a_deal_written_before_its_life_was_kept_is_read_from_its_claims(db: neo4j.Driver) -> None:
    # Its collapse is known only from the claims: a report after it must still not join it.
    for t in (BLACK_SEA_1, BLACK_SEA_3):
        load_text(db, t)
    db.execute_query("MATCH (g:Agreement) REMOVE g.reported_from, g.seen_until, g.collapsed_on")
    load_text(db, "date 2025-04-30\n\nRussia and Ukraine agreed to a Black Sea shipping agreement brokered by "
                  "the United States.")
    assert count(db, "Agreement") == 2
    load_text(db, BLACK_SEA_2)
    assert count(db, "Agreement") == 2


def test_the_order_of_loading_does_not_change_the_node(db: neo4j.Driver) -> None:
    for t in (BLACK_SEA_3, BLACK_SEA_1, BLACK_SEA_2):
        load_text(db, t)
    status, date = db.execute_query("MATCH (g:Agreement) RETURN g.status, g.date").records[0]
    assert count(db, "Agreement") == 1 and (status, date) == ("collapsed", "2025-03-25")


def test_a_january_and_an_october_truce_stay_two(db: neo4j.Driver) -> None:
    load_text(db, "date 2025-01-16\n\nIsrael and Hamas agreed to a ceasefire in Gaza, mediated by Qatar and Egypt.")
    load_text(db, "date 2025-10-09\n\nIsrael and Hamas agreed to a new ceasefire in Gaza, mediated by Qatar and "
                  "Egypt.")
    assert count(db, "Agreement") == 2
    # the later mention had the id of the first (same topic and parties): it got its own
    ids = sorted(r[0] for r in db.execute_query("MATCH (g:Agreement) RETURN g.id").records)
    assert ids[0] != ids[1]


def test_a_new_deal_weeks_later_stays_apart_but_a_report_days_later_joins(db: neo4j.Driver) -> None:
    load_text(db, "date 2025-01-16\n\nIsrael and Hamas agreed to a ceasefire in Gaza, mediated by Qatar.")
    load_text(db, "date 2025-01-20\n\nThe ceasefire between Israel and Hamas held on Monday.")
    assert count(db, "Agreement") == 1
    load_text(db, "date 2025-03-02\n\nIsrael and Hamas agreed to a second ceasefire in Gaza, mediated by Qatar.")
    assert count(db, "Agreement") == 2


KRAMATORSK = ("tuning/en-kramatorsk-missile-metroradio.txt", "tuning/en-kramatorsk-missile-babel.txt")


def test_the_two_kramatorsk_reports_are_one_attack(db: neo4j.Driver) -> None:
    ids = [load_file(db, REAL / f) for f in KRAMATORSK]
    assert count(db, "Attack") == 1
    # each article's mention stays on its evidence, and both lead to the one node
    found = [mentions(db, aid) for aid in ids]
    attacks = [[r for r in rows if r["label"] == "Attack"] for rows in found]
    assert attacks[0][0]["node"] == attacks[1][0]["node"]
    assert attacks[0][0]["mention"] != attacks[1][0]["mention"]
    assert one(db, "MATCH (t:Attack)-[:REPORTED_IN]->(a:Article) RETURN count(DISTINCT a)") == 2


def test_attacks_apart_in_day_place_or_perpetrator_stay_apart(db: neo4j.Driver) -> None:
    base = "Russian missiles struck Kramatorsk on Saturday, killing two people."
    load_text(db, "date 2024-08-10\n\n" + base)
    load_text(db, "date 2024-08-17\n\n" + base)  # another Saturday
    load_text(db, "date 2024-08-10\n\nRussian missiles struck Kharkiv on Saturday, killing two people.")
    load_text(db, "date 2024-08-10\n\nUkrainian missiles struck Kramatorsk on Saturday, killing two people.")
    assert count(db, "Attack") == 4
    load_text(db, "date 2024-08-11\n\nA Russian missile hit Kramatorsk on Saturday, killing three people.")
    assert count(db, "Attack") == 4
    figures = db.execute_query(
        "MATCH (t:Attack {date: '2024-08-10'})-[:TARGETED]->(:Location {id: 'location:kramatorsk'}) "
        "MATCH (t)<-[:PERPETRATED]-(:Actor {id: 'actor:russia'}) "
        "RETURN t.killed, t.killed_min, t.killed_max").records
    assert [tuple(r) for r in figures] == [(3, 2, 3)]


def test_an_undated_report_joins_the_attack_of_the_days_before_its_article(db: neo4j.Driver) -> None:
    undated = "A Russian missile struck a hotel in Kramatorsk, killing one person, the governor said."
    first = load_text(db, "date 2024-08-12\n\n" + undated)  # no date of its own: resolved on 9-12 August
    load_text(db, "date 2024-08-10\n\nA Russian missile struck a hotel in Kramatorsk on Saturday, killing one "
              "person and injuring five.")
    load_text(db, "date 2024-08-13\n\n" + undated)  # another undated report, a day later
    assert count(db, "Attack") == 1
    row = db.execute_query("MATCH (t:Attack) RETURN t.date AS date, toString(t.reported_from) AS first, "
                           "toString(t.reported_until) AS last, t.resolution_block AS block").records[0]
    assert (row["date"], row["first"], row["last"]) == ("2024-08-10", "2024-08-10", "2024-08-13")
    assert row["block"] == "attack|actor:ukraine|2024-08"  # made by the first, undated, report
    node = one(db, "MATCH (t:Attack) RETURN t.id")
    assert [r["node"] for r in mentions(db, first) if r["label"] == "Attack"] == [node]
    load_text(db, "date 2024-08-20\n\n" + undated)  # a week later: another strike
    assert count(db, "Attack") == 2


def test_person_spellings_are_one_person_and_namesakes_are_two(db: neo4j.Driver) -> None:
    load_text(db, "date 2025-03-01\n\nVolodymyr Zelenskyy said talks would go on.")
    load_text(db, "date 2025-03-02\n\nVolodymyr Zelenskiy said talks would go on.")
    persons = db.execute_query("MATCH (p:Actor {kind: 'person'}) RETURN p.id AS id, p.person_key AS key").records
    assert len({r["key"] for r in persons}) == len(persons)
    assert "volodymyr zelensky" in {r["key"] for r in persons}


def test_reloading_changes_nothing(db: neo4j.Driver) -> None:
    from tests.conftest import counts

    for t in (BLACK_SEA_1, BLACK_SEA_2):
        load_text(db, t)
    before = counts(db)
    for t in (BLACK_SEA_1, BLACK_SEA_2):
        load_text(db, t)
    assert counts(db) == before


def test_batched_articles_resolve_against_each_other(db: neo4j.Driver) -> None:
    prepared = [prepare_document(extract_source(parse_article(t)), text_length=len(t))
                for t in (BLACK_SEA_1, BLACK_SEA_2, BLACK_SEA_3)]
    write_new(db, prepared)
    assert count(db, "Agreement") == 1
    status = one(db, "MATCH (g:Agreement) RETURN g.status")
    assert status == "collapsed"


def test_reextraction_removes_only_that_articles_evidence(db: neo4j.Driver) -> None:
    ids = [load_text(db, t) for t in (BLACK_SEA_1, BLACK_SEA_3)]
    doc = extract_source(parse_article(BLACK_SEA_3))
    changed = doc.model_copy(update={
        "article": doc.article.model_copy(update={"extractor": "other"}),
        "nodes": [n for n in doc.nodes if n.label != "Agreement"],
        "relationships": [r for r in doc.relationships if not r.end.startswith("agreement:")],
    })
    write_document(db, changed)
    assert count(db, "Agreement") == 1
    arts = {r[0] for r in db.execute_query("MATCH (:Agreement)-[:REPORTED_IN]->(a:Article) RETURN a.id").records}
    assert arts == {ids[0]}
    assert one(db, "MATCH (g:Agreement) RETURN g.status") == "agreed"


def test_parallel_loads_of_one_new_deal_make_one_node(db: neo4j.Driver, settings: Settings) -> None:
    texts = [f"date 2025-03-{25 + i % 3:02d}\n\nRussia and Ukraine agreed to a Black Sea shipping agreement "
             f"brokered by the United States, report {i}." for i in range(6)]
    barrier = threading.Barrier(len(texts))
    errors: list[BaseException] = []

    def run(text: str) -> None:
        try:
            with create_driver(settings) as drv:
                doc = extract_source(parse_article(text))
                barrier.wait()
                write_document(drv, doc, database=settings.neo4j_database)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(t,)) for t in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert count(db, "Agreement") == 1
    assert one(db, "MATCH (:Agreement)-[:REPORTED_IN]->(a:Article) RETURN count(DISTINCT a)") == 6


@pytest.mark.parametrize("resolution", [False])
def test_resolution_can_be_turned_off(db: neo4j.Driver, resolution: bool) -> None:
    load_text(db, BLACK_SEA_1, resolution=resolution)
    load_text(db, "date 2025-03-25\n\nRussia agreed to a Black Sea shipping agreement on Tuesday.",
              resolution=resolution)
    assert count(db, "Agreement") == 2


MORATORIUM = (
    "date 2025-03-26\n\nRussia accused Ukraine of violating the energy infrastructure strike moratorium agreed "
    "with the United States.",
    "date 2025-04-02\n\nUkraine accused Russia of violating the moratorium on strikes on energy infrastructure on "
    "Tuesday.",
)


def test_the_seed_and_other_reports_of_its_deals_make_one_node_per_deal(db: neo4j.Driver) -> None:
    for t in (BLACK_SEA_1, BLACK_SEA_2, *MORATORIUM):
        load_text(db, t)
    seed = load_file(db, SEED)
    topics = db.execute_query("MATCH (g:Agreement) RETURN g.topic AS topic, count(*) AS n ORDER BY topic").records
    # the seed's "mogelijk vredesakkoord" is a proposed peace deal of its own
    assert {r["topic"]: r["n"] for r in topics} == {"black_sea_shipping": 1, "energy_strikes": 1, "peace": 1}
    # every accusation of violating the moratorium, from every article, hangs off the one node
    accused = db.execute_query(
        "MATCH (c:Accusation)-[:ALLEGES_VIOLATION_OF]->(g:Agreement {topic: 'energy_strikes'}) "
        "RETURN count(DISTINCT g) AS deals, count(DISTINCT c) AS accusations").records[0]
    assert (accused["deals"], accused["accusations"]) == (1, 4)
    assert one(db, "MATCH (:Agreement {topic: 'energy_strikes'})-[:REPORTED_IN]->(a:Article) "
                   "RETURN count(DISTINCT a)") == 3
    seed_agreements = {r["node"] for r in mentions(db, seed) if r["label"] == "Agreement"}
    assert len(seed_agreements) == 3  # the two deals and the proposed peace deal


# Same-event clusters of tests/real (README "Same-event clusters")
CLUSTERS = {
    "kramatorsk": ["tuning/en-kramatorsk-missile-metroradio.txt", "tuning/en-kramatorsk-missile-babel.txt"],
    "el-fasher": ["tuning/en-el-fasher-rsf-drone-trt.txt", "tuning/en-el-fasher-rsf-drone-menafn.txt"],
    "burkina": ["tuning/nl-burkina-hallale-nrc.txt", "tuning/nl-burkina-alele-rd.txt",
                "tuning/nl-burkina-hallale-metrotime.txt"],
    "m23": ["heldout/en-m23-unilateral-ceasefire-apa.txt", "heldout/en-m23-unilateral-ceasefire-albawaba.txt"],
}


def test_real_clusters_loaded_together(db: neo4j.Driver) -> None:
    for files in CLUSTERS.values():
        for f in files:
            load_file(db, REAL / f)
    # Kramatorsk: the two reports of the missile strike are one attack
    kramatorsk = db.execute_query(
        "MATCH (t:Attack)-[:TARGETED]->(:Location {id: 'location:kramatorsk'}) "
        "RETURN t.id AS id, COUNT { MATCH (t)-[:REPORTED_IN]->(a:Article) RETURN DISTINCT a } AS reports").records
    assert [r["reports"] for r in kramatorsk] == [2]
    # El Fasher: the market strike of 23 October, read in both; Burkina: the Arbinda attack, in all
    # three (Metro names only its province, with its toll of 42), and the Hallalé attack, in two
    for place, reports in (("location:northern-darfur", 2), ("location:aribinda", 3), ("location:hallale", 2),
                           ("location:khartoum-international-airport", 2)):
        found = db.execute_query(
            "MATCH (t:Attack)-[:TARGETED]->(:Location {id: $place}) "
            "RETURN COUNT { MATCH (t)-[:REPORTED_IN]->(a:Article) RETURN DISTINCT a } AS reports",
            place=place).records
        assert [r["reports"] for r in found] == [reports], place
    counts_by_label = {r["label"]: r["n"] for r in db.execute_query(
        "MATCH (n) WHERE n:Attack OR n:Agreement RETURN labels(n)[0] AS label, count(*) AS n").records}
    # 10 attack nodes (MENAFN's "the fighting has killed more than 20,000" is the war's toll, no
    # attack). The rules join the Kramatorsk pair, the El Fasher market reports ("Al
    # Fasher" is "El Fasher" spelled otherwise), the Arbinda reports and the Hallalé reports (NRC
    # names only the village, which no gazetteer knows; it is in Burkina Faso because every place
    # the article does know is). Nothing else merges: the
    # Burkina report placed only "in Burkina Faso" in December is not joined to the Arbinda attack
    # (no day, no side), Metro's Hallalé attack is not joined to Arbinda's (another town of Soum),
    # nor the clashes in Goma to the M23 offensive of the other report (no place there). MENAFN's
    # report of the Khartoum airport drones gives no day; its article's day does (undated attacks
    # are compared with those of the days before it), so it joins TRT's.
    # RD's report names the Hallalé attack's village "Alelé", a spelling no gazetteer joins to
    # Hallalé; since "overvallen" is an attack word its account there is an attack of its own.
    # Agreements: M23's unilateral ceasefire, one node for both reports, and the 2012 deal
    # "brokered by neighbouring countries" that one of them recalls.
    assert counts_by_label == {"Attack": 10, "Agreement": 2}
    ceasefires = db.execute_query(
        "MATCH (g:Agreement {topic: 'ceasefire'})-[:REPORTED_IN]->(a:Article) "
        "RETURN g.id AS id, count(DISTINCT a) AS reports").records
    assert [r["reports"] for r in ceasefires] == [2]


def _doc(number: int, day: str, events: list[tuple[str, str, dict[str, Any], list[tuple[str, str, str]]]],
         actors: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A graph document of one article: `events` as (label, id, properties, [(type, start, end)])."""
    quote = f"Report {number}."

    def ev() -> list[dict[str, Any]]:
        return [{"sentence": 0, "start": 0, "end": len(quote), "quote": quote}]

    nodes = [{"id": i, "label": "Actor", "properties": p, "evidence": ev()} for i, p in actors.items()]
    rels: list[dict[str, Any]] = []
    for label, node_id, props, links in events:
        nodes.append({"id": node_id, "label": label, "properties": {"date": day, **props}, "evidence": ev()})
        rels += [{"type": t, "start": s, "end": e, "evidence": ev()} for t, s, e in links]
    return {"article": {"id": article_id(quote), "language": "en", "published": day, "title": quote,
                        "extractor": "test"}, "nodes": nodes, "relationships": rels}


def test_an_accusation_by_another_spelling_of_its_accuser_joins_it(db: neo4j.Driver) -> None:
    # The lookup reads only accusations whose accuser is one of the mention's: a person by its
    # name key too, as the second article's accuser resolves to the first one's node.
    people = {"actor:volodymyr-zelenskyy": "Volodymyr Zelenskyy", "actor:volodymyr-zelenskiy": "Volodymyr Zelenskiy"}
    for n, (person, name) in enumerate(people.items()):
        actors = {person: {"name": name, "kind": "person"}, "actor:russia": {"name": "Russia", "kind": "country"}}
        write_document(db, _doc(n, "2025-03-03", [("Accusation", f"accusation:report-{n}", {}, [
            ("MADE", person, f"accusation:report-{n}"), ("AGAINST", f"accusation:report-{n}", "actor:russia")])],
            actors))
    assert count(db, "Accusation") == 1
    rules = one(db, "MATCH (:Accusation)-[r:REPORTED_IN]->() RETURN collect(r.rule)")
    assert sorted(rules) == ["accusation:day+sides+agreement", "new"]


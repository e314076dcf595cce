"""Re-extraction: an article loaded again by another extractor version has exactly the new facts,
and another article's share of the graph is untouched. Two real extractor versions: the package's
lexicons, and a copy with one place removed (CONFLICTKG_LEXICON_DIR, in a separate process)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import neo4j
import pytest

from conflictkg.graph.model import GraphDocument
from conflictkg.ingest.service import Ingestor
from conflictkg.loaders.extract import extract_file
from conflictkg.loaders.version import extractor_version
from conflictkg.settings import Settings
from tests.conftest import counts, neo4j_env

ROOT = Path(__file__).parent.parent
SEED = ROOT / "examples" / "seed-nl-paris-summit.txt"
# Shares the energy moratorium, Kherson Oblast, the Black Sea and actors with the seed.
OTHER = ROOT / "tests" / "articles" / "nl-energiebestand-beschuldigingen.txt"
LEXICONS = ROOT / "loaders" / "lexicons"


def _cli(settings: Settings, lexicons: Path | None, *args: str) -> subprocess.CompletedProcess[str]:
    # the graph is compared with the union of the documents: every mention its own node
    # (tests/test_resolution.py re-extracts with resolution on)
    env = {**os.environ, **neo4j_env(settings), "COLUMNS": "200", "CONFLICTKG_RESOLVE_EVENTS": "false"}
    env.pop("CONFLICTKG_LEXICON_DIR", None)
    if lexicons is not None:
        env["CONFLICTKG_LEXICON_DIR"] = str(lexicons)
    return subprocess.run([sys.executable, "-c", "from conflictkg.cli import main; main()", *args],
                          capture_output=True, text=True, env=env, timeout=300, check=False)


def _facts(drv: neo4j.Driver, article_id: str) -> tuple[set[str], set[tuple[str, str, str]]]:
    """The node ids an article reports, and the relationships whose evidence names it."""
    nodes, _, _ = drv.execute_query(
        "MATCH (n)-[:REPORTED_IN]->(:Article {id: $id}) RETURN DISTINCT n.id AS id", id=article_id)
    rels, _, _ = drv.execute_query(
        "MATCH (s)-[r]->(e) WHERE NOT r:REPORTED_IN AND any(x IN coalesce(r.evidence, []) "
        "WHERE x CONTAINS $id) RETURN type(r) AS t, s.id AS s, e.id AS e", id=article_id)
    return {r["id"] for r in nodes}, {(r["t"], r["s"], r["e"]) for r in rels}


def _graph(drv: neo4j.Driver) -> tuple[set[str], set[tuple[str, str, str]]]:
    # the graph's change counter (GraphState) and the resolution locks are no fact of any article
    nodes, _, _ = drv.execute_query("MATCH (n) WHERE NOT n:GraphState AND NOT n:ResolutionBlock RETURN n.id AS id")
    rels, _, _ = drv.execute_query(
        "MATCH (s)-[r]->(e) WHERE NOT r:REPORTED_IN RETURN type(r) AS t, s.id AS s, e.id AS e")
    return {r["id"] for r in nodes}, {(r["t"], r["s"], r["e"]) for r in rels}


def _doc_facts(doc: GraphDocument) -> tuple[set[str], set[tuple[str, str, str]]]:
    return ({n.id for n in doc.nodes if n.evidence},
            {(r.type, r.start, r.end) for r in doc.relationships if r.evidence})


def _doc_graph(*docs: GraphDocument) -> tuple[set[str], set[tuple[str, str, str]]]:
    return ({n.id for d in docs for n in d.nodes} | {d.article.id for d in docs},
            {(r.type, r.start, r.end) for d in docs for r in d.relationships})


@pytest.fixture
def changed_lexicons(tmp_path: Path) -> Path:
    """A copy of the lexicons where the city of Kherson (the seed names it, as Cherson) is called
    Kherson City: GeoNames knows Kherson too, so the row is renamed rather than removed (the
    places.tsv row of the Russia-Ukraine pack wins over GeoNames, by its variants and by its
    GeoNames id)."""
    copy = tmp_path / "lexicons"
    shutil.copytree(LEXICONS, copy)
    places = copy / "conflicts" / "russia-ukraine" / "places.tsv"
    lines = places.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line.replace("Kherson\tcity\t", "Kherson City\tcity\t", 1) for line in lines]
    assert sum(a != b for a, b in zip(kept, lines, strict=True)) == 1
    places.write_text("".join(kept), encoding="utf-8")
    return copy


@pytest.mark.slow
def test_reloading_with_another_extractor_replaces_the_articles_facts(
    db: neo4j.Driver, settings: Settings, changed_lexicons: Path
) -> None:
    ingest = Ingestor(db, database=settings.neo4j_database, resolution=False)
    first = ingest.ingest_file(SEED)
    other = ingest.ingest_file(OTHER)
    assert first.status == other.status == "created"
    assert first.extractor == extractor_version()
    doc_seed, doc_other = extract_file(SEED), extract_file(OTHER)
    assert _graph(db) == _doc_graph(doc_seed, doc_other)
    other_before = _facts(db, other.article_id)
    shared = other_before[0] & _facts(db, first.article_id)[0]
    assert {"actor:russia", "actor:ukraine"} <= shared
    # Kherson Oblast: the other article names it, the seed brings it as Kherson's region
    assert "location:kherson-oblast" in other_before[0]
    original = _graph(db), counts(db)

    # the same version again: nothing happens
    again = ingest.ingest_file(SEED)
    assert again.status == "unchanged" and again.nodes_created == again.nodes_deleted == 0
    assert (_graph(db), counts(db)) == original

    # another version, in another process, through the CLI
    loaded = _cli(settings, changed_lexicons, "load", str(SEED))
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    assert "1 replaced" in loaded.stdout
    extracted = _cli(settings, changed_lexicons, "extract", "--json", str(SEED))
    assert extracted.returncode == 0, extracted.stderr
    new_doc = GraphDocument.model_validate(json.loads(extracted.stdout))
    assert new_doc.article.extractor not in (None, first.extractor)
    assert "location:kherson" in {n.id for n in doc_seed.nodes}
    assert "location:kherson" not in {n.id for n in new_doc.nodes}

    # exactly the new extraction: what the article reports, and the whole graph
    assert _facts(db, first.article_id) == _doc_facts(new_doc)
    assert _graph(db) == _doc_graph(new_doc, doc_other)
    nodes, rels = counts(db)
    reported, _, _ = db.execute_query("MATCH ()-[r:REPORTED_IN]->() RETURN count(r) AS n")
    assert nodes == len(_doc_graph(new_doc, doc_other)[0]) + 1  # and the change counter
    assert rels == len(_doc_graph(new_doc, doc_other)[1]) + reported[0]["n"]
    version, _, _ = db.execute_query("MATCH (a:Article {id: $id}) RETURN a.extractor AS v",
                                     id=first.article_id)
    assert version[0]["v"] == new_doc.article.extractor
    # the other article's share is untouched, shared nodes keep its evidence
    assert _facts(db, other.article_id) == other_before
    gone, _, _ = db.execute_query("MATCH (n:Location {id: 'location:kherson'}) RETURN count(n) AS n")
    assert gone[0]["n"] == 0

    # and back to the package's lexicons: the graph is as it was
    back = ingest.ingest_file(SEED)
    assert back.status == "replaced" and back.previous_extractor == new_doc.article.extractor
    assert (_graph(db), counts(db)) == original


def test_the_version_follows_the_lexicons(settings: Settings, changed_lexicons: Path) -> None:
    show = "from conflictkg.loaders.version import extractor_version; print(extractor_version())"
    env: dict[str, Any] = {**os.environ, "CONFLICTKG_LEXICON_DIR": str(changed_lexicons)}
    changed = subprocess.run([sys.executable, "-c", show], capture_output=True, text=True, env=env,
                             check=True).stdout.strip()
    env.pop("CONFLICTKG_LEXICON_DIR")
    package = subprocess.run([sys.executable, "-c", show], capture_output=True, text=True, env=env,
                             check=True).stdout.strip()
    assert package == extractor_version()
    assert changed != package and changed.split("+")[0] == package.split("+")[0]


def test_a_folder_that_is_not_a_lexicon_folder_is_refused(settings: Settings, tmp_path: Path) -> None:
    result = _cli(settings, tmp_path, "extract", str(SEED))
    assert result.returncode != 0
    assert "CONFLICTKG_LEXICON_DIR" in result.stderr and "places.tsv" in result.stderr

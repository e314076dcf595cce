"""Corpus loading on a real Neo4j: the process pool writes the graph the sequential load writes,
loaded articles are skipped before extraction, JSON Lines with bad lines, a batch with one bad
article, and the bulk import (refusals, and the same graph as the normal path)."""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import neo4j
import pytest
from neo4j.exceptions import ServiceUnavailable
from typer.testing import CliRunner

from conflictkg.cli import app
from conflictkg.graph.connection import create_driver
from conflictkg.graph.ids import article_id
from conflictkg.graph.schema import apply_schema
from conflictkg.ingest import corpus
from conflictkg.ingest.inputs import candidates, input_files
from conflictkg.ingest.service import Ingestor
from conflictkg.loaders.extract import extract_file
from conflictkg.localdb import LocalServer
from conflictkg.settings import Settings, get_settings
from tests.conftest import counts, wipe
from tests.neo4j_server import TEST_PASSWORD, running_local_server

ROOT = Path(__file__).parent.parent
# 20 articles in both languages: the project's twelve and eight real ones (a fixed number, so the
# corpus does not grow with the real set)
TEXTS = sorted((ROOT / "tests" / "articles").glob("*.txt")) + sorted((ROOT / "tests" / "real").rglob("*.txt"))[:8]
runner = CliRunner()


def _record(path: Path, **meta: str) -> str:
    """A JSON Lines record of a test article (its header line dropped: the record carries the date)."""
    text = path.read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    body = rest if first.lower().startswith("date") else text
    return json.dumps({"text": body, **meta}, ensure_ascii=False)


def _corpus(folder: Path) -> Path:
    """The test articles as files, plus a gzipped JSON Lines file: two records with their own
    date, url, title and language, and one that repeats a file's text (skipped as a repeat)."""
    folder.mkdir()
    for p in TEXTS:
        shutil.copy(p, folder / p.name)
    lines = [
        _record(TEXTS[0], date="2025-04-02T09:30:00Z", url="https://example.org/a", title="First", lang="en"),
        _record(TEXTS[7], date="2025-03", url="https://example.org/b", title="Tweede"),
        json.dumps({"text": TEXTS[3].read_text(encoding="utf-8")}),
    ]
    with gzip.open(folder / "scrape.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    return folder


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "iso_format"):
        return {type(value).__name__: value.iso_format()}
    if isinstance(value, neo4j.spatial.Point):
        return {type(value).__name__: [value.srid, *value]}
    return value


def snapshot(drv: neo4j.Driver, database: str | None = None) -> tuple[dict[str, str], list[str]]:
    """Every node (labels and properties, loaded_at aside) by id, and every relationship, typed:
    1 and 1.0, a date and its string, differ. The change counter (GraphState) counts writes, not
    facts: how many transactions a load took is not part of the graph compared."""
    nodes, _, _ = drv.execute_query("MATCH (n) WHERE NOT n:GraphState "
                                    "RETURN labels(n) AS labels, properties(n) AS props", database_=database)
    rels, _, _ = drv.execute_query("MATCH (s)-[r]->(e) RETURN s.id AS s, type(r) AS t, e.id AS e, "
                                   "properties(r) AS props", database_=database)
    by_id = {}
    for r in nodes:
        props = {k: _plain(v) for k, v in r["props"].items() if k != "loaded_at"}
        by_id[props["id"]] = json.dumps([sorted(r["labels"]), props], sort_keys=True)
    edges = sorted(json.dumps([r["s"], r["t"], r["e"], {k: _plain(v) for k, v in r["props"].items()}],
                              sort_keys=True) for r in rels)
    return by_id, edges


def test_parallel_load_writes_the_graph_the_sequential_one_does(
    db: neo4j.Driver, settings: Settings, cli_env: None, tmp_path: Path
) -> None:
    folder = _corpus(tmp_path / "corpus")
    parallel = runner.invoke(app, ["load", str(folder), "--jobs", "2", "--batch-size", "7"])
    assert parallel.exit_code == 0, parallel.output
    assert "loaded 23 article(s): 22 new" in parallel.output  # 20 files + 3 records, one a file's repeat
    assert "(1 skipped without extracting), 0 failed" in parallel.output
    in_parallel = snapshot(db)
    wipe(db, settings.neo4j_database)
    sequential = runner.invoke(app, ["load", str(folder), "--jobs", "1", "--batch-size", "1"])
    assert sequential.exit_code == 0, sequential.output
    one_by_one = snapshot(db)
    assert len(one_by_one[0]) > 300 and len(one_by_one[1]) > 1000
    assert in_parallel == one_by_one
    rows, _, _ = db.execute_query("MATCH (a:Article {source: 'https://example.org/a'}) "
                                  "RETURN a.title AS title, a.published AS published, a.language AS lang")
    assert [dict(r) for r in rows] == [{"title": "First", "published": "2025-04-02", "lang": "en"}]


def test_a_resumed_load_extracts_only_what_is_left(
    db: neo4j.Driver, cli_env: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database goes away after the first batch: exit 3 with the command to resume; the same
    command then extracts only the articles not written, after ONE lookup of the candidates."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for p in TEXTS[:6]:
        shutil.copy(p, folder / p.name)
    real_submit = corpus.DatabaseSink.submit
    writes: list[int] = []

    def flaky_submit(self: corpus.DatabaseSink, batch: list[Any]) -> Any:
        writes.append(len(batch))
        if len(writes) > 1:
            failed: Future[Any] = Future()
            failed.set_exception(ServiceUnavailable("connection lost (test)"))
            return failed
        return real_submit(self, batch)

    monkeypatch.setattr(corpus.DatabaseSink, "submit", flaky_submit)
    first = runner.invoke(app, ["load", str(folder), "--jobs", "1", "--batch-size", "2"])
    assert first.exit_code == 3, first.output
    assert "went away" in first.output and "4 of 6 article(s) were not" in first.output
    assert "to load the rest" in first.output  # with the command to resume
    assert counts(db)[0] > 0
    rows, _, _ = db.execute_query("MATCH (a:Article) RETURN count(a) AS n")
    assert rows[0]["n"] == 2

    monkeypatch.setattr(corpus.DatabaseSink, "submit", real_submit)
    extracted: list[str] = []
    real_extract = corpus.extract_source

    def counting_extract(src: Any, *args: Any, **kw: Any) -> Any:
        extracted.append(src.name)
        return real_extract(src, *args, **kw)

    lookups: list[int] = []
    real_lookup = Ingestor.loaded_versions

    def counting_lookup(self: Ingestor, ids: Any) -> Any:
        ids = list(ids)
        lookups.append(len(ids))
        return real_lookup(self, ids)

    monkeypatch.setattr(corpus, "extract_source", counting_extract)
    monkeypatch.setattr(Ingestor, "loaded_versions", counting_lookup)
    again = runner.invoke(app, ["load", str(folder), "--jobs", "1", "--batch-size", "2"])
    assert again.exit_code == 0, again.output
    assert "(2 skipped without extracting)" in again.output
    assert sorted(Path(n).name for n in extracted) == sorted(p.name for p in TEXTS[2:6])
    assert lookups == [6]  # one query for the batch of candidates, not one per file
    rows, _, _ = db.execute_query("MATCH (a:Article) RETURN count(a) AS n")
    assert rows[0]["n"] == 6


def test_jsonl_bad_lines_are_reported_by_line_and_the_rest_loads(db: neo4j.Driver, tmp_path: Path) -> None:
    good = json.loads(_record(TEXTS[1]))["text"]
    lines = [
        json.dumps({"text": good, "date": "2025-04-15", "url": "https://example.org/x", "title": "X", "lang": "en"}),
        '{"text": "unterminated',
        json.dumps({"title": "no text"}),
        "",  # blank lines are not articles
        json.dumps({"text": "   "}),
        json.dumps({"text": good + " More.", "date": "2025-13-45"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": good + " Again.", "date": 20250415}),
        json.dumps({"text": json.loads(_record(TEXTS[8]))["text"], "date": "2025-04"}),
    ]
    plain = tmp_path / "scrape.ndjson"
    plain.write_text("\n".join(lines) + "\n", encoding="utf-8")
    packed = tmp_path / "scrape.jsonl.gz"
    with gzip.open(packed, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    for path in (plain, packed):
        wipe(db, "neo4j")
        summary = Ingestor(db).ingest_files([path])
        errors = {e.path: e.error for e in summary.errors}
        assert sorted(errors) == [f"{path}:{n}" for n in (2, 3, 5, 6, 7, 8)]
        assert "not valid JSON" in errors[f"{path}:2"]
        assert '"text" is missing' in errors[f"{path}:3"]
        assert '"text" is empty' in errors[f"{path}:5"]
        assert "cannot read the date '2025-13-45'" in errors[f"{path}:6"]
        assert "JSON object" in errors[f"{path}:7"]
        assert '"date" must be a string' in errors[f"{path}:8"]
        assert summary.created == 2
        rows, _, _ = db.execute_query("MATCH (a:Article) RETURN a.source AS source, a.title AS title, "
                                      "a.published AS published ORDER BY published")
        assert [dict(r) for r in rows] == [
            {"source": None, "title": None, "published": "2025-04"},
            {"source": "https://example.org/x", "title": "X", "published": "2025-04-15"},
        ]


def test_inputs_stream_a_long_jsonl_file(tmp_path: Path) -> None:
    """Candidates come one line at a time: the first is there before the file is read through."""
    path = tmp_path / "big.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(10_000):
            fh.write(json.dumps({"text": f"Article number {i}. Drones struck Kharkiv.", "date": "2025-04-01"}) + "\n")
    stream = candidates(input_files([tmp_path]))
    first = next(stream)
    assert first.name == f"{path}:1" and first.source is not None
    assert sum(1 for _ in stream) == 9_999


def test_a_folders_readme_and_hidden_files_are_not_articles(tmp_path: Path) -> None:
    for name in ("a.txt", "b.md", "README.md", "readme.txt", "LICENSE.txt", ".draft.txt", "notes.pdf"):
        (tmp_path / name).write_text("Drones struck Kharkiv on Tuesday.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.html").write_text("<p>Drones struck Kharkiv.</p>", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in input_files([tmp_path])] == ["a.txt", "b.md", "sub/c.html"]
    # named on the command line, a README is read like any other file
    assert input_files([tmp_path / "README.md"]) == [tmp_path / "README.md"]


@contextmanager
def _blocking_constraint(db: neo4j.Driver, name: str) -> Iterator[None]:
    """Location names unique (in place of the registry's index on them), and a place holding `name`."""
    db.execute_query("DROP INDEX location_name IF EXISTS")
    try:
        db.execute_query("CREATE CONSTRAINT test_blocker IF NOT EXISTS FOR (n:Location) REQUIRE n.name IS UNIQUE")
        db.execute_query("CREATE (:Location {id: 'location:zz-blocker', name: $name})", name=name)
        yield
    finally:
        db.execute_query("DROP CONSTRAINT test_blocker IF EXISTS")
        apply_schema(db)


def test_one_bad_article_in_a_batch_leaves_nothing_of_itself(db: neo4j.Driver, tmp_path: Path) -> None:
    """Three articles in one write transaction; the third breaks a constraint half-way through its
    nodes. The batch is written again one article per transaction: two go in, the bad one is
    reported, and nothing of it stays (not its article, not the nodes written before the failure)."""
    files = [TEXTS[0], TEXTS[1], TEXTS[2]]
    docs = [extract_file(f) for f in files]
    good_ids = {n.id for d in docs[:2] for n in d.nodes}
    good_names = {n.properties.get("name") for d in docs[:2] for n in d.nodes}
    bad_places = [n for n in docs[2].nodes if n.label == "Location" and n.id not in good_ids
                  and n.properties.get("name") not in good_names]
    assert bad_places, "the third article needs a place of its own"
    only_bad = {n.id for n in docs[2].nodes} - good_ids
    with _blocking_constraint(db, str(bad_places[-1].properties["name"])):
        summary = Ingestor(db).load(candidates(files), batch_size=10)
    assert summary.created == 2 and len(summary.errors) == 1
    assert summary.errors[0].path == str(files[2])
    assert "the database refused it, nothing of it was written" in summary.errors[0].error
    bad_article = article_id(files[2].read_text(encoding="utf-8"))
    rows, _, _ = db.execute_query("MATCH (a:Article) RETURN a.id AS id")
    assert sorted(r["id"] for r in rows) == sorted(d.article.id for d in docs[:2])
    assert bad_article not in {r["id"] for r in rows}
    rows, _, _ = db.execute_query("MATCH (n) WHERE n.id IN $ids RETURN collect(n.id) AS found",
                                  ids=sorted(only_bad))
    assert rows[0]["found"] == []
    rows, _, _ = db.execute_query("MATCH (n {id: 'location:zz-blocker'}) RETURN count(n) AS n")
    assert rows[0]["n"] == 1


def test_bulk_refuses_a_remote_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEO4J_URI", "neo4j://db.example.org:7687")
    get_settings.cache_clear()
    try:
        result = runner.invoke(app, ["load", str(TEXTS[0]), "--bulk"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2, result.output
    assert "local server only" in result.output and "NEO4J_URI" in result.output


@pytest.mark.slow
def test_bulk_import_equals_the_normal_load_and_refuses_a_non_empty_database(
    db: neo4j.Driver, cli_env: None, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = _corpus(tmp_path / "corpus")
    normal = runner.invoke(app, ["load", str(folder), "--jobs", "1"])
    assert normal.exit_code == 0, normal.output
    expected = snapshot(db)

    with running_local_server(tmp_path_factory) as server:
        local = server.settings
        monkeypatch.delenv("NEO4J_URI")
        for key, value in {"CONFLICTKG_DB_DIR": str(local.db_dir), "CONFLICTKG_DB_BOLT_PORT": str(local.db_bolt_port),
                           "CONFLICTKG_DB_HTTP_PORT": str(local.db_http_port), "NEO4J_PASSWORD": TEST_PASSWORD,
                           "CONFLICTKG_DB_HEAP": local.db_heap, "CONFLICTKG_DB_PAGECACHE": local.db_pagecache}.items():
            monkeypatch.setenv(key, value)
        get_settings.cache_clear()
        bulk = runner.invoke(app, ["load", str(folder), "--bulk", "--jobs", "2"])
        assert bulk.exit_code == 0, bulk.output
        assert "bulk import:" in bulk.output and "22 new" in bulk.output
        assert LocalServer(local).running_pid() is not None  # started again after the import
        with create_driver(local.model_copy(update={"neo4j_uri": server.uri})) as driver:
            imported = snapshot(driver)
            labels, _, _ = driver.execute_query("MATCH (n) RETURN labels(n)[0] AS l, count(*) AS c ORDER BY l")
            types, _, _ = driver.execute_query("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c ORDER BY t")
        want_labels, _, _ = db.execute_query("MATCH (n) RETURN labels(n)[0] AS l, count(*) AS c ORDER BY l")
        want_types, _, _ = db.execute_query("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c ORDER BY t")
        assert [dict(r) for r in labels] == [dict(r) for r in want_labels]
        assert [dict(r) for r in types] == [dict(r) for r in want_types]
        assert "REPORTED_IN" in {r["t"] for r in types}
        assert imported[0] == expected[0]  # every node, every property, typed
        assert imported[1] == expected[1]  # every relationship, evidence included

        again = runner.invoke(app, ["load", str(folder), "--bulk"])
        assert again.exit_code == 2, again.output
        assert "not empty" in again.output

"""The pipelined writer (graph.pipeline): batches resolved ahead of their transaction make the
graph that writing them one after the other makes, and a speculation the graph no longer
matches is not taken."""

from __future__ import annotations

from typing import Any

import neo4j
import pytest

from conflictkg.graph.pipeline import PipelinedWriter
from conflictkg.graph.resolution_cache import ResolutionCache
from conflictkg.graph.schema import apply_schema
from conflictkg.graph.writer import PreparedDocument, write_new, write_prepared
from tests.conftest import wipe
from tests.test_resolution_cache import _doc, graph, prepared  # noqa: F401  (the module's fixture)

BATCH = 2


def _sequential(drv: neo4j.Driver, database: str, docs: list[PreparedDocument],
                foreign: PreparedDocument | None = None) -> tuple[list[Any], list[Any]]:
    wipe(drv, database)
    apply_schema(drv, database)
    cache = ResolutionCache()
    for i in range(0, len(docs), BATCH):
        if foreign is not None and _second_half(i, docs) and not _second_half(i - BATCH, docs):
            write_prepared(drv, [foreign], database=database)  # another writer, between the halves
        write_new(drv, docs[i:i + BATCH], database=database, cache=cache)
    return graph(drv)


def _second_half(start: int, docs: list[PreparedDocument]) -> bool:
    return start >= len(docs) // 2


def test_a_pipelined_load_makes_the_graph_batch_after_batch_makes(
        db: neo4j.Driver, settings: Any, prepared: list[PreparedDocument]) -> None:  # noqa: F811
    database = settings.neo4j_database
    # the first article goes in first, so that the cache holds blocks and names from the start
    docs = prepared[1:]
    expected = _sequential(db, database, docs)
    wipe(db, database)
    apply_schema(db, database)
    with PipelinedWriter(db, database=database) as writer:
        futures = [writer.submit(docs[i:i + BATCH]) for i in range(0, len(docs), BATCH)]
        results = [r for f in futures for r in f.result()]
    assert [r.article_id for r in results] == [p.article_id for p in docs]
    assert all(r.status == "created" for r in results)
    assert graph(db) == expected
    merged = [r for r in expected[1] if r[3] and r[3] not in ("new", "same-id")]
    assert len(merged) >= 10
    assert writer.adopted <= writer.speculated


def _reports(count: int = 12) -> list[PreparedDocument]:
    """Short reports of three attacks of one group on two towns in May: from the second
    batch on, everything they resolve against is in the cache."""
    country, group = ("actor:arcadia", "Actor", {"name": "Arcadia", "kind": "country"}), \
        ("actor:arcadian-front", "Actor", {"name": "Arcadian Front", "kind": "armed_group"})
    towns = [(f"location:{t.lower()}", "Location", {"name": t, "kind": "city"}) for t in ("Eastbrook", "Westford")]
    out = []
    for n in range(count):
        town, day = towns[n % 2], 2 + n % 3
        text = f"Report {n}: drones of the Arcadian Front hit {town[2]['name']} on {day} May, killing {n + 1}."
        attack = (f"attack:r{n}", "Attack", {"method": "drone", "date": f"2025-05-{day:02d}", "killed": n + 1})
        out.append(_doc(text, [country, town, group, attack],
                        [("LOCATED_IN", town[0], country[0]), ("PERPETRATED", group[0], attack[0]),
                         ("TARGETED", attack[0], town[0])], published=f"2025-05-{day + 1:02d}"))
    return out


def test_batches_resolved_ahead_are_taken_and_make_the_same_graph(db: neo4j.Driver, settings: Any) -> None:
    database = settings.neo4j_database
    docs = _reports()
    expected = _sequential(db, database, docs)
    wipe(db, database)
    apply_schema(db, database)
    with PipelinedWriter(db, database=database) as writer:
        futures = [writer.submit(docs[i:i + BATCH]) for i in range(0, len(docs), BATCH)]
        for f in futures:
            f.result()
    assert graph(db) == expected
    assert len([n for n in expected[0] if n[0] == "Attack"]) < len(docs)  # reports merged
    assert writer.adopted >= 4 and writer.adopted == writer.speculated


def test_a_write_by_another_writer_in_between_is_not_missed(db: neo4j.Driver, settings: Any) -> None:
    """Half the batches, another writer's report of the same attacks, the other half: the batch
    speculated against the graph before that write is resolved again in its transaction."""
    database = settings.neo4j_database
    *docs, foreign = _reports(13)
    expected = _sequential(db, database, docs, foreign)
    wipe(db, database)
    apply_schema(db, database)
    with PipelinedWriter(db, database=database) as writer:
        starts = list(range(0, len(docs), BATCH))
        first = [writer.submit(docs[i:i + BATCH]) for i in starts if not _second_half(i, docs)]
        for f in first:
            f.result()
        write_prepared(db, [foreign], database=database)
        adopted_before = writer.adopted
        speculated_before = writer.speculated
        rest = [writer.submit(docs[i:i + BATCH]) for i in starts if _second_half(i, docs)]
        for f in rest:
            f.result()
    assert graph(db) == expected
    # the first batch after the foreign write was speculated against the old graph: not taken
    assert writer.speculated > speculated_before
    assert writer.adopted - adopted_before < writer.speculated - speculated_before


def test_a_failed_batch_writes_nothing_and_the_next_ones_go_on(
        db: neo4j.Driver, settings: Any, prepared: list[PreparedDocument]) -> None:  # noqa: F811
    database = settings.neo4j_database
    wipe(db, database)
    apply_schema(db, database)
    docs = prepared[:6]
    broken = docs[2].model_copy(deep=True)
    row = next(rows for rows in broken.batches.nodes.values() if rows)[0]
    row["properties"]["note"] = {"a map": "no property can hold"}  # Neo4j refuses the upsert
    with PipelinedWriter(db, database=database) as writer:
        ok = writer.submit(docs[:2])
        bad = writer.submit([broken])
        after = writer.submit(docs[3:6])
        ok.result()
        with pytest.raises(neo4j.exceptions.Neo4jError):
            bad.result()
        after.result()
    ids = {r["id"] for r in db.execute_query("MATCH (a:Article) RETURN a.id AS id").records}
    assert ids == {p.article_id for p in [*docs[:2], *docs[3:6]]}


def test_a_speculation_the_database_cannot_help_with_leaves_the_batch_to_its_transaction(
        db: neo4j.Driver, settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reads a speculation makes outside the transaction fail: the batches are still
    written, resolved in their transactions, and the graph is the same."""
    database = settings.neo4j_database
    docs = _reports()
    expected = _sequential(db, database, docs)
    calls: list[list[str]] = []

    def unavailable(self: PipelinedWriter, ids: list[str]) -> dict[str, frozenset[str]]:
        calls.append(ids)
        raise neo4j.exceptions.ServiceUnavailable("the database went away (test)")

    monkeypatch.setattr(PipelinedWriter, "_places", unavailable)
    wipe(db, database)
    apply_schema(db, database)
    with PipelinedWriter(db, database=database) as writer:
        for future in [writer.submit(docs[i:i + BATCH]) for i in range(0, len(docs), BATCH)]:
            future.result()
    assert calls  # the speculations did need the places' chains
    assert graph(db) == expected
    assert writer.adopted < len(docs) // BATCH - 1

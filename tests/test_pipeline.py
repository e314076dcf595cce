"""The pipelined writer (graph.pipeline): batches resolved ahead of their transaction make the
graph that writing them one after the other makes, and a speculation the graph no longer
matches is not taken."""

from __future__ import annotations

import gc
import time
from typing import Any

import neo4j
import pytest

from conflictkg.graph.connection import is_unavailable
from conflictkg.graph.matching import ORDER
from conflictkg.graph.pipeline import OLDEST_THRESHOLD, PipelinedWriter
from conflictkg.graph.queries import query
from conflictkg.graph.resolution_cache import ResolutionCache
from conflictkg.graph.resolve_tx import adopt, speculate
from conflictkg.graph.schema import apply_schema
from conflictkg.graph.writer import PreparedDocument, doc_of, write_new, write_prepared
from tests.conftest import wipe
from tests.neo4j_server import free_port
from tests.test_resolution_cache import _doc, arcadia, graph, prepared  # noqa: F401  (the module's fixture)

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
    country, _, _, group = arcadia()
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
        # no batch waits for the one before: the cache a batch leaves knows the chains of the
        # places it writes, so the next one, resolved ahead, need not read them
        futures = [writer.submit(docs[i:i + BATCH]) for i in range(0, len(docs), BATCH)]
        for f in futures:
            f.result()
    assert graph(db) == expected
    assert len([n for n in expected[0] if n[0] == "Attack"]) < len(docs)  # reports merged
    assert writer.adopted == writer.speculated == len(docs) // BATCH - 1


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
        db: neo4j.Driver, settings: Any, prepared: list[PreparedDocument],  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The reads a speculation makes outside the transaction fail: the batches are still
    written, resolved in their transactions, and the graph is the same."""
    database = settings.neo4j_database
    docs = prepared[1:]
    expected = _sequential(db, database, docs)
    calls: list[list[str]] = []

    def unavailable(self: PipelinedWriter, ids: list[str]) -> Any:
        calls.append(ids)
        raise neo4j.exceptions.ServiceUnavailable("the database went away (test)")

    monkeypatch.setattr(PipelinedWriter, "_places", unavailable)
    monkeypatch.setattr(PipelinedWriter, "_blocks", unavailable)
    wipe(db, database)
    apply_schema(db, database)
    with PipelinedWriter(db, database=database) as writer:
        for future in [writer.submit(docs[i:i + BATCH]) for i in range(0, len(docs), BATCH)]:
            future.result()
    assert calls  # the speculations did need the database (blocks the cache lacks, places' chains)
    assert graph(db) == expected
    batches = (len(docs) + BATCH - 1) // BATCH
    assert writer.speculated <= batches - len(calls)  # each failed read: a batch not resolved ahead


def test_a_place_read_before_the_batch_ahead_wrote_it_is_checked_again(db: neo4j.Driver, settings: Any) -> None:
    """A town in a region, with an attack there; then a report of an attack "in the region" that
    day, resolved ahead against a cache that knows the town's attack but not the town's chain
    (as a cache that read the block from the graph). Its outside read finds no town (the batch
    that writes it still under way): under its locks the transaction sees the town, does not
    take the speculation, and the region's attack joins the town's."""
    database = settings.neo4j_database
    *places, group = arcadia()
    country, town, region = (p[0] for p in places)
    in_town = _doc("Drones of the Arcadian Front hit Eastbrook, in North Province, on 2 May.",
                   [*places, group, ("attack:a1", "Attack", {"method": "drone", "date": "2025-05-02"})],
                   [("LOCATED_IN", town, region), ("LOCATED_IN", region, country),
                    ("PERPETRATED", group[0], "attack:a1"), ("TARGETED", "attack:a1", town)])
    in_region = _doc("Arcadian Front drones struck North Province on 2 May.",
                     [places[0], places[2], group, ("attack:a2", "Attack", {"method": "drone", "date": "2025-05-02"})],
                     [("LOCATED_IN", region, country), ("PERPETRATED", group[0], "attack:a2"),
                      ("TARGETED", "attack:a2", region)])
    wipe(db, database)
    apply_schema(db, database)
    cache = ResolutionCache()
    write_new(db, [in_town], database=database, cache=cache)
    assert town in cache.ups  # the batch's own places are known to the cache it leaves
    cache.ups = {p: up for p, up in cache.ups.items() if p != town}
    asked: list[list[str]] = []

    def not_yet_written(ids: list[str]) -> dict[str, frozenset[str]]:
        asked.append(ids)
        return {}

    speculation = speculate(cache, [doc_of(in_region)], not_yet_written, lambda keys: set())
    assert speculation is not None and asked == [[town]]
    with db.session(database=database) as session:
        tx = session.begin_transaction()
        resolution = adopt(tx, speculation, cache)
        assert not speculation.adopted
        resolved = resolution.resolve(tx, [doc_of(in_region)])
        tx.rollback()
    attack = next(row for row in resolved[0].nodes["Attack"])
    assert (attack["mention"], attack["id"]) == ("attack:a2", "attack:a1")


def test_a_block_taken_as_new_that_exists_under_the_lock_is_not_taken(db: neo4j.Driver, settings: Any) -> None:
    """A speculation takes the blocks its cache does not know as new (empty). When one exists by
    the time its transaction locks it, the transaction resolves the batch itself."""
    database = settings.neo4j_database
    wipe(db, database)
    apply_schema(db, database)
    first = _reports(1)[0]
    cache = ResolutionCache()
    write_new(db, [first], database=database, cache=cache)
    _, town, _, group = arcadia()
    moved = _doc("A year on, drones of the Arcadian Front hit Eastbrook again on 2 May.",  # blocks the cache never saw
                 [town, group, ("attack:y1", "Attack", {"method": "drone", "date": "2026-05-02"})],
                 [("PERPETRATED", group[0], "attack:y1"), ("TARGETED", "attack:y1", town[0])], published="2026-05-03")
    speculation = speculate(cache, [doc_of(moved)], lambda ids: {}, lambda keys: set())
    assert speculation is not None and speculation.new_blocks
    assert not speculation.new_blocks & cache.blocks.keys()

    def under_locks(tx: neo4j.ManagedTransaction) -> bool:
        return adopt(tx, speculation, cache).resolved is not None

    # as the graph is: taken (and rolled back here)
    with db.session(database=database) as session:
        tx = session.begin_transaction()
        assert under_locks(tx)
        tx.rollback()
    speculation.adopted = False
    # one of the blocks made meanwhile (without a change of the graph's version): not taken
    db.execute_query("MERGE (:ResolutionBlock {id: $key})", key=sorted(speculation.new_blocks)[0],
                     database_=database)
    with db.session(database=database) as session:
        assert not session.execute_write(under_locks)
    assert not speculation.adopted


def test_the_locks_query_checks_the_ids_of_every_resolved_label() -> None:
    """`adopt` asks the lock's query whether a batch's ids are taken, one label at a time: a
    label resolution learns must be asked for there too."""
    text = query("resolution_lock").text
    assert all(f"$ids.{label}" in text and f"(e:{label} {{id: id}})" in text for label in ORDER)


def test_an_open_pipeline_makes_full_collections_rare_and_puts_the_collector_back(db: neo4j.Driver) -> None:
    """While a pipeline is open the collector's oldest generation waits longer (its full collections
    would walk the whole resolution cache mid-transaction); closing puts back what was set, also
    when two pipelines overlap."""
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    try:
        first = PipelinedWriter(db)
        assert gc.get_threshold() == (700, 10, OLDEST_THRESHOLD)
        second = PipelinedWriter(db)
        first.close()
        assert gc.get_threshold() == (700, 10, OLDEST_THRESHOLD)  # the second is still open
        second.close()
        assert gc.get_threshold() == (700, 10, 10)
        gc.set_threshold(700, 10, 5000)  # a program that set a higher one keeps it
        with PipelinedWriter(db):
            assert gc.get_threshold() == (700, 10, 5000)
        assert gc.get_threshold() == (700, 10, 5000)
    finally:
        gc.set_threshold(*before)


def test_batches_after_one_that_found_the_database_gone_fail_without_waiting(
        prepared: list[PreparedDocument]) -> None:  # noqa: F811
    """A load whose database went away stops at the first failed batch: the batches queued after
    it fail at once instead of each waiting out the driver's retries."""
    retry = 2.0
    driver = neo4j.GraphDatabase.driver(f"bolt://127.0.0.1:{free_port()}", auth=("neo4j", "x"),
                                        max_transaction_retry_time=retry, connection_timeout=0.5)
    started = time.monotonic()
    with driver, PipelinedWriter(driver) as writer:
        futures = [writer.submit(prepared[i:i + BATCH]) for i in range(0, 3 * BATCH, BATCH)]
        errors = [f.exception(timeout=60) for f in futures]
    assert all(e is not None and is_unavailable(e) for e in errors), errors
    assert all("earlier batch" in str(e) for e in errors[1:])
    assert time.monotonic() - started < 2 * retry  # the driver's retries were waited out once

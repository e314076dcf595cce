"""One writer of batches of new articles whose Python work overlaps the database's.

A corpus load writes batch after batch with one resolution cache (graph.resolution_cache). In
each transaction the writer's own CPU (resolving the batch against the cache) and the database's
work (the upserts, the commit) used to take turns. `PipelinedWriter` writes the batches in order
on a thread of its own and, as soon as batch n is resolved (before its upserts are sent), the
caller's thread resolves batch n+1 against the cache batch n leaves (`speculate`) while the
database works on batch n. Batch n+1's transaction takes the speculation only when, under its
locks, the graph is exactly what it assumed (graph.resolve_tx.adopt); otherwise it resolves as
usual. So the graph is the one `write_new` batch by batch makes, whoever else writes meanwhile.

The driver releases the interpreter lock while it waits for the database, which is what lets
the two threads overlap.
"""

from __future__ import annotations

import gc
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType

import neo4j

from conflictkg.graph.connection import is_unavailable
from conflictkg.graph.resolution_cache import ResolutionCache, places_above
from conflictkg.graph.resolve_tx import Speculation, existing_blocks, speculate
from conflictkg.graph.writer import PreparedDocument, WriteResult, doc_of, write_new

QUEUED = 2  # batches resolved ahead and waiting for the writer's thread, at most
# The writer's thread needs the interpreter back each time an answer of the database arrives;
# at the default interval (5 ms) it would wait that long behind the resolving thread at every
# query of a transaction (0.2 ms: about 10 % more articles/s with resolution than 1 ms in
# bench/resolve.py). Set while a pipeline is open, then put back.
SWITCH_INTERVAL = 0.0002
# The resolution cache of a long load holds tens of thousands of long-lived objects, and each
# batch replaces part of it, so the collector's oldest generation fills fast; each full collection
# walks all of it holding the interpreter lock while the writer's thread waits mid-transaction
# (pauses up to 0.3 s, a sixth of a load's time at the default threshold of 10). The cache makes
# no cycles that need collecting soon: while a pipeline is open, a full collection waits for a
# thousand collections of the middle generation instead of ten. Put back at close.
OLDEST_THRESHOLD = 1000


class _InterpreterSettings:
    """The switch interval and collector thresholds a pipeline needs, set while any is open: the
    first to open saves the program's own, the last to close puts them back."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open = 0
        self._saved: tuple[float, tuple[int, int, int]] = (0.0, (0, 0, 0))

    def enter(self) -> None:
        with self._lock:
            if self._open == 0:
                switch, thresholds = sys.getswitchinterval(), gc.get_threshold()
                self._saved = (switch, thresholds)
                sys.setswitchinterval(min(switch, SWITCH_INTERVAL))
                gc.set_threshold(*thresholds[:2], max(thresholds[2], OLDEST_THRESHOLD))
            self._open += 1

    def leave(self) -> None:
        with self._lock:
            self._open -= 1
            if self._open == 0:
                switch, thresholds = self._saved
                sys.setswitchinterval(switch)
                gc.set_threshold(*thresholds)


_interpreter = _InterpreterSettings()


class PipelinedWriter:
    """`submit` batches of articles none of which is in the graph; their results come in order.

    `speculated` and `adopted` count the batches resolved ahead and those whose transaction took
    that resolution (the rest resolved in their transaction). Once a batch finds the database
    gone, the batches after it fail at once without trying it (each would wait out the driver's
    retries in turn, and a load stops at the first anyway)."""

    def __init__(self, driver: neo4j.Driver, *, database: str | None = None, resolution: bool = True,
                 cache: ResolutionCache | None = None) -> None:
        self.driver, self.database, self.resolution = driver, database, resolution
        self.cache = cache if cache is not None else ResolutionCache()
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="conflictkg-writer")
        self._room = threading.Semaphore(QUEUED)
        # What the next batch is resolved against: the cache the last speculation leaves, while
        # every speculation so far was taken; else the cache the batch submitted last leaves,
        # known once its transaction has resolved it.
        self._chain: ResolutionCache | None = None
        self._broken = False
        self._ahead: Future[ResolutionCache | None] | None = None
        self.speculated = 0
        self.adopted = 0
        self._gone: BaseException | None = None  # why the database was found unreachable
        _interpreter.enter()
        self._closed = False

    def submit(self, prepared: list[PreparedDocument]) -> Future[list[WriteResult]]:
        """Queue one batch (one transaction, all or nothing), resolving it ahead when it can; this
        waits while `QUEUED` batches are waiting to be written."""
        self._room.acquire()
        try:
            speculation = self._speculate(prepared) if self.resolution and self._gone is None else None
            ahead: Future[ResolutionCache | None] = Future()
            future = self._thread.submit(self._write, prepared, speculation, ahead)
        except BaseException:
            self._room.release()
            raise
        self._ahead = ahead
        future.add_done_callback(lambda _: self._room.release())
        return future

    def _speculate(self, prepared: list[PreparedDocument]) -> Speculation | None:
        if self._chain is not None and not self._broken:
            base: ResolutionCache | None = self._chain
        else:
            base = self.cache if self._ahead is None else self._ahead.result()
            self._broken = False
        speculation = None
        if base is not None:
            try:
                speculation = speculate(base, [doc_of(p) for p in prepared], self._places, self._blocks)
            except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError):
                # only a shortcut: the batch resolves in its transaction, which reports a
                # database that went away the way every write does
                speculation = None
        self.speculated += speculation is not None
        self._chain = speculation.leaves if speculation is not None else None
        return speculation

    def _places(self, ids: list[str]) -> dict[str, frozenset[str]]:
        """The chains of places as committed (the transaction checks them again under its locks)."""
        with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
            return session.execute_read(places_above, ids)

    def _blocks(self, keys: list[str]) -> set[str]:
        """Which of these blocks exist (the transaction checks that the others are new to it)."""
        with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
            return session.execute_read(existing_blocks, keys)

    def _write(self, prepared: list[PreparedDocument], speculation: Speculation | None,
               ahead: Future[ResolutionCache | None]) -> list[WriteResult]:
        def resolved(cache: ResolutionCache | None) -> None:
            if not ahead.done():  # a retried transaction resolves again; the first answer stands
                ahead.set_result(cache)

        if self._gone is not None:
            ahead.set_result(None)
            raise neo4j.exceptions.ServiceUnavailable(  # type: ignore[no-untyped-call]
                f"not written: an earlier batch found the database unreachable ({self._gone})")
        try:
            results = write_new(self.driver, prepared, database=self.database, resolution=self.resolution,
                                cache=self.cache, speculation=speculation, on_resolved=resolved)
            if speculation is not None:
                self.adopted += speculation.adopted
                self._broken = self._broken or not speculation.adopted  # the chain after it is stale
            return results
        except BaseException as exc:
            self._broken = True
            if is_unavailable(exc):
                self._gone = exc
            raise
        finally:
            if not ahead.done():  # failed before it was resolved: the next batch resolves in its own
                ahead.set_result(None)

    def close(self) -> None:
        """Wait for the batches queued, then stop the thread."""
        self._thread.shutdown(wait=True)
        if not self._closed:
            self._closed = True
            _interpreter.leave()

    def __enter__(self) -> PipelinedWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

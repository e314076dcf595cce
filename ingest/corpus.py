"""Loading a corpus: extraction in a process pool, batched writes, skipping before extracting.

The pipeline, for a stream of `Candidate`s (ingest.inputs):

1. Candidates are taken in groups of `CHECK_BATCH`; their article ids (the hash of the text) are
   looked up in ONE query, and those the graph holds from this extractor version are skipped
   before any extraction, as are repeats of an article met earlier in the same load. So a load
   interrupted half-way and started again does only what is left.
2. The rest is extracted in `jobs` worker processes (`jobs=1`: in this process). A worker also
   validates the document and makes the writer's rows (`graph.writer.prepare_document`), so a bad
   article fails there, before anything of it reaches the database. At most one write batch and a
   few articles per worker are in flight (the workers extract the next batch while one is being
   written), so memory stays flat however long the corpus.
3. Results are taken in input order, so the graph is the same whatever `jobs` is, and written
   `batch_size` articles per transaction. When a batch transaction fails, its articles are written
   again one per transaction: only the bad one fails, and nothing of it is left behind. Batches of
   new articles are submitted to the sink: the database's writes them on a thread of its own
   and resolves the next one meanwhile (graph.pipeline); their results are taken in order.

The writes go to a `Sink`: the database (`DatabaseSink`), or the CSV files of a bulk import
(ingest.bulk), which must yield the same graph.
"""

from __future__ import annotations

import itertools
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.context import BaseContext
from typing import Protocol, TypeVar

from neo4j.exceptions import Neo4jError

from conflictkg.errors import ConflictKGError, DatabaseUnavailable
from conflictkg.graph.connection import is_unavailable
from conflictkg.graph.ids import article_id
from conflictkg.graph.pipeline import PipelinedWriter
from conflictkg.graph.resolution_cache import ResolutionCache
from conflictkg.graph.writer import PreparedDocument, WriteResult, prepare_document, write_new, write_prepared
from conflictkg.ingest.inputs import Candidate
from conflictkg.ingest.service import FileError, Ingestor, LoadInterrupted, LoadSummary, skipped_result
from conflictkg.loaders.extract import extract_source
from conflictkg.loaders.source import ArticleSource
from conflictkg.loaders.version import extractor_version

DEFAULT_BATCH = 50  # articles per write transaction
CHECK_BATCH = 500  # candidate ids per "already loaded?" query
IN_FLIGHT_PER_JOB = 4  # extractions queued per worker, on top of one write batch's worth

T = TypeVar("T")


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Failure:
    error: str


def prepare(src: ArticleSource, language: str | None, time_budget: float | None) -> PreparedDocument | Failure:
    """In a worker: extract, validate and make the writer's rows; a refusal comes back as Failure
    (a bug raises, and stops the load)."""
    try:
        doc = extract_source(src, language, time_budget=time_budget)
        return prepare_document(doc, text_length=len(src.text))
    except ConflictKGError as exc:
        message = str(exc)
        return Failure(message if message.startswith(src.name) else f"{src.name}: {message}")


class Sink(Protocol):
    def loaded(self, article_ids: list[str]) -> dict[str, str | None]:
        """The extractor version of each of these articles that is loaded already."""
        ...

    def write(self, batch: list[PreparedDocument], *, new: bool = False) -> list[WriteResult]:
        """All of the batch, or (raising) none of it. `new`: none of them was in the graph when
        looked up (a faster way may be taken)."""
        ...

    def submit(self, batch: list[PreparedDocument]) -> Future[list[WriteResult]]:
        """`write(batch, new=True)`, whose result may come later: batches submitted are written
        in order, and the caller goes on meanwhile."""
        ...

    def close(self) -> None:
        """Once every batch submitted is written."""
        ...


def done(write: Callable[[list[PreparedDocument]], list[WriteResult]],
         batch: list[PreparedDocument]) -> Future[list[WriteResult]]:
    """A sink's `submit` that writes at once."""
    future: Future[list[WriteResult]] = Future()
    try:
        future.set_result(write(batch))
    except Exception as exc:
        future.set_exception(exc)
    return future


class DatabaseSink:
    def __init__(self, ingestor: Ingestor) -> None:
        self.ingestor = ingestor
        # one load is one writer: its batches resolve against what the earlier ones wrote without
        # reading it again, while nobody else writes (graph.resolution_cache)
        self.cache = ResolutionCache()
        self._pipeline: PipelinedWriter | None = None

    def loaded(self, article_ids: list[str]) -> dict[str, str | None]:
        return self.ingestor.loaded_versions(article_ids)

    def submit(self, batch: list[PreparedDocument]) -> Future[list[WriteResult]]:
        # batches of new articles are written on the pipeline's thread while the next one is
        # resolved here (graph.pipeline)
        if self._pipeline is None:
            ing = self.ingestor
            self._pipeline = PipelinedWriter(ing.driver, database=ing.database, resolution=ing.resolution,
                                             cache=self.cache)
        return self._pipeline.submit(batch)

    def close(self) -> None:
        if self._pipeline is not None:
            self._pipeline.close()

    def write(self, batch: list[PreparedDocument], *, new: bool = False) -> list[WriteResult]:
        ing = self.ingestor
        if new:
            return write_new(ing.driver, batch, database=ing.database, resolution=ing.resolution, cache=self.cache)
        return write_prepared(ing.driver, batch, database=ing.database, resolution=ing.resolution)


class _InProcess(Executor):
    """`--jobs 1`: the work runs when submitted, in this process."""

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        future: Future[object] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


def _pool_context() -> BaseContext:
    """Workers forked from a fork server that has imported and warmed the extractor once
    (ingest.preload): they start in milliseconds, and never inherit this process's threads
    (the progress bar's, the driver's sockets) as a plain fork would."""
    try:
        ctx = get_context("forkserver")
    except ValueError:  # no fork server on this platform
        return get_context("spawn")
    ctx.set_forkserver_preload(["conflictkg.ingest.preload"])
    return ctx


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


class CorpusLoad:
    """One run of the pipeline (see the module's doc)."""

    def __init__(self, sink: Sink, *, language: str | None = None, time_budget: float | None = None,
                 skip_loaded: bool = True, jobs: int = 1, batch_size: int | None = None,
                 total: int | None = None, on_progress: Callable[[int], None] | None = None) -> None:
        if jobs < 1:
            raise ConflictKGError(f"jobs must be at least 1, not {jobs}")
        self.sink = sink
        self.language = language
        self.time_budget = time_budget
        self.skip_loaded = skip_loaded
        self.jobs = jobs
        self.batch_size = max(1, batch_size or DEFAULT_BATCH)
        self.total = total
        self.on_progress = on_progress
        self.summary = LoadSummary()
        self._done = 0
        self._seen: set[str] = set()
        self._batch: list[tuple[str, PreparedDocument, bool]] = []  # name, rows, not in the graph
        self._submitted: deque[tuple[list[tuple[str, PreparedDocument, bool]], Future[list[WriteResult]]]] = deque()

    def _advance(self, n: int = 1) -> None:
        self._done += n
        if self.on_progress and n:
            self.on_progress(n)

    def _interrupted(self, exc: BaseException, doing: str) -> LoadInterrupted:
        pending = (self.total - self._done) if self.total is not None else len(self._batch)
        total = self.total if self.total is not None else self._done + pending
        return LoadInterrupted(f"the database went away while {doing} ({type(exc).__name__}: {exc})",
                               summary=self.summary, pending=max(pending, 0), total=total)

    def run(self, items: Iterable[Candidate]) -> LoadSummary:
        started = time.monotonic()
        version = extractor_version()
        executor: Executor = (ProcessPoolExecutor(self.jobs, mp_context=_pool_context()) if self.jobs > 1
                              else _InProcess())
        in_flight: deque[tuple[str, bool, Future[PreparedDocument | Failure]]] = deque()
        # Workers keep extracting the next batch while this process writes one.
        window = self.jobs * IN_FLIGHT_PER_JOB + self.batch_size
        try:
            for chunk in _chunks(items, CHECK_BATCH):
                ids = [article_id(c.source.text) if c.source is not None else None for c in chunk]
                loaded = self._loaded([i for i in ids if i])
                for cand, aid in zip(chunk, ids, strict=True):
                    if cand.source is None or aid is None:
                        self.summary.errors.append(FileError(path=cand.name, error=cand.error or cand.name))
                        self._advance()
                        continue
                    if aid in self._seen or (self.skip_loaded and aid in loaded and loaded[aid] == version):
                        self.summary.add(skipped_result(aid))
                        self._advance()
                        continue
                    self._seen.add(aid)
                    in_flight.append((cand.name, aid not in loaded,
                                      executor.submit(prepare, cand.source, self.language, self.time_budget)))
                    while len(in_flight) > window:
                        self._take(*in_flight.popleft())
            while in_flight:
                self._take(*in_flight.popleft())
            self._flush()
            self._settle(wait=True)
        finally:
            executor.shutdown(wait=True, cancel_futures=True)
            self.sink.close()
            self.summary.seconds = time.monotonic() - started
        return self.summary

    def _loaded(self, ids: list[str]) -> dict[str, str | None]:
        try:
            return self.sink.loaded(ids)
        except Exception as exc:
            if isinstance(exc, DatabaseUnavailable) or is_unavailable(exc):
                raise self._interrupted(exc, "looking up which articles are loaded") from exc
            raise

    def _take(self, name: str, new: bool, future: Future[PreparedDocument | Failure]) -> None:
        outcome = future.result()  # a bug in a worker raises here and stops the load
        self.summary.extracted += 1
        if isinstance(outcome, Failure):
            self.summary.errors.append(FileError(path=name, error=outcome.error))
            self._advance()
            return
        self._batch.append((name, outcome, new))
        if len(self._batch) >= self.batch_size:
            self._flush()

    def _flush(self) -> None:
        batch, self._batch = self._batch, []
        if batch:
            self._write(batch)

    def _write(self, batch: list[tuple[str, PreparedDocument, bool]]) -> None:
        # A batch of articles the graph did not hold goes in a few queries for all, submitted:
        # the next batch is prepared while it is written. One article, or a batch retried one
        # by one, the way a single write goes, once the batches submitted before it are written.
        if len(batch) > 1 and all(n for _, _, n in batch):
            try:
                self._submitted.append((batch, self.sink.submit([p for _, p, _ in batch])))
            except Exception as exc:
                self._settle(wait=True)  # the batches before it first, in order
                self._failed(batch, exc)
                return
            self._settle(wait=False)
            return
        self._settle(wait=True)
        try:
            results = self.sink.write([p for _, p, _ in batch])
        except Exception as exc:
            self._failed(batch, exc)
            return
        self._written(results)

    def _settle(self, *, wait: bool) -> None:
        """Take the results of the batches submitted, in order: those written (all when `wait`)."""
        while self._submitted and (wait or self._submitted[0][1].done()):
            batch, future = self._submitted.popleft()
            try:
                results = future.result()
            except Exception as exc:
                self._failed(batch, exc)
                continue
            self._written(results)

    def _written(self, results: list[WriteResult]) -> None:
        for result in results:
            self.summary.add(result)
        self._advance(len(results))

    def _failed(self, batch: list[tuple[str, PreparedDocument, bool]], exc: Exception) -> None:
        if isinstance(exc, DatabaseUnavailable) or is_unavailable(exc):
            self._batch = batch  # counted as pending, with the batches submitted after it that fail too
            while self._submitted:
                later, future = self._submitted.popleft()
                if future.exception() is None:
                    self._written(future.result())
                else:
                    self._batch += later
            names = batch[0][0] if len(batch) == 1 else f"{batch[0][0]} and {len(batch) - 1} more"
            raise self._interrupted(exc, f"{names} were being written") from exc
        if not isinstance(exc, ConflictKGError | Neo4jError):
            raise exc  # a bug, not a bad article: let it show
        if len(batch) > 1:  # find the bad one: each article in its own transaction
            for name, prepared, _ in batch:
                self._write([(name, prepared, False)])
            return
        name = batch[0][0]
        reason = exc.message if isinstance(exc, Neo4jError) and exc.message else str(exc)
        self.summary.errors.append(FileError(path=name, error=f"{name}: the database refused it, nothing of "
                                             f"it was written ({reason})"))
        self._advance()

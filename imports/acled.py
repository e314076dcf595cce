"""`conflictkg import acled`: stream an ACLED export (CSV, or gzipped CSV) into the graph.

The file is read row by row (csv module; gzip when the name ends in .gz), mapped, and written in
batches of `batch_size` rows, one transaction each: memory stays flat whatever the file's size.
Nothing is written when the header lacks a required column of the codebook.
"""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import neo4j
from pydantic import BaseModel, Field

from conflictkg import __version__
from conflictkg.errors import InputError
from conflictkg.graph.queries import query
from conflictkg.imports.codebook import check_header
from conflictkg.imports.mapping import DATASET_ID, DATASET_NAME, BadRow, RowGraph, RowMapper
from conflictkg.imports.writer import BatchResult, write_batch

IMPORTER = f"conflictkg-acled {__version__}"
DEFAULT_BATCH = 2000
SHOWN_BAD_ROWS = 20

# ACLED's notes can be long; the csv module's default field limit (128 KiB) is kept.


class BadRowReport(BaseModel):
    line: int = Field(description="Line of the file the row starts on (the header is line 1).")
    id: str | None = Field(default=None, description="Its event_id_cnty, when it has one.")
    error: str


class ImportSummary(BaseModel):
    file: str
    rows: int = Field(0, description="Data rows read.")
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    bad: int = 0
    bad_rows: list[BadRowReport] = Field(default_factory=list, description="The first bad rows.")
    by_event_type: dict[str, int] = Field(default_factory=dict,
                                          description="Good rows per ACLED event_type.")
    seconds: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


@dataclass
class _Progress:
    rows: int = 0
    bytes_read: int = 0
    counts: Counter[str] = field(default_factory=Counter)


class _CountingReader(io.RawIOBase):
    """A binary file that counts the bytes read (the compressed ones for .gz): progress by size."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n


def _open_text(raw: _CountingReader, name: str) -> IO[str]:
    binary: IO[bytes] = io.BufferedReader(raw, 1 << 16)
    if name.endswith(".gz"):
        binary = gzip.GzipFile(fileobj=binary, mode="rb")  # type: ignore[assignment]
    return io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")


def read_rows(text: IO[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, row) for each data row; the header is checked first (InputError naming what is missing)."""
    reader = csv.reader(text)
    header = next(reader, None)
    positions = check_header(header)
    width = len(header or [])
    line = reader.line_num + 1
    for cells in reader:
        start, line = line, reader.line_num + 1
        if not cells:
            continue
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        yield start, {name: cells[i] for name, i in positions.items()}


@contextmanager
def open_rows(path: Path) -> Iterator[tuple[Iterator[tuple[int, dict[str, str]]], Callable[[], int]]]:
    """The export's data rows as (line, row), and how many bytes of the file are read so far. The
    header is checked on entry: InputError when the file is no ACLED export."""
    with path.open("rb") as handle:
        raw = _CountingReader(handle)
        text = _open_text(raw, path.name)
        try:
            rows = read_rows(text)
            first = next(rows, None)  # checks the header before anything is written
        except (UnicodeDecodeError, gzip.BadGzipFile, OSError, csv.Error) as exc:
            raise InputError(f"{path}: not a readable ACLED export ({exc})") from None
        yield itertools.chain([first] if first is not None else [], rows), lambda: raw.count


def import_acled(
    driver: neo4j.Driver,
    path: Path,
    *,
    database: str | None = None,
    batch_size: int = DEFAULT_BATCH,
    mapper: RowMapper | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> ImportSummary:
    """Import one export. `on_progress(rows, bytes_read)` is called after each batch is written
    (from the writer thread)."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    mapper = mapper or RowMapper()  # loads the gazetteer: once a process, not part of the rate
    started = time.perf_counter()
    summary = ImportSummary(file=path.name)
    by_type: Counter[str] = Counter()
    with open_rows(path) as (rows, bytes_read):
        driver.execute_query(query("import_dataset").text, id=DATASET_ID, name=DATASET_NAME,
                             database_=database)
        batch: dict[str, RowGraph] = {}
        # One batch is written (in a worker thread) while the next is read and mapped; a batch is
        # sent only when the one before has committed, so its statuses see it.
        writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="acled-writer")
        in_flight: list[Future[BatchResult]] = []

        def write(rows: list[RowGraph], read: int, bytes_read: int) -> BatchResult:
            # "unknown property acled_timestamp" on a first import is no news: notifications off
            with driver.session(database=database, notifications_min_severity="OFF") as session:
                result = session.execute_write(write_batch, rows)
            if on_progress is not None:
                on_progress(read, bytes_read)
            return result

        def settle() -> None:
            while in_flight:
                result = in_flight.pop().result()
                summary.created += result.created
                summary.updated += result.updated
                summary.unchanged += result.unchanged

        def flush() -> None:
            settle()
            if batch:
                in_flight.append(writer.submit(write, list(batch.values()), summary.rows, bytes_read()))
                batch.clear()

        def bad(line: int, acled_id: str | None, error: str) -> None:
            summary.bad += 1
            if len(summary.bad_rows) < SHOWN_BAD_ROWS:
                summary.bad_rows.append(BadRowReport(line=line, id=acled_id or None, error=error))

        try:
            for line, row in rows:
                summary.rows += 1
                try:
                    graph = mapper.map(row, line)
                except BadRow as exc:
                    bad(line, (row.get("event_id_cnty") or "").strip(), str(exc))
                    continue
                if graph.id in batch:
                    bad(line, graph.properties.get("acled_id"),
                        f"event_id_cnty repeats the row on line {batch[graph.id].line}")
                    continue
                batch[graph.id] = graph
                by_type[graph.event_type] += 1
                if len(batch) >= batch_size:
                    flush()
            flush()
            settle()
        except (UnicodeDecodeError, gzip.BadGzipFile, EOFError, csv.Error) as exc:
            settle()
            raise InputError(f"{path}: the file breaks off after {summary.rows} rows ({exc}); "
                             "the rows before were imported") from None
        finally:
            writer.shutdown(wait=True)
    summary.by_event_type = dict(sorted(by_type.items()))
    summary.seconds = time.perf_counter() - started
    if summary.created or summary.updated:
        driver.execute_query(query("import_dataset_done").text, id=DATASET_ID, file=path.name,
                             importer=IMPORTER, rows=summary.rows - summary.bad, database_=database)
    return summary

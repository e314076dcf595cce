"""Rows per second of `conflictkg import acled` (transactional mode), median of several runs.

    python bench/acled_import.py                       # 100,000 rows, a throwaway local Neo4j
    python bench/acled_import.py --rows 1000000 --runs 1
    NEO4J_URI=bolt://host:7687 NEO4J_PASSWORD=... python bench/acled_import.py   # an existing, empty database

Generates a synthetic export (bench/acled_synthetic.py, gzipped), then for each run empties the
database and imports the file through `import_acled` (what the CLI runs), timing the import only.
After the runs, one re-import of the same file (all rows unchanged) and the importer's peak memory
(resident set, this process) are printed too, and where the time goes: reading and mapping the
file without a database, and the time of each query of the batch writes (summed over one more
import into an empty database).
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from conflictkg.graph.connection import create_driver
from conflictkg.graph.queries import query as named_query
from conflictkg.graph.schema import apply_schema
from conflictkg.imports import acled as acled_module
from conflictkg.imports import writer as writer_module
from conflictkg.imports.acled import import_acled, open_rows
from conflictkg.imports.mapping import BadRow, RowMapper
from conflictkg.imports.writer import write_batch

# bench/ is not a package: its helper module is imported from this folder.
sys.path.insert(0, str(Path(__file__).parent))
import acled_synthetic
from throwaway import database

console = Console()


def empty(driver: object, database_name: str) -> None:
    with driver.session(database=database_name) as session:  # type: ignore[attr-defined]
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def calibrate(driver: object, database_name: str, rows: int = 20_000, batch: int = 2000) -> float:
    """Nodes/s of a trivial batched UNWIND CREATE on this server right now: what the machine gives
    (other load on it shows here), to read the import's figure against."""
    started = time.perf_counter()
    for first in range(0, rows, batch):
        driver.execute_query("UNWIND range($first, $last) AS i CREATE (:BenchCalibration {n: i, s: toString(i)})",  # type: ignore[attr-defined]
                             first=first, last=first + batch - 1, database_=database_name)
    rate = rows / (time.perf_counter() - started)
    with driver.session(database=database_name) as session:  # type: ignore[attr-defined]
        session.run("MATCH (n:BenchCalibration) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    return rate


def read_and_map(export: Path, mapper: RowMapper) -> float:
    """Seconds to read and map every row, no database: the importer's own share of the time."""
    started = time.perf_counter()
    with open_rows(export) as (rows, _):
        for line, row in rows:
            with contextlib.suppress(BadRow):
                mapper.map(row, line)
    return time.perf_counter() - started


class _TimedTransaction:
    """A transaction that adds each query's time (sent to consumed) to `spent`, by its first line."""

    def __init__(self, tx: Any, spent: dict[str, float]) -> None:
        self.tx, self.spent = tx, spent

    def run(self, text: str, **params: Any) -> Any:
        started = time.perf_counter()
        result = self.tx.run(text, **params)
        summary = result.consume()  # the writer reads no records from its queries but import_status
        self.spent[_query_name(text)] = self.spent.get(_query_name(text), 0.0) + time.perf_counter() - started
        return _Consumed(summary)


class _Consumed:
    """What the writer does with a result it reads nothing from: consume it."""

    def __init__(self, summary: Any) -> None:
        self.summary = summary

    def consume(self) -> Any:
        return self.summary

    def __iter__(self) -> Any:
        return iter(())


class _Named(str):
    """A query's text that knows its name (and the labels a template was rendered with)."""

    name: str


class _NamedQuery:
    def __init__(self, name: str) -> None:
        self._query = named_query(name)
        self.name = name

    def _named(self, text: str, name: str) -> _Named:
        out = _Named(text)
        out.name = name
        return out

    @property
    def text(self) -> _Named:
        return self._named(self._query.text, self.name)

    def render(self, **slots: str) -> _Named:
        return self._named(self._query.render(**slots), f"{self.name} ({', '.join(slots.values())})")


def _query_name(text: str) -> str:
    return getattr(text, "name", text.split("\n")[0][:60])


def profiled_import(driver: Any, database_name: str, export: Path, batch: int, mapper: RowMapper) -> dict[str, float]:
    """One import with each batch query timed; {query: seconds}."""
    spent: dict[str, float] = {}

    def timed_batch(tx: Any, rows: list[Any]) -> Any:
        return write_batch(_StatusTimed(tx, spent), rows)

    original = acled_module.write_batch
    acled_module.write_batch = timed_batch  # type: ignore[assignment]
    writer_module.query = _NamedQuery  # type: ignore[assignment]
    try:
        started = time.perf_counter()
        import_acled(driver, export, database=database_name, batch_size=batch, mapper=mapper)
        spent["(whole import)"] = time.perf_counter() - started
    finally:
        acled_module.write_batch = original  # type: ignore[assignment]
        writer_module.query = named_query
    return spent


class _StatusTimed(_TimedTransaction):
    """As _TimedTransaction, but import_status's records are read (the writer needs them)."""

    def run(self, text: str, **params: Any) -> Any:
        if _query_name(text) != "import_status":
            return super().run(text, **params)
        started = time.perf_counter()
        records = list(self.tx.run(text, **params))
        self.spent["import_status"] = self.spent.get("import_status", 0.0) + time.perf_counter() - started
        return records


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=2000, help="rows per transaction")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--heap", default="2g", help="heap of the throwaway server")
    parser.add_argument("--pagecache", default="1g", help="page cache of the throwaway server")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="conflictkg-acled-export-"))
    try:
        export = work / f"acled-{args.rows}.csv.gz"
        started = time.perf_counter()
        acled_synthetic.write(export, args.rows, args.seed)
        console.print(f"generated {args.rows:,} rows ({export.stat().st_size / 2**20:.1f} MiB gzipped) "
                      f"in {time.perf_counter() - started:.1f} s")
        with (database("bench-acled", heap=args.heap, pagecache=args.pagecache, say=console.print) as settings,
              create_driver(settings) as driver):
            db = settings.neo4j_database
            apply_schema(driver, db)
            mapper = RowMapper()  # the gazetteer is loaded once, not timed
            calibrate(driver, db)  # warm-up
            baseline = calibrate(driver, db)
            console.print(f"baseline: {baseline:,.0f} nodes/s for a trivial UNWIND CREATE on this server")
            runs = []
            for i in range(args.runs):
                empty(driver, db)
                summary = import_acled(driver, export, database=db, batch_size=args.batch, mapper=mapper)
                assert summary.created == args.rows and summary.bad == 0, summary
                runs.append(summary)
                console.print(f"run {i + 1}: {summary.rows:,} rows in {summary.seconds:.1f} s = "
                              f"{summary.rows_per_second:,.0f} rows/s")
            again = import_acled(driver, export, database=db, batch_size=args.batch, mapper=mapper)
            assert again.unchanged == args.rows, again
            mapping = read_and_map(export, mapper)
            empty(driver, db)
            spent = profiled_import(driver, db, export, args.batch, mapper)
        rates = [s.rows_per_second for s in runs]
        table = Table(title=f"conflictkg import acled: {args.rows:,} synthetic rows, batches of {args.batch:,}")
        table.add_column("measure")
        table.add_column("value", justify="right")
        table.add_row(f"rows/s, median of {len(runs)} runs (empty database each)", f"{statistics.median(rates):,.0f}")
        table.add_row("rows/s, each run", ", ".join(f"{r:,.0f}" for r in rates))
        table.add_row("re-import of the same file (all unchanged), rows/s", f"{again.rows_per_second:,.0f}")
        table.add_row("importer peak resident memory", f"{peak_rss_mib():,.0f} MiB")
        table.add_row("baseline: trivial UNWIND CREATE on the same server, nodes/s", f"{baseline:,.0f}")
        console.print(table)
        whole = spent.pop("(whole import)")
        where = Table(title=f"where the time of one import goes ({whole:.1f} s for {args.rows:,} rows)")
        where.add_column("stage")
        where.add_column("seconds", justify="right")
        where.add_column("µs per row", justify="right")
        where.add_row("read and map the rows (no database; overlaps the writes)", f"{mapping:.1f}",
                      f"{mapping / args.rows * 1e6:.0f}")
        for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
            where.add_row(f"query: {name}", f"{seconds:.1f}", f"{seconds / args.rows * 1e6:.0f}")
        where.add_row("all queries (sent to consumed, in the writer thread)", f"{sum(spent.values()):.1f}",
                      f"{sum(spent.values()) / args.rows * 1e6:.0f}")
        console.print(where)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

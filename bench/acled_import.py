"""Rows per second of `conflictkg import acled` (transactional mode), median of several runs.

    python bench/acled_import.py                       # 100,000 rows, a throwaway local Neo4j
    python bench/acled_import.py --rows 1000000 --runs 1
    NEO4J_URI=bolt://host:7687 NEO4J_PASSWORD=... python bench/acled_import.py   # an existing, empty database

Generates a synthetic export (bench/acled_synthetic.py, gzipped), then for each run empties the
database and imports the file through `import_acled` (what the CLI runs), timing the import only.
After the runs, one re-import of the same file (all rows unchanged) and the importer's peak memory
(resident set, this process) are printed too.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from conflictkg.graph.connection import create_driver
from conflictkg.graph.schema import apply_schema
from conflictkg.imports.acled import import_acled
from conflictkg.imports.mapping import RowMapper

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
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

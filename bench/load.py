"""Corpus load and ACLED import throughput, in one run: `conflictkg load` with --jobs 1 and
--jobs 2 and its --bulk import; `conflictkg import acled` (transactional) at 100,000 and 1,000,000
rows and its --bulk import of 1,000,000 rows; the peak memory of each command.

The corpus is N distinct articles varied from the project's own (tests/articles, tests/real,
examples): paragraphs reordered, places and figures swapped, a publication date drawn from
2022-2025 (so relative dates resolve differently), written as one JSON Lines file as a scraper
would (`text`, `date`, `url`, `title`, `lang`). A throwaway local Neo4j on free ports is started
once; before every run its database is emptied, and each run is the real command in a subprocess
(worker start-up included). Printed: articles/s of each run (from the load's own summary) and the
median of each mode, the ratio jobs2/jobs1, and the bulk path's time for the same corpus with its
stages. The ACLED exports come from bench/acled_synthetic.py (gzipped, the codebook's columns);
each import runs on an emptied database. Peak memory is the command process's maximum resident
set (for `load`, the parent: its extraction workers are separate processes); the importer's must
not grow with the file (streaming), so the 1M/100k ratio is printed.

    python bench/load.py [--articles 1000] [--runs 3] [--acled-rows 100000,1000000] [--acled-runs 1]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from conflictkg.graph.connection import create_driver
from conflictkg.localdb import LocalServer
from conflictkg.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "examples", ROOT / "tests" / "articles", ROOT / "tests" / "real"]
SWAPS = {
    "en": [("Kharkiv", "Sumy"), ("Odesa", "Mykolaiv"), ("three", "four"), ("20", "35"), ("Tuesday", "Thursday"),
           ("Kyiv", "Dnipro"), ("two", "five")],
    "nl": [("Charkiv", "Soemy"), ("Cherson", "Odesa"), ("drie", "vier"), ("20", "35"), ("dinsdag", "donderdag"),
           ("Kyiv", "Dnipro"), ("twee", "vijf")],
}
sys.path.insert(0, str(Path(__file__).parent))  # bench/ is not a package
import acled_synthetic  # noqa: E402

RATE = re.compile(r"; ([\d.]+) s, ([\d.]+) articles/s")
BULK = re.compile(r"bulk import: .*")


def corpus(n: int, seed: int = 11) -> list[dict[str, str]]:
    rng = random.Random(seed)
    base = []
    for d in SOURCES:
        for p in sorted(d.rglob("*.txt")):
            lang = p.name[:2] if p.name[:2] in ("nl", "en") else "nl"
            first, _, rest = p.read_text(encoding="utf-8").partition("\n")
            base.append((lang, rest if first.lower().startswith("date") else first + "\n" + rest))
    first_day = date(2022, 1, 1)
    records = []
    for i in range(n):
        lang, body = base[i % len(base)]
        paragraphs = body.strip().split("\n\n")
        if len(paragraphs) > 2:
            rest = paragraphs[1:]
            rng.shuffle(rest)
            paragraphs = [paragraphs[0], *rest]
        text = "\n\n".join(paragraphs)
        for a, b in SWAPS[lang]:
            if rng.random() < 0.5:
                text = text.replace(a, b)
        day = first_day + timedelta(days=rng.randrange(4 * 365))
        when = day.isoformat() if rng.random() < 0.8 else day.isoformat()[:7]
        records.append({"text": f"{text}\n\n(variant {i})", "date": when, "url": f"https://news.example/{i}",
                        "title": text.split(".")[0][:80], "lang": lang})
    return records


def _env(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "CONFLICTKG_"))}
    env.update(CONFLICTKG_DB_DIR=str(settings.db_dir), CONFLICTKG_DB_BOLT_PORT=str(settings.db_bolt_port),
               CONFLICTKG_DB_HTTP_PORT=str(settings.db_http_port), CONFLICTKG_DB_HEAP=settings.db_heap,
               CONFLICTKG_DB_PAGECACHE=settings.db_pagecache,
               NEO4J_PASSWORD=settings.neo4j_password.get_secret_value(), COLUMNS="300")
    return env


def _command(settings: Settings, *args: str) -> tuple[str, str, float, float]:
    """Run a conflictkg command; (its stdout, its stderr, wall seconds, its peak resident memory in MiB)."""
    started = time.monotonic()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([sys.executable, "-c", "from conflictkg.cli import main; main()", *args],
                                env=_env(settings), stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(proc.pid, 0)  # the rusage of this child alone
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{stdout}\n{stderr}")
    return stdout, stderr, wall, usage.ru_maxrss / 1024


def _load(settings: Settings, corpus_file: Path, *args: str) -> tuple[float, float, str, float]:
    """Run `conflictkg load`; (articles/s from its summary, wall seconds, its output, peak MiB)."""
    output, _, wall, peak = _command(settings, "load", str(corpus_file), *args)
    m = RATE.search(output)
    assert m, output
    return float(m[2]), wall, output, peak


def _acled(settings: Settings, export: Path, *args: str) -> tuple[dict[str, object], float, float, str]:
    """Run `conflictkg import acled --json`; (its summary, wall seconds, peak MiB, its stderr)."""
    output, stderr, wall, peak = _command(settings, "import", "acled", str(export), "--json", *args)
    return json.loads(output.strip().splitlines()[-1]), wall, peak, stderr


def _empty(settings: Settings, uri: str) -> None:
    with create_driver(settings.model_copy(update={"neo4j_uri": uri})) as driver, driver.session() as session:
        # relationships first, in batches: DETACH DELETE of a dense node (the ACLED dataset, with a
        # RECORDED_IN edge per row) in one inner transaction runs out of transaction memory
        session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS").consume()
        session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def _bench_load(settings: Settings, uri: str, corpus_file: Path, articles: int, runs: int, *, bulk: bool) -> None:
    rates: dict[int, list[float]] = {1: [], 2: []}
    peaks: dict[int, list[float]] = {1: [], 2: []}
    for run in range(runs):
        for jobs in (1, 2):
            _empty(settings, uri)
            rate, wall, _, peak = _load(settings, corpus_file, "--jobs", str(jobs))
            rates[jobs].append(rate)
            peaks[jobs].append(peak)
            print(f"run {run + 1} --jobs {jobs}: {rate:6.1f} articles/s ({wall:.1f} s wall, peak {peak:.0f} MiB, "
                  f"load average {os.getloadavg()[0]:.1f})", flush=True)
    med = {j: statistics.median(r) for j, r in rates.items()}
    for j in (1, 2):
        print(f"--jobs {j}: median {med[j]:.1f} articles/s   runs {', '.join(f'{x:.1f}' for x in rates[j])}   "
              f"peak memory {max(peaks[j]):.0f} MiB")
    print(f"ratio jobs2/jobs1: {med[2] / med[1]:.2f}")
    if bulk:
        _empty(settings, uri)
        _, wall, output, peak = _load(settings, corpus_file, "--bulk", "--jobs", "2")
        stages = BULK.search(output)
        print(f"--bulk --jobs 2: {wall:.1f} s wall, {articles / wall:.1f} articles/s, peak {peak:.0f} MiB; "
              f"{stages[0] if stages else output}", flush=True)


def _bench_acled(settings: Settings, uri: str, work: Path, sizes: list[int], runs: int, *, bulk: bool) -> None:
    peaks: dict[int, float] = {}
    for rows in sizes:
        export = work / f"acled-{rows}.csv.gz"
        started = time.monotonic()
        acled_synthetic.write(export, rows, 7)
        print(f"ACLED export: {rows:,} synthetic rows, {export.stat().st_size / 2**20:.1f} MiB gzipped "
              f"(generated in {time.monotonic() - started:.0f} s)", flush=True)
        rates = []
        for run in range(runs):
            _empty(settings, uri)
            summary, wall, peak, _ = _acled(settings, export)
            assert summary["created"] == rows, summary
            rates.append(float(summary["rows_per_second"]))  # type: ignore[arg-type]
            peaks[rows] = max(peaks.get(rows, 0.0), peak)
            print(f"  import acled, run {run + 1}: {rows:,} rows in {wall:.1f} s wall, "
                  f"{rates[-1]:,.0f} rows/s, peak {peak:.0f} MiB, load average {os.getloadavg()[0]:.1f}", flush=True)
        print(f"import acled {rows:,} rows: median {statistics.median(rates):,.0f} rows/s over {len(rates)} run(s), "
              f"peak memory {peaks[rows]:.0f} MiB", flush=True)
        if bulk and rows == max(sizes):
            _empty(settings, uri)
            summary, wall, peak, output = _acled(settings, export, "--bulk")
            assert summary["created"] == rows, summary
            stages = BULK.search(output)
            print(f"import acled --bulk {rows:,} rows: {wall:.1f} s wall ({rows / wall:,.0f} rows/s), peak "
                  f"{peak:.0f} MiB; {stages[0] if stages else output}", flush=True)
    if len(peaks) > 1:
        small, large = min(peaks), max(peaks)
        print(f"import acled peak memory {large:,} rows / {small:,} rows: {peaks[large] / peaks[small]:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--skip-bulk", action="store_true")
    ap.add_argument("--skip-load", action="store_true", help="only the ACLED lines")
    ap.add_argument("--acled-rows", default="100000,1000000", help="export sizes, comma-separated ('' for none)")
    ap.add_argument("--acled-runs", type=int, default=1, help="transactional imports of each size")
    args = ap.parse_args()
    sizes = [int(x) for x in args.acled_rows.split(",") if x.strip()]

    work = Path(tempfile.mkdtemp(prefix="conflictkg-bench-load-"))
    corpus_file = work / "corpus.jsonl"
    with open(corpus_file, "w", encoding="utf-8") as fh:
        for record in corpus(args.articles):
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    mb = corpus_file.stat().st_size / 1e6
    import socket

    def free_port() -> int:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return int(s.getsockname()[1])

    settings = Settings(neo4j_uri=None, neo4j_password="conflictkg-bench", db_dir=work / "neo4j",
                        db_bolt_port=free_port(), db_http_port=free_port())
    server = LocalServer(settings)
    print(f"corpus: {args.articles} articles, {mb:.1f} MB of JSON Lines; cores: {os.cpu_count()}; "
          f"load average {os.getloadavg()[0]:.1f}")
    server.start()
    try:
        if not args.skip_load:
            _bench_load(settings, server.uri, corpus_file, args.articles, args.runs, bulk=not args.skip_bulk)
        if sizes:
            _bench_acled(settings, server.uri, work, sizes, args.acled_runs, bulk=not args.skip_bulk)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

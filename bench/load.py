"""Corpus load throughput: `conflictkg load` with --jobs 1 and --jobs 2, and the --bulk import.

The corpus is N distinct articles varied from the project's own (tests/articles, tests/real,
examples): paragraphs reordered, places and figures swapped, a publication date drawn from
2022-2025 (so relative dates resolve differently), written as one JSON Lines file as a scraper
would (`text`, `date`, `url`, `title`, `lang`). A throwaway local Neo4j on free ports is started
once; before every run its database is emptied, and each run is the real command in a subprocess
(worker start-up included). Printed: articles/s of each run (from the load's own summary) and the
median of each mode, the ratio jobs2/jobs1, and the bulk path's time for the same corpus with its
stages.

    python bench/load.py [--articles 1000] [--runs 3]
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


def _load(settings: Settings, corpus_file: Path, *args: str) -> tuple[float, float, str]:
    """Run `conflictkg load`; (articles/s from its summary, wall seconds, its output)."""
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", "from conflictkg.cli import main; main()", "load", str(corpus_file),
                           *args], env=_env(settings), capture_output=True, text=True, check=False)
    wall = time.monotonic() - started
    if proc.returncode != 0:
        raise SystemExit(f"load {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    m = RATE.search(proc.stdout)
    assert m, proc.stdout
    return float(m[2]), wall, proc.stdout


def _empty(settings: Settings, uri: str) -> None:
    with create_driver(settings.model_copy(update={"neo4j_uri": uri})) as driver, driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--skip-bulk", action="store_true")
    args = ap.parse_args()

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
        rates: dict[int, list[float]] = {1: [], 2: []}
        for run in range(args.runs):
            for jobs in (1, 2):
                _empty(settings, server.uri)
                rate, wall, _ = _load(settings, corpus_file, "--jobs", str(jobs))
                rates[jobs].append(rate)
                print(f"run {run + 1} --jobs {jobs}: {rate:6.1f} articles/s ({wall:.1f} s wall, "
                      f"load average {os.getloadavg()[0]:.1f})", flush=True)
        med = {j: statistics.median(r) for j, r in rates.items()}
        print(f"--jobs 1: median {med[1]:.1f} articles/s   runs {', '.join(f'{x:.1f}' for x in rates[1])}")
        print(f"--jobs 2: median {med[2]:.1f} articles/s   runs {', '.join(f'{x:.1f}' for x in rates[2])}")
        print(f"ratio jobs2/jobs1: {med[2] / med[1]:.2f}")
        if not args.skip_bulk:
            _empty(settings, server.uri)
            _, wall, output = _load(settings, corpus_file, "--bulk", "--jobs", "2")
            stages = BULK.search(output)
            print(f"--bulk --jobs 2: {wall:.1f} s wall, {args.articles / wall:.1f} articles/s; "
                  f"{stages[0] if stages else output}")
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

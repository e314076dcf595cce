"""Latency and throughput of the HTTP API under concurrent load, next to the same queries run
straight through the driver (the ratio is what the HTTP layer costs).

    python bench/api.py                 # a throwaway local Neo4j on free ports
    NEO4J_URI=bolt://host:7687 NEO4J_PASSWORD=... python bench/api.py

Loads a synthetic graph (100,000 events by default, deterministic, through the real writer in
batches), serves `conflictkg.api:app` with uvicorn in a subprocess on a free port, as `conflictkg
serve` does (its HTTP protocol, api.serving; `--http httptools`: uvicorn's own), and drives it with
32 concurrent clients (one keep-alive connection each) over the main read endpoints. Each endpoint
runs five rounds (`--rounds`); in a round its requests (2,000 distinct ones, cycled) go over HTTP
for 4 s (`--round-seconds`, after a warm-up) and the same queries through the typed layer in this
process for as long, the side that goes first alternating from round to round. The ratio of the
two p50s is taken per round and the median reported. Both processes run under the same collector
settings (`conflictkg.api.heap`).
An existing database must be empty or hold this benchmark's graph already (then it is reused).

Then a soak line: mixed reads over every endpoint from 16 clients for 60 s (`--soak-seconds`,
`--soak-clients`), with the errors and the API process's resident memory at its start and end;
the memory must not grow by more than 10%.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from statistics import median
from typing import Any, TypeVar

import httpx
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from conflictkg.api.heap import settled_heap
from conflictkg.api.queries import Queries
from conflictkg.graph.connection import create_async_driver, create_driver
from conflictkg.graph.queries import query
from conflictkg.graph.schema import apply_schema
from conflictkg.graph.writer import write_document
from conflictkg.settings import Settings

# bench/ is not a package: its helper module is imported from this folder.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from rawhttp import RawHTTP
from synthetic import bench_article_id, documents, world_ids
from throwaway import database, free_port

console = Console(stderr=True)
T = TypeVar("T")
MAX_REQUESTS = 2_000_000  # a bound on a timed loop besides its time


def _graph_state(settings: Settings, article: str) -> tuple[int, bool]:
    """How many articles the database holds, and whether this one is among them."""
    with create_driver(settings) as driver:
        rows, _, _ = driver.execute_query(query("stats_labels").text, database_=settings.neo4j_database)
        found, _, _ = driver.execute_query(query("article_extractor").text, article_id=article,
                                           database_=settings.neo4j_database)
    return next((r["count"] for r in rows if r["label"] == "Article"), 0), bool(found)


def load_graph(settings: Settings, events: int, batch: int, seed: int) -> None:
    batches = -(-events // batch)
    articles, complete = _graph_state(settings, bench_article_id(batches - 1))
    if articles == batches and complete:
        console.print(f"reusing the benchmark graph already loaded ({batches} batches)")
        return
    if articles and not _graph_state(settings, bench_article_id(0))[1]:
        raise SystemExit("the database holds other articles; point NEO4J_URI at an empty one")
    driver = create_driver(settings)
    try:
        apply_schema(driver, settings.neo4j_database)
        started = time.perf_counter()
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=console) as progress:
            task = progress.add_task(f"loading {events:,} synthetic events", total=events)
            for doc in documents(events, batch, seed):
                write_document(driver, doc, database=settings.neo4j_database)
                progress.advance(task, sum(1 for n in doc.nodes
                                           if n.label not in ("Actor", "Location")))
        console.print(f"loaded in {time.perf_counter() - started:.0f} s")
    finally:
        driver.close()


@dataclass
class Case:
    """One endpoint: the URLs to request, and the same query through the typed layer."""

    name: str
    urls: list[str]
    direct: list[Callable[[Queries], Awaitable[object]]]


def cases(rng: random.Random, n: int, agreement_ids: list[str]) -> list[Case]:
    world = world_ids()
    actors = [a.id.removeprefix("actor:") for a in world.actors]
    names = [a.name for a in world.actors]
    out: list[Case] = []

    picks = [rng.choice(actors) for _ in range(n)]
    out.append(Case("GET /actors/{id}", [f"/actors/{a}" for a in picks],
                    [lambda q, a=a: q.actor(f"actor:{a}") for a in picks]))

    terms = []
    for _ in range(n):
        name = rng.choice(names).lower()
        i = rng.randrange(max(1, len(name) - 3))
        terms.append(name[i: i + 4].strip() or name[:3])
    out.append(Case("GET /actors?q=", [f"/actors?q={t}" for t in terms],
                    [lambda q, t=t: q.actors(q=t, kind=None, limit=50, offset=0) for t in terms]))

    filters = [(rng.choice(actors), f"{rng.choice((2022, 2023, 2024, 2025))}-{rng.randrange(1, 13):02d}")
               for _ in range(n)]
    out.append(Case(
        "GET /attacks?perpetrator=&since=",
        [f"/attacks?perpetrator={a}&since={s}" for a, s in filters],
        [lambda q, a=a, s=s: q.attacks(perpetrator=f"actor:{a}", places=None, method=None,
                                       since=date.fromisoformat(s + "-01"), until=None, limit=50,
                                       offset=0) for a, s in filters]))

    ags = [rng.choice(agreement_ids) for _ in range(n)]
    out.append(Case("GET /agreements/{id}", [f"/agreements/{g}" for g in ags],
                    [lambda q, g=g: q.agreement(f"agreement:{g}") for g in ags]))

    years = [(rng.choice(actors), rng.choice((2022, 2023, 2024, 2025))) for _ in range(n)]
    out.append(Case(
        "GET /events?actor=&since=&until=",
        [f"/events?actor={a}&since={y}&until={y}" for a, y in years],
        [lambda q, a=a, y=y: q.events(actor=f"actor:{a}", label=None, places=None, since=date(y, 1, 1),
                                      until=date(y, 12, 31), limit=50, offset=0) for a, y in years]))
    # Unfiltered lists, paged from the start as a browsing analyst does: read off the date index.
    offsets = [rng.randrange(0, 20) * 50 for _ in range(n)]
    out.append(Case("GET /attacks (unfiltered)", [f"/attacks?offset={o}" for o in offsets],
                    [lambda q, o=o: q.attacks(perpetrator=None, places=None, method=None, since=None,
                                              until=None, limit=50, offset=o) for o in offsets]))
    out.append(Case("GET /events (unfiltered)", [f"/events?offset={o}" for o in offsets],
                    [lambda q, o=o: q.events(actor=None, label=None, places=None, since=None,
                                             until=None, limit=50, offset=o) for o in offsets]))
    return out


@dataclass
class Result:
    latencies_ms: list[float]
    seconds: float
    errors: int

    def pct(self, p: float) -> float:
        xs = sorted(self.latencies_ms)
        return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))] if xs else float("nan")

    @property
    def rps(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0


async def drive(jobs: Iterable[Callable[[int], Awaitable[bool]]], clients: int,
                max_seconds: float) -> Result:
    """`clients` workers take jobs until none are left or time is up; a job gets its worker's
    number and says whether it passed."""
    latencies: list[float] = []
    errors = 0
    queue = iter(jobs)
    deadline = time.perf_counter() + max_seconds

    async def worker(number: int) -> None:
        nonlocal errors
        for job in queue:
            if time.perf_counter() > deadline:
                return
            t = time.perf_counter()
            ok = await job(number)
            latencies.append((time.perf_counter() - t) * 1000)
            errors += not ok

    started = time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(clients)))
    return Result(latencies, time.perf_counter() - started, errors)


class Clients:
    """One HTTP client with one keep-alive connection per concurrent worker, like 32 separate
    analysts. The load generator shares the machine's cores with the API and Neo4j, so its CPU is
    charged to the HTTP side: `raw` (bench/rawhttp.py) by default, the cheapest; aiohttp costs 2–3×
    as much per request, and httpx more than the API itself (the CPU columns show it)."""

    def __init__(self, kind: str, base: str, clients: int) -> None:
        self.kind, self.base = kind, base
        if kind == "raw":
            host, port = base.removeprefix("http://").rsplit(":", 1)
            self._raw = [RawHTTP(host, int(port)) for _ in range(clients)]
        elif kind == "httpx":
            self._httpx = [httpx.AsyncClient(base_url=base, timeout=30, limits=httpx.Limits(
                max_connections=1, max_keepalive_connections=1)) for _ in range(clients)]
        else:
            import aiohttp

            self._aiohttp = [aiohttp.ClientSession(base, connector=aiohttp.TCPConnector(limit=1),
                                                   timeout=aiohttp.ClientTimeout(total=30)) for _ in range(clients)]

    async def get(self, number: int, url: str) -> int:
        if self.kind == "raw":
            return await self._raw[number].get(url)
        if self.kind == "httpx":
            return (await self._httpx[number].get(url)).status_code
        async with self._aiohttp[number].get(url) as response:
            await response.read()
            return response.status

    async def close(self) -> None:
        for raw in getattr(self, "_raw", []):
            await raw.close()
        for client in getattr(self, "_httpx", []):
            await client.aclose()
        for session in getattr(self, "_aiohttp", []):
            await session.close()


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children (uvicorn workers), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
        todo += [int(c) for c in children]
    return total


def run_loop(coro: Coroutine[Any, Any, T]) -> T:
    """asyncio.run on the event loop uvicorn picks (uvloop when installed), so that the typed
    layer measured here runs on the same loop as the API it is compared with."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(coro)


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _cycled(items: list[T]) -> Iterator[T]:
    """A round's requests: the case's list over and over, until the round's time is up."""
    return itertools.islice(itertools.cycle(items), MAX_REQUESTS)


async def run_http(base: str, case: Case, clients: int, warmup: int, seconds: float,
                   kind: str = "raw") -> Result:
    http = Clients(kind, base, clients)
    try:
        async def get(number: int, url: str) -> bool:
            return await http.get(number, url) == 200

        await drive([lambda n, u=u: get(n, u) for u in case.urls[:warmup]], clients, seconds)
        return await drive((lambda n, u=u: get(n, u) for u in _cycled(case.urls[warmup:])), clients,
                           seconds)
    finally:
        await http.close()


async def run_revalidating(base: str, case: Case, clients: int, warmup: int,
                           max_seconds: float) -> Result:
    """The same requests from clients that keep each answer's ETag and send it back: once the
    graph is unchanged, every answer is a 304 that runs no query."""
    etags: dict[str, str] = {}
    http = [httpx.AsyncClient(base_url=base, timeout=30,
                              limits=httpx.Limits(max_connections=1, max_keepalive_connections=1))
            for _ in range(clients)]
    try:
        async def get(number: int, url: str) -> bool:
            headers = {"If-None-Match": etags[url]} if url in etags else {}
            response = await http[number].get(url, headers=headers)
            if "etag" in response.headers:
                etags[url] = response.headers["etag"]
            return response.status_code in (200, 304)

        urls = case.urls[warmup:]
        await drive([lambda n, u=u: get(n, u) for u in urls], clients, max_seconds)  # fills the ETags
        return await drive([lambda n, u=u: get(n, u) for u in urls], clients, max_seconds)
    finally:
        for client in http:
            await client.aclose()


async def run_direct(settings: Settings, case: Case, clients: int, warmup: int,
                     seconds: float) -> Result:
    driver = create_async_driver(settings, fail_fast=True)
    queries = Queries(driver, settings)
    try:
        async def call(f: Callable[[Queries], Awaitable[object]]) -> bool:
            return await f(queries) is not None

        await drive([lambda n, f=f: call(f) for f in case.direct[:warmup]], clients, seconds)
        return await drive((lambda n, f=f: call(f) for f in _cycled(case.direct[warmup:])), clients,
                           seconds)
    finally:
        await driver.close()


def rss_mib(pid: int) -> float:
    """Resident memory of a process and its children (uvicorn workers), from /proc."""
    total_kib = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        total_kib += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
        todo += [int(c) for c in children]
    return total_kib / 1024


async def soak(base: str, todo: list[Case], clients: int, seconds: float,
               pid: int) -> tuple[Result, float, float, Counter[str]]:
    """Mixed reads (every case's URLs in turn) for `seconds`; memory before and after, and what
    the failed requests answered."""
    failures: Counter[str] = Counter()
    urls = [u for case in todo for u in case.urls]
    random.Random(1).shuffle(urls)
    http = [httpx.AsyncClient(base_url=base, timeout=30,
                              limits=httpx.Limits(max_connections=1, max_keepalive_connections=1))
            for _ in range(clients)]
    try:
        async def get(number: int, url: str) -> bool:
            try:
                status = (await http[number].get(url)).status_code
            except httpx.HTTPError as exc:
                failures[type(exc).__name__] += 1
                return False
            if status != 200:
                failures[f"{status} {url.split('?')[0]}"] += 1
            return status == 200

        cycle = itertools.islice(itertools.cycle(urls), MAX_REQUESTS)
        jobs = (lambda n, u=url: get(n, u) for url in cycle)
        before = rss_mib(pid)
        result = await drive(jobs, clients, seconds)
        return result, before, rss_mib(pid), failures
    finally:
        for client in http:
            await client.aclose()


# uvicorn's HTTP protocol: the one `conflictkg serve` uses (api.serving), or uvicorn's own, to compare
_PROTOCOLS = {"coalescing": "conflictkg.api.serving:CoalescingHttpToolsProtocol", "httptools": "httptools"}


@contextmanager
def api_server(settings: Settings, workers: int, protocol: str) -> Iterator[tuple[str, int]]:
    port = free_port()
    env = {**os.environ, "NEO4J_URI": settings.effective_uri, "NEO4J_USER": settings.neo4j_user,
           "NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
           "NEO4J_DATABASE": settings.neo4j_database, "CONFLICTKG_ENV": "development"}
    # as `conflictkg serve` runs it (its protocol), without the access log
    http = _PROTOCOLS[protocol]
    proc = subprocess.Popen(
        [sys.executable, "-c", "import uvicorn; uvicorn.run('conflictkg.api:app', host='127.0.0.1', "
         f"port={port}, log_level='warning', access_log=False, workers={workers}, http={http!r})"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                err = proc.stderr.read().decode() if proc.stderr else ""
                raise SystemExit(f"the API did not come up:\n{err}")
            time.sleep(0.2)
        yield base, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=2_000, help="events per written document")
    parser.add_argument("--requests", type=int, default=2_000,
                        help="distinct requests per endpoint, cycled through until a round's time is up")
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--http", choices=tuple(_PROTOCOLS), default="coalescing",
                        help="the server's HTTP protocol: conflictkg serve's (coalescing) or uvicorn's own")
    parser.add_argument("--client", choices=("raw", "aiohttp", "httpx"), default="raw",
                        help="the load generator's HTTP client (raw: bench/rawhttp.py)")
    parser.add_argument("--only", default="", help="endpoints whose name contains this text")
    parser.add_argument("--rounds", type=int, default=5, help="HTTP and typed runs per endpoint, in turn")
    parser.add_argument("--round-seconds", type=float, default=4.0,
                        help="how long each side of a round runs, after its warm-up")
    parser.add_argument("--seed", type=int, default=20250301)
    parser.add_argument("--soak-seconds", type=float, default=60.0, help="0: no soak line")
    parser.add_argument("--soak-clients", type=int, default=16)
    args = parser.parse_args()

    with database("bench", say=console.print) as settings:
        load_graph(settings, args.events, args.batch, args.seed)

        async def agreements() -> list[str]:
            driver = create_async_driver(settings, fail_fast=True)
            try:
                page = await Queries(driver, settings).agreements(
                    party=None, mediator=None, status=None, topic=None, since=None, until=None,
                    limit=1000, offset=0)
            finally:
                await driver.close()
            return [g.id.removeprefix("agreement:") for g in page.items]

        agreement_ids = run_loop(agreements())
        todo = [case for case in cases(random.Random(args.seed), args.requests + args.warmup, agreement_ids)
                if args.only in case.name]
        if not todo:
            raise SystemExit(f"no endpoint's name contains {args.only!r}")
        rows = []
        soaked: tuple[Result, float, float, Counter[str]] | None = None
        # This process (load generator and typed layer) runs under the collector settings the API
        # process gives itself, so that neither side of a ratio is charged for them.
        with api_server(settings, args.workers, args.http) as (base, pid), settled_heap():
            for case in todo:
                rounds: list[tuple[Result, Result]] = []
                api_cpu = client_cpu = typed_cpu = 0.0
                sent = called = 0
                # HTTP and the typed layer take turns, and which goes first alternates, so that a
                # drift of the machine's speed (this VM's shifts by 2x within minutes) and whatever
                # the side before left behind (Neo4j's caches, the collector) fall on both sides.
                for number in range(1, args.rounds + 1):
                    console.print(f"{case.name}, round {number}/{args.rounds}:", end=" ")
                    http = direct = None
                    for side in (("http", "typed") if number % 2 else ("typed", "http")):
                        api0, own0 = cpu_seconds(pid), own_cpu_seconds()
                        if side == "http":
                            http = run_loop(run_http(base, case, args.clients, args.warmup,
                                                     args.round_seconds, args.client))
                            api_cpu += cpu_seconds(pid) - api0
                            client_cpu += own_cpu_seconds() - own0
                            sent += len(http.latencies_ms) + args.warmup
                            console.print(f"HTTP p50 {http.pct(50):.1f} ms;", end=" ")
                        else:
                            direct = run_loop(run_direct(settings, case, args.clients, args.warmup,
                                                         args.round_seconds))
                            typed_cpu += own_cpu_seconds() - own0
                            called += len(direct.latencies_ms) + args.warmup
                            console.print(f"typed p50 {direct.pct(50):.1f} ms;", end=" ")
                    console.print()
                    assert http is not None and direct is not None
                    rounds.append((http, direct))
                cpu = (1000 * api_cpu / sent, 1000 * client_cpu / sent, 1000 * typed_cpu / called)
                rows.append((case.name, rounds, cpu))
            revalidating = todo[-2 if len(todo) > 1 else 0]  # unfiltered /attacks when all run
            revalidated = run_loop(run_revalidating(base, revalidating, args.clients, args.warmup,
                                                       max_seconds=30.0))
            if args.soak_seconds > 0:
                console.print(f"soak: {args.soak_seconds:g} s of mixed reads …")
                soaked = run_loop(soak(base, todo, args.soak_clients, args.soak_seconds, pid))

    table = Table(title=f"{args.events:,} events, {args.clients} concurrent clients ({args.client}), "
                        f"{os.cpu_count()} CPUs, uvicorn workers: {args.workers} ({args.http}), medians of "
                        f"{args.rounds} rounds")
    for col in ("endpoint", "requests", "p50 ms", "p99 ms", "req/s", "errors", "typed p50",
                "typed p99", "typed q/s", "p50 ratio", "ratios", "API CPU", "client CPU", "typed CPU"):
        table.add_column(col, justify="left" if col == "endpoint" else "right")
    for name, rounds, (api_cpu, client_cpu, typed_cpu) in rows:
        https, directs = [h for h, _ in rounds], [d for _, d in rounds]
        ratios = [h.pct(50) / d.pct(50) for h, d in rounds]
        table.add_row(
            name, str(sum(len(h.latencies_ms) for h in https)),
            f"{median(h.pct(50) for h in https):.1f}", f"{median(h.pct(99) for h in https):.1f}",
            f"{median(h.rps for h in https):.0f}", str(sum(h.errors for h in https)),
            f"{median(d.pct(50) for d in directs):.1f}", f"{median(d.pct(99) for d in directs):.1f}",
            f"{median(d.rps for d in directs):.0f}", f"{median(ratios):.2f}",
            " ".join(f"{r:.2f}" for r in ratios),
            f"{api_cpu:.2f}", f"{client_cpu:.2f}", f"{typed_cpu:.2f}",
        )
    wide = Console(width=max(140, Console().width))  # the table stays whole in logs and pipes
    wide.print(table)
    wide.print("Latency as one of the concurrent clients sees it, queueing included; typed = the same "
               "named query through the typed layer (api.queries), no HTTP. Each round runs both sides for "
               f"{args.round_seconds:g} s each, in turns (HTTP first in odd rounds, typed first in even ones); "
               "p50 ratio is the median of the rounds' ratios (listed). "
               "CPU columns: ms of CPU per "
               f"request of the API process, of the load generator ({args.client}), and of this process when "
               "it runs the typed layer itself (driver and models): the machine's cores are shared by all "
               "three and Neo4j.", style="dim")
    wide.print(f"conditional GET ({revalidating.name}, If-None-Match with the answer's ETag): "
               f"{len(revalidated.latencies_ms)} requests, p50 {revalidated.pct(50):.1f} ms, "
               f"p99 {revalidated.pct(99):.1f} ms, {revalidated.rps:.0f} req/s, {revalidated.errors} errors")
    if soaked is not None:
        result, before, after, failures = soaked
        growth = (after - before) / before * 100 if before else float("nan")
        wide.print(f"soak: {result.seconds:.0f} s, {args.soak_clients} clients, {len(result.latencies_ms)} requests "
                   f"({result.rps:.0f}/s, p50 {result.pct(50):.1f} ms, p99 {result.pct(99):.1f} ms), "
                   f"{result.errors} errors; API memory {before:.0f} MiB at the start, {after:.0f} MiB at the end "
                   f"({growth:+.1f}%, {'within' if growth <= 10 else 'OVER'} the 10% bound)")
        if failures:
            wide.print("soak failures: " + ", ".join(f"{k} x{v}" for k, v in failures.most_common()))


if __name__ == "__main__":
    main()

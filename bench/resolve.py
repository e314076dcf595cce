"""Load throughput with and without cross-article resolution.

N synthetic articles (default 10,000) report events drawn from a smaller pool of real-world events
(attacks in a few dozen places over a year, agreements between pairs of parties, accusations), so
most events are reported by several articles, each with its own mention id, wording of the date
(the day, sometimes only the week or month), figures and sometimes the region instead of the town.
The articles are prepared once (graph.writer.prepare_document) and written with the corpus load's
batched path (`graph.pipeline.PipelinedWriter`, 50 articles per transaction, one writer's resolution cache as a corpus
load keeps) into an emptied database: with resolution (the default) and without it
(`CONFLICTKG_RESOLVE_EVENTS=false`, here the writer's `resolution=False`), alternating for
`--rounds` rounds after a first round of each that is not counted (it warms the database's JIT:
the first runs were about a third slower, the run without resolution most). Printed: articles/s
of each run, the event nodes it made and the writer's CPU seconds, the medians and their ratio
(target >= 0.7), and the median of the rounds' own ratios (each round's two runs see the same
state of a shared machine).

    python bench/resolve.py [--articles 10000] [--batch 50] [--rounds 3]
"""

from __future__ import annotations

import argparse
import gc
import logging
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throwaway import database

from conflictkg.graph.connection import create_driver
from conflictkg.graph.ids import article_id, entity_id, event_id
from conflictkg.graph.pipeline import PipelinedWriter
from conflictkg.graph.schema import apply_schema
from conflictkg.graph.writer import PreparedDocument, prepare_document

_COUNTRIES = ("Ukraine", "Sudan", "Myanmar", "Lebanon", "Syria", "Yemen", "Somalia", "Mali", "Niger", "Haiti",
              "Colombia", "Ethiopia", "Burkina Faso", "Nigeria", "Iraq", "Libya")
_METHODS = ("drone", "missile", "shelling", "airstrike", "ground_assault")
_TOPICS = ("ceasefire", "prisoner_exchange", "humanitarian", "energy_strike_moratorium")
_STATUSES = ("proposed", "agreed", "in_force", "violated")


def _world(rng: random.Random, events: int) -> list[dict[str, Any]]:
    """The pool of real events the articles report."""
    pool: list[dict[str, Any]] = []
    first = date(2025, 1, 1)
    for i in range(events):
        country = _COUNTRIES[i % len(_COUNTRIES)]
        day = first + timedelta(days=rng.randrange(365))
        kind = rng.random()
        if kind < 0.7:
            pool.append({"kind": "attack", "country": country, "region": f"{country} region {rng.randrange(4)}",
                         "town": f"{country} town {rng.randrange(30)}", "day": day, "method": rng.choice(_METHODS),
                         "perpetrator": f"{country} armed group {rng.randrange(5)}", "killed": rng.randrange(1, 40)})
        elif kind < 0.85:
            pool.append({"kind": "agreement", "topic": rng.choice(_TOPICS), "day": day,
                         "parties": sorted({country, _COUNTRIES[rng.randrange(len(_COUNTRIES))]})})
        else:
            pool.append({"kind": "accusation", "country": country, "day": day,
                         "accused": f"{country} armed group {rng.randrange(5)}"})
    return pool


def _node(node_id: str, label: str, props: dict[str, Any], quote: str) -> dict[str, Any]:
    return {"id": node_id, "label": label, "properties": props,
            "evidence": [{"sentence": 0, "start": 0, "end": len(quote), "quote": quote}]}


def _rel(type_: str, start: str, end: str, quote: str) -> dict[str, Any]:
    return {"type": type_, "start": start, "end": end,
            "evidence": [{"sentence": 0, "start": 0, "end": len(quote), "quote": quote}]}


def _date_text(rng: random.Random, day: date) -> str:
    r = rng.random()
    if r < 0.75:
        return day.isoformat()
    if r < 0.9:
        y, w, _ = day.isocalendar()
        return f"{y}-W{w:02d}"
    return f"{day.year}-{day.month:02d}"


def article(rng: random.Random, number: int, pool: list[dict[str, Any]]) -> dict[str, Any]:
    """One article about 3-5 events of the pool, each with this article's mention id and wording."""
    text = f"Synthetic report {number}."
    aid = article_id(text)
    nodes: dict[str, dict[str, Any]] = {}
    rels: list[dict[str, Any]] = []

    def actor(name: str, kind: str) -> str:
        node_id = entity_id("actor", name)
        nodes.setdefault(node_id, _node(node_id, "Actor", {"name": name, "kind": kind}, text))
        return node_id

    def place(name: str, parent: str | None, country: str) -> str:
        node_id = entity_id("location", name)
        nodes.setdefault(node_id, _node(node_id, "Location", {"name": name, "kind": "city"}, text))
        up = entity_id("location", parent) if parent else actor(country, "country")
        if parent:
            nodes.setdefault(up, {"id": up, "label": "Location", "properties": {"name": parent, "kind": "region",
                                                                                 "source": "gazetteer"},
                                  "evidence": []})
            rels.append({"type": "LOCATED_IN", "start": up, "end": actor(country, "country"),
                         "properties": {"source": "gazetteer"}})
        rels.append({"type": "LOCATED_IN", "start": node_id, "end": up, "properties": {"source": "gazetteer"}})
        return node_id

    for k, ev in enumerate(rng.sample(pool, rng.randint(3, 5))):
        mention = event_id(ev["kind"], article=aid, n=k)
        when = _date_text(rng, ev["day"])
        if ev["kind"] == "attack":
            where = (place(ev["town"], ev["region"], ev["country"]) if rng.random() < 0.8
                     else place(ev["region"], None, ev["country"]))
            killed = max(0, ev["killed"] + rng.randrange(-3, 4))
            nodes[mention] = _node(mention, "Attack", {"method": ev["method"], "date": when, "killed": killed,
                                                       "killed_qualifier": "exact"}, text)
            rels += [_rel("PERPETRATED", actor(ev["perpetrator"], "armed_group"), mention, text),
                     _rel("TARGETED", mention, where, text)]
        elif ev["kind"] == "agreement":
            nodes[mention] = _node(mention, "Agreement", {"topic": ev["topic"], "name": ev["topic"].replace("_", " "),
                                                          "date": when, "status": rng.choice(_STATUSES)}, text)
            parties = ev["parties"] if rng.random() < 0.8 else ev["parties"][:1]
            rels += [_rel("PARTY_TO", actor(p, "country"), mention, text) for p in parties]
        else:
            nodes[mention] = _node(mention, "Accusation", {"date": when}, text)
            rels += [_rel("MADE", actor(ev["country"], "country"), mention, text),
                     _rel("AGAINST", mention, actor(ev["accused"], "armed_group"), text)]
    return {"article": {"id": aid, "language": "en", "published": (ev["day"] + timedelta(days=1)).isoformat(),
                        "title": text, "extractor": "bench"},
            "nodes": list(nodes.values()), "relationships": rels}


def run(settings: Any, prepared: list[PreparedDocument], batch: int, resolution: bool) -> tuple[float, int, float]:
    """Articles/s, event nodes made, and the writer's CPU seconds (steadier than the wall clock on a
    shared machine: what resolution costs this process, apart from the database's share)."""
    with create_driver(settings) as driver:
        with driver.session(database=settings.neo4j_database) as session:  # IN TRANSACTIONS: auto-commit
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()
        apply_schema(driver, settings.neo4j_database)
        started, cpu = time.monotonic(), time.process_time()
        # one writer with its resolution cache, as a corpus load has (graph.pipeline)
        with PipelinedWriter(driver, database=settings.neo4j_database, resolution=resolution) as writer:
            pending = [writer.submit(prepared[i:i + batch]) for i in range(0, len(prepared), batch)]
            for future in pending:
                future.result()
        seconds, cpu = time.monotonic() - started, time.process_time() - cpu
        if resolution:
            print(f"  {writer.adopted} of {len(pending)} batches resolved ahead of their transaction", flush=True)
        events = driver.execute_query("MATCH (n) WHERE n:Attack OR n:Agreement OR n:Accusation RETURN count(n)")
        return len(prepared) / seconds, int(events.records[0][0]), cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--events", type=int, default=None, help="real events in the pool (default: articles/2)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each, alternating; medians are printed")
    args = parser.parse_args()
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)  # properties a fresh graph lacks yet
    rng = random.Random(9)
    pool = _world(rng, args.events or args.articles // 2)
    started = time.monotonic()
    prepared = [prepare_document(article(rng, i, pool)) for i in range(args.articles)]
    # A load streams its articles; the bench holds all of them, and the collector would scan them
    # all at every full collection (more often with resolution, which allocates more): frozen
    # here, they cost the runs what articles read one by one would.
    gc.freeze()
    mentions = sum(len(p.batches.nodes.get(lab, [])) for p in prepared for lab in ("Attack", "Agreement", "Accusation"))
    print(f"{args.articles} articles, {mentions} event mentions of {len(pool)} real events "
          f"(prepared in {time.monotonic() - started:.1f} s)")
    offs, ons = [], []
    with database("resolve", heap="1g", pagecache="512m") as settings:
        for r in range(args.rounds + 1):  # alternating, so both see the same noise
            off, off_nodes, off_cpu = run(settings, prepared, args.batch, resolution=False)
            on, on_nodes, on_cpu = run(settings, prepared, args.batch, resolution=True)
            if r > 0:
                offs.append(off)
                ons.append(on)
            print(f"round {r}{' (warm-up, not counted)' if r == 0 else ''}: "
                  f"without {off:7.1f} articles/s ({off_nodes} event nodes, writer CPU {off_cpu:.1f} s), "
                  f"with {on:7.1f} articles/s ({on_nodes} event nodes, writer CPU {on_cpu:.1f} s), "
                  f"ratio {on / off:.2f}", flush=True)
    off, on = statistics.median(offs), statistics.median(ons)
    print(f"without resolution: {off:8.1f} articles/s (median of {args.rounds})")
    print(f"with resolution:    {on:8.1f} articles/s (median of {args.rounds})")
    print(f"ratio with/without: {on / off:.2f} (target >= 0.70)")
    paired = statistics.median(b / a for a, b in zip(offs, ons, strict=True))
    print(f"median of the rounds' ratios: {paired:.2f}")


if __name__ == "__main__":
    main()

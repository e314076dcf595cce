"""Resolution inside a write transaction: lock the blocks, read the candidates, resolve, and after
the upserts derive the merged nodes' date, status and figures from their claims.

Concurrency: the blocks a batch resolves in are locked (`resolution_lock`) before any candidate
is read, so two writers of the same new event are serialised: the second one waits for the
first one's commit and then finds its node. Locks are taken in key order in one query; a deadlock
between two batches is a transient error the driver retries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import neo4j

from conflictkg.graph.claims import Claim, aggregate, distinct, life
from conflictkg.graph.matching import CLAIMS_MATCHED, LINKS, PLACE_TYPES, Profile, leaves
from conflictkg.graph.queries import query
from conflictkg.graph.resolver import Doc, Found, Person, Resolver, plan


def _claims(rows: list[dict[str, Any]]) -> list[Claim]:
    return [Claim(**{k: (v.to_native() if hasattr(v, "to_native") else v) for k, v in r.items()})
            for r in rows if r.get("mention")]


def _profile(label: str, rec: neo4j.Record) -> Profile:
    links: dict[str, set[str]] = defaultdict(set)
    places: set[str] = set()
    for type_, other, other_label, kind in rec["links"]:
        links[type_].add(other)
        if type_ in PLACE_TYPES and (other_label == "Location" or kind == "country"):
            places.add(other)
    ups: dict[str, set[str]] = defaultdict(set)
    for place, up in rec["ancestors"]:
        ups[place].add(up)
    ancestors = {p: frozenset(ups.get(p, ())) for p in places}
    claims = distinct(_claims(rec["claims"]))
    # an agreement's life: kept on the node, or (written before it was) from every report's claim
    kept = {k: v.to_native() for k, v in rec["life"].items() if v is not None}
    told = life(claims) if claims else {}
    start, end = rec["start"], rec["end"]
    return Profile(
        label=label, id=rec["id"], start=start.to_native() if start else None,
        end=end.to_native() if end else None, props=dict(rec["props"]),
        links={t: frozenset(v) for t, v in links.items()}, places=leaves(places, ancestors),
        ancestors=ancestors, block=rec["block"], articles=frozenset(rec["articles"]),
        reported=kept.get("reported_from", told.get("reported_from")),
        seen_until=kept.get("seen_until", told.get("seen_until")),
        collapsed=kept.get("collapsed_on", told.get("collapsed_on")), claims=claims,
    )


def lookup(tx: neo4j.ManagedTransaction, docs: list[Doc], *, reloads: Sequence[str] = ()) -> Found:
    """Lock the batch's blocks and read what resolution needs (a handful of queries per batch)."""
    p = plan(docs)
    found = Found()
    if p.locks:
        tx.run(query("resolution_lock").text, keys=p.locks).consume()
    for label, probes in p.probes.items():
        if probes:
            text = query("resolution_candidates").render(label=label)
            rows = [{"key": k, "start": start, "end": end} for k, start, end in sorted(probes, key=str)]
            for rec in tx.run(text, probes=rows, link_types=list(LINKS[label]), place_types=list(PLACE_TYPES),
                              with_claims=label in CLAIMS_MATCHED):
                found.candidates.setdefault(rec["block"], []).append(_profile(label, rec))
    for label, ids in p.ids.items():
        if ids:
            text = query("resolution_existing").render(label=label)
            found.existing.update(r["id"] for r in tx.run(text, ids=sorted(ids)))
    if p.persons:
        for rec in tx.run(query("resolution_persons").text, keys=sorted(p.persons)):
            found.persons.setdefault(rec["key"], []).append(Person(rec["id"], rec["key"], rec["affiliation"]))
    for article_id in reloads:
        for rec in tx.run(query("resolution_prior").text, article_id=article_id):
            found.prior[(article_id, rec["mention"])] = (rec["node"], rec["rule"])
    return found


def resolve(tx: neo4j.ManagedTransaction, docs: list[Doc], *,
            reloads: Sequence[str] = ()) -> tuple[list[Doc], Resolver]:
    resolver = Resolver()
    return resolver.resolve(docs, lookup(tx, docs, reloads=reloads)), resolver


def refresh(tx: neo4j.ManagedTransaction, nodes: dict[str, str]) -> None:
    """Derive the date, status and figures of these nodes (id -> label) from all their claims."""
    by_label: dict[str, list[str]] = defaultdict(list)
    for node_id, label in nodes.items():
        by_label[label].append(node_id)
    for label, ids in by_label.items():
        rows = []
        for rec in tx.run(query("resolution_claims").render(label=label), ids=sorted(ids)):
            claims = _claims(rec["claims"])
            if claims:
                rows.append({"id": rec["id"], "properties": aggregate(label, claims)})
        if rows:
            tx.run(query("resolution_refresh").render(label=label), rows=rows).consume()

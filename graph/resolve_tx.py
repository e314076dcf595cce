"""Resolution inside a write transaction: lock the blocks, read the candidates, resolve, and after
the upserts derive the merged nodes' date, status and figures from their claims.

Concurrency: the blocks a batch resolves in are locked (`resolution_lock`) before any candidate
is read, so two writers of the same new event are serialised: the second one waits for the
first one's commit and then finds its node. Locks are taken in key order in one query; a deadlock
between two batches is a transient error the driver retries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import neo4j

from conflictkg.graph.claims import Claim, aggregate, distinct, life
from conflictkg.graph.matching import CLAIMS_MATCHED, LINKS, PLACE_TYPES, UNDATED_BEFORE, Profile, leaves
from conflictkg.graph.queries import query
from conflictkg.graph.resolution_cache import CacheUse, ResolutionCache
from conflictkg.graph.resolver import Doc, Found, Person, Resolver, plan

# Planning the candidates query takes 0.1-0.3 s, and a growing graph's statistics would have it
# replanned every few batches of a load, though its plan (an index seek per probe) never changes.
# (A prefix here, not in the query file: the API's guard refuses query options in analysts' Cypher,
# and the named queries pass it.)
_NO_REPLAN = "CYPHER replan=skip\n"


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
    first, last = kept.get("reported_from"), kept.get("reported_until")
    return Profile(
        label=label, id=rec["id"], start=start.to_native() if start else None,
        end=end.to_native() if end else None, props=dict(rec["props"]),
        links={t: frozenset(v) for t, v in links.items()}, places=leaves(places, ancestors),
        ancestors=ancestors, block=rec["block"], articles=frozenset(rec["articles"]),
        reported=kept.get("reported_from", told.get("reported_from")),
        seen_until=kept.get("seen_until", told.get("seen_until")),
        collapsed=kept.get("collapsed_on", told.get("collapsed_on")), claims=claims,
        report_days=(first, last) if label == "Attack" and first and last else None,
    )


def lookup(tx: neo4j.ManagedTransaction, docs: list[Doc], *, reloads: Sequence[str] = (),
           cache: ResolutionCache | None = None) -> tuple[Found, CacheUse | None]:
    """Lock the batch's blocks and read what resolution needs (a handful of queries per batch).
    With a cache as new as the graph, the blocks it holds are not read, and the others are read
    in full (so that it can hold them from now on)."""
    p = plan(docs)
    found = Found()
    cached = None
    if p.locks or cache is not None:
        # the version under the locks: no writer of these blocks comes in between
        started = int(tx.run(query("resolution_lock").text, keys=p.locks).single(strict=True)["version"])
        if cache is not None:
            cached = CacheUse.start(cache, started)
    held: dict[str, list[tuple[date | None, date | None]]] = defaultdict(list)  # block -> probes' days
    for label, probes in p.probes.items():
        if cached is not None:
            for k, first, last in sorted(probes, key=str):
                if k in cached.base.blocks:
                    held[k].append((first, last))
            probes = {(k, None, None) for k, _, _ in probes if k not in cached.base.blocks}
            cached.read.update(k for k, _, _ in probes)
        if probes:
            text = _NO_REPLAN + query("resolution_candidates").render(label=label)
            rows = [{"key": k, "start": start, "end": end} for k, start, end in sorted(probes, key=str)]
            for rec in tx.run(text, probes=rows, link_types=list(LINKS[label]), place_types=list(PLACE_TYPES),
                              with_claims=label in CLAIMS_MATCHED, life=label in CLAIMS_MATCHED,
                              undated_before=UNDATED_BEFORE.days):
                found.candidates.setdefault(rec["block"], []).append(_profile(label, rec))
    if cached is not None and held:
        found.candidates.update(cached.held(tx, held))
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
    return found, cached


class Resolution:
    """One transaction's resolution: `resolve` the batch, write, then `commit(version)` says what
    the writer's cache becomes once the transaction commits (see `ResolutionCache`)."""

    def __init__(self, cache: ResolutionCache | None = None) -> None:
        self.cache = cache
        self.resolver = Resolver()
        self.found = Found()
        self._cached: CacheUse | None = None
        self._docs: list[Doc] = []

    def resolve(self, tx: neo4j.ManagedTransaction, docs: list[Doc], *,
                reloads: Sequence[str] = ()) -> list[Doc]:
        self.found, self._cached = lookup(tx, docs, reloads=reloads, cache=self.cache)
        self._docs = docs
        return self.resolver.resolve(docs, self.found)

    @property
    def touched(self) -> dict[str, str]:
        return self.resolver.touched

    @property
    def profiles(self) -> dict[str, Profile]:
        """The events this transaction resolved whose profiles hold every claim of theirs."""
        return {i: p for i, p in self.resolver.nodes.items() if p.all_claims and i not in self.resolver.unprofiled}

    def commit(self, version: int) -> ResolutionCache | None:
        """The cache to keep once the transaction that made graph `version` commits."""
        if self._cached is None:
            return None
        return self._cached.proposal(self.resolver, self.found, self._docs, version)


def derive(nodes: dict[str, str], known: Mapping[str, Profile]) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """The date, status and figures of those of these nodes (id -> label) whose `known` profile
    holds all their claims (nodes the resolver made), and the nodes left to `refresh`."""
    derived: dict[str, dict[str, Any]] = {}
    rest: dict[str, str] = {}
    for node_id, label in nodes.items():
        profile = known.get(node_id)
        if profile is not None and profile.all_claims:
            derived[node_id] = aggregate(label, profile.claims)
        else:
            rest[node_id] = label
    return derived, rest


def refresh(tx: neo4j.ManagedTransaction, nodes: dict[str, str], known: Mapping[str, Profile] | None = None) -> None:
    """Derive the date, status and figures of these nodes (id -> label) from all their claims:
    the claims of `known` profiles that hold them all (nodes the resolver made), else as read."""
    derived, rest = derive(nodes, known or {})
    rows_of: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for node_id, props in derived.items():
        rows_of[nodes[node_id]].append({"id": node_id, "properties": props})
    by_label: dict[str, list[str]] = defaultdict(list)
    for node_id, label in rest.items():
        by_label[label].append(node_id)
    for label, ids in by_label.items():
        for rec in tx.run(query("resolution_claims").render(label=label), ids=sorted(ids)):
            claims = _claims(rec["claims"])
            if claims:
                rows_of[label].append({"id": rec["id"], "properties": aggregate(label, claims)})
    for label, rows in rows_of.items():
        if rows:
            tx.run(query("resolution_refresh").render(label=label), rows=rows).consume()

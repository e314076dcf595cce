"""Resolution inside a write transaction: lock the blocks, read the candidates, resolve, and after
the upserts derive the merged nodes' date, status and figures from their claims.

Concurrency: the blocks a batch resolves in are locked (`resolution_lock`) before any candidate
is read, so two writers of the same new event are serialised: the second one waits for the
first one's commit and then finds its node. Locks are taken in key order in one query; a deadlock
between two batches is a transient error the driver retries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from typing import Any, Final

import neo4j

from conflictkg.graph.claims import Claim, aggregate, life
from conflictkg.graph.matching import CLAIMS_MATCHED, LINKS, PLACE_TYPES, UNDATED_BEFORE, Profile, leaves
from conflictkg.graph.queries import query
from conflictkg.graph.resolution_cache import CacheUse, ResolutionCache
from conflictkg.graph.resolver import Doc, Found, Person, Resolver, plan

# Planning the candidates query takes 0.1-0.3 s, and a growing graph's statistics would have it
# replanned every few batches of a load, though its plan (an index seek per probe) never changes.
# (A prefix here, not in the query file: the API's guard refuses query options in analysts' Cypher,
# and the named queries pass it.)
_NO_REPLAN: Final = "CYPHER replan=skip\n"


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
    # an agreement's life: kept on the node, or (written before it was) from every report's claim
    # (a minimum or maximum: a claim repeated by an edge per sentence changes nothing)
    claims = _claims(rec["claims"])
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
        collapsed=kept.get("collapsed_on", told.get("collapsed_on")),
        report_days=(first, last) if label == "Attack" and first and last else None,
    )


def existing_blocks(tx: neo4j.ManagedTransaction, keys: list[str]) -> set[str]:
    """Which of these blocks exist."""
    return {r["id"] for r in tx.run(query("resolution_blocks").text, keys=keys)}


@dataclass(frozen=True)
class Locked:
    """What taking a batch's locks answers: the graph's version under them, the blocks the batch
    made (empty, so not read), and for a speculation, whether one of its ids is taken and the
    chains of the places it read outside."""

    version: int
    created: frozenset[str]
    taken: bool = False
    places: dict[str, frozenset[str]] = field(default_factory=dict)


def lock(tx: neo4j.ManagedTransaction, keys: list[str], *, ids: Mapping[str, set[str]] | None = None,
         places: Sequence[str] = ()) -> Locked:
    """Take the locks of these blocks (`resolution_lock`); `ids` (label -> mention ids) and
    `places` are checked under them in the same round trip."""
    rec = tx.run(query("resolution_lock").text, keys=keys, places=list(places),
                 ids={label: sorted(v) for label, v in (ids or {}).items()}).single(strict=True)
    return Locked(int(rec["version"]), frozenset(rec["created"]), rec["taken"] > 0,
                  {i: frozenset(ups) for i, ups in rec["places"]})


def lookup(tx: neo4j.ManagedTransaction, docs: list[Doc], *, reloads: Sequence[str] = (),
           cache: ResolutionCache | None = None, locked: Locked | None = None) -> tuple[Found, CacheUse | None]:
    """Lock the batch's blocks (unless `locked` says this transaction did) and read what
    resolution needs (a handful of queries per batch). With a cache as new as the graph, the
    blocks it holds are not read, and the others are read in full (so that it can hold them from
    now on). A block the lock made holds nothing yet and is not read either."""
    p = plan(docs)
    found = Found()
    cached = None
    created: frozenset[str] = frozenset()
    if p.locks or cache is not None:
        # the version under the locks: no writer of these blocks comes in between
        locked = locked or lock(tx, p.locks)
        created = locked.created
        if cache is not None:
            cached = CacheUse.start(cache, locked.version)
    held: dict[str, list[tuple[date | None, date | None]]] = defaultdict(list)  # block -> probes' days
    for label, probes in p.probes.items():
        if cached is not None:
            for k, first, last in sorted(probes, key=str):
                if k in cached.base.blocks:
                    held[k].append((first, last))
            probes = {(k, None, None) for k, _, _ in probes if k not in cached.base.blocks}
            cached.read.update(k for k, _, _ in probes)  # in full (a made one: as empty)
        probes = {probe for probe in probes if probe[0] not in created}
        if probes:
            text = _NO_REPLAN + query("resolution_candidates").render(label=label)
            rows = [{"key": k, "start": start, "end": end} for k, start, end in sorted(probes, key=str)]
            for rec in tx.run(text, probes=rows, link_types=list(LINKS[label]), place_types=list(PLACE_TYPES),
                              with_claims=label in CLAIMS_MATCHED, life=label in CLAIMS_MATCHED,
                              undated_before=UNDATED_BEFORE.days):
                found.candidates.setdefault(rec["block"], []).append(_profile(label, rec))
    if cached is not None and (held or p.located):
        found.candidates.update(cached.held(tx, held, p.located))
    for label, ids in p.ids.items():
        if ids:
            text = query("resolution_existing").render(label=label)
            found.existing.update(r["id"] for r in tx.run(text, ids=sorted(ids)))
    persons = p.persons
    if cached is not None:  # the persons of the keys the cache knows are not read again
        cached.person_keys = set(p.persons)
        found.persons.update((k, list(cached.base.persons[k])) for k in p.persons if k in cached.base.persons)
        persons = {k for k in p.persons if k not in cached.base.persons}
    if persons:
        for rec in tx.run(query("resolution_persons").text, keys=sorted(persons)):
            found.persons.setdefault(rec["key"], []).append(Person(rec["id"], rec["key"], rec["affiliation"]))
    for article_id in reloads:
        for rec in tx.run(query("resolution_prior").text, article_id=article_id):
            found.prior[(article_id, rec["mention"])] = (rec["node"], rec["rule"])
    return found, cached


@dataclass
class Speculation:
    """A batch resolved ahead of its transaction against a writer's cache (`speculate`), taken
    over by the transaction when the graph is what the cache says (`adopt`)."""

    base: ResolutionCache
    locks: list[str]
    ids: dict[str, set[str]]  # label -> the batch's mention ids, which must not be taken
    use: CacheUse
    found: Found
    resolver: Resolver
    docs: list[Doc]
    resolved: list[Doc]
    asked: list[str]  # the places the cache did not know, read outside the transaction
    places: dict[str, frozenset[str]]  # what was read of them (those not in the graph left out)
    leaves: ResolutionCache  # the cache once the batch commits as the next write after `base`
    new_blocks: frozenset[str]  # blocks the cache does not know, taken as ones the batch's lock makes
    rows: BatchRows  # what the transaction sends when it takes the speculation
    adopted: bool = False


def speculate(cache: ResolutionCache, docs: list[Doc],
              places: Callable[[list[str]], dict[str, frozenset[str]]],
              blocks: Callable[[list[str]], set[str]]) -> Speculation | None:
    """Resolve a batch as `lookup` and the resolver would under its locks, from the cache,
    `places` (which reads the chains of places the cache does not know) and `blocks` (which of
    the blocks it does not know exist: the others are taken as empty ones the batch's lock will
    make); None when that needs more of the database (a block that exists but the cache lacks, or
    a person's name it lacks). It stays valid while the graph is at the cache's version, those
    places' chains are as read and those blocks are new to the lock."""
    if cache.version is None:
        return None
    p = plan(docs)
    if not p.persons <= cache.persons.keys():
        return None
    held: dict[str, list[tuple[date | None, date | None]]] = defaultdict(list)
    unknown: set[str] = set()
    for probes in p.probes.values():
        for k, first, last in sorted(probes, key=itemgetter(0)):  # a block's days: any order (_merged_days)
            if k in cache.blocks:
                held[k].append((first, last))
            else:
                unknown.add(k)
    if unknown and blocks(sorted(unknown)):
        return None
    use = CacheUse.start(cache, cache.version)
    use.read = set(unknown)  # as `lookup` would once its lock made them: read, and empty
    use.person_keys = set(p.persons)
    found = Found(persons={k: list(cache.persons[k]) for k in p.persons})
    asked: list[str] = []
    read: dict[str, frozenset[str]] = {}
    if held or p.located:
        candidates, asked, read = use.held_ahead(held, places, p.located)
        found.candidates.update(candidates)
    resolver = Resolver()
    resolved = resolver.resolve(docs, found)
    leaves = use.proposal(resolver, found, docs, cache.version + 1)
    rows = batch_rows(resolved, resolver.touched, _complete(resolver))
    return Speculation(cache, p.locks, p.ids, use, found, resolver, docs, resolved, asked, read, leaves,
                       frozenset(unknown), rows)


def adopt(tx: neo4j.ManagedTransaction, speculation: Speculation, cache: ResolutionCache | None) -> Resolution:
    """The speculation as this transaction's resolution when, under the batch's locks, the graph is
    at the version of the cache it was made from, the writer's cache is that cache, the blocks it
    took as new are the ones the lock made, none of the batch's ids is taken and the chains of
    the places it read are unchanged: then `lookup` would read exactly what it assumed.
    Otherwise a resolution to make in the transaction, under the locks taken here."""
    # one round trip; a place not in the graph when read may be there now (the batch before
    # this one wrote it)
    locked = lock(tx, speculation.locks, ids=speculation.ids, places=speculation.asked)
    fallback = Resolution(cache, locked)
    if (cache is None or locked.version != cache.version or not cache.same_as(speculation.base)
            or not speculation.new_blocks <= locked.created or locked.taken
            or locked.places != speculation.places):
        return fallback
    resolution = Resolution(cache)
    resolution.resolver, resolution.found = speculation.resolver, speculation.found
    resolution._cached, resolution._docs = speculation.use, speculation.docs
    resolution.resolved, resolution.leaves = speculation.resolved, speculation.leaves
    resolution.rows = speculation.rows
    speculation.adopted = True
    return resolution


class Resolution:
    """One transaction's resolution: `resolve` the batch, write, then `commit(version)` says what
    the writer's cache becomes once the transaction commits (see `ResolutionCache`)."""

    def __init__(self, cache: ResolutionCache | None = None, locked: Locked | None = None) -> None:
        self.cache = cache
        self.locked = locked  # the batch's locks, when this transaction took them already
        self.resolver = Resolver()
        self.found = Found()
        self.resolved: list[Doc] | None = None  # the batch's documents once resolved
        self.leaves: ResolutionCache | None = None  # of an adopted speculation: see `ahead`
        self.rows: BatchRows | None = None  # of an adopted speculation: made ahead as well
        self._cached: CacheUse | None = None
        self._docs: list[Doc] = []

    def resolve(self, tx: neo4j.ManagedTransaction, docs: list[Doc], *,
                reloads: Sequence[str] = ()) -> list[Doc]:
        if self.resolved is not None:  # adopted from a speculation
            return self.resolved
        self.found, self._cached = lookup(tx, docs, reloads=reloads, cache=self.cache, locked=self.locked)
        self._docs = docs
        self.resolved = self.resolver.resolve(docs, self.found)
        return self.resolved

    @property
    def touched(self) -> dict[str, str]:
        return self.resolver.touched

    @property
    def profiles(self) -> dict[str, Profile]:
        """The events this transaction resolved whose profiles tally every claim of theirs."""
        return _complete(self.resolver)

    def ahead(self) -> ResolutionCache | None:
        """The cache once this transaction commits as the next write (what the writer's next
        batch can be speculated against while this one is still being written). For an adopted
        speculation, the very cache the batches speculated after it were resolved against."""
        if self.leaves is not None:
            return self.leaves
        return None if self._cached is None else self.commit(self._cached.started + 1)

    def commit(self, version: int) -> ResolutionCache | None:
        """The cache to keep once the transaction that made graph `version` commits."""
        if self._cached is None:
            return None
        return self._cached.proposal(self.resolver, self.found, self._docs, version)


@dataclass
class BatchRows:
    """What a batch of new articles sends (graph.writer's `_write_new`): each label's node rows and
    each relationship shape's rows, and the nodes to `refresh` after them."""

    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    relationships: dict[tuple[str, str, str], list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    rest: dict[str, str] = field(default_factory=dict)  # node id -> label: derived from the database
    derived: dict[str, dict[str, Any]] = field(default_factory=dict)  # nodes without a row here


def batch_rows(docs: list[Doc], touched: dict[str, str], profiles: Mapping[str, Profile]) -> BatchRows:
    """The rows of a batch's resolved documents, each label's and each relationship shape's
    together in input order, with what the claims decide on the last row of each node."""
    out = BatchRows()
    for doc in docs:
        aid = doc.article_id
        for label, rows in doc.nodes.items():
            for row in rows:  # the resolved documents' own rows (graph.resolver made them)
                row["article_id"] = aid
            out.nodes[label].extend(rows)
        for shape, rel_rows in doc.relationships.items():
            out.relationships[shape].extend(rel_rows)
    # what the claims decide rides on a node's last row (set after every row's own properties,
    # whether the planner runs the clauses row by row or each over all rows), without what that
    # row sets already; only nodes the resolver does not tally every claim of are refreshed from
    # the database afterwards
    derived, out.rest = derive(touched, profiles)
    for rows in out.nodes.values():
        for row in reversed(rows):
            if row["id"] in derived:
                props = row["properties"]
                row["derived"] = {k: v for k, v in derived.pop(row["id"]).items()
                                  if k not in props or props[k] != v}
    out.derived = derived  # nodes without a row of this batch (none is expected)
    return out


def _complete(resolver: Resolver) -> dict[str, Profile]:
    return {i: p for i, p in resolver.nodes.items() if p.tally is not None and i not in resolver.unprofiled}


def derive(nodes: dict[str, str], known: Mapping[str, Profile]) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """The date, status and figures of those of these nodes (id -> label) whose `known` profile
    tallies all their claims (nodes the resolver made), and the nodes left to `refresh`."""
    derived: dict[str, dict[str, Any]] = {}
    rest: dict[str, str] = {}
    for node_id, label in nodes.items():
        profile = known.get(node_id)
        if profile is not None and profile.tally is not None:
            derived[node_id] = profile.tally.props()
        else:
            rest[node_id] = label
    return derived, rest


def refresh(tx: neo4j.ManagedTransaction, nodes: dict[str, str], known: Mapping[str, Profile] | None = None) -> None:
    """Derive the date, status and figures of these nodes (id -> label) from all their claims:
    the tally of a `known` profile that has one (a node the resolver made), else the claims as read."""
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

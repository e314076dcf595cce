"""A writer's resolution cache: what its earlier transactions know of the blocks they read or wrote.

A long load resolves every batch against the same blocks. Reading them again for each batch is
most of what resolution costs, so a writer that keeps a `ResolutionCache` reads a block from the
database once and from then on keeps it up to date with what it writes itself. That holds only
while nobody else writes: the cache records the graph version its last write made (the
`graph_changed` counter every writing path moves), and a batch that finds another version under
its locks drops the cache and reads the database, as without one. So it spares reads for a lone
writer and is never a second source of truth.

What the cache holds is exactly what the candidates query would read (a test compares them): the
events' profiles, and for their places the places above them (`ups`, the LOCATED_IN chain), which
other articles' rows can extend without touching the events; and the persons of each name key
it looked up. graph.pipeline resolves a batch ahead against the cache the batch before it leaves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import neo4j

from conflictkg.graph.matching import Profile, leaves, touching
from conflictkg.graph.queries import query
from conflictkg.graph.resolver import Doc, Found, Person, Resolver


@dataclass
class ResolutionCache:
    version: int | None = None  # the graph version it is valid at; None: empty
    nodes: dict[str, Profile] = field(default_factory=dict)
    blocks: dict[str, set[str]] = field(default_factory=dict)  # block -> ids of all its events
    ups: dict[str, frozenset[str]] = field(default_factory=dict)  # place -> the places above it
    persons: dict[str, list[Person]] = field(default_factory=dict)  # name key -> every person of it

    def same_as(self, other: ResolutionCache) -> bool:
        """Whether this is the state `other` holds (one taken from the other, not an equal copy)."""
        return (self.version == other.version and self.nodes is other.nodes and self.blocks is other.blocks
                and self.ups is other.ups and self.persons is other.persons)

    def take(self, other: ResolutionCache) -> None:
        """Become what a committed transaction proposed."""
        self.version, self.nodes, self.blocks, self.ups = other.version, other.nodes, other.blocks, other.ups
        self.persons = other.persons


@dataclass
class CacheUse:
    """One batch's use of the cache: the version it started from, the blocks it read in full and
    the places it read."""

    base: ResolutionCache
    started: int
    read: set[str] = field(default_factory=set)
    ups: dict[str, frozenset[str]] = field(default_factory=dict)
    person_keys: set[str] = field(default_factory=set)  # the name keys the batch looked up

    @classmethod
    def start(cls, cache: ResolutionCache, version: int) -> CacheUse:
        return cls(cache if cache.version == version else ResolutionCache(), version)

    def held(self, tx: neo4j.ManagedTransaction, probes: Mapping[str, list[tuple[date | None, date | None]]],
             writes: Iterable[str] = ()) -> dict[str, list[Profile]]:
        """The cache's events of these blocks that touch a probe's days (as the candidates query
        reads them), placed under what is above their places now (read in `tx` where the cache
        does not know it)."""
        return self.held_ahead(probes, lambda ids: places_above(tx, ids), writes)[0]

    def held_ahead(self, probes: Mapping[str, list[tuple[date | None, date | None]]],
                   places: Callable[[list[str]], dict[str, frozenset[str]]], writes: Iterable[str] = (),
                   ) -> tuple[dict[str, list[Profile]], list[str], dict[str, frozenset[str]]]:
        """What `held` answers, with the places the cache does not know read by `places` (outside
        a transaction, for a speculation). Also returns the places asked for and what was read
        (those not in the graph left out), for the transaction to check. `writes`: the places the
        batch's LOCATED_IN rows name, asked as well, so that the cache this batch proposes knows
        what is above them: the next batch, resolved ahead, need not read a chain this one is
        still writing. A place not in the graph has nothing above it (yet)."""
        nodes = self.base.nodes
        profiles = {k: touching(map(nodes.__getitem__, self.base.blocks[k]), _merged_days(days))
                    for k, days in probes.items()}
        wanted = {p for cs in profiles.values() for c in cs if c.ancestors for p in c.ancestors} | set(writes)
        self.ups = {p: self.base.ups[p] for p in wanted if p in self.base.ups}
        missing = sorted(wanted - self.ups.keys())
        read = places(missing) if missing else {}
        self.ups.update(read)
        self.ups.update((p, frozenset()) for p in missing if p not in read)
        return {k: [self._placed(c) for c in cs] for k, cs in profiles.items()}, missing, read

    def _placed(self, c: Profile) -> Profile:
        if not c.ancestors or all(self.ups.get(p, frozenset()) == above for p, above in c.ancestors.items()):
            return c
        ancestors = {p: self.ups.get(p, frozenset()) for p in c.ancestors}
        return replace(c, ancestors=ancestors, places=leaves(ancestors, ancestors))

    def proposal(self, resolver: Resolver, found: Found, docs: list[Doc], version: int) -> ResolutionCache:
        """The cache once this batch commits at `version`: empty when another write came in between."""
        if version != self.started + 1:
            return ResolutionCache()
        nodes = dict(self.base.nodes)
        nodes.update((c.id, c) for cs in found.candidates.values() for c in cs)
        nodes.update(resolver.nodes)
        # the blocks it held (their sets shared until this batch adds to one) and those it read
        blocks = dict(self.base.blocks)
        for k in self.read:
            blocks[k] = {c.id for c in found.candidates.get(k, ())}
        for k, ids in resolver.blocks.items():
            if k in blocks and not ids <= blocks[k]:
                blocks[k] = blocks[k] | ids
        for i in resolver.unprofiled & nodes.keys():
            blocks.pop(nodes[i].block or "", None)  # its profile lacks a report: read the block again
        ups = {**self.base.ups, **self.ups}
        for doc in docs:
            for (_, type_, _), rows in doc.relationships.items():
                if type_ == "LOCATED_IN":
                    for row in rows:
                        _located(ups, row["start"], row["end"])
        persons = dict(self.base.persons)
        for key in self.person_keys:  # as read (or held) and with the persons the batch adds
            persons[key] = [*found.persons.get(key, ()), *resolver.persons.get(key, ())]
        return ResolutionCache(version=version, nodes=nodes, blocks=blocks, ups=ups, persons=persons)


def places_above(tx: neo4j.ManagedTransaction, ids: list[str]) -> dict[str, frozenset[str]]:
    """The places above each of these places (the LOCATED_IN chain); a place not in the graph is
    left out."""
    return {r["id"]: frozenset(r["ups"]) for r in tx.run(query("resolution_places").text, ids=ids)}


def _located(ups: dict[str, frozenset[str]], place: str, parent: str) -> None:
    """Keep what is above `place` and the places below it true after this batch's LOCATED_IN row:
    when the cache knows what is above both ends, the parent and its chain are added to each;
    otherwise they are forgotten (and read again when needed)."""
    known = ups.get(place)
    if known is not None and parent in known:
        # the graph had it already: what is above the parent is above the place too (a change to
        # the parent's chain reaches the place through its own row)
        return
    below = [p for p, above in ups.items() if p == place or place in above]
    chain = ups.get(parent)
    for p in below:
        if known is None or chain is None:
            del ups[p]
        else:
            ups[p] = ups[p] | {parent} | chain


def _merged_days(days: list[tuple[date | None, date | None]]) -> Sequence[tuple[date | None, date | None]]:
    """The probes' days of one block as few disjoint periods ((None, None): all of the block)."""
    spans = sorted((first, last) for first, last in days if first is not None and last is not None)
    if len(spans) < len(days):
        return [(None, None)]
    out: list[tuple[date, date]] = []
    for first, last in spans:
        if out and first <= out[-1][1]:
            out[-1] = (out[-1][0], max(last, out[-1][1]))
        else:
            out.append((first, last))
    return out

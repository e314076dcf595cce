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
other articles' rows can extend without touching the events.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import neo4j

from conflictkg.graph.matching import Profile, leaves, touching
from conflictkg.graph.queries import query
from conflictkg.graph.resolver import Doc, Found, Resolver


@dataclass
class ResolutionCache:
    version: int | None = None  # the graph version it is valid at; None: empty
    nodes: dict[str, Profile] = field(default_factory=dict)
    blocks: dict[str, set[str]] = field(default_factory=dict)  # block -> ids of all its events
    ups: dict[str, frozenset[str]] = field(default_factory=dict)  # place -> the places above it

    def take(self, other: ResolutionCache) -> None:
        """Become what a committed transaction proposed."""
        self.version, self.nodes, self.blocks, self.ups = other.version, other.nodes, other.blocks, other.ups


@dataclass
class CacheUse:
    """One batch's use of the cache: the version it started from, the blocks it read in full and
    the places it read."""

    base: ResolutionCache
    started: int
    read: set[str] = field(default_factory=set)
    ups: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def start(cls, cache: ResolutionCache, version: int) -> CacheUse:
        return cls(cache if cache.version == version else ResolutionCache(), version)

    def held(self, tx: neo4j.ManagedTransaction,
             probes: Mapping[str, list[tuple[date | None, date | None]]]) -> dict[str, list[Profile]]:
        """The cache's events of these blocks that touch a probe's days (as the candidates query
        reads them), placed under what is above their places now."""
        profiles: dict[str, list[Profile]] = {}
        for k, days in probes.items():
            spans = _merged_days(days)
            profiles[k] = touching((self.base.nodes[i] for i in self.base.blocks[k]), spans)
        places = {p for cs in profiles.values() for c in cs for p in c.ancestors}
        self.ups = {p: self.base.ups[p] for p in places if p in self.base.ups}
        missing = sorted(places - self.ups.keys())
        if missing:
            for r in tx.run(query("resolution_places").text, ids=missing):
                self.ups[r["id"]] = frozenset(r["ups"])
        return {k: [self._placed(c) for c in cs] for k, cs in profiles.items()}

    def _placed(self, c: Profile) -> Profile:
        if all(self.ups.get(p, frozenset()) == above for p, above in c.ancestors.items()):
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
        return ResolutionCache(version=version, nodes=nodes, blocks=blocks, ups=ups)


def _located(ups: dict[str, frozenset[str]], place: str, parent: str) -> None:
    """Forget what is above `place` and the places below it when this batch's LOCATED_IN row may
    have added to it (they are read again when needed)."""
    known = ups.get(place)
    if known is not None and parent in known:
        # the graph had it already: what is above the parent is above the place too (a change to
        # the parent's chain forgets the place through its own row)
        return
    for p in [p for p, above in ups.items() if p == place or place in above]:
        del ups[p]


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

"""The actors and places of one article: one record per real entity, with every surface form
seen as an alias and every mention's span as evidence."""

from __future__ import annotations

from dataclasses import dataclass, field

from conflictkg.graph.ids import entity_id, fold
from conflictkg.loaders.geonames import GeoPlace, GeoRegion

Span = tuple[int, int, int]  # sentence index, start char, end char


@dataclass
class ActorRecord:
    id: str
    name: str
    kind: str  # country | person | organization | alliance | armed_group | group
    role: str | None = None
    affiliation: str | None = None  # actor id of the country/organization a person belongs to
    code: str | None = None  # ISO code for countries
    aliases: set[str] = field(default_factory=set)
    spans: list[Span] = field(default_factory=list)
    span_set: set[Span] = field(default_factory=set, repr=False)  # membership of `spans` in O(1)
    # spans where only an adjective names it ("a Turkish vessel"): no mention of the country as actor
    adjective_spans: set[Span] = field(default_factory=set, repr=False)
    passing: bool = False  # named in passing: an actor only where an event links it

    def add_span(self, span: Span) -> None:
        if span not in self.span_set:
            self.span_set.add(span)
            self.spans.append(span)


@dataclass
class PlaceRecord:
    id: str
    name: str
    kind: str
    geo: GeoPlace | GeoRegion | None = None  # the GeoNames place, for a place places.tsv does not list
    part: bool = False  # a compass part of a country ("southern Lebanon"): as coarse as the country
    aliases: set[str] = field(default_factory=set)
    spans: list[Span] = field(default_factory=list)
    span_set: set[Span] = field(default_factory=set, repr=False)

    def add_span(self, span: Span) -> None:
        if span not in self.span_set:
            self.span_set.add(span)
            self.spans.append(span)


class EntityTable:
    """Actors and places keyed by id; adding an entity twice merges aliases and evidence."""

    def __init__(self) -> None:
        self.actors: dict[str, ActorRecord] = {}
        self.places: dict[str, PlaceRecord] = {}

    def actor(self, name: str, kind: str, *, surface: str | None = None, span: Span | None = None,
              role: str | None = None, affiliation: str | None = None, code: str | None = None) -> ActorRecord:
        aid = entity_id("actor", name)
        rec = self.actors.get(aid)
        if rec is None:
            rec = self.actors[aid] = ActorRecord(aid, name, kind, code=code)
        if role and not rec.role:
            rec.role = role
        if affiliation and not rec.affiliation and affiliation != aid:
            rec.affiliation = affiliation
        if surface and fold(surface) != fold(rec.name):
            rec.aliases.add(surface)
        if span:
            rec.add_span(span)
        return rec

    def place(self, name: str, kind: str, *, surface: str | None = None, span: Span | None = None,
              geo: GeoPlace | GeoRegion | None = None) -> PlaceRecord:
        pid = entity_id("location", name)
        rec = self.places.get(pid)
        if rec is None:
            rec = self.places[pid] = PlaceRecord(pid, name, kind, geo)
        if surface and fold(surface) != fold(rec.name):
            rec.aliases.add(surface)
        if span:
            rec.add_span(span)
        return rec

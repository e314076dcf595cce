"""The actors and places of one article: one record per real entity, with every surface form
seen as an alias and every mention's span as evidence."""

from __future__ import annotations

from conflictkg.graph.ids import entity_id, fold
from conflictkg.loaders.geonames import GeoPlace, GeoRegion
from conflictkg.loaders.values import ByFields

Span = tuple[int, int, int]  # sentence index, start char, end char


class ActorRecord(ByFields):
    def __init__(self, id: str, name: str, kind: str, role: str | None = None, affiliation: str | None = None,
                 code: str | None = None) -> None:
        self.id = id
        self.name = name
        self.kind = kind  # country | person | organization | alliance | armed_group | group
        self.role = role
        self.affiliation = affiliation  # actor id of the country/organization a person belongs to
        self.code = code  # ISO code for countries
        self.aliases: set[str] = set()
        self.spans: list[Span] = []
        self.span_set: set[Span] = set()  # membership of `spans` in O(1)
        # spans where only an adjective names it ("a Turkish vessel"): no mention of the country as actor
        self.adjective_spans: set[Span] = set()
        self.passing = False  # named in passing: an actor only where an event links it

    def _fields(self) -> tuple[object, ...]:
        return (self.id, self.name, self.kind, self.role, self.affiliation, self.code, self.aliases, self.spans,
                self.span_set, self.adjective_spans, self.passing)

    def __repr__(self) -> str:
        return f"ActorRecord({self.id!r}, {self.name!r}, {self.kind!r})"

    def add_span(self, span: Span) -> None:
        if span not in self.span_set:
            self.span_set.add(span)
            self.spans.append(span)


class PlaceRecord(ByFields):
    def __init__(self, id: str, name: str, kind: str, geo: GeoPlace | GeoRegion | None = None) -> None:
        self.id = id
        self.name = name
        self.kind = kind
        self.geo = geo  # the GeoNames place, for a place places.tsv does not list
        self.part = False  # a compass part of a country ("southern Lebanon"): as coarse as the country
        self.aliases: set[str] = set()
        self.spans: list[Span] = []
        self.span_set: set[Span] = set()

    def _fields(self) -> tuple[object, ...]:
        return (self.id, self.name, self.kind, self.geo, self.part, self.aliases, self.spans, self.span_set)

    def __repr__(self) -> str:
        return f"PlaceRecord({self.id!r}, {self.name!r}, {self.kind!r})"

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

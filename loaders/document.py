"""Turning an article's entities and events into the GraphDocument contract."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from conflictkg.graph.ids import entity_id, event_id, fold
from conflictkg.graph.model import ArticleMeta, Evidence, GraphDocument, PropertyValue
from conflictkg.graph.registry import REGISTRY
from conflictkg.loaders.context import ArticleContext, Event
from conflictkg.loaders.entities import PlaceRecord, Span
from conflictkg.loaders.gazetteer import Gazetteer, Place
from conflictkg.loaders.geonames import GeoPlace, GeoRegion, geonames

# Nodes and relationships are gathered as plain dicts and validated once, as one GraphDocument:
# one call into pydantic's validator for the whole article instead of one per node.
_Item = dict[str, object]


class _Evidence:
    def __init__(self, ctx: ArticleContext) -> None:
        self.by_index = {s.index: s.sent for s in ctx.sentences}
        self.made: dict[int, Evidence] = {}

    def of(self, spans: list[Span]) -> list[Evidence]:
        """The evidence of a fact read at these spans: one per sentence, in order."""
        seen: set[int] = set()
        out: list[Evidence] = []
        for idx, _, _ in spans:
            if idx in seen:
                continue
            seen.add(idx)
            out.append(self._of(idx))
        return out

    def _of(self, idx: int) -> Evidence:
        """One (frozen) Evidence per sentence, shared by every fact read there."""
        ev = self.made.get(idx)
        if ev is None:
            sent = self.by_index[idx]
            ev = self.made[idx] = Evidence(sentence=idx, start=sent.start, end=sent.end, quote=sent.text)
        return ev


def _event_ids(events: list[Event]) -> dict[int, str]:
    """Ids for events; agreements first, since accusations refer to them."""
    ids: dict[int, str] = {}
    topic_ids: dict[str, str] = {}
    ordered = sorted(events, key=lambda e: e.label != "Agreement")
    for ev in ordered:
        # the fields that make the event what it is (not its wording), declared in the registry
        spec = REGISTRY.node(ev.label)
        key: dict[str, object] = {k: ev.props.get(k) for k in spec.id_props}
        for rel in spec.id_links:
            ends = [link[1] if link[2] == "self" else link[2] for link in ev.links if link[0] == rel]
            key[rel] = sorted({topic_ids.get(e.removeprefix("agreement@"), e) for e in ends})
        key.update({k: v for k, v in ev.key.items() if k in ("sentence",)})
        ids[id(ev)] = event_id(ev.label.lower(), **key)
        if ev.label == "Agreement":
            topic_ids[str(ev.key["topic"])] = ids[id(ev)]
    return ids | {id(ev): ids[id(ev)] for ev in events}


def _chain(place: Place | None, gaz: Gazetteer) -> Iterator[Place]:
    """A places.tsv row and its ancestors, nearest first (a cycle in the table ends the walk)."""
    seen: set[str] = set()
    while place is not None and place.name not in seen:
        yield place
        seen.add(place.name)
        place = gaz.places.get(place.parent) if place.parent else None


def _region_of(place: Place, gaz: Gazetteer) -> str | None:
    """The region (admin1) a places.tsv row lies in: the first ancestor that is a region."""
    return next((p.name for p in islice(_chain(place, gaz), 1, None) if p.kind == "region"), None)


def _geo_region(geo: GeoPlace, gaz: Gazetteer) -> tuple[str | None, Place | None]:
    """The region of a GeoNames place: its places.tsv row when there is one, else GeoNames' name."""
    curated = gaz.regions_by_admin1.get((geo.country, geo.admin1))
    if curated is not None:
        return curated.name, curated
    return geonames().region_name(geo), None


def _place_props(name: str, geo: GeoPlace | GeoRegion | None, gaz: Gazetteer) -> dict[str, PropertyValue]:
    """Coordinates, country code, region and GeoNames id: from GeoNames for a place it found,
    from places.tsv's columns for a curated place."""
    props: dict[str, PropertyValue] = {}
    if isinstance(geo, GeoRegion):
        return {"country_code": geo.country}
    if geo is not None:
        props.update(lat=geo.lat, lon=geo.lon, country_code=geo.country, geonames_id=geo.geonames_id)
        region = _geo_region(geo, gaz)[0]
        if region and fold(region) != fold(name):
            props["admin1"] = region
        return props
    place = gaz.places.get(name)
    if place is None:
        return props
    if place.lat is not None and place.lon is not None:
        props.update(lat=place.lat, lon=place.lon)
    if place.geonames_id is not None:
        props["geonames_id"] = place.geonames_id
    if place.country:
        props["country_code"] = place.country
    region = _region_of(place, gaz)
    if region:
        props["admin1"] = region
    return props


def country_code(rec: PlaceRecord, gaz: Gazetteer) -> str | None:
    """The country a place is in (or is), from GeoNames or places.tsv's chain of parents."""
    if rec.geo is not None:
        return rec.geo.country
    if rec.kind == "country":
        return gaz.country_codes.get(rec.name)
    return next((p.country for p in _chain(gaz.places.get(rec.name), gaz) if p.country), None)


class _Parents:
    """The context nodes and LOCATED_IN links `_hierarchy` makes. (A class, not closures: compiled,
    closures and their scope hold each other, and the document's nodes with them, until the cyclic
    collector runs.)"""

    def __init__(self, known: set[str], gaz: Gazetteer) -> None:
        self.known, self.gaz = known, gaz
        self.nodes: list[_Item] = []
        self.rels: list[_Item] = []
        self.linked: set[str] = set()  # places already linked to their country

    def parent_node(self, pid: str, props: dict[str, PropertyValue], label: str = "Location") -> str:
        if pid not in self.known:
            self.known.add(pid)
            self.nodes.append({"id": pid, "label": label, "properties": props})
        return pid

    def to_country(self, child: str, code: str) -> None:
        country = self.gaz.countries.get(code)
        if country is not None and child not in self.linked:
            self.linked.add(child)
            parent = self.parent_node(entity_id("actor", country.name), {
                "name": country.name, "kind": "country", "country_code": country.code}, "Actor")
            self.link(child, parent)

    def link(self, child: str, parent: str) -> None:
        self.rels.append({"type": "LOCATED_IN", "start": child, "end": parent, "properties": {"source": "gazetteer"}})


def _hierarchy(places: list[PlaceRecord], known: set[str],
               gaz: Gazetteer) -> tuple[list[_Item], list[_Item]]:
    """LOCATED_IN from each place up to its country: city -> region -> country Actor.

    The parents are context from lexicons/places.tsv and GeoNames, not read in the article: they
    come without evidence and with `source: gazetteer`, so re-extraction and the scorer leave
    them alone. A GeoNames town's region is places.tsv's region of the same admin1 code when
    there is one (so "Kherson Oblast", not GeoNames' "Kherson"), else GeoNames' region name. A
    place neither knows gets the article's one country, when there is one, the same way.
    """
    out = _Parents(known, gaz)
    seen: set[str] = set()

    # A place neither places.tsv nor GeoNames knows (a village, a camp) is in the article's
    # country when every place it does know is in one country.
    known_countries = {c for c in (country_code(rec, gaz) for rec in places) if c}
    lone = next(iter(known_countries)) if len(known_countries) == 1 else None
    todo = [p.name for p in places if p.geo is None]
    for rec in places:
        if isinstance(rec.geo, GeoRegion):
            out.to_country(rec.id, rec.geo.country)
            continue
        if rec.geo is None:
            if lone is not None and rec.kind != "country" and rec.name not in gaz.places:
                out.to_country(rec.id, lone)
            continue
        region, curated = _geo_region(rec.geo, gaz)
        if region is None or entity_id("location", region) == rec.id:
            out.to_country(rec.id, rec.geo.country)  # no region known, or it has the town's own name
            continue
        props: dict[str, PropertyValue] = {"name": region, "kind": "region", "source": "gazetteer"}
        props |= _place_props(region, None, gaz) if curated else {"country_code": rec.geo.country}
        parent = out.parent_node(entity_id("location", region), props)
        out.link(rec.id, parent)
        if curated is not None:
            todo.append(curated.name)
        elif parent not in seen:
            seen.add(parent)
            out.to_country(parent, rec.geo.country)
    while todo:
        name = todo.pop()
        place = gaz.places.get(name)
        if place is None or name in seen:
            continue
        seen.add(name)
        child = entity_id("location", name)
        parent_place = gaz.places.get(place.parent) if place.parent else None
        if parent_place is not None:
            parent = out.parent_node(entity_id("location", parent_place.name), {
                "name": parent_place.name, "kind": parent_place.kind, "source": "gazetteer",
                **_place_props(parent_place.name, None, gaz)})
            todo.append(parent_place.name)
            out.link(child, parent)
        elif place.country:
            out.to_country(child, place.country)
    return out.nodes, out.rels


def _struck_countries(ctx: ArticleContext, events: list[Event], gaz: Gazetteer) -> None:
    """The country an attack's place lies in is a place of the article too, when the article names
    it ("an air strike on Mekelle … the Ethiopian government"): where the war is, for an analyst
    filtering by country. Its evidence is where the text names it."""
    table = ctx.table
    codes = {code for ev in events if ev.label == "Attack"
             for rel, _, end, _ in ev.links if rel == "TARGETED" and end in table.places
             for code in [country_code(table.places[end], gaz)] if code}
    for code in sorted(codes):
        country = gaz.countries.get(code)
        actor = table.actors.get(entity_id("actor", country.name)) if country is not None else None
        if country is None or actor is None or not actor.spans or entity_id("location", country.name) in table.places:
            continue
        place = table.place(country.name, "country")
        for span in actor.spans:
            place.add_span(span)


def build_document(ctx: ArticleContext, meta: ArticleMeta, events: list[Event],
                   gaz: Gazetteer) -> GraphDocument:
    _struck_countries(ctx, events, gaz)
    evidence = _Evidence(ctx)
    nodes: list[_Item] = []
    rels: list[_Item] = []
    table = ctx.table

    # a wire agency ("aldus Reuters", "meldt persbureau ANP") wrote the copy: it is an actor only
    # where the text cites it for a fact (REPORTED); so is a country named in passing ("a Turkish
    # vessel") only where an event links it
    linked = {x for ev in events for _, start, end, _ in ev.links for x in (start, end)}
    linked |= {rec.affiliation for rec in table.actors.values() if rec.affiliation}
    for rec in table.actors.values():
        if rec.id not in linked and (gaz.is_wire(rec.name) or rec.passing):
            continue
        props: dict[str, PropertyValue] = {"name": rec.name, "kind": rec.kind, "aliases": sorted(rec.aliases)}
        if rec.role:
            props["role"] = rec.role
        if rec.code:
            props["country_code"] = rec.code
        if rec.affiliation and rec.affiliation in table.actors:
            props["affiliation"] = table.actors[rec.affiliation].name
            rels.append({"type": "AFFILIATED_WITH", "start": rec.id, "end": rec.affiliation,
                         "properties": {"role": rec.role}, "evidence": evidence.of(rec.spans[:1])})
        nodes.append({"id": rec.id, "label": "Actor", "properties": props, "evidence": evidence.of(rec.spans)})
    for place in table.places.values():
        props = {"name": place.name, "kind": place.kind, "aliases": sorted(place.aliases)}
        props |= _place_props(place.name, place.geo, gaz)
        nodes.append({"id": place.id, "label": "Location", "properties": props, "evidence": evidence.of(place.spans)})
    context_nodes, context_rels = _hierarchy(list(table.places.values()), {str(n["id"]) for n in nodes}, gaz)
    nodes += context_nodes
    rels += context_rels

    ids = _event_ids(events)
    topic_ids = {str(ev.key["topic"]): ids[id(ev)] for ev in events if ev.label == "Agreement"}
    known = {str(n["id"]) for n in nodes} | set(ids.values())
    seen_events: set[str] = set()
    for ev in events:
        eid = ids[id(ev)]
        if eid in seen_events:
            continue
        seen_events.add(eid)
        props = {k: v for k, v in ev.props.items() if v is not None and not k.startswith("_")}
        nodes.append({"id": eid, "label": ev.label, "properties": props, "evidence": evidence.of(ev.spans)})
        merged: dict[tuple[str, str, str], list[Span]] = {}
        for rel, start, end, span in ev.links:
            start = eid if start == "self" else topic_ids.get(start.removeprefix("agreement@"), start)
            end = eid if end == "self" else topic_ids.get(end.removeprefix("agreement@"), end)
            if start in known and end in known and start != end:
                merged.setdefault((rel, start, end), []).append(span)
        for (rel, start, end), spans in merged.items():
            rels.append({"type": rel, "start": start, "end": end, "evidence": evidence.of(spans)})
    return GraphDocument.model_validate({"article": meta, "nodes": nodes, "relationships": rels})

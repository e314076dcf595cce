"""Turning an article's entities and events into the GraphDocument contract."""

from __future__ import annotations

from conflictkg.graph.ids import entity_id, event_id
from conflictkg.graph.model import ArticleMeta, Evidence, GraphDocument, Node, PropertyValue, Relationship
from conflictkg.graph.registry import REGISTRY
from conflictkg.loaders.context import ArticleContext, Event
from conflictkg.loaders.entities import Span
from conflictkg.loaders.gazetteer import Gazetteer


class _Evidence:
    def __init__(self, ctx: ArticleContext) -> None:
        self.by_index = {s.index: s.sent for s in ctx.sentences}
        self.made: dict[int, Evidence] = {}

    def __call__(self, spans: list[Span]) -> list[Evidence]:
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


def _hierarchy(places: list[Node], known: set[str],
               gaz: Gazetteer) -> tuple[list[Node], list[Relationship]]:
    """LOCATED_IN from each gazetteer place up to its country: city -> region -> country Actor.

    The parents are context from lexicons/places.tsv, not read in the article: they come without
    evidence and with `source: gazetteer`, so re-extraction and the scorer leave them alone.
    """
    nodes: list[Node] = []
    rels: list[Relationship] = []
    seen: set[str] = set()
    todo = [str(n.properties["name"]) for n in places]
    while todo:
        name = todo.pop()
        place = gaz.places.get(name)
        if place is None or name in seen:
            continue
        seen.add(name)
        child = entity_id("location", name)
        parent_place = gaz.places.get(place.parent) if place.parent else None
        if parent_place is not None:
            parent = entity_id("location", parent_place.name)
            if parent not in known:
                known.add(parent)
                nodes.append(Node(id=parent, label="Location", properties={
                    "name": parent_place.name, "kind": parent_place.kind, "source": "gazetteer"}))
            todo.append(parent_place.name)
        elif place.country in gaz.countries:
            country = gaz.countries[place.country]
            parent = entity_id("actor", country.name)
            if parent not in known:
                known.add(parent)
                nodes.append(Node(id=parent, label="Actor", properties={
                    "name": country.name, "kind": "country", "country_code": country.code}))
        else:
            continue
        rels.append(Relationship(type="LOCATED_IN", start=child, end=parent,
                                 properties={"source": "gazetteer"}))
    return nodes, rels


def build_document(ctx: ArticleContext, meta: ArticleMeta, events: list[Event],
                   gaz: Gazetteer) -> GraphDocument:
    evidence = _Evidence(ctx)
    nodes: list[Node] = []
    rels: list[Relationship] = []
    table = ctx.table

    for rec in table.actors.values():
        props: dict[str, PropertyValue] = {"name": rec.name, "kind": rec.kind, "aliases": sorted(rec.aliases)}
        if rec.role:
            props["role"] = rec.role
        if rec.code:
            props["country_code"] = rec.code
        if rec.affiliation and rec.affiliation in table.actors:
            props["affiliation"] = table.actors[rec.affiliation].name
            rels.append(Relationship(type="AFFILIATED_WITH", start=rec.id, end=rec.affiliation,
                                     properties={"role": rec.role}, evidence=evidence(rec.spans[:1])))
        nodes.append(Node(id=rec.id, label="Actor", properties=props, evidence=evidence(rec.spans)))
    places = []
    for place in table.places.values():
        props = {"name": place.name, "kind": place.kind, "aliases": sorted(place.aliases)}
        places.append(Node(id=place.id, label="Location", properties=props, evidence=evidence(place.spans)))
    nodes += places
    context_nodes, context_rels = _hierarchy(places, {n.id for n in nodes}, gaz)
    nodes += context_nodes
    rels += context_rels

    ids = _event_ids(events)
    topic_ids = {str(ev.key["topic"]): ids[id(ev)] for ev in events if ev.label == "Agreement"}
    known = {n.id for n in nodes} | set(ids.values())
    seen_events: set[str] = set()
    for ev in events:
        eid = ids[id(ev)]
        if eid in seen_events:
            continue
        seen_events.add(eid)
        props = {k: v for k, v in ev.props.items() if v is not None and not k.startswith("_")}
        nodes.append(Node(id=eid, label=ev.label, properties=props, evidence=evidence(ev.spans)))
        merged: dict[tuple[str, str, str], list[Span]] = {}
        for rel, start, end, span in ev.links:
            start = eid if start == "self" else topic_ids.get(start.removeprefix("agreement@"), start)
            end = eid if end == "self" else topic_ids.get(end.removeprefix("agreement@"), end)
            if start in known and end in known and start != end:
                merged.setdefault((rel, start, end), []).append(span)
        for (rel, start, end), spans in merged.items():
            rels.append(Relationship(type=rel, start=start, end=end, evidence=evidence(spans)))
    return GraphDocument(article=meta, nodes=nodes, relationships=rels)

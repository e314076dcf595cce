"""A deterministic synthetic conflict graph for benchmarks: actors, places and events.

Everything comes from one seeded RNG, so two runs with the same seed write the same graph (and the
writer's deterministic ids make a second load change nothing). The graph goes through the real
writer as GraphDocuments of `batch` events each, one synthetic "article" per batch, so it has the
same shape as loaded news: `search` keys, REPORTED_IN evidence, JSON evidence on relationships.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pycountry

from conflictkg.graph.ids import article_id, entity_id, event_id
from conflictkg.graph.model import GraphDocument

_SYLLABLES = ("ka", "lo", "mi", "ren", "sta", "vo", "dar", "es", "ni", "po", "tor", "gal", "bu",
              "zet", "an", "kri", "mar", "ol", "sen", "ha", "vi", "dro", "lu", "ser")
_METHODS = ("drone", "missile", "shelling", "airstrike", "ground_assault", "explosion")
_ACLED = {
    "drone": "Air/drone strike", "airstrike": "Air/drone strike",
    "missile": "Shelling/artillery/missile attack", "shelling": "Shelling/artillery/missile attack",
    "ground_assault": "Armed clash", "explosion": "Remote explosive/landmine/IED",
}
_EFFECTS = ("power_outage", "energy_infrastructure_damage", "residential_damage", "port_damage",
            "infrastructure_damage", "fire")
_TOPICS = ("black_sea_shipping", "energy_strikes", "ceasefire", "prisoner_exchange",
           "grain_export", "humanitarian", "peace")
_STATUSES = ("agreed", "proposed", "in_force", "violated", "collapsed", "expired")
_ROLES = ("president", "prime minister", "foreign minister", "defence minister", "spokesperson",
          "commander", "mayor", "governor")
# Share of each kind of event; the rest are attacks.
_MIX = (("accusation", 0.12), ("agreement", 0.05), ("meeting", 0.08), ("proposal", 0.03),
        ("statement", 0.12))
_FIRST_DAY = date(2022, 1, 1)
_DAYS = (date(2025, 12, 31) - _FIRST_DAY).days


@dataclass(frozen=True)
class Named:
    id: str
    name: str
    kind: str
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class World:
    actors: list[Named]
    locations: list[Named]
    affiliations: list[tuple[str, str, str]]  # person id, actor id, role
    placed_in: list[tuple[str, str]]  # location id, region/country id
    actor_weights: list[float]
    location_weights: list[float]


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def build_world(rng: random.Random, persons: int = 400, groups: int = 60, regions: int = 200,
                places: int = 3000) -> World:
    countries = [Named(entity_id("actor", c.name), c.name, "country", {"country_code": c.alpha_2})
                 for c in sorted(pycountry.countries, key=lambda c: c.alpha_2)]
    actors = list(countries)
    affiliations: list[tuple[str, str, str]] = []
    seen = {a.id for a in actors}
    while len(actors) < len(countries) + persons:
        name = f"{_word(rng, 2)} {_word(rng, 3)}"
        a = Named(entity_id("actor", name), name, "person", {"role": rng.choice(_ROLES)})
        if a.id in seen:
            continue
        seen.add(a.id)
        actors.append(a)
        affiliations.append((a.id, rng.choice(countries).id, str(a.props["role"])))
    while len(actors) < len(countries) + persons + groups:
        name = f"{_word(rng, 2)} Brigade"
        a = Named(entity_id("actor", name), name, "armed_group")
        if a.id not in seen:
            seen.add(a.id)
            actors.append(a)
    locations: list[Named] = []
    placed_in: list[tuple[str, str]] = []
    lseen: set[str] = set()
    while len(locations) < regions:
        name = f"{_word(rng, 3)} Oblast"
        loc = Named(entity_id("location", name), name, "region")
        if loc.id not in lseen:
            lseen.add(loc.id)
            locations.append(loc)
            placed_in.append((loc.id, rng.choice(countries[:40]).id))
    region_ids = [loc.id for loc in locations]
    while len(locations) < regions + places:
        name = _word(rng, rng.choice((2, 3, 4)))
        loc = Named(entity_id("location", name), name, "city")
        if loc.id not in lseen:
            lseen.add(loc.id)
            locations.append(loc)
            placed_in.append((loc.id, rng.choice(region_ids)))
    rng.shuffle(actors)  # so popularity (by position) is not alphabetical
    return World(
        actors=actors, locations=locations, affiliations=affiliations, placed_in=placed_in,
        actor_weights=[1 / (i + 1) ** 0.8 for i in range(len(actors))],
        location_weights=[1 / (i + 1) ** 0.6 for i in range(len(locations))],
    )


def _date(rng: random.Random) -> str | None:
    d = _FIRST_DAY + timedelta(days=rng.randrange(_DAYS))
    r = rng.random()
    if r < 0.05:
        return None
    if r < 0.65:
        return d.isoformat()
    if r < 0.80:
        y, w, _ = d.isocalendar()
        return f"{y}-W{w:02d}"
    return f"{d.year}-{d.month:02d}"


def _article_text(number: int) -> str:
    return f"Synthetic benchmark article {number}."


def bench_article_id(number: int) -> str:
    """The id of the article of batch `number` (to tell whether the graph is loaded)."""
    return article_id(_article_text(number))


class _Doc:
    """Collects one batch's nodes and relationships, each node once, with evidence."""

    def __init__(self, number: int) -> None:
        self.text = _article_text(number)
        self.nodes: dict[str, dict[str, Any]] = {}
        self.rels: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.sentence = 0

    def evidence(self) -> list[dict[str, Any]]:
        self.sentence += 1
        s = self.sentence
        return [{"sentence": s, "start": s * 100, "end": s * 100 + 60,
                 "quote": f"Synthetic sentence {s} of {self.text}"}]

    def named(self, n: Named, label: str) -> str:
        if n.id not in self.nodes:
            props = {"name": n.name, "kind": n.kind, **n.props}
            if n.kind == "country":
                props["aliases"] = [n.name.upper()]
            self.nodes[n.id] = {"id": n.id, "label": label, "properties": props,
                                "evidence": [{"sentence": 0, "start": 0, "end": 10,
                                              "quote": "Synthetic."}]}
        return n.id

    def event(self, node_id: str, label: str, props: dict[str, Any], ev: list[dict[str, Any]]) -> None:
        self.nodes[node_id] = {"id": node_id, "label": label, "properties": props, "evidence": ev}

    def rel(self, type_: str, start: str, end: str, ev: list[dict[str, Any]],
            props: dict[str, Any] | None = None) -> None:
        self.rels.setdefault((type_, start, end), {"type": type_, "start": start, "end": end,
                                                   "properties": props or {}, "evidence": ev})

    def document(self) -> GraphDocument:
        return GraphDocument.model_validate({
            "article": {"id": article_id(self.text), "language": "en", "published": "2025-12",
                        "title": self.text, "source": "conflictkg bench"},
            "nodes": list(self.nodes.values()),
            "relationships": list(self.rels.values()),
        })


def documents(events: int, batch: int = 2000, seed: int = 20250301) -> Iterator[GraphDocument]:
    """`events` synthetic events in documents of `batch` events; the first carries the world's
    affiliations and places."""
    rng = random.Random(seed)
    world = build_world(rng)
    by_id = {a.id: a for a in world.actors} | {loc.id: loc for loc in world.locations}
    number = 0
    made = 0
    while made < events:
        doc = _Doc(number)
        if number == 0:
            for person, actor, role in world.affiliations:
                doc.named(by_id[person], "Actor")
                doc.named(by_id[actor], "Actor")
                doc.rel("AFFILIATED_WITH", person, actor, doc.evidence(), {"role": role})
            for loc, parent in world.placed_in:
                doc.named(by_id[loc], "Location")
                doc.named(by_id[parent], "Actor" if parent.startswith("actor:") else "Location")
                doc.rel("LOCATED_IN", loc, parent, doc.evidence())
        for _ in range(min(batch, events - made)):
            _one_event(rng, world, doc, made)
            made += 1
        yield doc.document()
        number += 1


def _pick_actors(rng: random.Random, world: World, k: int) -> list[Named]:
    chosen: dict[str, Named] = {}
    while len(chosen) < k:
        a = rng.choices(world.actors, weights=world.actor_weights)[0]
        chosen[a.id] = a
    return list(chosen.values())


def _one_event(rng: random.Random, world: World, doc: _Doc, n: int) -> None:
    r = rng.random()
    kind = "attack"
    for name, share in _MIX:
        if r < share:
            kind = name
            break
        r -= share
    when = _date(rng)
    ev = doc.evidence()
    dated = {"date": when} if when else {}
    if kind == "attack":
        method = rng.choice(_METHODS)
        props: dict[str, Any] = {
            "method": method, "modality": "reported", "plover": "ASSAULT",
            "acled_event_type": "Explosions/Remote violence",
            "acled_sub_event_type": _ACLED[method], **dated,
        }
        if rng.random() < 0.5:
            props |= {"killed": rng.randrange(0, 40), "killed_qualifier": "exact"}
        if rng.random() < 0.6:
            props |= {"injured": rng.randrange(0, 120),
                      "injured_qualifier": rng.choice(("exact", "at_least", "more_than"))}
        if rng.random() < 0.5:
            props["effects"] = sorted(set(rng.choices(_EFFECTS, k=rng.randrange(1, 3))))
        node = event_id("attack", bench=n)
        doc.event(node, "Attack", props, ev)
        place = rng.choices(world.locations, weights=world.location_weights)[0]
        doc.rel("TARGETED", node, doc.named(place, "Location"), ev)
        if rng.random() < 0.85:
            doc.rel("PERPETRATED", doc.named(_pick_actors(rng, world, 1)[0], "Actor"), node, ev)
    elif kind == "accusation":
        node = event_id("accusation", bench=n)
        doc.event(node, "Accusation", {"plover": "ACCUSE", "mutual": False, **dated}, ev)
        accuser, accused = _pick_actors(rng, world, 2)
        doc.rel("MADE", doc.named(accuser, "Actor"), node, ev)
        doc.rel("AGAINST", node, doc.named(accused, "Actor"), ev)
    elif kind == "agreement":
        node = event_id("agreement", bench=n)
        topic = rng.choice(_TOPICS)
        doc.event(node, "Agreement", {"topic": topic, "name": f"{topic.replace('_', ' ')} deal",
                                      "status": rng.choice(_STATUSES), "plover": "AGREE", **dated}, ev)
        parties = _pick_actors(rng, world, 3)
        for p in parties[:2]:
            doc.rel("PARTY_TO", doc.named(p, "Actor"), node, ev)
        doc.rel("MEDIATED", doc.named(parties[2], "Actor"), node, ev)
    elif kind == "meeting":
        node = event_id("meeting", bench=n)
        doc.event(node, "Meeting", {"kind": rng.choice(("summit", "talks", "meeting")),
                                    "plover": "CONSULT", **dated}, ev)
        for a in _pick_actors(rng, world, rng.randrange(2, 5)):
            doc.rel("ATTENDED", doc.named(a, "Actor"), node, ev)
        place = rng.choices(world.locations, weights=world.location_weights)[0]
        doc.rel("HELD_AT", node, doc.named(place, "Location"), ev)
    elif kind == "proposal":
        node = event_id("proposal", bench=n)
        doc.event(node, "Proposal", {"topic": "reassurance_force", "name": "reassurance force",
                                     "plover": "MOBILIZE", **dated}, ev)
        lead, support, oppose = _pick_actors(rng, world, 3)
        doc.rel("LEADS", doc.named(lead, "Actor"), node, ev)
        doc.rel("SUPPORTS", doc.named(support, "Actor"), node, ev)
        doc.rel("OPPOSES", doc.named(oppose, "Actor"), node, ev)
    else:
        node = event_id("statement", bench=n)
        speaker = _pick_actors(rng, world, 1)[0]
        doc.event(node, "Statement", {"quote": f"Synthetic statement {n}", "speaker": speaker.name,
                                      **dated}, ev)
        doc.rel("SAID", doc.named(speaker, "Actor"), node, ev)


def world_ids(seed: int = 20250301) -> World:
    """The same world `documents` builds, for picking request parameters."""
    return build_world(random.Random(seed))

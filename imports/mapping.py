"""One ACLED row to one event and what it links to, or the reason the row is bad.

A row is checked whole before anything of it is kept: a bad row (no id, a date, coordinate,
fatalities or timestamp that does not parse, an event type outside the codebook) is reported with
its line number and skipped, never half-written.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from conflictkg.imports.actors import ActorMapper, ActorNode
from conflictkg.imports.codebook import ACTOR_TYPES, EVENT_TYPES
from conflictkg.imports.places import LocationNode, PlaceMapper
from conflictkg.loaders.lexicon import read_table

DATASET_ID = "dataset:acled"
DATASET_NAME = "ACLED"

# event type -> label; Strategic developments split on the Agreement sub-event type
_LABELS = {
    "Battles": "Attack", "Explosions/Remote violence": "Attack", "Violence against civilians": "Attack",
    "Protests": "Demonstration", "Riots": "Demonstration", "Strategic developments": "Development",
}
EVENT_LABELS = ("Attack", "Agreement", "Demonstration", "Development")
_PLOVER = {"Attack": "ASSAULT", "Agreement": "AGREE", "Demonstration": "PROTEST"}
# sub-event type -> attack method (None: the row does not say how)
_METHODS: dict[str, str | None] = {
    "Armed clash": "ground_assault", "Government regains territory": "ground_assault",
    "Non-state actor overtakes territory": "ground_assault", "Air/drone strike": "airstrike",
    "Shelling/artillery/missile attack": "shelling", "Remote explosive/landmine/IED": "explosion",
    "Suicide bomb": "explosion", "Grenade": "explosion", "Chemical weapon": "chemical",
    "Attack": None, "Sexual violence": "sexual_violence", "Abduction/forced disappearance": "abduction",
}
_DATE_FORMATS = ("%d %B %Y", "%d-%B-%Y", "%d/%m/%Y")


class BadRow(ValueError):
    """Why a row cannot be imported."""


@dataclass
class RowGraph:
    """One good row: its event, the actors and places it names, and the relationships."""

    line: int
    id: str
    label: str
    timestamp: int
    properties: dict[str, Any]
    actors: list[ActorNode] = field(default_factory=list)
    places: list[LocationNode] = field(default_factory=list)
    # (start label, type, end label) -> (start id, end id, properties)
    links: list[tuple[tuple[str, str, str], str, str, dict[str, Any]]] = field(default_factory=list)
    context: list[tuple[tuple[str, str, str], str, str, dict[str, Any]]] = field(default_factory=list)

    @property
    def event_type(self) -> str:
        return str(self.properties["acled_event_type"])


def event_id(label: str, acled_id: str) -> str:
    """attack:acled-ukr12345: the row's own id, so a row is always the same node."""
    return f"{label.lower()}:acled-{acled_id.strip().lower().replace(' ', '-')}"


def parse_day(text: str) -> date:
    t = text.strip()
    try:
        return date.fromisoformat(t[:10]) if len(t) >= 10 and t[4] == "-" else _parse_named(t)
    except ValueError:
        raise BadRow(f"event_date {text!r} is not a date (YYYY-MM-DD or 02 January 2024)") from None


def _parse_named(t: str) -> date:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(t, fmt).date()
        except ValueError:
            continue
    raise ValueError(t)


def partial_date(day: date, precision: int) -> tuple[str, date, date, str]:
    """(date, first day, last day, precision) the graph stores: time_precision 1 is the day, 2 the
    ISO week the coded day lies in, 3 its month (what PartialDate.parse gives for that text)."""
    if precision == 1:
        return day.isoformat(), day, day, "day"
    if precision == 2:
        year, week, weekday = day.isocalendar()
        monday = day - timedelta(days=weekday - 1)
        return f"{year}-W{week:02d}", monday, monday + timedelta(days=6), "week"
    last = calendar.monthrange(day.year, day.month)[1]
    return f"{day.year}-{day.month:02d}", day.replace(day=1), day.replace(day=last), "month"


def _int(row: dict[str, str], column: str, *, default: int | None = None) -> int:
    text = (row.get(column) or "").strip()
    if not text and default is not None:
        return default
    try:
        return int(text)
    except ValueError:
        try:
            number = float(text)
        except ValueError:
            raise BadRow(f"{column} {text!r} is not an integer") from None
        if not number.is_integer():
            raise BadRow(f"{column} {text!r} is not an integer") from None
        return int(number)


def _coordinate(row: dict[str, str], column: str, bound: float) -> float:
    text = (row.get(column) or "").strip()
    try:
        value = float(text)
    except ValueError:
        raise BadRow(f"{column} {text!r} is not a number" if text else f"{column} is missing") from None
    if not -bound <= value <= bound or value != value:
        raise BadRow(f"{column} {value} is outside -{bound:g}..{bound:g}")
    return value


def _names(cell: str) -> list[str]:
    return [n.strip() for n in cell.split(";") if n.strip()]


def _actor_type(text: str) -> str:
    t = text.strip()
    return ACTOR_TYPES.get(t, t)


def _methods() -> dict[str, dict[str, str]]:
    return {r["method"]: r for r in read_table("attack_types.tsv")}


class RowMapper:
    """Turns rows (dicts keyed by codebook column) into RowGraphs."""

    def __init__(self, actors: ActorMapper | None = None) -> None:
        self.actors = actors or ActorMapper()
        self.places = PlaceMapper(self.actors)
        self.methods = _methods()

    def map(self, row: dict[str, str], line: int) -> RowGraph:
        acled_id = (row.get("event_id_cnty") or "").strip()
        if not acled_id:
            raise BadRow("event_id_cnty is missing")
        event_type = (row.get("event_type") or "").strip()
        if event_type not in EVENT_TYPES:
            raise BadRow(f"event_type {event_type!r} is not one of the codebook's: {', '.join(EVENT_TYPES)}")
        sub = (row.get("sub_event_type") or "").strip()
        day = parse_day(row.get("event_date") or "")
        precision = _int(row, "time_precision", default=1)
        if precision not in (1, 2, 3):
            raise BadRow(f"time_precision {precision} is not 1, 2 or 3")
        lat = _coordinate(row, "latitude", 90.0)
        lon = _coordinate(row, "longitude", 180.0)
        killed = _int(row, "fatalities")
        if killed < 0:
            raise BadRow(f"fatalities {killed} is negative")
        timestamp = _int(row, "timestamp")
        location = (row.get("location") or "").strip()
        if not location:
            raise BadRow("location is missing")

        label = "Agreement" if event_type == "Strategic developments" and sub == "Agreement" else _LABELS[event_type]
        eid = event_id(label, acled_id)
        text, first, last, kept = partial_date(day, precision)
        type1, type2 = _actor_type(row.get("inter1") or ""), _actor_type(row.get("inter2") or "")
        interaction = (row.get("interaction") or "").strip()
        if interaction.isdigit() and len(interaction) == 2:  # older exports: 17 = State forces-Civilians
            interaction = "-".join(ACTOR_TYPES.get(d, d) for d in interaction)
        props: dict[str, Any] = {
            "id": eid, "date": text, "date_start": first, "date_end": last, "date_precision": kept,
            "acled_id": acled_id, "acled_event_type": event_type, "acled_sub_event_type": sub or None,
            "acled_disorder_type": (row.get("disorder_type") or "").strip() or None,
            "acled_interaction": interaction or None,
            "acled_actor1": (row.get("actor1") or "").strip() or None,
            "acled_actor2": (row.get("actor2") or "").strip() or None,
            "acled_time_precision": precision,
            "acled_geo_precision": _int(row, "geo_precision", default=0) or None,
            "acled_timestamp": timestamp,
            "civilian_targeting": bool((row.get("civilian_targeting") or "").strip()),
            "notes": (row.get("notes") or "").strip() or None,
            "tags": _names(row.get("tags") or "") or None,
            "killed": killed, "plover": _PLOVER.get(label),
        }
        if label == "Attack":
            method = self._method(sub, props["notes"] or "")
            props.update(method=method, modality="reported",
                         plover_mode=self.methods[method]["plover_mode"] or None if method in self.methods else None)
        elif label == "Agreement":
            props["status"] = "agreed"
        props = {k: v for k, v in props.items() if v is not None}

        graph = RowGraph(line, eid, label, timestamp, props)
        chain = self.places.chain(iso=row.get("iso") or "", country_name=row.get("country") or "",
                                  admin1=(row.get("admin1") or "").strip(), admin2=(row.get("admin2") or "").strip(),
                                  location=location, lat=lat, lon=lon)
        self._place_links(graph, chain)
        side1 = self._actors(graph, row.get("actor1") or "", row.get("assoc_actor_1") or "", type1)
        side2 = self._actors(graph, row.get("actor2") or "", row.get("assoc_actor_2") or "", type2)
        self._actor_links(graph, side1, side2)
        graph.links.append(((label, "RECORDED_IN", "Dataset"), eid, DATASET_ID, {
            "row": acled_id, "source": (row.get("source") or "").strip() or None,
            "source_scale": (row.get("source_scale") or "").strip() or None}))
        return graph

    def _method(self, sub: str, notes: str) -> str | None:
        method = _METHODS.get(sub)
        low = notes.lower()
        if method == "airstrike" and ("drone" in low or "uav" in low):
            return "drone"
        if method == "shelling" and "missile" in low:
            return "missile"
        return method

    def _place_links(self, graph: RowGraph, chain: Any) -> None:
        place_rel = "TARGETED" if graph.label == "Attack" else "HELD_AT"
        graph.places.append(chain.place)
        graph.links.append(((graph.label, place_rel, "Location"), graph.id, chain.place.id, {}))
        child = chain.place.id
        if chain.region is not None:
            graph.places.append(chain.region)
            graph.context.append((("Location", "LOCATED_IN", "Location"), child, chain.region.id,
                                  {"source": "acled"}))
            child = chain.region.id
        if chain.country is not None:
            graph.actors.append(ActorNode(chain.country.id, chain.country.name, "country",
                                          chain.country.code or None))
            graph.context.append((("Location", "LOCATED_IN", "Actor"), child, chain.country.id,
                                  {"source": "acled"}))

    def _actors(self, graph: RowGraph, actor: str, assoc: str, actor_type: str) -> list[str]:
        ids: list[str] = []
        for i, name in enumerate([actor.strip(), *_names(assoc)]):
            if not name:
                continue
            nodes = self.actors.map(name, actor_type if i == 0 else "")
            if not nodes:
                continue
            graph.actors.extend(nodes)
            first = nodes[0]
            ids.append(first.id)
            if first.affiliation:
                graph.context.append((("Actor", "AFFILIATED_WITH", "Actor"), first.id, first.affiliation,
                                      {"role": first.role} if first.role else {}))
        return list(dict.fromkeys(ids))

    def _actor_links(self, graph: RowGraph, side1: list[str], side2: list[str]) -> None:
        label, eid = graph.label, graph.id
        if label == "Attack":
            for a in side1:
                graph.links.append((("Actor", "PERPETRATED", "Attack"), a, eid, {}))
            for a in side2:
                graph.links.append((("Attack", "TARGETED", "Actor"), eid, a, {}))
            return
        rel = "PARTY_TO" if label == "Agreement" else "INVOLVED"
        for a in dict.fromkeys(side1 + side2):
            graph.links.append((("Actor", rel, label), a, eid, {}))

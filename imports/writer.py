"""Batched writes of mapped rows: one transaction per batch, a handful of UNWIND queries each.

A batch first takes the dataset's lock (concurrent imports write one batch at a time, so none
misses a row the other just wrote), then asks the graph what each row is (created, unchanged,
updated: `import_status` compares the stored `acled_timestamp` in Cypher), then writes only the
rows that are new or changed: their actors and places (deduplicated within the batch), the
events, and the events' relationships. The transaction function is safe to retry: it recomputes the statuses.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import neo4j

from conflictkg.graph.ids import fold
from conflictkg.graph.queries import query
from conflictkg.graph.writer import mark_changed
from conflictkg.imports.actors import ActorNode
from conflictkg.imports.mapping import DATASET_ID, EVENT_LABELS, RowGraph, event_id
from conflictkg.imports.places import LocationNode


@dataclass
class BatchResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # ACLED event_type -> rows written (created or updated)
    written_by_type: Counter[str] = field(default_factory=Counter)


def search_keys(name: str, aliases: list[str]) -> list[str]:
    return list(dict.fromkeys(fold(x) for x in [name, *aliases]))


def _actor_rows(rows: list[RowGraph]) -> list[dict[str, Any]]:
    merged: dict[str, tuple[ActorNode, list[str]]] = {}
    for g in rows:
        for a in g.actors:
            found = merged.get(a.id)
            if found is None:
                merged[a.id] = (a, list(a.aliases))
            else:
                found[1].extend(x for x in a.aliases if x not in found[1])
    return [{"id": a.id, "properties": a.properties(), "aliases": aliases,
             "search_keys": search_keys(a.name, aliases)} for a, aliases in merged.values()]


def _location_rows(rows: list[RowGraph]) -> list[dict[str, Any]]:
    merged: dict[str, tuple[LocationNode, list[str]]] = {}
    for g in rows:
        for p in g.places:
            found = merged.get(p.id)
            if found is None:
                merged[p.id] = (p, list(p.aliases))
            else:
                found[1].extend(x for x in p.aliases if x not in found[1])
    return [{"id": p.id, "name": p.name, "kind": p.kind, "lat": p.lat, "lon": p.lon,
             "country_code": p.country_code, "admin1": p.admin1, "admin2": p.admin2, "aliases": aliases,
             "search_keys": search_keys(p.name, aliases)} for p, aliases in merged.values()]


# The relationship from an actor to an imported event that is not an attack.
_ACTOR_TYPES = {"Agreement": "PARTY_TO", "Demonstration": "INVOLVED", "Development": "INVOLVED"}


def _event_row(g: RowGraph) -> dict[str, Any]:
    """The event and its own relationships as one row of import_attacks / import_events: its place,
    the actors on each side (actor1's and actor2's), its provenance."""
    row: dict[str, Any] = {"id": g.id, "properties": g.properties, "place": None, "side1": [], "side2": [],
                           "provenance": {}}
    for (_, rel, end_label), start, end, props in g.links:
        if rel == "RECORDED_IN":
            row["provenance"] = {k: v for k, v in props.items() if v is not None}
        elif end_label == "Location":
            row["place"] = end
        elif rel == "TARGETED":
            row["side2"].append(end)
        else:
            row["side1"].append(start)
    return row


def _statuses(tx: neo4j.ManagedTransaction, rows: list[RowGraph]) -> dict[str, dict[str, Any]]:
    keys = [{"id": g.id, "timestamp": g.timestamp,
             "ids": [event_id(label, str(g.properties["acled_id"])) for label in EVENT_LABELS]} for g in rows]
    result = tx.run(query("import_status").text, rows=keys)
    return {r["id"]: r.data() for r in result}


def write_batch(tx: neo4j.ManagedTransaction, rows: list[RowGraph]) -> BatchResult:
    """Write one batch of good rows (distinct ids) in the caller's transaction."""
    out = BatchResult()
    tx.run(query("import_lock").text, dataset=DATASET_ID).consume()
    statuses = _statuses(tx, rows)
    todo: list[RowGraph] = []
    clear: dict[str, list[dict[str, str]]] = defaultdict(list)
    for g in rows:
        st = statuses[g.id]
        if st["status"] == "unchanged":
            out.unchanged += 1
            continue
        if st["status"] == "updated":
            out.updated += 1
            clear[st["previous_label"]].append({"id": g.id, "previous": st["previous"]})
        else:
            out.created += 1
        out.written_by_type[g.event_type] += 1
        todo.append(g)
    if not todo:
        return out
    for label, items in clear.items():
        tx.run(query("import_clear_events").render(label=label), rows=items).consume()
    tx.run(query("import_actors").text, rows=_actor_rows(todo)).consume()
    tx.run(query("import_locations").text, rows=_location_rows(todo)).consume()
    events: dict[str, list[dict[str, Any]]] = defaultdict(list)
    context: dict[tuple[str, str, str], dict[tuple[str, str], dict[str, Any]]] = defaultdict(dict)
    for g in todo:
        events[g.label].append(_event_row(g))
        for shape, start, end, props in g.context:
            context[shape].setdefault((start, end), {"start": start, "end": end, "properties": props})
    for label, items in events.items():
        if label == "Attack":
            tx.run(query("import_attacks").text, rows=items, dataset=DATASET_ID).consume()
        else:
            text = query("import_events").render(label=label, type=_ACTOR_TYPES[label])
            tx.run(text, rows=items, dataset=DATASET_ID).consume()
    q = query("import_context")
    for (s, t, e), pairs in context.items():
        tx.run(q.render(start_label=s, type=t, end_label=e), rows=list(pairs.values())).consume()
    mark_changed(tx)  # the API's ETags follow every change
    return out

"""Named Cypher queries loaded from the `cypher/` folder.

Each query starts with a `// name: <name>` line; the comment lines after it are its documentation.
A `// fragment` line marks a part of queries, not a query: others include its text with
`{include:name}` (a list and its export share the fragment that applies the filters). A
`// template: {a} {b}` line marks a query with placeholders that only the registry's labels and
relationship types may fill (Cypher cannot take a label as a parameter). Two placeholders are
filled from the registry when the file is loaded, in any query: `{event_labels}` (Attack|Agreement|…,
every label on the timeline), `{fact_types}` (every relationship type but REPORTED_IN) and
`{place_types}` (the types that lead from an event to a Location: TARGETED|HELD_AT). User
input always travels as parameters.

Some queries are generated from the registry instead of written in a file: the stats counts and
the constraints and indexes (graph.schema).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from pydantic import BaseModel

from conflictkg.errors import ConflictKGError
from conflictkg.graph.registry import REGISTRY

_HEADER = re.compile(r"^//\s*name:\s*(?P<name>[a-z_][a-z0-9_]*)\s*$")
_TEMPLATE = re.compile(r"^//\s*template:\s*(?P<slots>.*)$")
_SLOT = re.compile(r"\{([a-z_]+)\}")
_INCLUDE = re.compile(r"\{include:([a-z_][a-z0-9_]*)\}")


class NamedQuery(BaseModel):
    name: str
    file: str
    text: str
    doc: str = ""
    slots: tuple[str, ...] = ()
    fragment: bool = False  # `// fragment`: only for `{include:name}`, not a query of its own

    def render(self, **values: str) -> str:
        """Fill template slots; only the registry's names are accepted, so no free text reaches
        the query."""
        if set(values) != set(self.slots):
            raise ConflictKGError(f"query {self.name} takes slots {self.slots}, got {tuple(values)}")
        text = self.text
        for slot, value in values.items():
            if value not in REGISTRY.nodes and value not in REGISTRY.relationships:
                raise ConflictKGError(f"slot {slot} of {self.name} takes a label or relationship "
                                      f"type of the registry, not {value!r}")
            text = text.replace("{" + slot + "}", value)
        return text


def registry_slots() -> dict[str, str]:
    """Placeholders every query file may use, filled from the registry at load time."""
    return {
        "event_labels": "|".join(n.label for n in REGISTRY.events),
        "fact_types": "|".join(REGISTRY.fact_types),
        "place_types": "|".join(REGISTRY.place_types),
    }


def parse_queries(source: str, file: str) -> dict[str, NamedQuery]:
    """Split one .cypher file into its named queries."""
    queries: dict[str, NamedQuery] = {}
    name: str | None = None
    lines: list[str] = []

    def flush() -> None:
        if name is None:
            return
        doc: list[str] = []
        slots: tuple[str, ...] = ()
        body: list[str] = []
        fragment = False
        for line in lines:
            stripped = line.strip()
            if not body and stripped.startswith("//"):
                if m := _TEMPLATE.match(stripped):
                    slots = tuple(_SLOT.findall(m["slots"]))
                elif stripped.lstrip("/").strip() == "fragment":
                    fragment = True
                else:
                    doc.append(stripped.lstrip("/").strip())
            elif stripped or body:
                body.append(line)
        text = "\n".join(body).strip()
        for slot, value in registry_slots().items():
            text = text.replace("{" + slot + "}", value)
        if not text:
            raise ConflictKGError(f"{file}: query {name} has no body")
        if name in queries:
            raise ConflictKGError(f"{file}: query {name} is defined twice")
        queries[name] = NamedQuery(name=name, file=file, text=text, doc=" ".join(doc), slots=slots,
                                   fragment=fragment)

    for line in source.splitlines():
        if m := _HEADER.match(line.strip()):
            flush()
            name, lines = m["name"], []
        elif name is not None:
            lines.append(line)
    flush()
    return queries


def generated_queries() -> dict[str, NamedQuery]:
    """Queries whose text is a function of the registry: one branch per label or type."""
    labels = "\n  UNION ALL ".join(
        f"MATCH (n:{label}) RETURN '{label}' AS label, count(n) AS count" for label in REGISTRY.labels
    )
    types = "\n  UNION ALL ".join(
        f"MATCH ()-[r:{t}]->() RETURN '{t}' AS type, count(r) AS count" for t in REGISTRY.types
    )
    events = [spec.label for spec in REGISTRY.events]
    counted = " + ".join(f"COUNT {{ MATCH (x:{label}) }}" for label in events)
    dated = " + ".join(f"COUNT {{ MATCH (x:{label}) WHERE x.date_start IS NOT NULL }}" for label in events)
    heads = "\n  UNION ALL\n  ".join(
        f"MATCH (e:{label}) WHERE e.date_start IS NOT NULL RETURN e ORDER BY e.date_start, e.id LIMIT $window"
        for label in events)
    undated = "\n  UNION ALL\n  ".join(f"MATCH (e:{label}) WHERE e.date_start IS NULL RETURN e" for label in events)
    return {
        "events_dated_page": NamedQuery(
            name="events_dated_page", file="<registry>",
            doc="The unfiltered timeline's page without sorting every event: the first $window "
                "(offset + limit) of each label from its date index, merged; total from the count store.",
            text=(f"CALL () {{\n  {heads}\n}}\nWITH e ORDER BY e.date_start, e.id SKIP $offset LIMIT $limit\n"
                  f"WITH collect(e) AS found\nRETURN {counted} AS total,\n"
                  "       [e IN found | {include:event_item}] AS items"),
        ),
        "events_undated_page": NamedQuery(
            name="events_undated_page", file="<registry>",
            doc="Undated events after the dated ones of the unfiltered timeline, by id; `dated` "
                "says how many dated ones come first.",
            text=(f"CALL () {{\n  {undated}\n}}\nWITH e ORDER BY e.id SKIP $offset LIMIT $limit\n"
                  f"WITH collect(e) AS found\nRETURN {dated} AS dated,\n"
                  "       [e IN found | {include:event_item}] AS items"),
        ),
        "stats_labels": NamedQuery(
            name="stats_labels", file="<registry>",
            doc="Node counts per label, from the count store (one O(1) branch per label).",
            text=f"CALL () {{\n  {labels}\n}}\nRETURN label, count",
        ),
        "stats_relationships": NamedQuery(
            name="stats_relationships", file="<registry>",
            doc="Relationship counts per type, from the count store.",
            text=f"CALL () {{\n  {types}\n}}\nRETURN type, count",
        ),
    }


def _resolve_includes(found: dict[str, NamedQuery]) -> None:
    """`{include:name}` stands for the text of another named query (one level deep): a list and
    its export share one fragment that selects what the filters ask for."""
    for name, q in list(found.items()):
        def text_of(m: re.Match[str], owner: str = name) -> str:
            target = found.get(m[1])
            if target is None or not target.fragment or _INCLUDE.search(target.text):
                raise ConflictKGError(f"query {owner} includes {m[1]!r}, which is not a fragment")
            return target.text
        if _INCLUDE.search(q.text):
            found[name] = q.model_copy(update={"text": _INCLUDE.sub(text_of, q.text)})


@lru_cache
def all_queries() -> dict[str, NamedQuery]:
    """Every named query of the package, loaded once: the files' and the generated ones."""
    found: dict[str, NamedQuery] = generated_queries()
    for entry in sorted(resources.files("conflictkg.cypher").iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".cypher"):
            for name, q in parse_queries(entry.read_text(encoding="utf-8"), entry.name).items():
                if name in found:
                    raise ConflictKGError(f"query {name} is defined in {found[name].file} and {q.file}")
                found[name] = q
    _resolve_includes(found)
    return found


def query(name: str) -> NamedQuery:
    try:
        return all_queries()[name]
    except KeyError:
        raise ConflictKGError(f"no Cypher query named {name!r} in cypher/") from None

"""The checks a graph document passes against the schema registry: ids, properties and
relationship patterns. GraphDocument's validator runs them on every document (one per article
extracted, one per document read), so they live apart from the pydantic models, in a module that
runs compiled (see conflictkg.graph)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Final, Protocol, cast

from conflictkg.graph.registry import REGISTRY, PropType

# Property values Neo4j can store: scalars and homogeneous lists of scalars.
Scalar = str | int | float | bool
PropertyValue = Scalar | list[str] | list[int] | list[float] | None


class NodeLike(Protocol):
    id: str
    label: str
    properties: dict[str, PropertyValue]


class RelationshipLike(Protocol):
    type: str
    start: str
    end: str
    properties: dict[str, PropertyValue]


_TYPE_NAMES: Final = frozenset(REGISTRY.relationships)

_TYPES: Final[dict[PropType, tuple[type, ...]]] = {
    "string": (str,), "integer": (int,), "float": (float, int), "boolean": (bool,),
    "string_list": (list,), "date": (str,), "datetime": (str,),
    "point": (),  # derived only: the writer makes it from lat/lon
}


def known_label(value: str) -> str:
    """A node label the registry declares (labels are interpolated into generated upserts)."""
    if value not in _NODES:
        raise ValueError(f"unknown label {value!r}; the registry has {', '.join(REGISTRY.labels)}")
    return value


def known_type(value: str) -> str:
    """A relationship type the registry declares (types are interpolated too)."""
    if value not in _TYPE_NAMES:
        raise ValueError(f"unknown relationship type {value!r}; the registry has {', '.join(REGISTRY.types)}")
    return value


def _values(properties: dict[str, PropertyValue]) -> dict[str, object]:
    """A document's properties as what they may really hold: pydantic does not check the values
    (the registry's types here do), so a value may be anything JSON gives, a nested object too."""
    return cast("dict[str, object]", properties)


def _value_ok(kind: PropType, value: object) -> bool:
    if value is None:
        return True
    if not isinstance(value, _TYPES[kind]) or (kind in ("integer", "float") and isinstance(value, bool)):
        return False
    return not isinstance(value, list) or all(isinstance(v, str) for v in value)  # lists: string_list only


def _bad_value(where: str, name: str, kind: PropType, value: object) -> ValueError:
    return ValueError(f"{where}: property {name!r} must be {kind.replace('_', ' ')}, got {value!r}")


# The registry as plain tables, read once: label -> (id prefix with its colon, writable property ->
# type), and relationship type -> (its (start, end) label pairs, property -> type). Every property
# of every document is looked up here.
_NODES: Final[dict[str, tuple[str, dict[str, PropType]]]] = {
    spec.label: (spec.prefix + ":", {p.name: p.type for p in spec.properties if not p.derived})
    for spec in REGISTRY.nodes.values()
}
_RELS: Final[dict[str, tuple[frozenset[tuple[str, str]], dict[str, PropType]]]] = {
    spec.type: (frozenset(spec.patterns), {p.name: p.type for p in spec.properties})
    for spec in REGISTRY.relationships.values() if spec.in_documents
}


def check_node(n: NodeLike) -> None:
    """Properties must be declared for the label, writable, and of the declared type; the id
    must carry the label's prefix."""
    known = _NODES.get(n.label)
    if known is None:
        REGISTRY.node(n.label)  # raises, naming the known labels
        return
    prefix, writable = known
    node_id, props = n.id, _values(n.properties)
    if not node_id.startswith(prefix):
        raise ValueError(f"node {node_id}: ids of label {n.label} start with {prefix}")
    for name, value in props.items():
        kind = writable.get(name)
        if kind is None:
            prop = REGISTRY.node(n.label).prop(name)
            why = "is set by the writer" if prop else "is not declared"
            raise ValueError(f"node {node_id}: property {name!r} {why} for {n.label} "
                             f"(allowed: {', '.join(sorted(writable))})")
        if not _value_ok(kind, value):
            raise _bad_value(f"node {node_id}", name, kind, value)
    if "lat" in props or "lon" in props:
        _check_coordinates(node_id, props)


_BOUNDS: Final = {"lat": 90.0, "lon": 180.0}


def _check_coordinates(node_id: str, props: dict[str, object]) -> None:
    """lat and lon come together and inside the globe: a half or swapped pair is a bad point."""
    given = [k for k in _BOUNDS if props.get(k) is not None]
    if len(given) == 1:
        raise ValueError(f"node {node_id}: {given[0]!r} without {({'lat', 'lon'} - set(given)).pop()!r}")
    for key, bound in _BOUNDS.items():
        value = props.get(key)
        if isinstance(value, (int, float)) and not -bound <= value <= bound:
            raise ValueError(f"node {node_id}: {key} {value} is outside -{bound:g}..{bound:g}")


def check_relationship(r: RelationshipLike, start: str, end: str) -> None:
    known = _RELS.get(r.type)
    if known is None:
        REGISTRY.relationship(r.type)  # raises, naming the known types
        raise ValueError(f"{r.type} is made by the writer from evidence, not given in a document")
    patterns, declared = known
    if (start, end) not in patterns:
        allowed = ", ".join(f"({s})-[:{r.type}]->({e})" for s, e in REGISTRY.relationship(r.type).patterns)
        raise ValueError(
            f"relationship ({start} {r.start})-[:{r.type}]->({end} {r.end}) is not in the schema; "
            f"{r.type} joins only {allowed}"
        )
    for name, value in _values(r.properties).items():
        kind = declared.get(name)
        if kind is None:
            raise ValueError(f"relationship {r.type} {r.start}->{r.end}: property {name!r} is not "
                             f"declared for {r.type}")
        if not _value_ok(kind, value):
            raise _bad_value(f"relationship {r.type} {r.start}->{r.end}", name, kind, value)


def check_document(nodes: Sequence[NodeLike], relationships: Sequence[RelationshipLike]) -> None:
    """Node ids are unique, every node and relationship fits the registry, and relationships join
    nodes of the document."""
    counts = Counter(n.id for n in nodes)
    repeated = sorted(i for i, c in counts.items() if c > 1)
    if repeated:
        raise ValueError(f"node ids appear more than once: {', '.join(repeated[:5])}")
    for n in nodes:
        if n.label == "Article":
            raise ValueError(f"node {n.id}: the Article node comes from `article`, not `nodes`")
        check_node(n)
    missing = sorted({e for r in relationships for e in (r.start, r.end)} - set(counts))
    if missing:
        raise ValueError(f"relationships refer to nodes that are not in the document: {', '.join(missing[:5])}")
    labels = {n.id: n.label for n in nodes}
    for r in relationships:
        check_relationship(r, labels[r.start], labels[r.end])

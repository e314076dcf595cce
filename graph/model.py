"""The graph document: the public JSON contract every loader produces and the writer consumes."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from conflictkg.graph.registry import REGISTRY, PropType

# Property values Neo4j can store: scalars and homogeneous lists of scalars.
Scalar = str | int | float | bool
PropertyValue = Scalar | list[str] | list[int] | list[float] | None


def _known_label(value: str) -> str:
    if value not in REGISTRY.nodes:
        raise ValueError(f"unknown label {value!r}; the registry has {', '.join(REGISTRY.labels)}")
    return value


def _known_type(value: str) -> str:
    if value not in REGISTRY.relationships:
        raise ValueError(
            f"unknown relationship type {value!r}; the registry has {', '.join(REGISTRY.types)}"
        )
    return value


# Labels and relationship types are interpolated into generated upserts, so only the registry's
# names are accepted (graph/registry.py declares them).
Label = Annotated[str, AfterValidator(_known_label)]
RelType = Annotated[str, AfterValidator(_known_type)]

NodeId = Annotated[str, StringConstraints(pattern=r"^[a-z_]+:\S+$", max_length=300)]


class Evidence(BaseModel):
    """Where in the article a fact was read: sentence index and character offsets into the text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sentence: int = Field(ge=0)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    quote: str = Field(min_length=1)

    @model_validator(mode="after")
    def _span_ordered(self) -> Self:
        if self.end < self.start:
            raise ValueError(f"evidence end ({self.end}) is before its start ({self.start})")
        return self


class ArticleMeta(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: Annotated[str, StringConstraints(pattern=r"^sha256:[0-9a-f]{64}$")]
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
    published: str | None = Field(
        default=None, description="As precise as known: YYYY, YYYY-MM, YYYY-Www or YYYY-MM-DD."
    )
    title: str | None = None
    source: str | None = None
    extractor: str | None = Field(
        default=None,
        description="What produced the document: the extractor's version (see loaders.version); "
        "reloading an article with another version replaces its facts.",
    )


class Node(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: NodeId
    label: Label
    properties: dict[str, PropertyValue] = Field(default_factory=dict)
    evidence: list[Evidence] = Field(default_factory=list)


class Relationship(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: RelType
    start: NodeId
    end: NodeId
    properties: dict[str, PropertyValue] = Field(default_factory=dict)
    evidence: list[Evidence] = Field(default_factory=list)


_TYPES: dict[PropType, tuple[type, ...]] = {
    "string": (str,), "integer": (int,), "float": (float, int), "boolean": (bool,),
    "string_list": (list,), "date": (str,), "datetime": (str,),
    "point": (),  # derived only: the writer makes it from lat/lon
}


def _check_value(where: str, name: str, kind: PropType, value: PropertyValue) -> None:
    if value is None:
        return
    ok = isinstance(value, _TYPES[kind]) and not (kind in ("integer", "float") and isinstance(value, bool))
    if ok and kind == "string_list":
        ok = all(isinstance(v, str) for v in value)  # type: ignore[union-attr]
    if not ok:
        raise ValueError(f"{where}: property {name!r} must be {kind.replace('_', ' ')}, got {value!r}")


def _check_node(n: Node) -> None:
    """Properties must be declared for the label, writable, and of the declared type; the id
    must carry the label's prefix."""
    spec = REGISTRY.node(n.label)
    if not n.id.startswith(spec.prefix + ":"):
        raise ValueError(f"node {n.id}: ids of label {n.label} start with {spec.prefix}:")
    for name, value in n.properties.items():
        prop = spec.prop(name)
        if prop is None or prop.derived:
            why = "is set by the writer" if prop else "is not declared"
            allowed = ", ".join(sorted(spec.writable))
            raise ValueError(f"node {n.id}: property {name!r} {why} for {n.label} (allowed: {allowed})")
        _check_value(f"node {n.id}", name, prop.type, value)
    _check_coordinates(n)


_BOUNDS = {"lat": 90.0, "lon": 180.0}


def _check_coordinates(n: Node) -> None:
    """lat and lon come together and inside the globe: a half or swapped pair is a bad point."""
    given = [k for k in _BOUNDS if n.properties.get(k) is not None]
    if len(given) == 1:
        raise ValueError(f"node {n.id}: {given[0]!r} without {({'lat', 'lon'} - set(given)).pop()!r}")
    for key, bound in _BOUNDS.items():
        value = n.properties.get(key)
        if isinstance(value, int | float) and not -bound <= value <= bound:
            raise ValueError(f"node {n.id}: {key} {value} is outside -{bound:g}..{bound:g}")


def _check_relationship(r: Relationship, start: str, end: str) -> None:
    spec = REGISTRY.relationship(r.type)
    if not spec.in_documents:
        raise ValueError(f"{r.type} is made by the writer from evidence, not given in a document")
    if (start, end) not in spec.patterns:
        allowed = ", ".join(f"({s})-[:{r.type}]->({e})" for s, e in spec.patterns)
        raise ValueError(
            f"relationship ({start} {r.start})-[:{r.type}]->({end} {r.end}) is not in the schema; "
            f"{r.type} joins only {allowed}"
        )
    for name, value in r.properties.items():
        prop = spec.prop(name)
        if prop is None:
            raise ValueError(f"relationship {r.type} {r.start}->{r.end}: property {name!r} is not "
                             f"declared for {r.type}")
        _check_value(f"relationship {r.type} {r.start}->{r.end}", name, prop.type, value)


class GraphDocument(BaseModel):
    """One article's facts. Relationships may only join nodes of the same document."""

    model_config = ConfigDict(extra="forbid")

    article: ArticleMeta
    nodes: list[Node] = Field(default_factory=list)
    relationships: list[Relationship] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        counts = Counter(n.id for n in self.nodes)
        repeated = sorted(i for i, c in counts.items() if c > 1)
        if repeated:
            raise ValueError(f"node ids appear more than once: {', '.join(repeated[:5])}")
        for n in self.nodes:
            if n.label == "Article":
                raise ValueError(f"node {n.id}: the Article node comes from `article`, not `nodes`")
            _check_node(n)
        missing = sorted(
            {e for r in self.relationships for e in (r.start, r.end)} - set(counts)
        )
        if missing:
            raise ValueError(
                f"relationships refer to nodes that are not in the document: {', '.join(missing[:5])}"
            )
        labels = {n.id: n.label for n in self.nodes}
        for r in self.relationships:
            _check_relationship(r, labels[r.start], labels[r.end])
        return self

    def node(self, node_id: str) -> Node | None:
        return next((n for n in self.nodes if n.id == node_id), None)

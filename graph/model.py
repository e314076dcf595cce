"""The graph document: the public JSON contract every loader produces and the writer consumes."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from conflictkg.graph.checks import PropertyValue as PropertyValue  # loaders import it from here
from conflictkg.graph.checks import check_document
from conflictkg.graph.registry import REGISTRY


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


class GraphDocument(BaseModel):
    """One article's facts. Relationships may only join nodes of the same document."""

    model_config = ConfigDict(extra="forbid")

    article: ArticleMeta
    nodes: list[Node] = Field(default_factory=list)
    relationships: list[Relationship] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        check_document(self.nodes, self.relationships)
        return self

    def node(self, node_id: str) -> Node | None:
        return next((n for n in self.nodes if n.id == node_id), None)

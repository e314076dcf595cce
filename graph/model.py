"""The graph document: the public JSON contract every loader produces and the writer consumes."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, SkipValidation, StringConstraints, model_validator

from conflictkg.graph.checks import PropertyValue as PropertyValue  # loaders import it from here
from conflictkg.graph.checks import check_document, known_label, known_type

# Labels and relationship types are interpolated into generated upserts, so only the registry's
# names are accepted (graph/registry.py declares them).
Label = Annotated[str, AfterValidator(known_label)]
RelType = Annotated[str, AfterValidator(known_type)]

NodeId = Annotated[str, StringConstraints(pattern=r"^[a-z_]+:\S+$", max_length=300)]

# A property's value is checked against the type the registry declares for that property
# (checks.py, run by GraphDocument's validator), which is stricter than the union. So pydantic
# keeps the union for the JSON schema and serialisation only, and does not try each member of it
# on every value of every document.
Properties = dict[str, Annotated[PropertyValue, SkipValidation]]


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
    properties: Properties = Field(default_factory=dict)
    evidence: list[Evidence] = Field(default_factory=list)


class Relationship(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: RelType
    start: NodeId
    end: NodeId
    properties: Properties = Field(default_factory=dict)
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

"""The graph document: the public JSON contract every loader produces and the writer consumes."""

from __future__ import annotations

from collections import Counter
from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

# Property values Neo4j can store: scalars and homogeneous lists of scalars.
Scalar = str | int | float | bool
PropertyValue = Scalar | list[str] | list[int] | list[float] | None


class Label(StrEnum):
    """Node labels. They are interpolated into generated upserts, so only these are accepted."""

    ACTOR = "Actor"
    LOCATION = "Location"
    AGREEMENT = "Agreement"
    ATTACK = "Attack"
    ACCUSATION = "Accusation"
    MEETING = "Meeting"
    PROPOSAL = "Proposal"
    STATEMENT = "Statement"
    ARTICLE = "Article"


class RelType(StrEnum):
    """Relationship types, direction as written in the design."""

    AFFILIATED_WITH = "AFFILIATED_WITH"  # (person)->(actor) {role}
    PARTY_TO = "PARTY_TO"  # (actor)->(agreement)
    MEDIATED = "MEDIATED"  # (actor)->(agreement)
    PERPETRATED = "PERPETRATED"  # (actor)->(attack)
    TARGETED = "TARGETED"  # (attack)->(location|actor)
    MADE = "MADE"  # (accuser)->(accusation)
    AGAINST = "AGAINST"  # (accusation)->(accused)
    ALLEGES_VIOLATION_OF = "ALLEGES_VIOLATION_OF"  # (accusation)->(agreement)
    ATTENDED = "ATTENDED"  # (actor)->(meeting)
    HELD_AT = "HELD_AT"  # (meeting)->(location)
    LEADS = "LEADS"  # (actor)->(proposal)
    SUPPORTS = "SUPPORTS"  # (actor)->(proposal)
    OPPOSES = "OPPOSES"  # (actor)->(proposal)
    SAID = "SAID"  # (actor)->(statement)
    LOCATED_IN = "LOCATED_IN"  # (location)->(location|actor): city in region/country
    REPORTED = "REPORTED"  # (actor)->(attack|statement): the source the article cites
    REPORTED_IN = "REPORTED_IN"  # (any fact)->(article) {sentence,start,end,quote}


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
        counts = Counter(n.id for n in self.nodes)
        repeated = sorted(i for i, c in counts.items() if c > 1)
        if repeated:
            raise ValueError(f"node ids appear more than once: {', '.join(repeated[:5])}")
        for n in self.nodes:
            if n.label is Label.ARTICLE:
                raise ValueError(f"node {n.id}: the Article node comes from `article`, not `nodes`")
            if "id" in n.properties:
                raise ValueError(f"node {n.id}: `id` is not a property, it is the node's key")
        missing = sorted(
            {e for r in self.relationships for e in (r.start, r.end)} - set(counts)
        )
        if missing:
            raise ValueError(
                f"relationships refer to nodes that are not in the document: {', '.join(missing[:5])}"
            )
        return self

    def node(self, node_id: str) -> Node | None:
        return next((n for n in self.nodes if n.id == node_id), None)

"""The API's public request and response models, importable without starting anything.

One family per resource: `XPublic` for one item, `XsPublic{items,total}` for a page of them. Every
fact carries `evidence`: the article it was read in and the quote. A Python client can import these
to parse responses.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
)

from conflictkg.graph.dates import PARTIAL_DATE_PATTERN
from conflictkg.graph.registry import REGISTRY
from conflictkg.languages import SUPPORTED

# Keys of node and relationship properties that are bookkeeping, not facts.
_HIDDEN_PROPERTIES = frozenset({"search", "search_keys", "evidence", "id"})


def _parse_evidence(value: Any) -> Any:
    # Relationship evidence is stored as JSON strings (relationship properties cannot hold maps).
    if isinstance(value, list):
        return [json.loads(v) if isinstance(v, str) else v for v in value]
    return [] if value is None else value


def _visible_properties(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if k not in _HIDDEN_PROPERTIES}
    return value


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class EvidencePublic(_Model):
    """Where a fact was read: the article, the sentence index, character offsets and the quote."""

    article: str = Field(description="Article id, sha256:<hex>.")
    quote: str
    sentence: int | None = None
    start: int | None = None
    end: int | None = None


Evidence = Annotated[list[EvidencePublic], BeforeValidator(_parse_evidence)]
Properties = Annotated[dict[str, Any], BeforeValidator(_visible_properties)]


class Dated(_Model):
    """A date as precise as the source gave it, and the first and last day it covers."""

    date: str | None = Field(default=None, description="YYYY, YYYY-MM, YYYY-Www or YYYY-MM-DD.")
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: Literal["year", "month", "week", "day"] | None = None


# -- actors -------------------------------------------------------------------------------------


class ActorRef(_Model):
    """An actor as a participant in a fact, with the evidence of that participation."""

    id: str
    name: str | None = None
    kind: str | None = None
    evidence: Evidence = []


class AffiliationPublic(ActorRef):
    role: str | None = None


class ActorPublic(_Model):
    id: str = Field(examples=["actor:russia"])
    name: str | None = None
    kind: str | None = Field(default=None, description="country, person, organization, alliance, …")
    role: str | None = None
    affiliation: str | None = None
    country_code: str | None = None
    aliases: list[str] = []


class ActorsPublic(_Model):
    items: list[ActorPublic]
    total: int


class ActivityPublic(_Model):
    """How many facts of each kind the actor takes part in."""

    perpetrated: int = 0
    targeted_by: int = 0
    party_to: int = 0
    mediated: int = 0
    accusations_made: int = 0
    accused_in: int = 0
    attended: int = 0
    leads: int = 0
    supports: int = 0
    opposes: int = 0
    said: int = 0
    reported: int = 0


class ActorDetailPublic(ActorPublic):
    roles: list[str] = Field(default=[], description="Its own role and those of its affiliations.")
    affiliations: list[AffiliationPublic] = Field(default=[], description="Whom it belongs to.")
    members: list[AffiliationPublic] = Field(default=[], description="Who belongs to it.")
    activity: ActivityPublic = ActivityPublic()
    evidence: Evidence = Field(default=[], description="The most recent mentions.")
    evidence_total: int = 0


class NetworkNode(_Model):
    id: str
    label: str
    name: str | None = None
    kind: str | None = Field(default=None, description="An actor's or meeting's kind; null for other facts.")
    date: str | None = Field(default=None, description="The date of an event, at its precision.")


class NetworkEdge(_Model):
    id: str = Field(description="source|type|target, stable across calls.")
    type: str
    source: str
    target: str
    evidence: Evidence = []


class NetworkPublic(_Model):
    """A neighbourhood ready for a graph view: nodes and the edges between them."""

    root: str
    depth: int
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    truncated: bool = Field(description="True when the node limit cut the walk short.")


# -- agreements ---------------------------------------------------------------------------------


class ClaimPublic(_Model):
    """What one article says of an event it reports (the claim on its REPORTED_IN edges)."""

    article: str = Field(description="Article id, sha256:<hex>.")
    published: str | None = Field(default=None, description="The article's date.")
    source: str | None = Field(default=None, description="The article's publisher or URL.")
    mention: str = Field(description="The id extraction gave the event in this article.")
    rule: str | None = Field(default=None, description="How the mention was resolved: new, same-id, or the "
                             "rule that matched (e.g. attack:day+place+method+perpetrator).")
    date: str | None = Field(default=None, description="The event's date as this article gives it.")
    quote: str | None = Field(default=None, description="The first sentence of the article that reports it.")


class StatusClaim(ClaimPublic):
    status: str | None = Field(default=None, description="proposed, agreed, in_force, violated, suspended, "
                               "collapsed: as this article says.")


class FiguresClaim(ClaimPublic):
    killed: int | None = None
    killed_qualifier: str | None = None
    injured: int | None = None
    injured_qualifier: str | None = None


class AgreementPublic(Dated):
    id: str
    name: str | None = None
    topic: str | None = None
    status: str | None = None
    plover: str | None = None
    parties: list[ActorRef] = []
    mediators: list[ActorRef] = []
    accusations: int = Field(default=0, description="Accusations that it was violated.")
    articles: int = Field(default=0, description="Articles that report it.")
    sources: int = Field(default=0, description="Distinct publishers of those articles.")
    status_history: list[StatusClaim] = Field(
        default=[], description="Each article's claim of its status, oldest article first; `status` is "
        "the latest.")
    evidence: Evidence = []


class AgreementsPublic(_Model):
    items: list[AgreementPublic]
    total: int


class Coordinates(_Model):
    lat: float | None = Field(default=None, description="Latitude (WGS-84) of a place, when known.")
    lon: float | None = Field(default=None, description="Longitude (WGS-84) of a place, when known.")


class TargetRef(ActorRef, Coordinates):
    label: str = Field(description="Location or Actor.")


class ViolationAccusation(Dated):
    id: str
    mutual: bool | None = None
    accusers: list[ActorRef] = []
    accused: list[ActorRef] = []
    violation_evidence: Evidence = Field(default=[], description="Evidence of the violation claim.")
    evidence: Evidence = []


class ViolationAttack(Dated):
    id: str
    method: str | None = None
    killed: int | None = None
    injured: int | None = None
    timing: Literal["on_or_after", "uncertain"] = Field(
        description="on_or_after: the attack's period starts on or after the agreement's last "
        "possible day; uncertain: the two periods overlap."
    )
    perpetrators: list[ActorRef] = Field(default=[], description="Perpetrators that are parties.")
    targets: list[TargetRef] = []
    evidence: Evidence = []


class ViolationsPublic(_Model):
    agreement: str
    name: str | None = None
    date: str | None = None
    accusations: list[ViolationAccusation]
    attacks: list[ViolationAttack]


# -- events -------------------------------------------------------------------------------------


class AttackPublic(Dated):
    id: str
    method: str | None = None
    killed: int | None = None
    killed_qualifier: str | None = None
    injured: int | None = None
    injured_qualifier: str | None = None
    effects: list[str] = []
    attack_count: int | None = Field(default=None, description="How many attacks or weapons the report counts "
                                     "(\"40 shellings\", \"a dozen drones\"); none for a single attack.")
    modality: str | None = None
    plover: str | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    reported_by: str | None = Field(default=None, description="Who the article says reported it.")
    perpetrators: list[ActorRef] = []
    targets: list[TargetRef] = []
    sources: list[ActorRef] = Field(default=[], description="Actors cited as reporting it.")
    reports: int = Field(default=0, description="Articles that report it (one node per real attack).")
    killed_min: int | None = Field(default=None, description="Fewest killed any report gave (several reports); "
                                   "`killed` is the latest report's.")
    killed_max: int | None = Field(default=None, description="Most killed any report gave (several reports).")
    injured_min: int | None = None
    injured_max: int | None = None
    claims: list[FiguresClaim] = Field(default=[], description="Each article's date and figures, oldest "
                                       "article first.")
    evidence: Evidence = []


class AttacksPublic(_Model):
    items: list[AttackPublic]
    total: int


class AgreementRef(_Model):
    id: str
    name: str | None = None
    topic: str | None = None
    evidence: Evidence = []


class AccusationPublic(Dated):
    id: str
    mutual: bool | None = None
    plover: str | None = None
    accusers: list[ActorRef] = []
    accused: list[ActorRef] = []
    agreements: list[AgreementRef] = Field(default=[], description="Agreements said violated.")
    evidence: Evidence = []


class AccusationsPublic(_Model):
    items: list[AccusationPublic]
    total: int


def _known_event_type(value: str) -> str:
    if value not in REGISTRY.event_types:
        raise ValueError(f"unknown event type {value!r}; one of {', '.join(REGISTRY.event_types)}")
    return value


# The kinds of event, from the schema registry: a label declared as an event appears here (and in
# the OpenAPI document's enum) without further edits.
EventType = Annotated[
    str,
    AfterValidator(_known_event_type),
    WithJsonSchema({"type": "string", "enum": list(REGISTRY.event_types)}),
]


class EventActor(ActorRef):
    relation: str = Field(description="The relationship type: PERPETRATED, PARTY_TO, MADE, …")


class PlaceRef(Coordinates):
    id: str
    name: str | None = None
    kind: str | None = None
    evidence: Evidence = []


class LocationPublic(Coordinates):
    id: str
    name: str | None = None
    kind: str | None = None
    country_code: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    geonames_id: int | None = None
    within: list[str] = Field(default=[], description="Ids of the places or country it lies in.")
    events: int = Field(description="Events that happened there.")


class LocationsPublic(_Model):
    items: list[LocationPublic]
    total: int


class EventPublic(Dated):
    """One event of any kind on the timeline; partial dates sort by their first day."""

    id: str
    type: EventType
    title: str | None = None
    plover: str | None = None
    actors: list[EventActor] = []
    places: list[PlaceRef] = []
    reports: int = Field(default=0, description="Articles that report it (one node per real event).")
    evidence: Evidence = []


class EventsPublic(_Model):
    items: list[EventPublic]
    total: int


# -- paths --------------------------------------------------------------------------------------


class PathNode(_Model):
    id: str
    label: str
    name: str | None = None


class PathEdge(_Model):
    type: str
    source: str
    target: str
    evidence: Evidence = []


class PathPublic(_Model):
    length: int
    nodes: list[PathNode]
    edges: list[PathEdge]


class PathsPublic(_Model):
    items: list[PathPublic]
    total: int


# -- articles -----------------------------------------------------------------------------------


class ArticleSummary(_Model):
    id: str
    language: str | None = None
    published: str | None = None
    published_precision: str | None = None
    title: str | None = None
    source: str | None = None
    length: int | None = None
    loaded_at: dt.datetime | None = None
    facts: int = Field(default=0, description="Evidence spans pointing at this article.")


class ArticlesPublic(_Model):
    items: list[ArticleSummary]
    total: int


class FactPublic(_Model):
    id: str
    label: str
    name: str | None = None
    properties: Properties = {}
    evidence: Evidence = []


class FactRelationship(_Model):
    type: str
    source: str
    target: str
    properties: Properties = {}
    evidence: Evidence = []


class ArticlePublic(_Model):
    id: str
    language: str | None = None
    published: str | None = None
    published_precision: str | None = None
    title: str | None = None
    source: str | None = None
    length: int | None = None
    loaded_at: dt.datetime | None = None
    facts: list[FactPublic] = []
    relationships: list[FactRelationship] = []


ArticleLanguage = Annotated[str, Field(json_schema_extra={"enum": list(SUPPORTED)}),
                           AfterValidator(lambda code: _one_of(code, SUPPORTED, "language"))]


def _one_of(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise ValueError(f"{what} {value!r} is not one of {', '.join(allowed)}")
    return value


class ArticleCreate(BaseModel):
    """An article to extract and load. `published` and `language` override the text's header."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="Plain text or HTML; may start with a header.")
    published: str | None = Field(default=None, examples=["2025-03-18"], pattern=PARTIAL_DATE_PATTERN,
                                  description="YYYY, YYYY-MM, YYYY-Www or YYYY-MM-DD.")
    language: ArticleLanguage | None = Field(default=None, examples=["nl"], description="The languages "
                                             "the extractor reads; detected from the text when left out.")
    title: str | None = Field(default=None, max_length=1000)
    source: str | None = Field(default=None, max_length=1000)


class ArticleCreated(_Model):
    id: str
    created: bool = Field(description="False when the same text was loaded before.")
    status: Literal["created", "unchanged", "updated", "replaced"] = Field(
        description="created: new; unchanged: loaded before by this extractor version; updated: "
        "loaded before, something new merged; replaced: loaded before by another extractor "
        "version, whose facts were replaced.")
    extractor: str = Field(description="The extractor version that read it.")
    nodes_created: int
    nodes_deleted: int = Field(description="Facts of an earlier extraction that no article "
                               "supports any more.")
    relationships_created: int
    relationships_deleted: int
    nodes: int = Field(description="Nodes in the extracted document, the article included.")
    relationships: int


# -- power users, health, stats -----------------------------------------------------------------


class CypherRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: str = Field(min_length=1, max_length=100_000,
                       examples=["MATCH (a:Actor {id: $id}) RETURN a.name AS name"])
    parameters: dict[str, Any] = Field(default={}, examples=[{"id": "actor:russia"}])

    @field_validator("parameters")
    @classmethod
    def _fits_cypher(cls, value: dict[str, Any]) -> dict[str, Any]:
        _check_int64(value)
        return value


def _check_int64(value: Any) -> None:
    """Cypher integers are 64-bit; a larger JSON number is the client's error, not ours."""
    if isinstance(value, bool):
        return
    if isinstance(value, int) and not -(2**63) <= value < 2**63:
        raise ValueError(f"{value} does not fit a 64-bit Cypher integer")
    if isinstance(value, dict):
        for v in value.values():
            _check_int64(v)
    elif isinstance(value, list):
        for v in value:
            _check_int64(v)


class CypherResult(_Model):
    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool = Field(description="True when the row cap cut the result.")
    row_limit: int


class HealthPublic(_Model):
    status: Literal["ok"]
    neo4j: str = Field(examples=["5.26.0"])
    edition: str | None = None


class StatsPublic(_Model):
    labels: dict[str, int]
    relationships: dict[str, int]
    nodes_total: int
    relationships_total: int


class ProblemError(_Model):
    """One invalid parameter of a 422."""

    model_config = ConfigDict(populate_by_name=True)

    name: str = Field(description="The parameter, e.g. `limit` or `text`.")
    in_: str = Field(alias="in", description="query, path, body or header.")
    detail: str


class Problem(_Model):
    """RFC 9457 problem details (media type application/problem+json)."""

    model_config = ConfigDict(populate_by_name=True)

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[ProblemError] | None = None

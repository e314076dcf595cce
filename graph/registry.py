"""The schema registry: every node label and relationship type of the graph, declared once.

Everything that must agree on the model is generated from or checked against this module: the
constraints and indexes (`graph.schema`), the validation of a GraphDocument (`graph.model`), the
per-label upserts and the stats queries (`graph.queries`), the label lists the read queries use
(`{event_labels}`, `{fact_types}` in `cypher/*.cypher`), the API's event types, and the scorer's
categories. Adding an event type is one `NodeSpec` here (plus the `RelSpec`s of any new
relationship type), its extractor rule and its read query.

docs/design.md shows these tables as generated prose (`python -m conflictkg.graph.registry`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Literal

PropType = Literal["string", "integer", "float", "boolean", "string_list", "date", "datetime", "point"]
IndexKind = Literal["range", "text", "point"]


@dataclass(frozen=True)
class Prop:
    """A node or relationship property. `derived` ones are set by the writer, never by a document."""

    name: str
    type: PropType
    doc: str
    derived: bool = False


def _by_name(properties: tuple[Prop, ...]) -> dict[str, Prop]:
    return {p.name: p for p in properties}


@dataclass(frozen=True)
class Index:
    property: str
    kind: IndexKind = "range"
    name: str | None = None  # default: <label>_<property>

    def name_for(self, label: str) -> str:
        return self.name or f"{label.lower()}_{self.property}"


@dataclass(frozen=True)
class NodeSpec:
    label: str
    prefix: str  # every id of this label is "<prefix>:…"
    id_rule: str  # how the id is made, in words
    doc: str
    properties: tuple[Prop, ...]
    indexes: tuple[Index, ...] = ()
    event: bool = False  # on the timeline (GET /events?type=<label in lower case>)
    category: str | None = None  # the scorer's category; None: not scored
    plover: str | None = None  # the PLOVER category its events carry
    acled: str | None = None  # how it maps to ACLED's event types
    api: str | None = None  # the API route that lists it
    # An event's id hashes these properties and the ids at the far end of these relationships:
    # what makes it the event it is, not its wording.
    id_props: tuple[str, ...] = ()
    id_links: tuple[str, ...] = ()

    @property
    def event_type(self) -> str | None:
        """Its public name on the timeline: the label in lower case (what events.cypher returns)."""
        return self.label.lower() if self.event else None

    def prop(self, name: str) -> Prop | None:
        return self._props.get(name)

    @cached_property
    def _props(self) -> dict[str, Prop]:
        # every property of every node of every document is looked up here when it is validated
        return _by_name(self.properties)

    @property
    def writable(self) -> frozenset[str]:
        """Properties a document may set."""
        return frozenset(p.name for p in self.properties if not p.derived)

    @property
    def constraint(self) -> str:
        return f"{self.label.lower()}_id"


@dataclass(frozen=True)
class RelSpec:
    type: str
    patterns: tuple[tuple[str, str], ...]  # the (start label, end label) pairs it may join
    doc: str
    properties: tuple[Prop, ...] = ()
    participation: bool = True  # an actor on it takes part in the fact (events' `actors`)
    in_documents: bool = True  # False: made by the writer, never given in a document

    def prop(self, name: str) -> Prop | None:
        return self._props.get(name)

    @cached_property
    def _props(self) -> dict[str, Prop]:
        return _by_name(self.properties)


# -- common properties ------------------------------------------------------------------------

_SEARCH = (
    Prop("aliases", "string_list", "Other names it was seen under (merged across articles)."),
    Prop("search_keys", "string_list", "Folded name and aliases.", derived=True),
    Prop("search", "string", "'|key|key|': what the text index searches.", derived=True),
)
_DATE = (
    Prop("date", "string", "As precise as the text gave it: YYYY, YYYY-MM, YYYY-Www or YYYY-MM-DD."),
    Prop("date_start", "date", "First day the date covers.", derived=True),
    Prop("date_end", "date", "Last day the date covers.", derived=True),
    Prop("date_precision", "string", "year, month, week or day.", derived=True),
)
_PLOVER = Prop("plover", "string", "PLOVER event category.")
# What an event imported from ACLED keeps of its row (`conflictkg import acled`, docs/design.md).
_ACLED_TYPES = (
    Prop("acled_event_type", "string", "ACLED event type."),
    Prop("acled_sub_event_type", "string", "ACLED sub-event type."),
)
_ACLED = (
    Prop("acled_id", "string", "ACLED's event_id_cnty: the row the event was imported from."),
    Prop("acled_disorder_type", "string", "ACLED disorder type: Political violence, Demonstrations, …"),
    Prop("acled_interaction", "string", "ACLED interaction: the two actor types (e.g. State forces-Civilians)."),
    Prop("acled_actor1", "string", "ACLED's actor1, verbatim."),
    Prop("acled_actor2", "string", "ACLED's actor2, verbatim."),
    Prop("acled_time_precision", "integer", "ACLED time_precision: 1 day, 2 week or days, 3 month."),
    Prop("acled_geo_precision", "integer", "ACLED geo_precision: 1 the place, 2 near it, 3 its region."),
    Prop("acled_timestamp", "integer", "ACLED's timestamp of the row (Unix seconds): a newer one updates it."),
    Prop("civilian_targeting", "boolean", "ACLED: civilians were the target."),
    Prop("notes", "string", "ACLED's notes: the event described in a sentence or two."),
    Prop("tags", "string_list", "ACLED's tags (crowd size, …)."),
)
_KILLED = Prop("killed", "integer", "People killed.")


def _event_indexes(label: str) -> tuple[Index, ...]:
    return (Index("date_start", name=f"{label.lower()}_date"),)


# Events resolved across articles (graph/matching.py) live in a block, read through this index.
_BLOCK = Prop("resolution_block", "string", "The resolution block it was created in (label, scope, month or "
              "year): where later mentions look for it.", derived=True)
_BLOCK_INDEX = Index("resolution_block")
# An agreement's life as its reports tell it, kept on the node so that resolution compares a mention
# with it without reading every report's claim (graph/claims.py).
_LIFE = (
    Prop("reported_from", "date", "The date of the first article that reports it.", derived=True),
    Prop("seen_until", "date", "The last day any report of it covers (its article's date or the date it gives).",
         derived=True),
    Prop("collapsed_on", "date", "When the first report of its collapse was made.", derived=True),
)
# An attack's report days: where an undated one is resolved (graph/matching.py).
_REPORT_DAYS = (
    Prop("reported_from", "date", "The date of the first article dated to the day that reports it.", derived=True),
    Prop("reported_until", "date", "The date of the last article dated to the day that reports it.", derived=True),
)
_RESOLVED = "; a mention that resolves to an existing event joins it (graph/matching.py)"


NODES: tuple[NodeSpec, ...] = (
    NodeSpec(
        "Actor", "actor", "slug of the canonical name: actor:russia, actor:emmanuel-macron; a person's other "
        "spelling joins the person of the same name key and affiliation",
        "A country, person, organization, alliance or armed group.",
        (
            Prop("name", "string", "Canonical name (English)."),
            Prop("kind", "string", "country, person, organization, alliance, armed_group, group."),
            Prop("role", "string", "A person's role title: president, minister_of_foreign_affairs, …"),
            Prop("affiliation", "string", "Name of the actor a person belongs to."),
            Prop("country_code", "string", "ISO 3166 alpha-2 code of a country."),
            Prop("person_key", "string", "A person's name folded across spellings (graph/persons.py): "
                 "Zelensky, Zelenskyy and Zelenskiy share it.", derived=True),
            *_SEARCH,
        ),
        (Index("name"), Index("kind"), Index("search", "text"), Index("person_key")),
        category="actors", api="/actors",
    ),
    NodeSpec(
        "Location", "location", "slug of the canonical name: location:kherson",
        "A place: city, region, sea, facility, venue. Countries are Actors.",
        (
            Prop("name", "string", "Canonical name (English)."),
            Prop("kind", "string", "city, region, sea, river, facility, building, district, …"),
            Prop("source", "string", "'gazetteer' for a parent place no article named."),
            Prop("lat", "float", "Latitude, WGS-84 degrees (GeoNames or the imported dataset)."),
            Prop("lon", "float", "Longitude, WGS-84 degrees."),
            Prop("point", "point", "point({latitude: lat, longitude: lon}): what geo filters use.",
                 derived=True),
            Prop("country_code", "string", "ISO 3166 alpha-2 code of the country it lies in."),
            Prop("admin1", "string", "First-level region (province, oblast, state) it lies in."),
            Prop("admin2", "string", "Second-level region (district, raion) it lies in."),
            Prop("geonames_id", "integer", "GeoNames id, when the place came from GeoNames."),
            *_SEARCH,
        ),
        (Index("name"), Index("search", "text"), Index("point", "point")),
        category="locations",
    ),
    NodeSpec(
        "Attack", "attack", "hash of method, date, perpetrators and targets" + _RESOLVED
        + "; imported: acled-<event_id_cnty>",
        "An armed attack: who, how, where, when, with casualties.",
        (
            Prop("method", "string", "drone, missile, shelling, airstrike, ground_assault, …"),
            Prop("methods", "string_list", "Every method named when there were several."),
            Prop("modality", "string", "reported, claimed, alleged."),
            _PLOVER,
            Prop("plover_mode", "string", "PLOVER mode of the assault."),
            *_ACLED_TYPES,
            Prop("reported_by", "string", "Who the article says reported it."),
            _KILLED,
            Prop("killed_qualifier", "string", "exact, at_least, about, up_to."),
            Prop("injured", "integer", "People injured."),
            Prop("injured_qualifier", "string", "exact, at_least, about, up_to."),
            Prop("killed_min", "integer", "Fewest killed any report gave (several reports).", derived=True),
            Prop("killed_max", "integer", "Most killed any report gave (several reports).", derived=True),
            Prop("injured_min", "integer", "Fewest injured any report gave (several reports).", derived=True),
            Prop("injured_max", "integer", "Most injured any report gave (several reports).", derived=True),
            Prop("effects", "string_list", "power_outage, fire, damage, …"),
            Prop("attack_count", "integer", "How many attacks or weapons a report counts (\"40 shellings\", \"a dozen "
                 "drones\"): one node for all of them."),
            *_DATE, *_ACLED, _BLOCK, *_REPORT_DAYS,
        ),
        (Index("method"), *_event_indexes("Attack"), _BLOCK_INDEX),
        event=True, category="attacks", plover="ASSAULT",
        acled="Battles, Explosions/Remote violence, Violence against civilians; an article's "
        "acled_event_type / acled_sub_event_type from lexicons/attack_types.tsv",
        api="/attacks", id_props=("method", "date"), id_links=("PERPETRATED", "TARGETED"),
    ),
    NodeSpec(
        "Agreement", "agreement", "hash of topic and parties" + _RESOLVED + "; imported: acled-<event_id_cnty>",
        "A deal, truce or moratorium, with its parties and mediators.",
        (
            Prop("name", "string", "Readable name: 'Black Sea shipping agreement'."),
            Prop("topic", "string", "black_sea_shipping, energy_strike_moratorium, ceasefire, …"),
            Prop("status", "string", "proposed, agreed, in_force, violated, suspended, collapsed."),
            _PLOVER, *_DATE, *_ACLED_TYPES, _KILLED, *_ACLED, _BLOCK, *_LIFE,
        ),
        (Index("name"), *_event_indexes("Agreement"), _BLOCK_INDEX),
        event=True, category="agreements", plover="AGREE", api="/agreements",
        acled="Strategic developments / Agreement",
        id_props=("topic",), id_links=("PARTY_TO",),
    ),
    NodeSpec(
        "Accusation", "accusation", "hash of accusers, accused, agreement, date and sentence" + _RESOLVED,
        "One side accusing another, mostly of violating an agreement.",
        (Prop("mutual", "boolean", "Read from 'accuse each other'."), _PLOVER, *_DATE, _BLOCK),
        (*_event_indexes("Accusation"), _BLOCK_INDEX),
        event=True, category="accusations", plover="ACCUSE", api="/accusations",
        id_props=("date",), id_links=("MADE", "AGAINST", "ALLEGES_VIOLATION_OF"),
    ),
    NodeSpec(
        "Meeting", "meeting", "hash of kind, date and venue" + _RESOLVED,
        "A summit, talks, call or visit.",
        (
            Prop("kind", "string", "summit, talks, call, visit, meeting."),
            Prop("participant_count", "integer", "How many took part, when the text says."),
            Prop("participant_count_qualifier", "string", "exact, at_least, about, up_to."),
            _PLOVER, *_DATE, _BLOCK,
        ),
        (*_event_indexes("Meeting"), _BLOCK_INDEX),
        event=True, category="meetings", plover="CONSULT", id_props=("kind", "date"), id_links=("HELD_AT",),
    ),
    NodeSpec(
        "Proposal", "proposal", "hash of topic and leaders",
        "A plan put forward (a reassurance force, sanctions), with who leads, supports, opposes.",
        (
            Prop("name", "string", "Readable name."),
            Prop("topic", "string", "reassurance_force, sanctions, …"),
            Prop("size_min", "integer", "Smallest size named (troops)."),
            Prop("size_max", "integer", "Largest size named."),
            _PLOVER, *_DATE,
        ),
        _event_indexes("Proposal"),
        event=True, category="proposals", plover="MOBILIZE", id_props=("topic",), id_links=("LEADS",),
    ),
    NodeSpec(
        "Statement", "statement", "hash of the quote and speaker" + _RESOLVED,
        "A quote with its speaker.",
        (
            Prop("quote", "string", "The words quoted."),
            Prop("speaker", "string", "The speaker's name as the article gives it."),
            *_DATE, _BLOCK,
        ),
        (*_event_indexes("Statement"), _BLOCK_INDEX),
        event=True, category="statements", id_props=("quote",), id_links=("SAID",),
    ),
    NodeSpec(
        "Demonstration", "demonstration", "acled- and ACLED's event_id_cnty: demonstration:acled-ukr1234",
        "A protest or riot (ACLED's Demonstrations), with who took part and where.",
        (_PLOVER, *_DATE, *_ACLED_TYPES, _KILLED, *_ACLED),
        _event_indexes("Demonstration"),
        event=True, plover="PROTEST", acled="Protests, Riots",
    ),
    NodeSpec(
        "Development", "development", "acled- and ACLED's event_id_cnty: development:acled-ukr1234",
        "A strategic development other than an agreement (ACLED): arrests, looting, troop movements, "
        "headquarters established, non-violent transfers of territory, …",
        (_PLOVER, *_DATE, *_ACLED_TYPES, _KILLED, *_ACLED),
        _event_indexes("Development"),
        event=True, acled="Strategic developments but Agreement",
    ),
    NodeSpec(
        "Dataset", "dataset", "slug of the dataset's name: dataset:acled",
        "A structured dataset events were imported from (provenance instead of an article).",
        (
            Prop("name", "string", "The dataset: ACLED."),
            Prop("file", "string", "Name of the file last imported (no folder)."),
            Prop("importer", "string", "The importer and its version."),
            Prop("imported_at", "datetime", "When a file was last imported."),
            Prop("rows", "integer", "Good rows of the last import."),
        ),
    ),
    NodeSpec(
        "Article", "sha256", "SHA-256 of the normalised text: sha256:<64 hex digits>",
        "A source text. Every fact has REPORTED_IN edges to the articles it was read in.",
        (
            Prop("language", "string", "ISO 639-1 code."),
            Prop("published", "string", "Publication date as precise as known."),
            Prop("published_start", "date", "First day of `published`.", derived=True),
            Prop("published_precision", "string", "year, month, week or day.", derived=True),
            Prop("title", "string", "Title."),
            Prop("source", "string", "Publisher or URL."),
            Prop("length", "integer", "Characters of text the evidence offsets index.",
                 derived=True),
            Prop("extractor", "string", "Version of the extractor that read it.", derived=True),
            Prop("loaded_at", "datetime", "When it was first loaded.", derived=True),
        ),
        (Index("published_start", name="article_published"),),
        api="/articles",
    ),
    NodeSpec(
        "ResolutionBlock", "block", "the block's key: block:attack|actor:ukraine|2025-03",
        "A resolution block: the lock writers take before looking for an event's candidates among "
        "the block's events (graph/resolve_tx.py), so concurrent loads of one new event make one node.",
        (Prop("kind", "string", "What it blocks: agreement, attack, …, person.", derived=True),),
    ),
    NodeSpec(
        "GraphState", "graphstate", "one node, graphstate:graph",
        "How many times the graph changed: every write that changes it counts up `version` in its "
        "own transaction, and the API's ETags are made from it.",
        (
            Prop("version", "integer", "Counts every committed change.", derived=True),
            Prop("changed_at", "datetime", "When the last change was committed.", derived=True),
        ),
    ),
)

RELATIONSHIPS: tuple[RelSpec, ...] = (
    RelSpec("AFFILIATED_WITH", (("Actor", "Actor"),), "A person or body belongs to a country or body.",
            (Prop("role", "string", "The person's role there."),), participation=False),
    RelSpec("PARTY_TO", (("Actor", "Agreement"),), "A party to an agreement."),
    RelSpec("MEDIATED", (("Actor", "Agreement"),), "A mediator of an agreement."),
    RelSpec("PERPETRATED", (("Actor", "Attack"),), "Who carried out an attack."),
    RelSpec("TARGETED", (("Attack", "Location"), ("Attack", "Actor")), "What an attack hit."),
    RelSpec("MADE", (("Actor", "Accusation"),),
            "Who accuses: the party, and the person who spoke for it when the sentence names one."),
    RelSpec("AGAINST", (("Accusation", "Actor"),), "Who is accused."),
    RelSpec("ALLEGES_VIOLATION_OF", (("Accusation", "Agreement"),),
            "The agreement an accusation says was violated.", participation=False),
    RelSpec("ATTENDED", (("Actor", "Meeting"),), "Who took part in a meeting."),
    RelSpec("HELD_AT", (("Meeting", "Location"), ("Meeting", "Actor"), ("Agreement", "Location"),
                        ("Demonstration", "Location"), ("Development", "Location")),
            "Where a meeting was held, or an imported event took place."),
    RelSpec("LEADS", (("Actor", "Proposal"),), "Who leads a proposal."),
    RelSpec("SUPPORTS", (("Actor", "Proposal"),), "Who supports a proposal."),
    RelSpec("OPPOSES", (("Actor", "Proposal"),), "Who opposes a proposal."),
    RelSpec("SAID", (("Actor", "Statement"),), "The speaker of a quote."),
    RelSpec("INVOLVED", (("Actor", "Demonstration"), ("Actor", "Development")),
            "An actor taking part in a demonstration or development (protesters, police, …)."),
    RelSpec("LOCATED_IN", (("Location", "Location"), ("Location", "Actor")),
            "The place hierarchy: city in region, region in country (a country Actor).",
            (Prop("source", "string", "'gazetteer' for the hierarchy of lexicons/places.tsv, 'acled' for "
                  "an imported place."),),
            participation=False),
    RelSpec("REPORTED", (("Actor", "Attack"), ("Actor", "Statement")),
            "The source an article cites for a fact."),
    RelSpec("RECORDED_IN", tuple((n.label, "Dataset") for n in NODES if n.event),
            "Provenance of an imported event: its dataset and row (instead of a sentence).",
            (Prop("row", "string", "The row's id in the dataset (ACLED: event_id_cnty)."),
             Prop("source", "string", "The dataset's sources of the row (ACLED: `source`)."),
             Prop("source_scale", "string", "Their reach (ACLED: `source_scale`).")),
            participation=False, in_documents=False),
    RelSpec("REPORTED_IN", tuple((n.label, "Article") for n in NODES
                                if n.label not in ("Article", "Dataset", "ResolutionBlock")),
            "Evidence: a fact read in an article (sentence, start, end, quote), with the article's "
            "claim: the mention (the id extraction gave the fact there), the rule that resolved it, "
            "and the date, status and figures the article gives.",
            (Prop("sentence", "integer", "Sentence index."),
             Prop("start", "integer", "Character offset of the sentence's start."),
             Prop("end", "integer", "Character offset of its end."),
             Prop("quote", "string", "The sentence."),
             Prop("mention", "string", "The id extraction gave the fact in this article (before resolution)."),
             Prop("rule", "string", "How the mention was resolved: new, same-id, or the rule that matched "
                  "(attack:day+place+method+perpetrator, …)."),
             Prop("date", "string", "The event's date as this article gives it."),
             Prop("status", "string", "An agreement's status as this article gives it."),
             Prop("killed", "integer", "Killed, as this article reports."),
             Prop("killed_qualifier", "string", "exact, at_least, about, up_to."),
             Prop("injured", "integer", "Injured, as this article reports."),
             Prop("injured_qualifier", "string", "exact, at_least, about, up_to.")),
            participation=False, in_documents=False),
)
# Relationship properties every documented relationship carries: its evidence, as JSON strings.
EVIDENCE_PROPERTY = Prop("evidence", "string_list",
                         "JSON strings {article, sentence, start, end, quote}.", derived=True)


@dataclass(frozen=True)
class Registry:
    nodes: dict[str, NodeSpec] = field(default_factory=dict)
    relationships: dict[str, RelSpec] = field(default_factory=dict)

    def node(self, label: str) -> NodeSpec:
        try:
            return self.nodes[label]
        except KeyError:
            raise KeyError(f"unknown label {label!r}; known: {', '.join(self.nodes)}") from None

    def relationship(self, type_: str) -> RelSpec:
        try:
            return self.relationships[type_]
        except KeyError:
            known = ", ".join(self.relationships)
            raise KeyError(f"unknown relationship type {type_!r}; known: {known}") from None

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.nodes)

    @property
    def types(self) -> tuple[str, ...]:
        return tuple(self.relationships)

    @property
    def events(self) -> tuple[NodeSpec, ...]:
        return tuple(n for n in self.nodes.values() if n.event)

    @property
    def event_types(self) -> tuple[str, ...]:
        """The public names of the event kinds: attack, agreement, …"""
        return tuple(n.label.lower() for n in self.events)

    @property
    def event_label(self) -> dict[str, str]:
        """Public event type -> label."""
        return {n.label.lower(): n.label for n in self.events}

    @property
    def fact_types(self) -> tuple[str, ...]:
        """Relationship types between facts (every type but the evidence edge)."""
        return tuple(r.type for r in self.relationships.values() if r.in_documents)

    @property
    def place_types(self) -> tuple[str, ...]:
        """Relationship types that lead from an event to the place where it happened."""
        events = {n.label for n in self.events}
        return tuple(r.type for r in self.relationships.values()
                     if any(s in events and e == "Location" for s, e in r.patterns))

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(n.category for n in self.nodes.values() if n.category)

    def allows(self, start: str, type_: str, end: str) -> bool:
        spec = self.relationships.get(type_)
        return spec is not None and (start, end) in spec.patterns


def _check(nodes: tuple[NodeSpec, ...], rels: tuple[RelSpec, ...]) -> Registry:
    """Build the registry, refusing a declaration that contradicts itself."""
    reg = Registry({n.label: n for n in nodes}, {r.type: r for r in rels})
    if len(reg.nodes) != len(nodes) or len(reg.relationships) != len(rels):
        raise ValueError("a label or relationship type is declared twice")
    prefixes = [n.prefix for n in nodes]
    if len(set(prefixes)) != len(prefixes):
        raise ValueError("two labels share an id prefix")
    for n in nodes:
        names = {p.name for p in n.properties}
        if "id" in names:
            raise ValueError(f"{n.label}: `id` is the key, not a declared property")
        for ix in n.indexes:
            if ix.property not in names:
                raise ValueError(f"{n.label}: index on undeclared property {ix.property}")
        if n.event and not {"date", "date_start"} <= names:
            raise ValueError(f"{n.label}: an event needs the date properties")
        if not set(n.id_props) <= names:
            raise ValueError(f"{n.label}: its id hashes undeclared properties {set(n.id_props) - names}")
    for r in rels:
        for start, end in r.patterns:
            if start not in reg.nodes or end not in reg.nodes:
                raise ValueError(f"{r.type}: pattern ({start}, {end}) names an unknown label")
    for n in nodes:
        unknown = [t for t in n.id_links if t not in reg.relationships]
        if unknown:
            raise ValueError(f"{n.label}: its id hashes unknown relationship types {unknown}")
    return reg


@cache
def registry() -> Registry:
    return _check(NODES, RELATIONSHIPS)


REGISTRY = registry()


def markdown() -> str:
    """The registry as Markdown tables, for docs/design.md."""
    lines = ["| label | id | event type | PLOVER | properties | indexes |", "|---|---|---|---|---|---|"]
    for n in REGISTRY.nodes.values():
        props = ", ".join(f"`{p.name}`" + ("*" if p.derived else "") for p in n.properties)
        idx = ", ".join(f"{i.name_for(n.label)} ({i.kind})" for i in n.indexes)
        lines.append(f"| {n.label} | `{n.prefix}:` {n.id_rule} | {n.event_type or ''} | {n.plover or ''} "
                     f"| {props} | {n.constraint} (unique id), {idx} |")
    lines += ["", "`*` derived: set by the writer, refused in a document.", "",
              "| relationship | joins | properties | meaning |", "|---|---|---|---|"]
    for r in REGISTRY.relationships.values():
        ends = {e for _, e in r.patterns}
        joins = (", ".join(f"{s}→{e}" for s, e in r.patterns) if r.in_documents or len(r.patterns) < 6
                 else f"any {'event' if ends == {'Dataset'} else 'fact'}→{ends.pop()}")
        props = ", ".join(f"`{p.name}`" for p in r.properties)
        if r.in_documents:
            props = ", ".join(x for x in (props, "`evidence`*") if x)
        lines.append(f"| {r.type} | {joins} | {props} | {r.doc} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown())

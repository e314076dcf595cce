"""Cross-article resolution of a batch of prepared documents: which node each mention joins.

Sits between extraction and the upserts. For each document, in input order: persons first (their
ids feed the events' links), then agreements (accusations name them), then the other events. A
mention joins the best compatible event among the candidates of its blocks (graph.matching), or
becomes a node of its own (its own id, or a derived one when that id names another event). The
rows are then rewritten: node ids mapped, the mention's id and claim put on its evidence rows,
relationship ends mapped.

The candidates come from `Found` (the database's, read under the blocks' locks by
graph.resolve_tx) and from what this resolver resolved before (`self.nodes`): the documents of one
batch resolve against each other, and the bulk path, which has no database, keeps one resolver for
the whole load.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Final

from conflictkg.graph.claims import (
    Claim,
    Tally,
    claim_of_row,
    earliest,
    first_collapse,
    life,
    narrowed,
    report_day,
    report_days,
    seen_until,
)
from conflictkg.graph.ids import event_id, fold
from conflictkg.graph.matching import (
    CLAIMS_MATCHED,
    LINKS,
    ORDER,
    PLACE_TYPES,
    Profile,
    SharedLinks,
    best_match,
    block_key,
    leaves,
    must_share,
    novel,
    probe_days,
    search_keys,
    touches,
)
from conflictkg.graph.persons import person_key, same_person

Rows = dict[str, list[dict[str, Any]]]
RelRows = dict[tuple[str, str, str], list[dict[str, Any]]]

_COMPARED: Final = ("topic", "name", "method", "methods", "kind", "quote", "speaker", "status")
NEW, SAME_ID, PERSON_RULE = "new", "same-id", "person:name+affiliation"


@dataclass
class Doc:
    """One document's rows, as graph.writer prepares them."""

    article: dict[str, Any]
    nodes: Rows
    relationships: RelRows
    _view: _DocView | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # not the field's default: a class compiled with mypyc leaves an init=False field's default unset
        self._view = None

    @property
    def article_id(self) -> str:
        return str(self.article["id"])

    @property
    def view(self) -> _DocView:
        """Its events' links and places, made once for planning and resolving (a field filled on
        first use: compiled with mypyc, a cached_property would make it again at every use)."""
        view = self._view
        if view is None:
            view = self._view = _DocView(self)
        return view


@dataclass
class Person:
    id: str
    key: str
    affiliation: str | None


@dataclass
class Found:
    """What the database holds for a batch: candidates by block, persons by key, which mention
    ids are taken, and how an article loaded before resolved its mentions."""

    candidates: dict[str, list[Profile]] = field(default_factory=dict)  # block -> profiles
    persons: dict[str, list[Person]] = field(default_factory=dict)
    existing: set[str] = field(default_factory=set)
    prior: dict[tuple[str, str], tuple[str, str | None]] = field(default_factory=dict)
    _shared: dict[tuple[str, str], SharedLinks] = field(default_factory=dict, repr=False)

    def sharing(self, key: str, m: Profile) -> Iterable[Profile]:
        """The candidates of a block that may match m: those sharing the links its label's rule
        needs (graph.matching.SharedLinks, made once per block and batch), else all of them."""
        type_ = must_share(m.label)
        if type_ is None:
            return self.candidates.get(key, ())
        index = self._shared.get((key, type_))
        if index is None:
            index = self._shared[(key, type_)] = SharedLinks(self.candidates.get(key, ()), type_)
        return index.sharing(m)


@dataclass
class Plan:
    """What to lock and read before resolving a batch."""

    blocks: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # label -> keys
    # label -> (key, first day, last day): the candidates a mention needs (days None: all of the block)
    probes: dict[str, set[tuple[str, date | None, date | None]]] = field(
        default_factory=lambda: defaultdict(set))
    persons: set[str] = field(default_factory=set)
    ids: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # label -> mention ids
    located: set[str] = field(default_factory=set)  # the places at either end of a LOCATED_IN row

    @property
    def locks(self) -> list[str]:
        keys = {k for ks in self.blocks.values() for k in ks} | {f"person|{k}" for k in self.persons}
        return sorted(keys)


def _date(v: Any) -> date | None:
    if v is None:
        return None
    if isinstance(v, date):
        return v
    to_native = getattr(v, "to_native", None)
    return to_native() if to_native else None


def _person_name(row: dict[str, Any]) -> str | None:
    props = row["properties"]
    name = props.get("name")
    return name if props.get("kind") == "person" and isinstance(name, str) and name.strip() else None


class _DocView:
    """A document's events as profiles (links mapped through the mapping made so far)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        # the places an event's links may end at: its locations and the countries (Actors)
        self.places = {row["id"] for row in doc.nodes.get("Location", ())} | {
            row["id"] for row in doc.nodes.get("Actor", ()) if row["properties"].get("kind") == "country"}
        self.links: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        parents: dict[str, set[str]] = defaultdict(set)
        for (start_label, type_, end_label), rows in doc.relationships.items():
            for row in rows:
                if type_ == "LOCATED_IN":
                    parents[row["start"]].add(row["end"])
                if type_ in LINKS.get(start_label, ()):
                    self.links[row["start"]][type_].add(row["end"])
                if type_ in LINKS.get(end_label, ()):
                    self.links[row["end"]][type_].add(row["start"])
        self._profiles: dict[str, Profile] = {}  # mention id -> its profile with no links mapped
        self.ancestors: dict[str, frozenset[str]] = {}
        for place in parents:
            seen: set[str] = set()
            todo = list(parents[place])
            while todo:
                p = todo.pop()
                if p not in seen:
                    seen.add(p)
                    todo.extend(parents.get(p, ()))
            self.ancestors[place] = frozenset(seen)

    def profile(self, label: str, row: dict[str, Any], mapping: dict[str, str]) -> Profile:
        """The mention's profile, its links mapped through `mapping` (made once when the mapping
        changes none of them: planning and resolving ask for the same one)."""
        links = self.links.get(row["id"], {})
        if not any(x in mapping for ids in links.values() for x in ids):
            made = self._profiles.get(row["id"])
            if made is None:
                made = self._profiles[row["id"]] = self._profile(label, row, links, {})
            return made
        return self._profile(label, row, links, mapping)

    def _profile(self, label: str, row: dict[str, Any], links: dict[str, set[str]],
                 mapping: dict[str, str]) -> Profile:
        props = row["properties"]
        places = {x for t in PLACE_TYPES for x in links.get(t, ()) if x in self.places}
        ancestors = {p: self.ancestors.get(p, frozenset()) for p in places}
        published = _date(self.doc.article.get("published_start"))
        day = report_day(published, self.doc.article.get("published_precision"))
        return Profile(
            label=label, id=row["id"], start=_date(props.get("date_start")), end=_date(props.get("date_end")),
            props={k: props.get(k) for k in _COMPARED},
            links={t: frozenset(mapping.get(x, x) for x in ids) if mapping else frozenset(ids)
                   for t, ids in links.items()},
            places=leaves(places, ancestors), ancestors=ancestors,
            articles=frozenset({self.doc.article_id}), reported=published,
            report_days=(day, day) if day is not None else None,
            novel=label == "Agreement" and novel([ev["quote"] for ev in row["evidence"]]),
        )


def plan(docs: list[Doc]) -> Plan:
    """The blocks, person keys and ids a batch needs: computed from the documents alone."""
    out = Plan()
    for doc in docs:
        view = doc.view
        for (_, type_, _), rows in doc.relationships.items():
            if type_ == "LOCATED_IN":
                out.located.update(x for row in rows for x in (row["start"], row["end"]))
        for row in doc.nodes.get("Actor", []):
            name = _person_name(row)
            if name:
                out.persons.add(person_key(name))
        for label in ORDER:
            for row in doc.nodes.get(label, []):
                out.ids[label].add(row["id"])
                m = view.profile(label, row, {})
                keys = search_keys(m)
                out.blocks[label].update(keys)
                first, last = probe_days(m)
                out.probes[label].update((k, first, last) for k in keys)
    return out


def _first(a: date | None, b: date | None) -> date | None:
    return min(a, b) if a and b else a or b


def _latest(a: date | None, b: date | None) -> date | None:
    return max(a, b) if a and b else a or b


def _merged(c: Profile, m: Profile, claim: Claim) -> Profile:
    """The candidate once the mention has joined it (what the database will hold)."""
    ancestors = {**m.ancestors, **c.ancestors}
    links = {t: c.linked(t) | m.linked(t) for t in {*c.links, *m.links}}
    start, end = (earliest if c.label in CLAIMS_MATCHED else narrowed)(c.start, c.end, claim)
    props = {**c.props, **{k: v for k, v in m.props.items() if v is not None}}
    # every field named (dataclasses.replace looks the fields up at each call: a load merges
    # tens of thousands of mentions)
    return Profile(label=c.label, id=c.id, start=start, end=end, props=props, links=links,
                   places=leaves(c.places | m.places, ancestors), ancestors=ancestors, block=c.block,
                   articles=c.articles | m.articles,
                   reported=min(d for d in (c.reported, m.reported, date.max) if d is not None),
                   report_days=_span(c.report_days, m.report_days),
                   seen_until=_latest(c.seen_until, seen_until([claim])),
                   collapsed=_first(c.collapsed, first_collapse([claim])), novel=c.novel,
                   tally=c.tally.plus(claim) if c.tally is not None else None)


def _span(a: tuple[date, date] | None, b: tuple[date, date] | None) -> tuple[date, date] | None:
    return (min(a[0], b[0]), max(a[1], b[1])) if a and b else a or b


class Resolver:
    def __init__(self) -> None:
        self.nodes: dict[str, Profile] = {}  # events resolved by this resolver, by node id
        self.blocks: dict[str, set[str]] = defaultdict(set)  # block -> node ids in self.nodes
        self.persons: dict[str, list[Person]] = defaultdict(list)
        self.touched: dict[str, str] = {}  # node id -> label: reported by more than one mention
        self.known: set[str] = set()  # every event node id this resolver gave out
        # nodes an undated mention joined by id alone, whose profiles (if read) lack that report
        self.unprofiled: set[str] = set()

    def _candidates(self, m: Profile, found: Found) -> list[Profile]:
        """The candidates of m's blocks that may match it: the database's (or the cache's), and
        the nodes this resolver made or joined, which are newer (best_match filters these)."""
        out: dict[str, Profile] = {}
        for k in search_keys(m):
            ours = self.blocks.get(k, ())
            for c in found.sharing(k, m):
                if c.id not in ours:
                    out.setdefault(c.id, c)
            for node_id in ours:
                out[node_id] = self.nodes[node_id]
        # only those that touch m's own days (what the candidates query reads for m): a block
        # holds a month's or a year's events, and every rule turns the others down; best_match
        # ranks them by id in the end
        first, last = probe_days(m)
        return [c for c in out.values() if touches(c, first, last)]

    def _person(self, row: dict[str, Any], found: Found) -> tuple[str, str | None]:
        name = _person_name(row)
        if name is None:
            return row["id"], None
        key = person_key(name)
        affiliation = row["properties"].get("affiliation")
        known = {p.id: p for p in [*found.persons.get(key, ()), *self.persons.get(key, ())]}
        same = [p for p in known.values() if same_person(p.affiliation, affiliation)]
        if any(p.id == row["id"] for p in same) or not same:
            if row["id"] not in known:
                self.persons[key].append(Person(row["id"], key, affiliation))
            return row["id"], None
        return min(p.id for p in same), PERSON_RULE

    def resolve(self, docs: list[Doc], found: Found) -> list[Doc]:
        return [self._resolve(doc, found) for doc in docs]

    def _resolve(self, doc: Doc, found: Found) -> Doc:
        aid = doc.article_id
        view = doc.view
        mapping: dict[str, str] = {}
        rules: dict[str, str | None] = {}
        made: dict[str, dict[str, Any]] = {}  # new node -> what the writer derives for it (block, life)
        claimed: dict[str, dict[str, Any]] = {}  # mention id -> its row's claim fields
        for row in doc.nodes.get("Actor", []):
            node_id, rule = self._person(row, found)
            if rule:
                mapping[row["id"]], rules[row["id"]] = node_id, rule
        for label in ORDER:
            for row in doc.nodes.get(label, []):
                mid = row["id"]
                fields = claimed[mid] = claim_of_row(row["properties"])
                claim = Claim(article=aid, mention=mid, published=_date(doc.article.get("published_start")),
                              published_precision=doc.article.get("published_precision"), **fields)
                prior = found.prior.get((aid, mid))
                m = view.profile(label, row, mapping)
                if prior is not None:
                    node_id, rule = prior
                    c = self.nodes.get(node_id)
                    if c is not None:
                        self.nodes[node_id] = _merged(c, m, claim)
                elif not search_keys(m):
                    node_id, rule = mid, SAME_ID  # undated: its id alone decides, as before
                    if mid in found.existing or mid in self.known:
                        self.touched[mid] = label
                        c = self.nodes.get(mid)
                        if c is not None:  # made in this batch: later mentions see this report too
                            self.nodes[mid] = _merged(c, m, claim)
                        else:
                            self.unprofiled.add(mid)
                else:
                    match = best_match(m, self._candidates(m, found))
                    if match is not None:
                        c, rule = match
                        node_id = c.id
                        claim.rule = rule
                        self.nodes[node_id] = _merged(c, m, claim)
                        if c.block:
                            self.blocks[c.block].add(node_id)
                        self.touched[node_id] = label
                    else:
                        taken = mid in found.existing or mid in self.known
                        node_id = event_id(label.lower(), mention=mid, article=aid) if taken else mid
                        rule = NEW
                        block = block_key(m)
                        assert block is not None
                        claim.rule = rule
                        kept = life([claim])  # an agreement's life so far: what aggregate() keeps up to date
                        made[node_id] = {"resolution_block": block, **(kept if label in CLAIMS_MATCHED else {}),
                                         **(report_days([claim]) if label == "Attack" else {})}
                        self.nodes[node_id] = replace(m, id=node_id, block=block, tally=Tally.of(label, [claim]),
                                                      seen_until=kept["seen_until"], collapsed=kept["collapsed_on"])
                        self.blocks[block].add(node_id)
                mapping[mid], rules[mid] = node_id, rule
                self.known.add(node_id)
        return _rewrite(doc, mapping, rules, made, claimed)


def _rewrite(doc: Doc, mapping: dict[str, str], rules: dict[str, str | None],
             made: dict[str, dict[str, Any]], claimed: dict[str, dict[str, Any]] | None = None) -> Doc:
    nodes: Rows = {}
    for label, rows in doc.nodes.items():
        out = []
        for row in rows:
            mid = row["id"]
            node_id = mapping.get(mid, mid)
            # the row's properties are shared unless this changes them (nothing writes to them later)
            props: dict[str, Any] = row["properties"]
            rule = rules.get(mid)
            claim: dict[str, Any] = {"rule": rule} if rule else {}
            new = dict(row, id=node_id, mention=mid)
            if label in ORDER:
                fields = claimed.get(mid) if claimed else None
                claim.update(fields if fields is not None else claim_of_row(props))
                if node_id in made:
                    props = {**props, **made[node_id]}
            elif label == "Actor" and (name := _person_name(row)):  # only actors are persons
                props = {**props, "person_key": person_key(name)}
                if node_id != mid:  # a variant spelling: an alias of the person, not its name
                    del props["name"]
                    new["aliases"] = list(dict.fromkeys([*row["aliases"], name]))
                    new["search_keys"] = list(dict.fromkeys([*row["search_keys"], fold(name)]))
            new["properties"] = props
            new["claim"] = claim
            out.append(new)
        nodes[label] = out
    rels: RelRows = {}
    for shape, rel_rows in doc.relationships.items():
        rels[shape] = [_ends_mapped(r, mapping) for r in rel_rows]
    return Doc(article=doc.article, nodes=nodes, relationships=rels)


def _ends_mapped(row: dict[str, Any], mapping: dict[str, str]) -> dict[str, Any]:
    """The relationship row with its ends mapped; a row whose ends keep their ids is shared, not
    copied (nothing writes to rows after resolution)."""
    start, end = mapping.get(row["start"], row["start"]), mapping.get(row["end"], row["end"])
    return row if start == row["start"] and end == row["end"] else dict(row, start=start, end=end)


def unresolved(doc: Doc) -> Doc:
    """The rows with resolution turned off: every mention is its own id (the baseline)."""
    return _rewrite(doc, {}, {}, {})

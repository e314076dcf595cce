"""Precision and recall of the extractor against hand-made expected graphs.

An expected file (`X.expected.yaml` beside `X.txt`, schema in tests/articles/README.md) lists the
actors, locations and events a careful analyst reads in the article. Matching is lenient about
spelling (names and aliases, folded) and strict about facts: an attack must agree on method and on
place or perpetrator, an accusation on who accused whom. A person counts for their country where
the expected graph names a country.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from conflictkg.errors import InputError
from conflictkg.graph.ids import fold
from conflictkg.graph.model import GraphDocument, Node
from conflictkg.graph.registry import REGISTRY

# One category per label the registry scores ("attacks" for Attack, …). Labels without a matcher
# of their own below are matched on their `kind`, `topic` or `name` and their actors.
CATEGORIES = REGISTRY.categories
_LABEL_OF = {n.category: n.label for n in REGISTRY.nodes.values() if n.category}
_ACTOR_KINDS = {"country", "person", "organization", "alliance", "armed_group", "group"}
# Topics an analyst would accept for one another.
_TOPIC_FAMILIES = [
    {"black_sea_shipping", "grain_export"},
    {"reassurance_force", "peacekeeping_force", "security_force", "force"},
    {"ceasefire", "peace"},
]


# An expected item against an extracted node; and a one-line description of an expected item.
Same = Callable[[dict[str, Any], Node], bool]
Describe = Callable[[dict[str, Any]], str]


@dataclass
class Tally:
    tp_expected: int = 0  # expected items found
    expected: int = 0
    tp_found: int = 0  # extracted items that match something expected
    found: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.tp_expected / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.tp_found / self.found if self.found else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Tally) -> None:
        self.tp_expected += other.tp_expected
        self.expected += other.expected
        self.tp_found += other.tp_found
        self.found += other.found
        self.misses += other.misses
        self.extras += other.extras


class _Graph:
    """The extracted document, indexed for matching."""

    def __init__(self, doc: GraphDocument) -> None:
        self.doc = doc
        self.nodes = {n.id: n for n in doc.nodes}
        self.out: dict[str, list[tuple[str, str]]] = {}
        self.inc: dict[str, list[tuple[str, str]]] = {}
        for r in doc.relationships:
            self.out.setdefault(r.start, []).append((r.type, r.end))
            self.inc.setdefault(r.end, []).append((r.type, r.start))

    def label(self, label: str) -> list[Node]:
        """The nodes of a label read in the article (context without evidence, such as the
        gazetteer's parent places, is not an extraction)."""
        return [n for n in self.doc.nodes if n.label == label and n.evidence]

    def names(self, node_id: str) -> set[str]:
        """Folded names of a node, and of the country a person is affiliated with."""
        n = self.nodes.get(node_id)
        if n is None:
            return set()
        p = n.properties
        aliases = p.get("aliases")
        listed = aliases if isinstance(aliases, list) else []
        return {fold(str(p.get("name", "")))} | {fold(str(a)) for a in listed}

    def country_of(self, node_id: str) -> set[str]:
        out: set[str] = set()
        for rel, end in self.out.get(node_id, []):
            if rel == "AFFILIATED_WITH":
                out |= self.names(end)
        return out

    def ends(self, node_id: str, rel: str) -> list[str]:
        return [e for r, e in self.out.get(node_id, []) if r == rel]

    def starts(self, node_id: str, rel: str) -> list[str]:
        return [s for r, s in self.inc.get(node_id, []) if r == rel]


def _names(item: dict[str, Any] | str | None) -> set[str]:
    if item is None:
        return set()
    if isinstance(item, str):
        return {fold(item)}
    return {fold(str(item.get("name", "")))} | {fold(a) for a in item.get("aliases") or []}


class _Expected:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.aliases: dict[str, set[str]] = {}
        for a in (data.get("actors") or []) + (data.get("locations") or []):
            self.aliases[fold(a["name"])] = _names(a)

    def names(self, name: str | None) -> set[str]:
        if not name:
            return set()
        return self.aliases.get(fold(name), {fold(name)})


def _same_actor(g: _Graph, exp: _Expected, node_id: str, name: str | None) -> bool:
    want = exp.names(name)
    return bool(want & g.names(node_id)) or bool(want & g.country_of(node_id))


def _any_actor(g: _Graph, exp: _Expected, node_ids: Iterable[str], name: str | None) -> bool:
    return any(_same_actor(g, exp, n, name) for n in node_ids)


def _same_topic(a: str | None, b: str | None) -> bool:
    if a == b:
        return True
    return any(a in fam and b in fam for fam in _TOPIC_FAMILIES)


def assign(expected: list[Any], found: list[Node], same: Same, *, exclusive: bool = False) -> list[str | None]:
    """The extracted node each expected item is (its id), or None: the first match not yet taken
    by an earlier item, else (unless `exclusive`) the first match at all, so that two expected
    items may share a node."""
    used: set[str] = set()
    hits: list[str | None] = []
    for e in expected:
        hit = next((f for f in found if f.id not in used and same(e, f)), None)
        if hit is None and not exclusive:
            hit = next((f for f in found if same(e, f)), None)
        if hit is not None:
            used.add(hit.id)
        hits.append(hit.id if hit is not None else None)
    return hits


def _match(expected: list[Any], found: list[Node], same: Same, describe_e: Describe,
           describe_f: Callable[[Node], str]) -> Tally:
    t = Tally(expected=len(expected), found=len(found))
    for e, hit in zip(expected, assign(expected, found, same), strict=True):
        if hit is not None:
            t.tp_expected += 1
        else:
            t.misses.append(describe_e(e))
    for f in found:
        if any(same(e, f) for e in expected):
            t.tp_found += 1
        else:
            t.extras.append(describe_f(f))
    return t


def _check_names(path: Path, expected: dict[str, Any]) -> None:
    """YAML reads a bare On, No or Yes as a boolean: say which entry to quote."""
    for kind, names in ((expected.get("must_not_contain") or {}).items()):
        for i, name in enumerate(names or []):
            if not isinstance(name, str):
                raise InputError(f"{path}: must_not_contain.{kind}[{i}] is {name!r}, not text; "
                                 "quote it (YAML reads On, No, Yes as booleans)")


class Matcher:
    """The matching rules of one article: which extracted node an expected item is, per category.
    The extraction scores count with them; the cross-article evaluation uses them to find the
    fact each annotated mention became."""

    def __init__(self, doc: GraphDocument, expected: dict[str, Any]) -> None:
        self.g, self.exp, self.expected = _Graph(doc), _Expected(expected), expected

    def same_name(self, e: dict[str, Any], f: Node) -> bool:
        return bool(_names(e) & self.g.names(f.id))

    def same_attack(self, e: dict[str, Any], f: Node) -> bool:
        g, exp = self.g, self.exp
        method = f.properties.get("method")
        listed = f.properties.get("methods")
        methods = set(listed if isinstance(listed, list) else []) | {method}
        if e.get("method") not in methods and method != "unknown":
            return False
        places = g.ends(f.id, "TARGETED")
        place_ok = any(_any_actor(g, exp, places, loc) for loc in e.get("locations") or [])
        perp_ok = bool(e.get("perpetrator")) and _any_actor(g, exp, g.starts(f.id, "PERPETRATED"), e["perpetrator"])
        return place_ok or perp_ok

    def same_topic(self, e: dict[str, Any], f: Node) -> bool:
        """Agreements and proposals."""
        topic = f.properties.get("topic")
        return _same_topic(e.get("topic"), topic if isinstance(topic, str) else None)

    def same_accusation(self, e: dict[str, Any], f: Node) -> bool:
        g, exp = self.g, self.exp
        return _any_actor(g, exp, g.starts(f.id, "MADE"), e.get("accuser")) and _any_actor(
            g, exp, g.ends(f.id, "AGAINST"), e.get("accused"))

    def same_meeting(self, e: dict[str, Any], f: Node) -> bool:
        if e.get("location"):
            return _any_actor(self.g, self.exp, self.g.ends(f.id, "HELD_AT"), e["location"])
        return f.properties.get("kind") == e.get("kind")

    def same_statement(self, e: dict[str, Any], f: Node) -> bool:
        quote = fold(str(f.properties.get("quote", "")))
        # the extractor keeps a quote without its closing full stop or comma
        words = fold(e["quote_contains"]).strip(" ,.")
        return words in quote and _any_actor(self.g, self.exp, self.g.starts(f.id, "SAID"), e.get("speaker"))

    def same_generic(self, e: dict[str, Any], f: Node) -> bool:
        """A label with no rule of its own: same kind/topic/name where the expected item gives one,
        and every expected actor among the node's actors (any relationship)."""
        g = self.g
        for key in _GENERIC_KEYS:
            if key in e and fold(str(e[key])) != fold(str(f.properties.get(key, ""))):
                return False
        neighbours = [x for _, x in g.out.get(f.id, [])] + [s for _, s in g.inc.get(f.id, [])]
        return all(_any_actor(g, self.exp, neighbours, a) for a in e.get("actors") or [])

    def rule(self, category: str) -> tuple[list[Node], Same]:
        """The extracted candidates of a category and the test that an expected item is one."""
        if category == "actors":
            return [n for n in self.g.label("Actor") if n.properties.get("kind") in _ACTOR_KINDS], self.same_name
        same = {"locations": self.same_name, "attacks": self.same_attack, "agreements": self.same_topic,
                "proposals": self.same_topic, "accusations": self.same_accusation,
                "meetings": self.same_meeting, "statements": self.same_statement}.get(category, self.same_generic)
        return self.g.label(_LABEL_OF[category]), same

    def assign(self, category: str, *, exclusive: bool = False) -> list[str | None]:
        """For each expected item of the category, in order: the id of the extracted node it is
        (with `exclusive`, no node is the match of two items)."""
        found, same = self.rule(category)
        return assign(self.expected.get(category) or [], found, same, exclusive=exclusive)


_GENERIC_KEYS = ("kind", "topic", "name")


def _describe_generic(item: Mapping[str, Any]) -> str:
    return str({k: item.get(k) for k in _GENERIC_KEYS if k in item})


def _describe_generic_node(m: Matcher, f: Node) -> str:
    return _describe_generic(f.properties)


_DESCRIBE: dict[str, tuple[Describe, Callable[[Matcher, Node], str]]] = {
    "actors": (lambda e: e["name"], lambda m, f: str(f.properties.get("name"))),
    "locations": (lambda e: e["name"], lambda m, f: str(f.properties.get("name"))),
    "attacks": (lambda e: f"{e.get('method')} {e.get('perpetrator')} {e.get('locations')}",
                lambda m, f: "{method} {date} {killed}/{injured}".format_map(
                    {k: f.properties.get(k) for k in ("method", "date", "killed", "injured")})),
    "agreements": (lambda e: str(e.get("topic")), lambda m, f: str(f.properties.get("topic"))),
    "accusations": (lambda e: f"{e.get('accuser')}->{e.get('accused')}",
                    lambda m, f: f"{m.g.starts(f.id, 'MADE')}->{m.g.ends(f.id, 'AGAINST')}"),
    "meetings": (lambda e: f"{e.get('kind')} @ {e.get('location')}",
                 lambda m, f: f"{f.properties.get('kind')} @ {m.g.ends(f.id, 'HELD_AT')}"),
    "proposals": (lambda e: str(e.get("topic")), lambda m, f: str(f.properties.get("topic"))),
    "statements": (lambda e: f"{e.get('speaker')}: {e.get('quote_contains')}",
                   lambda m, f: f"{f.properties.get('speaker')}: {str(f.properties.get('quote'))[:40]}"),
}


def _attack_slots(m: Matcher) -> Tally:
    """Perpetrator and tolls of each expected attack that was found."""
    g, exp = m.g, m.exp
    slots = Tally()
    for e in m.expected.get("attacks") or []:
        f = next((f for f in g.label("Attack") if m.same_attack(e, f)), None)
        if f is None:
            continue
        checks = {
            "perpetrator": (not e.get("perpetrator") and not g.starts(f.id, "PERPETRATED"))
            or (bool(e.get("perpetrator")) and _any_actor(g, exp, g.starts(f.id, "PERPETRATED"), e["perpetrator"])),
            "killed": e.get("killed") == f.properties.get("killed"),
            "injured": e.get("injured") == f.properties.get("injured"),
        }
        for slot, ok in checks.items():
            slots.expected += 1
            slots.found += 1
            if ok:
                slots.tp_expected += 1
                slots.tp_found += 1
            else:
                got = g.starts(f.id, "PERPETRATED") if slot == "perpetrator" else f.properties.get(slot)
                slots.misses.append(f"{e.get('method')} {slot}: want {e.get(slot)!r}, got {got!r}")
    return slots


def score_document(doc: GraphDocument, expected: dict[str, Any]) -> dict[str, Tally]:
    m = Matcher(doc, expected)
    out: dict[str, Tally] = {}
    for category in CATEGORIES:
        found, same = m.rule(category)
        describe_e, describe_node = _DESCRIBE.get(category, (_describe_generic, _describe_generic_node))
        out[category] = _match(expected.get(category) or [], found, same, describe_e,
                               functools.partial(describe_node, m))
        if category == "actors":
            forbidden = {fold(x) for x in (expected.get("must_not_contain") or {}).get("actors") or []}
            out[category].extras += [f"FORBIDDEN {f.properties.get('name')}" for f in found
                                     if m.g.names(f.id) & forbidden]
    # the order of `--details`: attack slots before the attacks
    head = {c: out.pop(c) for c in ("actors", "locations")}
    return {**head, "attack slots": _attack_slots(m), **out}


SLOTS = ("attack slots",)


def score_directory(directory: Path) -> tuple[dict[str, Tally], dict[str, dict[str, Tally]]]:
    """Extract every article with an expected file; return totals and per-article tallies."""
    from conflictkg.loaders.extract import extract_file

    totals = {c: Tally() for c in CATEGORIES + SLOTS}
    per_article: dict[str, dict[str, Tally]] = {}
    for exp_path in sorted(directory.glob("*.expected.yaml")):
        article = exp_path.with_name(exp_path.name.replace(".expected.yaml", ".txt"))
        if not article.exists():
            continue
        expected = yaml.safe_load(exp_path.read_text(encoding="utf-8"))
        _check_names(exp_path, expected)
        tallies = score_document(extract_file(article), expected)
        per_article[article.name] = tallies
        for c, t in tallies.items():
            totals[c].add(t)
    return totals, per_article


def overall(totals: dict[str, Tally]) -> Tally:
    t = Tally()
    for c in CATEGORIES:
        t.add(totals[c])
    return t

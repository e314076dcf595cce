"""Precision and recall of the extractor against hand-made expected graphs.

An expected file (`X.expected.yaml` beside `X.txt`, schema in tests/articles/README.md) lists the
actors, locations and events a careful analyst reads in the article. Matching is lenient about
spelling (names and aliases, folded) and strict about facts: an attack must agree on method and on
place or perpetrator, an accusation on who accused whom. A person counts for their country where
the expected graph names a country.
"""

from __future__ import annotations

from collections.abc import Iterable
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


def _match(expected: list[Any], found: list[Node], same: Any, describe_e: Any, describe_f: Any) -> Tally:
    t = Tally(expected=len(expected), found=len(found))
    used: set[str] = set()
    for e in expected:
        hit = next((f for f in found if f.id not in used and same(e, f)), None)
        if hit is None:
            hit = next((f for f in found if same(e, f)), None)
        if hit is not None:
            used.add(hit.id)
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


def score_document(doc: GraphDocument, expected: dict[str, Any]) -> dict[str, Tally]:
    g, exp = _Graph(doc), _Expected(expected)
    out: dict[str, Tally] = {}
    forbidden = {fold(x) for x in (expected.get("must_not_contain") or {}).get("actors") or []}

    actors = [n for n in g.label("Actor") if n.properties.get("kind") in _ACTOR_KINDS]
    t = _match(expected.get("actors") or [], actors,
               lambda e, f: bool(_names(e) & g.names(f.id)),
               lambda e: e["name"], lambda f: str(f.properties.get("name")))
    bad = [f for f in actors if g.names(f.id) & forbidden]
    t.extras += [f"FORBIDDEN {f.properties.get('name')}" for f in bad]
    out["actors"] = t

    out["locations"] = _match(expected.get("locations") or [], g.label("Location"),
                              lambda e, f: bool(_names(e) & g.names(f.id)),
                              lambda e: e["name"], lambda f: str(f.properties.get("name")))

    def same_attack(e: dict[str, Any], f: Node) -> bool:
        method = f.properties.get("method")
        listed = f.properties.get("methods")
        methods = set(listed if isinstance(listed, list) else []) | {method}
        if e.get("method") not in methods and method != "unknown":
            return False
        places = g.ends(f.id, "TARGETED")
        place_ok = any(_any_actor(g, exp, places, loc) for loc in e.get("locations") or [])
        perp_ok = bool(e.get("perpetrator")) and _any_actor(g, exp, g.starts(f.id, "PERPETRATED"), e["perpetrator"])
        return place_ok or perp_ok

    slots = Tally()
    for e in expected.get("attacks") or []:
        f = next((f for f in g.label("Attack") if same_attack(e, f)), None)
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
    out["attack slots"] = slots

    out["attacks"] = _match(expected.get("attacks") or [], g.label("Attack"), same_attack,
                            lambda e: f"{e.get('method')} {e.get('perpetrator')} {e.get('locations')}",
                            lambda f: "{method} {date} {killed}/{injured}".format_map(
                                {k: f.properties.get(k) for k in ("method", "date", "killed", "injured")}))

    out["agreements"] = _match(expected.get("agreements") or [], g.label("Agreement"),
                               lambda e, f: _same_topic(e.get("topic"), f.properties.get("topic")),
                               lambda e: str(e.get("topic")), lambda f: str(f.properties.get("topic")))

    def same_accusation(e: dict[str, Any], f: Node) -> bool:
        return _any_actor(g, exp, g.starts(f.id, "MADE"), e.get("accuser")) and _any_actor(
            g, exp, g.ends(f.id, "AGAINST"), e.get("accused"))

    out["accusations"] = _match(expected.get("accusations") or [], g.label("Accusation"), same_accusation,
                                lambda e: f"{e.get('accuser')}->{e.get('accused')}",
                                lambda f: f"{g.starts(f.id, 'MADE')}->{g.ends(f.id, 'AGAINST')}")

    def same_meeting(e: dict[str, Any], f: Node) -> bool:
        if e.get("location"):
            return _any_actor(g, exp, g.ends(f.id, "HELD_AT"), e["location"])
        return f.properties.get("kind") == e.get("kind")

    out["meetings"] = _match(expected.get("meetings") or [], g.label("Meeting"), same_meeting,
                             lambda e: f"{e.get('kind')} @ {e.get('location')}",
                             lambda f: f"{f.properties.get('kind')} @ {g.ends(f.id, 'HELD_AT')}")

    out["proposals"] = _match(expected.get("proposals") or [], g.label("Proposal"),
                              lambda e, f: _same_topic(e.get("topic"), f.properties.get("topic")),
                              lambda e: str(e.get("topic")), lambda f: str(f.properties.get("topic")))

    def same_statement(e: dict[str, Any], f: Node) -> bool:
        quote = fold(str(f.properties.get("quote", "")))
        return fold(e["quote_contains"]) in quote and _any_actor(g, exp, g.starts(f.id, "SAID"), e.get("speaker"))

    out["statements"] = _match(expected.get("statements") or [], g.label("Statement"), same_statement,
                               lambda e: f"{e.get('speaker')}: {e.get('quote_contains')}",
                               lambda f: f"{f.properties.get('speaker')}: {str(f.properties.get('quote'))[:40]}")

    for category in CATEGORIES:
        if category not in out:
            out[category] = _generic(g, exp, expected.get(category) or [], _LABEL_OF[category])
    return out


_GENERIC_KEYS = ("kind", "topic", "name")


def _generic(g: _Graph, exp: _Expected, expected: list[dict[str, Any]], label: str) -> Tally:
    """A label with no matcher of its own: same kind/topic/name where the expected item gives one,
    and every expected actor among the node's actors (any relationship)."""

    def actors_of(node_id: str) -> list[str]:
        return [e for _, e in g.out.get(node_id, [])] + [s for _, s in g.inc.get(node_id, [])]

    def same(e: dict[str, Any], f: Node) -> bool:
        for key in _GENERIC_KEYS:
            if key in e and fold(str(e[key])) != fold(str(f.properties.get(key, ""))):
                return False
        return all(_any_actor(g, exp, actors_of(f.id), a) for a in e.get("actors") or [])

    return _match(expected, g.label(label), same, lambda e: str({k: e.get(k) for k in _GENERIC_KEYS if k in e}),
                  lambda f: str({k: f.properties.get(k) for k in _GENERIC_KEYS if k in f.properties}))


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

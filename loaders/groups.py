"""Armed groups the text does not name: "the insurgents", "jihadisten", "gunmen", "Syrian rebels".

Such a noun is an actor. In an article that names an armed group (al-Shabaab, ISWAP, M23), it is
that group: the one named last before it, else the one the article names most. Otherwise it is the
unnamed armed group of its country, "armed group in Mozambique" (the nouns the text used are its
aliases): the country its demonym gives ("Syrian rebels") or the country the article names most.
The country is part of the id, so unnamed groups of different conflicts never become one node,
while two reports of one attack by "militanten" and "terroristen" name one perpetrator. The nouns
are data (`<lang>/groups.tsv`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Final

from conflictkg.graph.ids import fold
from conflictkg.loaders.entities import ActorRecord, EntityTable, Span
from conflictkg.loaders.gazetteer import Gazetteer
from conflictkg.loaders.lexicon import read_table, variants
from conflictkg.loaders.segment import Token


@cache
def group_phrases(lang: str) -> frozenset[tuple[str, ...]]:
    """The group phrases as folded word tuples: ("jihadist", "militants")."""
    return frozenset(tuple(fold(w) for w in v.split())
                     for row in read_table(f"{lang}/groups.tsv") for v in variants(row["phrase"]))


_STARTS: Final[dict[str, frozenset[str]]] = {}  # a dict, not functools.cache: asked for at many tokens


def group_starts(lang: str) -> frozenset[str]:
    found = _STARTS.get(lang)
    if found is None:
        found = _STARTS[lang] = frozenset(words[0] for words in group_phrases(lang))
    return found


# "the opposition", "de oppositie": the armed group the article names, never an unnamed one of its
# own (the opposition in a parliament is no armed group)
_NAMED_ONLY: Final = "opposition"


@cache
def named_only_phrases(lang: str) -> frozenset[tuple[str, ...]]:
    """The group phrases that only refer to an armed group the article names."""
    return frozenset(tuple(fold(w) for w in v.split()) for row in read_table(f"{lang}/groups.tsv")
                     if row["group"] == _NAMED_ONLY for v in variants(row["phrase"]))


def match_group(toks: list[Token], i: int, lang: str) -> int | None:
    """The end token of the longest group phrase at token i, or None."""
    if toks[i].low not in group_starts(lang):
        return None  # most words open no group phrase: one set lookup rules them out
    phrases = group_phrases(lang)
    return max((i + n for n in range(1, 4) if i + n <= len(toks) and tuple(t.low for t in toks[i:i + n]) in phrases),
               default=None)


# The name of an armed group the text never names; the nouns the text used are its aliases.
_UNNAMED: Final = "armed group"


@dataclass(slots=True)
class PendingGroup:
    country: str | None  # ISO code its demonym gives
    surface: str
    span: Span
    named_only: bool = False  # "the opposition": no actor unless the article names an armed group


def resolve_groups(pending: list[PendingGroup], table: EntityTable, gaz: Gazetteer) -> list[str]:
    """The actor id of each pending group, in order ("" for a `named_only` one the article gives no
    armed group for); the table records them."""
    armed = [r for r in table.actors.values() if r.kind == "armed_group" and r.spans]
    countries = [r for r in table.actors.values() if r.kind == "country" and r.code and r.spans]
    main = max(countries, key=lambda r: (len(r.spans), -r.spans[0][0])) if countries else None
    out: list[str] = []
    for p in pending:
        rec: ActorRecord
        if p.country is None and armed:
            before = [r for r in armed if r.spans[0][0] <= p.span[0]]
            named = max(before, key=lambda r: max(s[0] for s in r.spans if s[0] <= p.span[0])) if before \
                else max(armed, key=lambda r: len(r.spans))
            rec = table.actor(named.name, named.kind, surface=p.surface, span=p.span)
        elif p.named_only:
            out.append("")
            continue
        else:
            code = p.country or (main.code if main else None)
            country = gaz.countries.get(code) if code else None
            # one unnamed group per country, whatever the noun: "Terrorists murdered five ... the
            # insurgents" in one article, "militanten" and "terroristen" in two reports of one attack
            name = f"{_UNNAMED} in {country.name}" if country else _UNNAMED
            rec = table.actor(name, "armed_group", surface=p.surface, span=p.span)
        out.append(rec.id)
    return out

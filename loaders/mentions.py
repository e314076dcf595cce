"""Finding actors and places in a sentence: gazetteer names, demonyms, capital metonyms, persons
introduced by a title ("de Franse president Emmanuel Macron", "NATO Secretary General Mark
Rutte", "Zelensky, the Ukrainian president"), and later surname-only references.

Unknown capitalised words never become actors on their own: a person needs a title, an
appositive, a reporting verb or an entry in persons.tsv, so a sentence-initial "Maar" or
"However" is never an actor.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Final

from conflictkg.graph.ids import fold
from conflictkg.loaders.countryplaces import compound_part, directions, part_before
from conflictkg.loaders.cues import cue_lexicon
from conflictkg.loaders.entities import ActorRecord, EntityTable, PlaceRecord, Span
from conflictkg.loaders.gazetteer import Entry, Gazetteer, gazetteer
from conflictkg.loaders.geonames import REGION_WORDS, GeoHit, GeoNames, GeoRegion, geonames, villages
from conflictkg.loaders.groups import (
    PendingGroup,
    group_phrases,
    group_starts,
    match_group,
    named_only_phrases,
    resolve_groups,
)
from conflictkg.loaders.institutions import institution_name
from conflictkg.loaders.lexicon import function_words, read_table, variants, word_set
from conflictkg.loaders.segment import POSSESSIVES, Sentence, Token
from conflictkg.loaders.textdates import calendar_words
from conflictkg.loaders.values import ByFields, HashedByFields

_ENTITY_KINDS: Final = frozenset({"country", "demonym", "metonym", "org", "person", "place"})
_AFFILIATION_KINDS: Final = frozenset({"country", "demonym", "metonym", "org"})
_NOT_A_NAME: Final = _AFFILIATION_KINDS | {"place", "role"}
_APPOSITIVE_KINDS: Final = _AFFILIATION_KINDS | {"place"}
# Arabic articles written before a name with a hyphen ("al-Burhan", "ash-Sharaa")
_ARTICLES: Final = ("al", "el", "ad", "ar", "as", "ash", "az", "ath", "a", "an", "at", "adh", "ud")
_PARTICLES: Final = {"von", "der", "van", "de", "den", "bin", "al", "ibn", "le", "la", "da", "dos", "el"}
_DETERMINERS: Final = {"de", "het", "the", "een", "a", "an"}
_ORG_KINDS: Final = {"alliance": "alliance", "armed_group": "armed_group"}
_TOWN_KINDS: Final = frozenset({"city", "town", "village"})
_ATTACK_CUES: Final = ("attack_method", "attack_general")
_NONE: Final[frozenset[str]] = frozenset()
# places without coordinates that may be a GeoNames town of the article's countries
_VILLAGE_KINDS: Final = frozenset({"city", "town", "village", "area"})
# where a place noun stands to the name it introduces (placenouns.tsv: before, after or both)
_BEFORE: Final = frozenset({"before", "both"})
_AFTER: Final = frozenset({"after", "both"})
_BODY: Final = frozenset({"body"})
_STATE: Final = frozenset({"country", "metonym"})
_COUNTRY: Final = frozenset({"country"})
# kinds asked for on most capitalised words: made once, not at each call
_ROLE: Final = frozenset({"role"})
_PERSON: Final = frozenset({"person"})
_PLACE: Final = frozenset({"place"})
_QUOTES: Final = frozenset({'"', "“", "”", "„", "'", "‘", "’"})
# Places a compass word divides into parts an analyst names ("northern Gaza"); a city's are
# districts, rarely meant.
_PARTED: Final = frozenset({"region", "area", "peninsula", "island"})


class Mention(ByFields):
    __slots__ = ("end", "kind", "locative", "ref", "start")

    def __init__(self, kind: str, ref: str, start: int, end: int, locative: bool = False) -> None:
        self.kind = kind  # actor | place | demonym
        self.ref = ref  # actor id (for demonym: the country's actor id) or place id
        self.start = start  # token span in the sentence
        self.end = end
        self.locative = locative  # after "in", "op", "near", ...

    def _fields(self) -> tuple[str, str, int, int, bool]:
        return (self.kind, self.ref, self.start, self.end, self.locative)


class _PendingPlace:
    """A GeoNames name found in a sentence, resolved once the whole article is read (its
    countries and regions are the context that picks one of the places of that name)."""

    __slots__ = ("fallback", "hit", "mention", "name_end", "out", "sent")

    def __init__(self, mention: Mention, hit: GeoHit, sent: Sentence, out: list[Mention], fallback: str | None,
                 name_end: int) -> None:
        self.mention = mention
        self.hit = hit
        self.sent = sent
        self.out = out  # the sentence's mentions, which hold `mention`
        self.fallback = fallback  # the kind of place "the city of X" names, kept even when unresolved
        self.name_end = name_end  # end of the name itself: "North Darfur" in "North Darfur State"


class _PersonHit(HashedByFields):
    __slots__ = ("affiliation", "end", "known", "name", "name_start", "role")

    def __init__(self, name_start: int, end: int, name: str, role: str | None, affiliation: str | None,
                 known: bool) -> None:
        self.name_start = name_start
        self.end = end
        self.name = name
        self.role = role
        self.affiliation = affiliation  # actor id
        self.known = known

    def _fields(self) -> tuple[int, int, str, str | None, str | None, bool]:
        return (self.name_start, self.end, self.name, self.role, self.affiliation, self.known)


# Per-language tables the rules ask for hundreds of times per article are kept in plain dicts:
# compiled, a call through functools.cache costs several times a dict lookup.
_DEFINITES: Final[dict[str, frozenset[str]]] = {}


def definites(lang: str) -> frozenset[str]:
    """ "the", "de", "die": before an attack or agreement noun they refer back to one already told."""
    found = _DEFINITES.get(lang)
    if found is None:
        found = _DEFINITES[lang] = word_set(f"{lang}/definites.tsv")
    return found


@cache
def place_nouns(lang: str) -> dict[str, tuple[str, str]]:
    """Each place noun, singular or plural, with the kind of place it names and where it stands."""
    return {
        v.lower(): (row["kind"], row["position"])
        for row in read_table(f"{lang}/placenouns.tsv")
        for v in variants(row["noun"]) + variants(row.get("plural", ""))
    }


@cache
def plural_place_nouns(lang: str) -> frozenset[str]:
    """"the villages of X and Y", "X and Y neighbourhoods": a plural noun introduces a list of places
    (placenouns.tsv, column `plural`)."""
    return frozenset(v.lower() for row in read_table(f"{lang}/placenouns.tsv") for v in variants(row.get("plural", "")))


@cache
def bare_place_nouns(lang: str) -> frozenset[str]:
    """Nouns after a name that do not belong to it ("the Abu Gurain area", "Buthidaung
    township"): the place is the name alone, as for a town (placenouns.tsv, column `name`)."""
    return frozenset(v.lower() for row in read_table(f"{lang}/placenouns.tsv") if row.get("name") == "bare"
                     for v in variants(row["noun"]))


@cache
def _cue_words(lang: str) -> dict[str, frozenset[str]]:
    """The single-word cues of each category, for the finder's word tests: locative prepositions,
    meeting words, speech verbs, and the prepositions after which an unknown name is a place ("in
    Shejaia": place_preposition; "a strike on Deir Seryan": target_preposition)."""
    words: dict[str, set[str]] = {}
    for phrases in cue_lexicon(lang).exact.values():
        for w, category, _ in phrases:
            if len(w) == 1:
                words.setdefault(category, set()).add(w[0])
    return {category: frozenset(ws) for category, ws in words.items()}


@cache
def _cue_phrases(lang: str, category: str) -> frozenset[tuple[str, ...]]:
    """Every cue of the category as a tuple of folded words ("known", "as")."""
    return frozenset(w for phrases in cue_lexicon(lang).exact.values() for w, c, _ in phrases if c == category)


@cache
def _starters(lang: str) -> frozenset[str]:
    """Words that can open a mention: title and affiliation openers, gazetteer phrases' first
    words, and the nouns that introduce an unknown place."""
    return (_person_openers(lang) | frozenset(gazetteer(lang).lengths) | frozenset(place_nouns(lang))
            | group_starts(lang))


@cache
def _role_suffixes(lang: str) -> tuple[tuple[int, dict[str, str]], ...]:
    """Single-word titles of six letters or more with their role, by length, longest first: the
    last part of a compound title ("woordvoerder" in "politiewoordvoerder"). A word is then looked
    up once per length, not compared with every title (it runs on most tokens of an article)."""
    g = gazetteer(lang)
    by_length: dict[int, dict[str, str]] = {}
    for key, entries in g.index.items():
        if len(key) == 1 and len(key[0]) >= 6:
            for e in entries:
                if e.kind == "role":
                    by_length.setdefault(len(key[0]), {})[key[0]] = e.key
    return tuple(sorted(by_length.items(), reverse=True))


@cache
def _compound_roles(lang: str) -> dict[str, str]:
    """Word -> the role its last part names, "" for none (`MentionFinder._compound_role`), filled
    as words are met."""
    return {}


# What a finder reads from the lexicons, worked out once per language (a finder is made per article).
@cache
def _meeting_words(lang: str) -> frozenset[str]:
    """Meeting words, without those a name before them takes part in ("Hamas negotiators", "the
    Russian delegations") or is the subject of ("Qatar hosted talks in Doha", "Ukraine met with
    US officials"): not a venue."""
    words = _cue_words(lang)
    return words.get("meeting", _NONE) - words.get("participant_unit", _NONE) - words.get("meeting_verb", _NONE)


@cache
def _naming(lang: str) -> list[tuple[str, ...]]:
    """ "called", "known as": longest first."""
    return sorted(_cue_phrases(lang, "naming"), key=len, reverse=True)


@cache
def _speech(lang: str) -> tuple[frozenset[str], frozenset[tuple[str, ...]]]:
    """Words of saying, and two-word cues of saying ("according to")."""
    words = _cue_words(lang)
    pairs = frozenset(w for c in ("speech", "reporting") for w in _cue_phrases(lang, c) if len(w) == 2)
    return words.get("speech", _NONE) | words.get("reporting", _NONE), pairs


@cache
def _border_pairs(lang: str) -> frozenset[tuple[str, ...]]:
    return frozenset(w for w in _cue_phrases(lang, "border") if len(w) == 2)


@cache
def _org_words() -> frozenset[str]:
    return word_set("org_words.tsv")


@cache
def _media_words() -> frozenset[str]:
    """Words of an outlet's name ("News", "Tribune"): org_words.tsv, kind media."""
    return frozenset(v.lower() for row in read_table("org_words.tsv") if row["kind"] == "media"
                     for v in variants(row["word"]))


@cache
def _person_openers(lang: str) -> frozenset[str]:
    """First words of the phrases that can open a titled name: determiners, roles, affiliations."""
    g = gazetteer(lang)
    return frozenset(_DETERMINERS) | {
        key[0] for key, entries in g.index.items() if any(e.kind in _AFFILIATION_KINDS | {"role"} for e in entries)
    }


def _name_shaped(text: str) -> bool:
    """Every part of a hyphenated word capitalised ("Nagorno-Karabach", "al-Sahwa" after its
    particle): not a compound with a common noun ("X-bericht", "Normandië-overleg") or an adjective
    ("West-Afrikaanse")."""
    parts = [p for p in text.split("-") if p]
    if len(parts) > 1 and parts[0].lower() in _ARTICLES:
        parts = parts[1:]
    return all(p[:1].isupper() for p in parts) and not (len(parts) > 1 and parts[-1].endswith(("se", "sche")))


def _article_name(text: str) -> bool:
    """An Arabic surname written with its article ("al-Burhan", "el-Sisi"): lower-case, yet part
    of the name before it."""
    head, _, rest = text.partition("-")
    return head.lower() in _ARTICLES and rest[:1].isupper()


_DASHES: Final = frozenset({"-", "–", "—"})
_DATELINE_ENDS: Final = frozenset({"(", *_DASHES})  # what follows the place of a dateline
# the words that join the names of a list of places ("X, Y and Z"; Dutch "of" is "or")
_LIST_JOINERS: Final = {"en": frozenset({",", "and", "or"}), "nl": frozenset({",", "en", "of"})}
_CREDIT_WORDS: Final = frozenset({"bron", "bronnen", "source", "sources"})
_NL_ADJECTIVE: Final = ("se", "sche")  # Dutch inflected adjectives of place: Afrikaanse, Saudische
_DEMONYM: Final = frozenset({"demonym"})
_ORG: Final = frozenset({"org"})
_DATELINE_KINDS: Final = frozenset({"place", "metonym", "country"})
# "that", "dat", "which", "die" right before a name: it is the subject of a new clause, never the
# object of a preposition before it ("zei in een verklaring dat India …")
_CLAUSE_OPENERS: Final = frozenset({"that", "which", "who", "dat", "die", "wie", "welke"})
_SAME: Final = frozenset({"dezelfde", "hetzelfde", "zelfde", "same"})  # "in dezelfde provincie", "the same region"


def _agency_credit(toks: list[Token], is_agency: Callable[[str], bool]) -> tuple[int, int]:
    """The tokens of an agency credit: who wrote the copy, not who took part in the story. A
    dateline's "KABUL (ANP/AFP/RTR) -" or "Yerevan, May 11, (dpa/GNA) –", a closing "Bron:
    Belga" or "Source: Reuters", or a line that is only the credit ("ANP"). `is_agency`: a name
    the lexicons know as a press agency, however it is written ("dpa"). (0, 0) when the sentence
    has none."""
    words = [t for t in toks if t.is_word]
    if words and len(words) <= 3 and all(t.text.isupper() for t in words) and len(toks) <= 5:
        return (0, len(toks))
    if 2 < len(toks) <= 7 and toks[0].text == "(" and toks[-1].text == ")" and toks[1].text.isupper():
        return (0, len(toks))  # "(ANP /upday)" closing the article
    if len(toks) >= 3 and toks[0].low in _CREDIT_WORDS and toks[1].text == ":":
        return (0, len(toks)) if len(toks) <= 6 else (0, 0)  # "Bron" itself is no place (a town in France)
    for i, tok in enumerate(toks):
        # after a dateline in capitals, or after the commas of "Yerevan, May 11,"
        if tok.text != "(" or (i > 0 and not toks[i - 1].text.isupper() and not (toks[i - 1].text == "," and i <= 8)):
            continue
        close = next((j for j in range(i + 1, min(len(toks), i + 10)) if toks[j].text == ")"), None)
        if close is None or close + 1 >= len(toks) or toks[close + 1].text not in _DASHES:
            continue
        inside = toks[i + 1:close]
        if inside and all(t.text == "/" or (t.is_word and (t.text.isupper() or is_agency(t.text))) for t in inside):
            return (i + 1, close)
    return (0, 0)


def _participle(word: str) -> bool:
    """A lower-case participle after a hyphen ("-backed", "-aligned", "-based"): the compound
    describes something else by the country before it."""
    return word.islower() and word.endswith("ed")


def _without_possessive(name: str) -> str:
    return name[:-2] if name.endswith(POSSESSIVES) else name


def _military(bodies: list[Entry]) -> bool:
    """Whether these body entries name the armed forces ("leger", "armed forces")."""
    return any(e.key == "military" for e in bodies)


# "the government", "de regering" alone: the country's government, which is the country
_BARE_GOVERNMENT: Final = {("government",), ("regering",), ("regeringswoordvoerder",), ("regeringswoordvoerster",)}


class MentionFinder:
    """Finds mentions sentence by sentence and records the entities in an EntityTable."""

    def __init__(self, lang: str, table: EntityTable) -> None:
        self.lang = lang
        self.gaz: Gazetteer = gazetteer(lang)
        self.table = table
        self.function_words = function_words(lang)
        self.place_nouns, self.bare_nouns = place_nouns(lang), bare_place_nouns(lang)
        self.plural_nouns = plural_place_nouns(lang)
        self.joiners = _LIST_JOINERS.get(lang, _LIST_JOINERS["en"])
        words = _cue_words(lang)
        self.locatives, self.meeting_words = words.get("locative", _NONE), _meeting_words(lang)
        self.origins, self.territories = words.get("origin", _NONE), words.get("territory", _NONE)
        self.title_modifiers = words.get("title_modifier", _NONE)
        self.naming = _naming(lang)
        self.speech, self.speech_pairs = _speech(lang)
        self.place_preps = words.get("place_preposition", _NONE)
        self.target_preps = words.get("target_preposition", _NONE)
        self.person_openers = _person_openers(lang)
        self.starters = _starters(lang)
        self.org_words = _org_words()
        self.media_words = _media_words()
        self.cues = cue_lexicon(lang)
        self.calendar = calendar_words(lang)
        # surname (folded) -> (full name, role, affiliation) of persons named in full in this article
        self.surnames: dict[str, tuple[str, str | None, str | None]] = {}
        # acronym (folded) -> actor id of an organisation introduced as "Name Name (ACRONYM)"
        self.acronyms: dict[str, str] = {}
        self.pending: list[_PendingPlace] = []
        self.pending_groups: list[tuple[Mention, PendingGroup, list[Mention]]] = []
        # bare "the army" / "het leger": mention, sentence, its mention list, the noun's first token
        self.pending_bodies: list[tuple[Mention, Sentence, list[Mention], int]] = []
        # "het oosten van het land", "the country's northwest": mention, sentence, its mention list,
        # the compass adjective; the country is the article's (decided in `finish`)
        self.pending_parts: list[tuple[Mention, Sentence, list[Mention], str]] = []
        self.country_nouns = words.get("this_country", _NONE)
        # "the Niger border", "the border with China": the word after a country, the pair before it
        self.borders = words.get("border", _NONE)
        self.border_pairs = _border_pairs(lang)
        self.outlet_nouns = _cue_phrases(lang, "outlet")  # "news agency", "krant"
        # the last institution of each kind named in full ("Army" -> Indian Army), for a later "het leger"
        self.institutions: dict[str, str] = {}
        self.last_military: str | None = None  # the armed forces last named in full, of any noun
        self._geo_hits: tuple[int, dict[int, GeoHit]] = (-1, {})
        self.compound_roles = _compound_roles(lang)
        # the gazetteer phrases at each token of the sentence last matched (see `_match`)
        self._phrases_of: list[Token] | None = None
        self._phrases: dict[int, list[tuple[int, list[Entry]]]] = {}

    @property
    def geo(self) -> GeoNames:
        return geonames()

    # -- entities -------------------------------------------------------------------------------
    def _country(self, code: str, surface: str | None, span: Span | None) -> str:
        c = self.gaz.countries.get(code)
        if c is None:
            return ""
        return self.table.actor(c.name, "country", surface=surface, span=span, code=code).id

    def _org(self, name: str, surface: str | None, span: Span | None) -> str:
        org = self.gaz.orgs[name]
        # the country a lexicon gives a group is no mention of it: Hamas does not name Palestine
        affiliation = self._country(org.country, None, None) if org.country else None
        kind = _ORG_KINDS.get(org.kind, "organization")
        return self.table.actor(org.name, kind, surface=surface, span=span, affiliation=affiliation).id

    def _institution(self, code: str, sent: Sentence, span: tuple[int, int], body: tuple[int, int]) -> str | None:
        """The state body that tokens `body` name for country `code` ("leger" of India), mentioned
        by tokens `span`; None when the noun is no institution ("troops", "officials")."""
        toks = sent.tokens
        # "the Armenian Defence Ministry's spokesperson": the body without its possessive
        inst = self.gaz.institutions.get(tuple(_without_possessive(t.low) for t in toks[body[0] : body[1]]))
        c = self.gaz.countries.get(code)
        if inst is None or c is None:
            return None
        where = self._span(sent, *span)
        name = institution_name(code, c.name, inst)
        # "Sudan's army" is the Sudanese Armed Forces a pack lists ("Sudanese army" among its names)
        known = next((en.key for en in self.gaz.lookup(name, _ORG) if self.gaz.orgs[en.key].country == code), None)
        military = self._military_at(toks, body[0])
        surface = _without_possessive(sent.span_text(*span))
        if known is not None:
            aid = self._org(known, surface, where)
        else:
            country = self._country(code, None, where)
            aid = self.table.actor(name, "organization", surface=surface, span=where, affiliation=country).id
        self.institutions[inst] = aid
        if military:
            self.last_military = aid
        return aid

    def _affiliation(self, entry: Entry, surface: str, span: Span) -> str | None:
        if entry.kind in ("country", "demonym", "metonym"):
            return self._country(entry.key, surface if entry.kind != "demonym" else None, span) or None
        if entry.kind == "org":
            return self._org(entry.key, surface, span)
        return None

    def _known_person(self, name: str, surface: str, span: Span, role: str | None, aff: str | None) -> str:
        p = self.gaz.persons[name]
        if aff is None and p.affiliation:
            if p.affiliation in self.gaz.countries:
                aff = self._country(p.affiliation, None, span)
            elif p.affiliation in self.gaz.orgs:
                aff = self._org(p.affiliation, None, span)
        rec = self.table.actor(
            p.name, "person", surface=surface, span=span, role=role or p.role or None, affiliation=aff
        )
        return rec.id

    def _match(self, toks: list[Token], i: int, kinds: frozenset[str]) -> tuple[int, list[Entry]]:
        """`Gazetteer.match` of the sentence's tokens: the phrases at each token are looked up once
        per sentence, as the finder asks for several kinds at the same token."""
        if toks is not self._phrases_of:
            self._phrases_of = toks
            self._phrases = {}  # a new one: clearing frees and remakes the old one's table anyway
        found = self._phrases.get(i)
        if found is None:
            found = self._phrases[i] = self.gaz.phrases_at(toks, i)
        for end, entries in found:
            ok = [e for e in entries if e.kind in kinds]
            if ok:
                return end, ok
        return i, []

    # -- token tests ----------------------------------------------------------------------------
    def _is_name_token(self, tok: Token) -> bool:
        return tok.is_word and tok.is_cap and tok.low not in self.function_words and not tok.text.endswith("-")

    def _locative(self, toks: list[Token], i: int, preps: frozenset[str] | None = None) -> bool:
        """After "in", "op", "near" … (or `preps`), with up to three words between ("in het luxe
        Élysée-paleis", "in de Saudische kuststad Jeddah", "in the Ukrainian city of", "in
        Ethiopia's Tigray")."""
        preps = self.locatives if preps is None else preps
        if i > 0 and toks[i - 1].low in _CLAUSE_OPENERS:
            return False  # "said in a statement that India had …": the name opens a clause of its own
        for j in range(i - 1, max(-1, i - 5), -1):
            if toks[j].low in preps:
                return True
            if not toks[j].is_word:
                return False
            if toks[j].is_cap and not self._match(toks, j, _DEMONYM)[1] and not (
                    toks[j].low.endswith(POSSESSIVES) and self._match(toks, j, _COUNTRY)[1]):
                return False
        return False

    def _span(self, sent: Sentence, i: int, j: int) -> Span:
        return (sent.index, sent.tokens[i].start, sent.tokens[j - 1].end)

    def _name_run(self, toks: list[Token], j: int) -> int:
        """End of a run of capitalised name tokens starting at j (particles allowed inside)."""
        k = j
        while k < len(toks) and k - j < 5:
            tok = toks[k]
            is_name = self._is_name_token(tok) and not self._match(toks, k, _NOT_A_NAME)[1]
            if is_name or (k > j and _article_name(tok.text)) or (
                    tok.low in _PARTICLES and k > j and k + 1 < len(toks) and toks[k + 1].is_cap):
                k += 1
            else:
                break
        while k > j and toks[k - 1].low in _PARTICLES:
            k -= 1
        return k

    @staticmethod
    def _possessive_end(toks: list[Token], i: int, k: int) -> int:
        """A person's name ends with its possessive: "Prime Minister Abiy Ahmed's government"."""
        return next((n + 1 for n in range(i, k) if toks[n].low.endswith(POSSESSIVES)), k)

    def _same_place(self, sent: Sentence, i: int, out: list[Mention]) -> int:
        """"in dezelfde provincie", "in the same region": the place of that kind named last."""
        toks = sent.tokens
        if toks[i].low not in _SAME or i + 1 >= len(toks):
            return i
        noun = self.place_nouns.get(toks[i + 1].low)
        if noun is None:
            return i
        kinds = _TOWN_KINDS if noun[0] in _TOWN_KINDS else frozenset({noun[0]})
        named = [r for r in self.table.places.values() if r.kind in kinds and r.spans]
        if not named:
            return i
        last = max(named, key=lambda r: r.spans[-1][:2])
        last.add_span(self._span(sent, i, i + 2))
        out.append(Mention("place", last.id, i, i + 2, self._locative(toks, i)))
        return i + 2

    # -- persons --------------------------------------------------------------------------------
    def _role_at(self, toks: list[Token], j: int) -> tuple[int, str | None, Entry | None]:
        """A title at j: plain ("president"), or a compound with its body ("NAVO-chef")."""
        e, entries = self._match(toks, j, _ROLE)
        if entries:
            return e, entries[0].key, None
        if j < len(toks) and "-" in toks[j].text.strip("-"):
            head, _, tail = toks[j].text.rpartition("-")
            roles = self.gaz.lookup(tail, _ROLE)
            affs = self.gaz.lookup(head, _AFFILIATION_KINDS)
            if roles and affs:
                return j + 1, roles[0].key, affs[0]
        if j < len(toks) and toks[j].is_word:
            role = self._compound_role(toks[j].low)
            if role is not None:
                return j + 1, role, None
        return j, None, None

    def _compound_role(self, word: str) -> str | None:
        """"Politiewoordvoerder", "militiecommandant": a title written as one word with what it is
        of; the title is its last part (a role word of six letters or more). Cached per word ("" for
        none): it is asked of most capitalised words."""
        known = self.compound_roles.get(word)
        if known is None:
            known = self.compound_roles[word] = next(
                (role for n, roles in _role_suffixes(self.lang)
                 if len(word) >= n + 3 and (role := roles.get(word[-n:])) is not None), "")
        return known or None

    def _person_at(self, sent: Sentence, i: int) -> _PersonHit | None:
        toks = sent.tokens
        if _without_possessive(toks[i].low) not in self.person_openers and "-" not in toks[i].text \
                and self._compound_role(toks[i].low) is None:
            return None  # cannot open "de Franse president …", "NAVO-chef …" or "Yemen's foreign minister …"
        j = i
        aff_entry: Entry | None = None
        if toks[j].low in _DETERMINERS:
            j += 1
        e, entries = self._match(toks, j, _AFFILIATION_KINDS) if j < len(toks) else (j, [])
        if entries and e < len(toks):
            aff_entry, j = entries[0], e
            if j < len(toks) and toks[j].text in ("'s", "’s"):
                j += 1
        while j < len(toks) and toks[j].low in self.title_modifiers:
            j += 1  # "Kenya's former leader …"
        if j >= len(toks):
            return None
        j2, role, compound_aff = self._role_at(toks, j)
        if role is None or self._match(toks, j, _BODY)[0] > j2:
            return None  # no title, or the start of a body's name ("General Staff")
        aff_entry = aff_entry or compound_aff
        j = j2
        # "minister van Buitenlandse Zaken" may be followed by more title words; skip "of X"
        if j < len(toks):
            e, entries = self._match(toks, j, _PERSON)
            if entries:
                return _PersonHit(j, e, entries[0].key, role, self._aff_id(aff_entry, sent, i, e), True)
            k = self._possessive_end(toks, j, self._name_run(toks, j))
            if k == j and toks[j].is_cap and j + 1 < len(toks) and self._is_name_token(toks[j + 1]):
                # "Defensieminister Israel Katz": after a title, a first name that is also a place
                # (Israel, Jordan, Georgia) opens the name when a surname follows
                k = self._possessive_end(toks, j, self._name_run(toks, j + 1))
                k = k if k > j + 1 else j
            if k > j:
                name = _without_possessive(sent.span_text(j, k))
                return _PersonHit(j, k, name, role, self._aff_id(aff_entry, sent, i, k), False)
            # "Rebel spokesman, Dickson Gatluak, said": a name of two words or more set off by commas
            k = self._name_run(toks, j + 1) if toks[j].text == "," else j
            closed = k < len(toks) and toks[k].text == ","
            if k - j > 2 and closed and not self._match(toks, j + 1, _ENTITY_KINDS)[1]:
                return _PersonHit(j + 1, k, sent.span_text(j + 1, k), role, self._aff_id(aff_entry, sent, i, k), False)
        return None

    def _aff_id(self, entry: Entry | None, sent: Sentence, i: int, j: int) -> str | None:
        if entry is None:
            return None
        return self._affiliation(entry, " ".join(entry.surface), self._span(sent, i, j))

    def _appositive(self, sent: Sentence, k: int) -> tuple[int, str | None, str | None]:
        """", the Ukrainian president," after a name: (end, role, affiliation id)."""
        toks = sent.tokens
        if k + 2 < len(toks) and toks[k].text == ",":
            j = k + 1
            if toks[j].low in _DETERMINERS:
                j += 1
            aff_entry = None
            e, entries = self._match(toks, j, _AFFILIATION_KINDS)
            if entries:
                aff_entry, j = entries[0], e
            j2, role, compound = self._role_at(toks, j)
            # "a TPLF spokesman", "the UN humanitarian chief": up to two words before the role
            skip = j
            while role is None and skip < j + 2 and skip + 1 < len(toks) and toks[skip].is_word:
                skip += 1
                j2, role, compound = self._role_at(toks, skip)
            if role:
                aff_entry = aff_entry or compound
                # "the governor of the Odesa region" / "de gouverneur van Odesa"
                if aff_entry is None and j2 + 1 < len(toks) and toks[j2].low in ("of", "van"):
                    m = j2 + 1 + (toks[j2 + 1].low in _DETERMINERS)
                    e, entries = self._match(toks, m, _APPOSITIVE_KINDS)
                    if entries:
                        ent = entries[0]
                        if ent.kind == "place":
                            code = self.gaz.places[ent.key].country
                            aff = self._country(code, None, self._span(sent, k, e)) if code else None
                            return e, role, aff
                        aff_entry, j2 = ent, e
                return j2, role, self._aff_id(aff_entry, sent, k, j2)
        return k, None, None

    def _add_person(self, hit: _PersonHit, sent: Sentence, i: int) -> str:
        span = self._span(sent, i, hit.end)
        surface = sent.span_text(hit.name_start, hit.end)
        if hit.known:
            return self._known_person(hit.name, surface, span, hit.role, hit.affiliation)
        parts = hit.name.split()
        if len(parts) == 1 and fold(parts[0]) in self.surnames:
            full, role, aff = self.surnames[fold(parts[0])]
            return self.table.actor(
                full, "person", surface=surface, span=span, role=hit.role or role, affiliation=hit.affiliation or aff
            ).id
        return self.table.actor(hit.name, "person", span=span, role=hit.role, affiliation=hit.affiliation).id

    # -- the sentence pass ----------------------------------------------------------------------
    def _military_at(self, toks: list[Token], k: int) -> bool:
        """Whether a body noun of the armed forces starts at token k ("leger", "armed forces")."""
        return _military(self._match(toks, k, _BODY)[1])

    def _is_agency(self, text: str) -> bool:
        return any(self.gaz.is_outlet(e.key) for e in self.gaz.lookup(text, _ORG))

    def _dateline(self, toks: list[Token]) -> int:
        """The end of a dateline opening the sentence: a place in capitals before "(" or a dash
        ("MOSCOW (Sputnik) -", "BEIROET/TEL AVIV (ANP/DPA) -", "KYIV -"). Where the copy was filed,
        not a place or actor of the story; 0 when there is none."""
        k = 0
        while k < len(toks) and k < 4 and (toks[k].text == "/" or (toks[k].is_word and toks[k].text.isupper())):
            k += 1
        if k == 0 or k >= len(toks) or toks[k].text not in _DATELINE_ENDS:
            return 0
        words = [t for t in toks[:k] if t.is_word]
        name = " ".join(t.text.title() for t in words)
        places = self.gaz.lookup(name, _DATELINE_KINDS) or [
            e for t in words for e in self.gaz.lookup(t.text.title(), _DATELINE_KINDS)]
        return k if places else 0

    def find(self, sent: Sentence) -> list[Mention]:
        toks = sent.tokens
        out: list[Mention] = []
        credit = _agency_credit(toks, self._is_agency)
        i = self._dateline(toks)
        while i < len(toks):
            tok = toks[i]
            if not tok.is_word or (not tok.is_cap and "-" not in tok.text and tok.low not in self.starters
                                   and tok.low not in _SAME):
                i += 1  # a lower-case word that opens no name, title or place phrase
                continue
            if credit[0] <= i < credit[1]:
                i = credit[1]
                continue
            k = self._same_place(sent, i, out)
            if k > i:
                i = k
                continue
            k = self._country_part(sent, i, out)
            if k > i:
                i = k
                continue
            hit = self._person_at(sent, i)
            if hit:
                start = i + (toks[i].low in _DETERMINERS)
                pid = self._add_person(hit, sent, start)
                out.append(Mention("actor", pid, start, hit.end))
                i = hit.end
                continue
            e, entries = self._match(toks, i, _ENTITY_KINDS)
            if entries:
                i = self._entity(sent, i, e, entries, out)
                continue
            k = self._body_phrase(sent, i, out)
            if k > i:
                i = k
                continue
            if self._hyphen_head(sent, i, out):
                i = out[-1].end
                continue
            k = self._acronymed(sent, i, out)
            if k > i:
                i = k
                continue
            k = self._group(sent, i, out)
            if k > i:
                i = k
                continue
            k = self._place_pattern(sent, i, out)
            if k > i:
                i = k
                continue
            k = self._geoname(sent, i, out)
            if k > i:
                i = k
                continue
            k = self._unknown_place(sent, i, out)
            if k > i:
                i = k
                continue
            k = self._surname_or_named(sent, i, out)
            i = k if k > i else i + 1
        self._remember_surnames(out)
        return out

    def _remember_surnames(self, mentions: list[Mention]) -> None:
        """Persons named in full, so that a later bare surname resolves to the same person."""
        for m in mentions:
            rec = self.table.actors.get(m.ref)
            if m.kind == "actor" and rec is not None and rec.kind == "person":
                parts = rec.name.split()
                if len(parts) < 2:
                    continue
                # the last name, then any middle one: "Lul Ruai Koang … said Ruai", "Recep Tayyip
                # Erdogan … Tayyip" (a last name met first keeps its person)
                middle = [p for p in parts[1:-1] if p[:1].isupper() and len(p) > 2]  # not "de", "bin"
                for part in [parts[-1], *middle]:
                    self.surnames.setdefault(fold(part), (rec.name, rec.role, rec.affiliation))

    def _entity(self, sent: Sentence, i: int, e: int, entries: list[Entry], out: list[Mention]) -> int:
        toks = sent.tokens
        kinds = {en.kind: en for en in entries}
        surface = sent.span_text(i, e)
        span = self._span(sent, i, e)
        # "the Istanbul talks", "de Riyad-top": a place names the meeting after it; in "Russia
        # and Ukraine met" or "Ukraine met with" the names are who met
        named_meeting = (e < len(toks) and toks[e].low in self.meeting_words
                         and (i == 0 or toks[i - 1].low in _DETERMINERS))
        locative = self._locative(toks, i) or named_meeting
        if "person" in kinds:
            _, role, aff = self._appositive(sent, e)
            pid = self._known_person(kinds["person"].key, surface, span, role, aff)
            out.append(Mention("actor", pid, i, e))
            return e
        if "place" in kinds and ("metonym" not in kinds or locative):
            place = self.gaz.places[kinds["place"].key]
            pid = self.table.place(place.name, place.kind, surface=surface, span=span).id
            part = part_before(toks, i, self.lang) if place.kind in _PARTED else None
            if part is not None:  # "northern Gaza", "het zuiden van de Gazastrook"
                start, adjective = part
                self.table.place(f"{adjective} {place.name}", "region", surface=f"{adjective} {surface}",
                                 span=self._span(sent, start, e))
            out.append(Mention("place", pid, i, e, locative))
            return e
        state = kinds.get("country") or kinds.get("metonym")
        if state is not None and "org" not in kinds and e < len(toks):
            # "Russia's defence ministry", "Pakistan Army"
            at = e + (toks[e].text in POSSESSIVES)  # "Russia ’s" when the tokenizer split it
            b, bodies = self._match(toks, at, _BODY)
            aid = self._institution(state.key, sent, (i, b), (at, b)) if bodies else None
            if aid is not None:
                out.append(Mention("actor", aid, i, b))
                return b
        if "metonym" in kinds:
            aid = self._country(kinds["metonym"].key, surface, span)
            out.append(Mention("actor", aid, i, e, locative))
            return e
        if "country" in kinds:
            aid = self._country(kinds["country"].key, surface, span)
            after_place = i > 1 and toks[i - 1].text == "," and bool(out) and out[-1].kind == "place" \
                and out[-1].end == i - 1
            possessive = toks[e - 1].low.endswith(POSSESSIVES)  # "in Russia's court" is no place
            # "troops from Eritrea", "vanuit Cambodja": only a country; "a reply from Washington"
            # is its government's
            from_it = self._locative(toks, i, self.origins)
            as_place = self._place_follows(sent, e) if possessive else locative or after_place or from_it
            self._country_place(sent, kinds["country"].key, (i, e), as_place)
            border = self._at_border(toks, i, e)
            if border:  # nor is it where the story happens
                self.table.actors[aid].adjective_spans.add(span)
            out.append(Mention("actor", aid, i, e, locative and not border))
            return e
        if "org" in kinds:
            aid = self._org(kinds["org"].key, surface, span)
            if any(self._military_at(toks, k) for k in range(i, e)):
                self.last_military = aid  # "het Israëlische leger", a name of the IDF
            out.append(Mention("actor", aid, i, e, locative))
            return e
        if "demonym" in kinds:
            code = kinds["demonym"].key
            b, bodies = self._match(toks, e, _BODY)
            if bodies:  # "Russische troepen", "Ukrainian officials"; "the Indian army" is a body of its own
                aid = self._institution(code, sent, (i, b), (e, b)) or self._country(code, None, self._span(sent, i, b))
                out.append(Mention("actor", aid, i, b))
                return b
            if code in self.gaz.countries and e < len(toks) and toks[e].low in self.territories:
                self.table.place(self.gaz.countries[code].name, "country", surface=sent.span_text(i, e + 1),
                                 span=self._span(sent, i, e + 1))
            elif code in self.gaz.countries and self._demonym_of_place(toks, e):
                self._country_place(sent, code, (i, e), True)
            if code in self.gaz.countries:
                # registered so an event can name the country ("Russische drone-aanvallen")
                aid = self._country(code, None, span)
                self.table.actors[aid].adjective_spans.add(span)
                out.append(Mention("demonym", aid, i, e))
            return e
        return e

    def _at_border(self, toks: list[Token], i: int, e: int) -> bool:
        """A country that names a border ("near the Niger border", "langs de grens met China"): a
        place on the way, named in passing."""
        return (e < len(toks) and toks[e].low in self.borders) or (
            i >= 2 and (toks[i - 2].low, toks[i - 1].low) in self.border_pairs)

    def _modifies(self, toks: list[Token], words: tuple[str, ...], b: int) -> bool:
        """"a military detachment", "the military backlash": a body word that is also an
        adjective, before a lower-case word that is no function word nor a verb of saying or in
        the past ("the military said", "the military has", "the military shelled")."""
        if words not in self.gaz.bodies_adjective or b >= len(toks):
            return False
        nxt = toks[b]
        return (nxt.is_word and not nxt.is_cap and nxt.low not in self.function_words and nxt.low not in self.speech
                and not nxt.low.endswith("ed"))

    def _body_phrase(self, sent: Sentence, i: int, out: list[Mention]) -> int:
        """"het leger van Myanmar", "the army of Sudan": a state body named after its noun; a bare
        "het leger" / "the army" is the institution of that kind the article last named in full."""
        toks = sent.tokens
        if toks[i].low not in self.gaz.institution_starts and (toks[i].low,) not in _BARE_GOVERNMENT:
            return i
        b, bodies = self._match(toks, i, _BODY)
        words = tuple(t.low for t in toks[i:b])
        inst = self.gaz.institutions.get(words) if bodies else None
        if inst is None:
            return self._bare_government(sent, i, b, out) if words in _BARE_GOVERNMENT else i
        if self._modifies(toks, words, b):
            return i
        if b + 1 < len(toks) and toks[b].low in ("of", "van"):
            m = b + 1 + (toks[b + 1].low in _DETERMINERS)
            e, states = self._match(toks, m, _STATE)
            aid = self._institution(states[0].key, sent, (i, e), (i, b)) if states else None
            if aid is not None:
                out.append(Mention("actor", aid, i, e))
                return e
        known = self.institutions.get(inst)
        if known is None and _military(bodies):
            # "Het Israëlische leger … meldden de strijdkrachten": the forces last named in full
            known = self.last_military
            if inst == "military" and known is not None and self.table.actors[known].kind == "armed_group":
                known = None  # "the KIA … the junta": a junta is a state's military, never a rebel army
        if known is not None and i > 0 and toks[i - 1].low in _DETERMINERS:
            self.table.actor(self.table.actors[known].name, "organization", surface=sent.span_text(i - 1, b),
                             span=self._span(sent, i - 1, b))
            out.append(Mention("actor", known, i - 1, b))
            return b
        determined = i > 0 and toks[i - 1].low in _DETERMINERS
        alone = words in self.gaz.bodies_alone  # "government forces", "police said"
        if (determined and any(e.key == "military" for e in bodies)) or alone:
            # "the army", "het leger", never named in full: the army of the article's country, if
            # one country dominates it (decided in `finish`, with the whole article read)
            bare = Mention("actor", "", i - 1 if determined else i, b)
            out.append(bare)
            self.pending_bodies.append((bare, sent, out, i))
            return b
        return i

    def _bare_government(self, sent: Sentence, i: int, b: int, out: list[Mention]) -> int:
        """"the government", "de regering" with nothing of a country around it: the government of the
        country the article is about, which stands for that country (decided in `finish`). Not "the
        government of Sudan", which names its country."""
        toks = sent.tokens
        if i == 0 or toks[i - 1].low not in _DETERMINERS:
            return i
        if b + 1 < len(toks) and toks[b].low in ("of", "van"):
            m = b + 1 + (toks[b + 1].low in _DETERMINERS)
            if self.gaz.match(toks, m, _STATE)[1]:
                return i
        bare = Mention("actor", "", i - 1, b)
        out.append(bare)
        self.pending_bodies.append((bare, sent, out, i))
        return b

    def _demonym_of_place(self, toks: list[Token], e: int) -> bool:
        """"the Egyptian capital Cairo", "de Russische hoofdstad", "two southern Lebanese villages": a
        demonym before a place noun says where that place is, so its country is a place of the text
        (not before a building: "a Russian air base" may stand abroad)."""
        noun = self.place_nouns.get(toks[e].low) if e < len(toks) else None
        return noun is not None and noun[0] != "building"

    def _place_follows(self, sent: Sentence, e: int) -> bool:
        """A place right after a country's possessive makes the country a place too: "Sudan's El
        Fasher", "Ukraine's eastern town of Kramatorsk" (not "Russia's court", "Sudan's RSF")."""
        toks = sent.tokens
        at = e + (e < len(toks) and toks[e].text in POSSESSIVES)
        if any(t.low in self.place_nouns for t in toks[at:at + 3]):
            return True
        if at >= len(toks) or not toks[at].is_cap:
            return False
        return bool(self._match(toks, at, _PLACE)[1]) or self._geo_at(sent, at) is not None

    def _country_place(self, sent: Sentence, code: str, at: tuple[int, int], locative: bool) -> None:
        """A country read as a place, and the part of it a compass word names ("southern Lebanon")."""
        country = self.gaz.countries[code].name
        part = part_before(sent.tokens, at[0], self.lang)
        if part is not None:
            start, adjective = part
            self.table.place(f"{adjective} {country}", "region", surface=sent.span_text(start, at[1]),
                             span=self._span(sent, start, at[1])).part = True
        if locative or part is not None:
            self.table.place(country, "country", surface=sent.span_text(*at), span=self._span(sent, *at))

    def _hyphen_head(self, sent: Sentence, i: int, out: list[Mention]) -> bool:
        """"NAVO- en EU-chefs", "EU-leiders": the entity before the hyphen is an actor.
        "Zuid-Libanon": a region of the country after the hyphen."""
        tok = sent.tokens[i]
        if "-" not in tok.text:
            return self._long_hyphen_head(sent, i, out)
        part = compound_part(tok.text, self.lang)
        states = self.gaz.lookup(part[1], _COUNTRY) if part else []
        if part and states:
            country = self.gaz.countries[states[0].key].name
            span = self._span(sent, i, i + 1)
            self.table.place(f"{part[0]} {country}", "region", surface=tok.text, span=span).part = True
            self.table.place(country, "country", span=span)
            aid = self._country(states[0].key, None, span)
            out.append(Mention("actor", aid, i, i + 1, self._locative(sent.tokens, i)))
            return True
        head = tok.text.split("-")[0]
        entries = self.gaz.lookup(head, frozenset({"org", "country", "metonym"})) if head else []
        if not entries:
            return self._hyphen_group(sent, i, out)
        span = (sent.index, tok.start, tok.start + len(head))
        en = entries[0]
        aid = self._org(en.key, head, span) if en.kind == "org" else self._country(en.key, head, span)
        if en.kind != "org" and _participle(tok.text[len(head) + 1:]):
            self.table.actors[aid].adjective_spans.add(span)  # "the Iran-backed Houthis": Iran in passing
        out.append(Mention("actor", aid, i, i + 1))
        return True

    def _hyphen_group(self, sent: Sentence, i: int, out: list[Mention]) -> bool:
        """"de CODECO-militie", "Twirwaneho-strijders": an unknown name before a hyphen and a
        group noun is that armed group."""
        tok = sent.tokens[i]
        head, _, tail = tok.text.rpartition("-")
        if not head[:1].isupper() or not _name_shaped(head) or (fold(tail),) not in group_phrases(self.lang):
            return False
        span = self._span(sent, i, i + 1)
        aid = self.table.actor(head, "armed_group", surface=tok.text, span=span).id
        self._remember_acronym(head, aid)
        out.append(Mention("actor", aid, i, i + 1))
        return True

    def _long_hyphen_head(self, sent: Sentence, i: int, out: list[Mention]) -> bool:
        """"the African Union-led talks", "de Verenigde Naties-missie": an organisation's name of
        several words (function words inside: "Authority on Development") ending in a hyphenated
        word is an actor (the mention covers the words)."""
        toks = sent.tokens
        for n in range(1, 5):
            inner = toks[i + n - 1] if i + n < len(toks) else None
            if inner is None or not (inner.is_cap or (n > 1 and inner.low in self.function_words)):
                return False
            last = toks[i + n]
            if "-" in last.text.strip("-"):
                words = [t.text for t in toks[i:i + n]] + [last.text.split("-")[0]]
                entries = self.gaz.lookup(" ".join(words), _ORG)
                if not entries:
                    return False
                span = (sent.index, toks[i].start, last.start + len(words[-1]))
                out.append(Mention("actor", self._org(entries[0].key, " ".join(words), span), i, i + n + 1))
                return True
        return False

    def _acronymed(self, sent: Sentence, i: int, out: list[Mention]) -> int:
        """"the Popular Resistance Movement (PRM)", "de Coalitie van Patriotten voor Verandering
        (CPC)": a name of several words introduced with its acronym in brackets is an organisation;
        the acronym names it later in the article."""
        toks = sent.tokens
        if not self._is_name_token(toks[i]) or sent.title_case:
            return i
        k = i
        while k < len(toks) and k - i < 10 and (self._is_name_token(toks[k]) or self._name_joint(toks, i, k)):
            k += 1
        while k > i and not toks[k - 1].is_cap:
            k -= 1
        if k - i < 2 or k + 2 >= len(toks) or toks[k].text != "(" or toks[k + 2].text != ")":
            return i
        acronym = toks[k + 1].text
        if not (2 <= len(acronym) <= 8 and acronym.replace("-", "").isalpha() and acronym.isupper()):
            return i
        name = sent.span_text(i, k)
        rec = self.table.actor(name, "organization", surface=acronym, span=self._span(sent, i, k + 3))
        self.acronyms[fold(acronym)] = rec.id
        out.append(Mention("actor", rec.id, i, k + 3))
        return k + 3

    def _name_joint(self, toks: list[Token], i: int, k: int) -> bool:
        """A lower-case word inside an organisation's name: "of", "for", "van", and "the" after one of
        them ("Democratic Forces for the Liberation of Rwanda"); not "the" in a name that opens the
        sentence, whose first capital may be an ordinary word ("Fighters of the Popular …")."""
        tok = toks[k]
        if k == i or tok.is_cap or tok.low not in self.function_words | _PARTICLES:
            return False
        if tok.low in _DETERMINERS:
            return i > 0 and k - 1 > i and not toks[k - 1].is_cap and toks[k - 1].low not in _DETERMINERS
        return True

    def _group(self, sent: Sentence, i: int, out: list[Mention]) -> int:
        """"de opstandelingen", "gunmen", "Syrian rebels": an armed group the text does not name,
        resolved when the article is read (loaders.groups). "M23 rebels", "Hamas militants": the
        named group itself."""
        toks = sent.tokens
        end = match_group(toks, i, self.lang)
        if end is None:
            return i
        named = self._named_group(sent, i, end, out)
        if named > end:
            return named
        before = out[-1] if out and out[-1].end == i else None
        named = self._group_name(sent, i, end, out) if before is None else i
        if named > i:
            return named
        if before is not None and before.kind == "actor":
            rec = self.table.actors.get(before.ref)  # None: a group noun just before, still pending
            if rec is None or rec.kind in ("armed_group", "organization"):
                return end
        if i > 0 and toks[i - 1].low.startswith("pro-") and (before is None or before.kind == "demonym"):
            # "pro-Russian separatists", "pro-Iraanse milities": the side they take names them
            if before is not None:
                out.pop()
            aid = self.table.actor(sent.span_text(i - 1, end), "armed_group", span=self._span(sent, i - 1, end)).id
            out.append(Mention("actor", aid, i - 1, end))
            return end
        country = None
        if before is not None and before.kind == "demonym":
            country = self.table.actors[before.ref].code  # "Syrian rebels"
        m = Mention("actor", "", i, end)
        out.append(m)
        span = self._span(sent, i, end)
        named_only = tuple(fold(t.text) for t in toks[i:end]) in named_only_phrases(self.lang)
        self.pending_groups.append((m, PendingGroup(country, sent.span_text(i, end), span, named_only), out))
        return end

    def _group_name(self, sent: Sentence, i: int, end: int, out: list[Mention]) -> int:
        """"CODECO militiamen", "Twirwaneho militia fighters": an unknown name right before a group
        noun is the group's name. Not a lone capital opening the sentence ("Suspected militants")."""
        toks = sent.tokens
        j = i
        while j > 0 and i - j < 3 and self._is_name_token(toks[j - 1]) and _name_shaped(toks[j - 1].text) \
                and not toks[j - 1].low.endswith(POSSESSIVES):
            j -= 1
        if j == i or (j == 0 and i - j == 1 and not toks[0].text.isupper()) or sent.title_case:
            return i
        aid = self.table.actor(sent.span_text(j, i), "armed_group", surface=sent.span_text(j, end),
                               span=self._span(sent, j, end)).id
        self._remember_acronym(sent.span_text(j, i), aid)
        out.append(Mention("actor", aid, j, end))
        return end

    def _remember_acronym(self, name: str, aid: str) -> None:
        """"ELN rebels", "de CODECO-militie": an acronym a group noun has shown to be an armed group
        names it alone later in the article ("the ELN", "het ELN"), as one given in brackets does."""
        if 2 <= len(name) <= 8 and name.replace("-", "").isalpha() and name.isupper():
            self.acronyms.setdefault(fold(name), aid)

    def _named_group(self, sent: Sentence, i: int, end: int, out: list[Mention]) -> int:
        """"a gang called “Ti Makak”", "een militie genaamd Wagner": the group noun and the name
        after it are one armed group of that name."""
        toks = sent.tokens
        k = next((end + len(words) for words in self.naming
                  if tuple(t.low for t in toks[end:end + len(words)]) == words), end)
        if k == end:
            return end
        quoted = k < len(toks) and toks[k].text in _QUOTES
        j = self._name_run(toks, k + quoted)
        if j == k + quoted or j - k > 5:
            return end
        name = sent.span_text(k + quoted, j)
        aid = self.table.actor(name, "armed_group", surface=sent.span_text(i, end), span=self._span(sent, i, j)).id
        out.append(Mention("actor", aid, i, j))
        return j + (j < len(toks) and toks[j].text in _QUOTES)

    def _place_pattern(self, sent: Sentence, i: int, out: list[Mention]) -> int:
        """"het dorp Bilozerka", "the village of Bilozerka": a place the gazetteer does not know."""
        toks = sent.tokens
        noun = self.place_nouns.get(toks[i].low)
        if noun is None and self._is_name_token(toks[i]):
            # "the Solomianskyi district", "Samara region": an unknown name before a place noun
            k = self._name_run(toks, i)
            last = self.place_nouns.get(toks[k - 1].low) if 2 <= k - i <= 4 else None
            if last and last[1] in _AFTER:
                if toks[i].low.endswith(POSSESSIVES):
                    return i  # "Tripoli's Mitiga Airport": the town, then its building from the next token
                if sent.title_case:
                    return i  # "Raid Kills Six Soldiers at Borno Military Base": a headline's capitals make no name
                # "Soroka Hospital", "Beit Lif Village": the noun is part of the name; "Khartoum
                # International Airport" keeps the town read just before it (not "Tripoli's")
                start = (out[-1].start if out and out[-1].end == i and out[-1].kind == "place"
                         and not toks[i - 1].low.endswith(POSSESSIVES) else i)
                pid = self.table.place(sent.span_text(start, k), last[0], span=self._span(sent, start, k)).id
                out.append(Mention("place", pid, start, k, self._locative(toks, start)))
                return k
            if any(t.low.endswith(POSSESSIVES) for t in toks[i:k - 1]):
                return i  # "Borno State's Damboa area": the region first, the area from its own token
            listed = self._place_list_before_noun(sent, i, k, out)
            if listed > i:
                return listed
            after = self.place_nouns.get(toks[k].low) if k < len(toks) and k - i <= 3 else None
            if after and after[1] in _AFTER and not toks[k - 1].low.endswith(POSSESSIVES):  # not "Tripoli's port"
                hit = self._geo_at(sent, i)
                if after[0] == "region" and hit is not None and hit.regions and hit.end in (k, k + 1):
                    # "North Darfur State": the GeoNames region, if its country is in the article
                    self._defer(sent, i, GeoHit(k + 1, (), hit.regions), out, self._locative(toks, i), "region",
                                name_end=k)
                    return k + 1
                # "Kareto hamlet", "Nangade town": the noun describes a town; "Tyre district" names an area
                bare = after[0] in _TOWN_KINDS or toks[k].low in self.bare_nouns
                name = sent.span_text(i, k) if bare else sent.span_text(i, k + 1)
                pid = self.table.place(name, after[0], span=self._span(sent, i, k + 1)).id
                out.append(Mention("place", pid, i, k + 1, self._locative(toks, i)))
                return k + 1
            return i
        if not noun or noun[1] not in _BEFORE:
            return i
        j = i + 1
        if j < len(toks) and toks[j].low in ("of", "van"):
            j += 1
        k = self._name_run(toks, j)
        if k == j or k - j > 3:
            return i
        self._noun_name(sent, j, k, noun[0], out)
        if toks[i].low in self.plural_nouns:
            # "the villages of Shosh and Taghavard", "de dorpen X, Y en Z": every name of the list
            for a, b in self._list_runs(toks, k):
                self._noun_name(sent, a, b, noun[0], out)
                k = b
        return k

    def _noun_name(self, sent: Sentence, j: int, k: int, kind: str, out: list[Mention]) -> None:
        """The name at tokens j..k that a place noun of `kind` introduced."""
        hit = self._geo_at(sent, j)
        if hit is not None and hit.end == k and kind in _TOWN_KINDS | {"region"}:
            # "the city of Goma", "de regio Sagaing": GeoNames may know it, as a town or a region
            towns = kind in _TOWN_KINDS
            self._defer(sent, j, GeoHit(k, hit.candidates if towns else (), () if towns else hit.regions), out,
                        True, kind)
            return
        pid = self.table.place(sent.span_text(j, k), kind, span=self._span(sent, j, k)).id
        out.append(Mention("place", pid, j, k, True))

    def _list_runs(self, toks: list[Token], k: int) -> list[tuple[int, int]]:
        """The names that a comma, "and" or "or" joins to a name ending at token k: ", Y and Z"."""
        runs: list[tuple[int, int]] = []
        while k + 1 < len(toks) and toks[k].low in self.joiners:
            j = k + 1 + (toks[k].text == "," and toks[k + 1].low in self.joiners)  # "X, Y, and Z"
            end = self._name_run(toks, j)
            if end == j or end - j > 3 or not all(_name_shaped(t.text) for t in toks[j:end]):
                break
            runs.append((j, end))
            k = end
        return runs

    def _place_list_before_noun(self, sent: Sentence, i: int, k: int, out: list[Mention]) -> int:
        """"the Karari and Wad al-Bakhit neighbourhoods", "the Kursk and Belgorod regions": names
        joined before a plural place noun are each a place of its kind (the name alone)."""
        toks = sent.tokens
        runs = [(i, k), *self._list_runs(toks, k)]
        end = runs[-1][1]
        if len(runs) < 2 or end >= len(toks) or toks[end].low not in self.plural_nouns:
            return i
        kind, position = self.place_nouns[toks[end].low]
        if position not in _AFTER:
            return i
        locative = self._locative(toks, i)
        for a, b in runs:
            hit = self._geo_at(sent, a)
            if kind == "region" and hit is not None and hit.regions and hit.end == b:
                self._defer(sent, a, GeoHit(b, (), hit.regions), out, locative, kind)
                continue
            pid = self.table.place(sent.span_text(a, b), kind, span=self._span(sent, a, b)).id
            out.append(Mention("place", pid, a, b, locative))
        return end + 1

    # -- GeoNames places --------------------------------------------------------------------------
    def _geo_at(self, sent: Sentence, i: int) -> GeoHit | None:
        """The GeoNames name starting at token i; the sentence is scanned once, on first need."""
        if self._geo_hits[0] != sent.index:
            self._geo_hits = (sent.index, self.geo.find(sent.tokens))
        return self._geo_hits[1].get(i)

    def _geoname(self, sent: Sentence, i: int, out: list[Mention]) -> int:
        """A town or city GeoNames knows: "El Fasher", "Cherson". Not part of a longer name
        ("Lloyd Austin"), not a surname already met; kept for resolution in `finish`."""
        toks = sent.tokens
        if not toks[i].is_cap or toks[i].low in self.surnames:
            return i
        hit = self._geo_at(sent, i)
        if hit is None:
            return i
        if hit.regions and hit.end < len(toks) and toks[hit.end].low in REGION_WORDS and not (
                i > 0 and self._is_name_token(toks[i - 1])):
            # "North Darfur State", "Kachin State": only a region of that name will do
            self._defer(sent, i, GeoHit(hit.end + 1, (), hit.regions), out, self._locative(toks, i), None,
                        name_end=hit.end)
            return hit.end + 1
        after_possessive = i > 0 and toks[i - 1].low.endswith(POSSESSIVES)  # "Ethiopia's Tigray"
        if (i > 0 and self._is_name_token(toks[i - 1]) and not after_possessive) or (
            hit.end < len(toks) and self._is_name_token(toks[hit.end]) and toks[hit.end].low not in self.place_nouns
            and not toks[hit.end - 1].low.endswith(POSSESSIVES)  # "Tripoli's Mitiga Airport" names Tripoli
        ):
            return i
        self._defer(sent, i, hit, out, self._locative(toks, i), None)
        return hit.end

    def _defer(self, sent: Sentence, i: int, hit: GeoHit, out: list[Mention], locative: bool,
               fallback: str | None, name_end: int | None = None) -> None:
        m = Mention("place", "", i, hit.end, locative)
        out.append(m)
        self.pending.append(_PendingPlace(m, hit, sent, out, fallback, hit.end if name_end is None else name_end))

    def finish(self) -> None:
        """Resolve the GeoNames names of the article, with its countries and regions as context.

        A name that resolves to no place is dropped (or, after "the city of", kept as a place
        without coordinates); one that resolves to a places.tsv row becomes that row's place.
        """
        countries = {rec.code for rec in self.table.actors.values() if rec.code}
        regions: set[tuple[str, str]] = set()
        for rec in self.table.places.values():
            place = self.gaz.places.get(rec.name)
            if place is not None and place.country:
                countries.add(place.country)
                if place.admin1:
                    regions.add((place.country, place.admin1))
        # names that can only be regions first: a region the article names is context for its towns
        for p in sorted(self.pending, key=lambda p: bool(p.hit.candidates)):
            toks = p.sent.tokens[p.mention.start : p.name_end]
            span = self._span(p.sent, p.mention.start, p.mention.end)
            surface = p.sent.span_text(p.mention.start, p.name_end)
            geo = self.geo.resolve(p.hit, toks, countries, regions, self.lang)
            if isinstance(geo, GeoRegion):
                regions.add((geo.country, geo.admin1))
                curated = self.gaz.regions_by_admin1.get((geo.country, geo.admin1))
                if curated is not None:
                    rec = self.table.place(curated.name, curated.kind, surface=surface, span=span)
                else:
                    rec = self.table.place(geo.name, "region", surface=surface, span=span, geo=geo)
                p.mention.ref = rec.id
                continue
            curated = self.gaz.places_by_geonames_id.get(geo.geonames_id) if geo else None
            named = self._region_named(surface) if p.fallback is None and curated is None else None
            if named is not None:
                rec = named
                rec.add_span(span)
            elif curated is not None:
                rec = self.table.place(curated.name, curated.kind, surface=surface, span=span)
            elif geo is not None:
                rec = self.table.place(geo.name, "city", surface=surface, span=span, geo=geo)
            elif p.fallback:
                rec = self.table.place(p.sent.span_text(p.mention.start, p.mention.end), p.fallback, span=span)
            else:
                p.out[:] = [m for m in p.out if m is not p.mention]
                continue
            p.mention.ref = rec.id
        self.pending.clear()
        self._village_coordinates(countries)
        main = self._main_country()
        self._country_parts(main)
        self._bare_bodies(main)
        self._adjectives_only(main)
        ids = resolve_groups([g for _, g, _ in self.pending_groups], self.table, self.gaz)
        for (m, _, out), aid in zip(self.pending_groups, ids, strict=True):
            m.ref = aid
            if not aid:  # "the opposition" of an article that names no armed group
                out[:] = [x for x in out if x is not m]
        self.pending_groups.clear()

    def _region_named(self, surface: str) -> PlaceRecord | None:
        """"Yemen's oil-rich province of Marib … in Marib": a bare name the article has given to a
        region that only its place noun made (GeoNames and places.tsv know no region of that
        spelling) is that region, not a GeoNames town of the name ("Ma'rib")."""
        key = fold(surface)
        return next((r for r in self.table.places.values() if r.kind == "region" and r.geo is None and r.spans
                     and fold(r.name) == key and r.name not in self.gaz.places), None)

    def _adjectives_only(self, main: ActorRecord | None) -> None:
        """A country other than the article's that only adjectives name ("a Turkish vessel", "enkele
        Belgen") is named in passing: an actor only where an event links it."""
        for rec in self.table.actors.values():
            if rec is not main and rec.spans and rec.span_set <= rec.adjective_spans:
                rec.passing = True

    def _main_country(self) -> ActorRecord | None:
        """The country the article is about: the one country it names more often than any other."""
        named = sorted((r for r in self.table.actors.values() if r.kind == "country" and r.spans),
                       key=lambda r: len(r.spans), reverse=True)
        return named[0] if named and (len(named) == 1 or len(named[0].spans) > len(named[1].spans)) else None

    def _country_part(self, sent: Sentence, i: int, out: list[Mention]) -> int:
        """"in het oosten van het land", "the north of the country", "the country's northwest":
        a part of the country the article is about (resolved in `finish`)."""
        toks = sent.tokens
        if toks[i].low not in _DETERMINERS or i + 1 >= len(toks):
            return i
        noun = toks[i + 1].low
        if noun in self.country_nouns:
            part = part_before(toks, i, self.lang)
            if part is None:
                return i
            start, adjective = part
            end = i + 2
        elif _without_possessive(noun) in self.country_nouns and i + 2 < len(toks):  # "the country's"
            adjective = directions(self.lang).get(toks[i + 2].low, "")
            if not adjective:
                return i
            start, end = i, i + 3
        else:
            return i
        m = Mention("place", "", start, end, self._locative(toks, start))
        out.append(m)
        self.pending_parts.append((m, sent, out, adjective))
        return end

    def _country_parts(self, main: ActorRecord | None) -> None:
        """The parts of "the country" named in the article, once it is known which it is."""
        for m, sent, out, adjective in self.pending_parts:
            if main is None:
                out[:] = [x for x in out if x is not m]
                continue
            span = self._span(sent, m.start, m.end)
            part = self.table.place(f"{adjective} {main.name}", "region", surface=sent.span_text(m.start, m.end),
                                    span=span)
            part.part = True
            m.ref = part.id
            self.table.place(main.name, "country", span=span)
        self.pending_parts.clear()

    def _bare_bodies(self, main: ActorRecord | None) -> None:
        """A bare "the army" is the army of the country the article is about (`main`). Without
        one, it is no actor."""
        for m, sent, out, i in self.pending_bodies:
            aid = self._institution(main.code, sent, (m.start, m.end), (i, m.end)) if main and main.code else None
            if aid is None and main and main.code and (sent.tokens[i].low,) in _BARE_GOVERNMENT:
                aid = self._country(main.code, None, self._span(sent, m.start, m.end))
            if aid is None:
                out[:] = [x for x in out if x is not m]
            else:
                m.ref = aid
        self.pending_bodies.clear()

    def _unknown_place(self, sent: Sentence, i: int, out: list[Mention]) -> int:
        """"in Shejaia", "in het betwiste Nagorno-Karabach": a name no gazetteer knows, right after a
        place preposition (up to two lower-case words between), is a place without coordinates.
        Not a month or weekday, not a body ("in Parliament"), not a speaker ("in Moscow said")."""
        toks = sent.tokens
        if not self._is_name_token(toks[i]) or toks[i].text.isupper() or toks[i].low in self.surnames:
            return i
        k = self._name_run(toks, i)
        # "Borno State's Damboa": the name ends at a possessive, which names no place itself
        k = next((n for n in range(i, k) if toks[n].low.endswith(POSSESSIVES)), k)
        if k == i or k - i > 3 or not all(_name_shaped(t.text) for t in toks[i:k]):
            return i
        j = i - 1
        while j >= 0 and i - j <= 3 and toks[j].is_word and not toks[j].is_cap and toks[j].low not in self.place_preps:
            j -= 1
        # "a drone strike on Deir Seryan", "een aanval op Shejaia": the attack's target
        target = i > 1 and toks[i - 1].low in self.target_preps and self.cues.word_is(toks[i - 2], *_ATTACK_CUES)
        if not target and (j < 0 or toks[j].low not in self.place_preps):
            return i
        if any(t.low in self.calendar or t.low in self.org_words for t in toks[i:k]):
            return i
        if k < len(toks) and toks[k].low in self.speech:
            return i
        if self.lang == "nl" and toks[k - 1].low.endswith(_NL_ADJECTIVE) and k < len(toks) \
                and toks[k].is_word and not toks[k].is_cap:
            return i  # "in het Afrikaanse land", "in de Saudische kuststad": an adjective, not a name
        if k < len(toks) and not toks[k].is_cap and (
                self.place_nouns.get(toks[k].low, ("", "after"))[1] == "before" or toks[k].low in self.country_nouns):
            return i  # "in the Tigrayan city of Maychew", "in the landlocked African country": an adjective
        if sent.title_case:
            return i  # a title-case headline's capitals say nothing about names (read last: it scans the line)
        pid = self.table.place(sent.span_text(i, k), "area", span=self._span(sent, i, k)).id
        out.append(Mention("place", pid, i, k, True))
        return k

    def _village_coordinates(self, countries: set[str]) -> None:
        """A town the text introduces itself ("the village of Suzemka", "in Spin Boldak") takes the
        coordinates of the most populous GeoNames place of that name in one of the article's
        countries (geonames.Villages)."""
        for rec in self.table.places.values():
            if rec.geo is None and rec.kind in _VILLAGE_KINDS and rec.name not in self.gaz.places:
                rec.geo = villages().lookup(rec.name, countries)
                if rec.geo is not None and rec.kind == "area":
                    rec.kind = "town"  # "in Spin Boldak": GeoNames knows it as a populated place

    def _speaks_nearby(self, toks: list[Token], i: int, k: int) -> bool:
        """A name of two words or more that speaks with a description between: "said resident
        Ahmed Hassan", "zei bewoner Ahmed Hassan", "Ahmed Hassan, a resident of Khartoum, said"."""
        if i > 1 and toks[i - 2].low in self.speech and toks[i - 1].is_word and not toks[i - 1].is_cap \
                and toks[i - 1].low not in self.function_words:
            return True
        if k < len(toks) and toks[k].text == ",":
            close = next((j for j in range(k + 1, min(len(toks) - 1, k + 12)) if toks[j].text == ","), None)
            return close is not None and toks[close + 1].low in self.speech and toks[k + 1].low in _DETERMINERS
        return False

    def _reported_by(self, toks: list[Token], i: int) -> bool:
        """After "according to (the)", "volgens (het)": the source of what the sentence tells."""
        j = i - 1 - (i > 0 and toks[i - 1].low in _DETERMINERS)
        return j >= 0 and (toks[j].low in self.speech or tuple(t.low for t in toks[max(0, j - 1):j + 1])
                           in self.speech_pairs)

    def _title_before(self, sent: Sentence, i: int, out: list[Mention]) -> tuple[str | None, str | None]:
        """"A spokesman for the Sudanese army, Nabil Abdallah,", "De gouverneur van de provincie,
        Ahmed Khan,": a name set off by commas after a phrase that holds a title, from the sentence's
        start or a determiner. The title is the person's role, the last actor named in the phrase
        (the army) their affiliation. (None, None) when no title stands there."""
        toks = sent.tokens
        comma = i - 1
        start = next((j + 1 for j in range(comma - 1, max(-1, comma - 10), -1) if toks[j].text == ","), None)
        if start is None:
            start = 0 if comma <= 9 else comma  # the phrase opens the sentence
        if start < comma and (start == 0 or toks[start].low in _DETERMINERS):
            for j in range(start, comma):
                _, role, compound = self._role_at(toks, j)
                if role:
                    # "VN-gezant", "the UN envoy", else what the title is of: "for the Sudanese army"
                    actors = [m for m in out if m.kind == "actor" and m.ref and start <= m.start and m.end <= comma]
                    named = [m.ref for m in actors if m.end == j] or [m.ref for m in actors if m.start >= j][-1:]
                    return role, self._aff_id(compound, sent, j, j + 1) if compound else next(iter(named), None)
        return None, None

    def _described(self, toks: list[Token], k: int) -> bool:
        """"Ahmed Khan, a resident of the town,": a description of a person after the name."""
        if k + 2 >= len(toks) or toks[k].text != "," or toks[k + 1].low not in _DETERMINERS:
            return False
        word = toks[k + 2]
        return word.is_word and not word.is_cap and word.low not in self.function_words \
            and word.low not in self.place_nouns and word.low not in self.country_nouns

    def _after_outlet_noun(self, toks: list[Token], i: int) -> bool:
        """Whether a noun for a news outlet ends right before token i (a quote between allowed)."""
        end = i - (i > 0 and toks[i - 1].text in _QUOTES)
        return any(end >= len(w) and tuple(t.low for t in toks[end - len(w):end]) == w for w in self.outlet_nouns)

    def _named_body(self, sent: Sentence, i: int, k: int) -> bool:
        """"the Coordination of Resistance Committees", "Defence Headquarters": a name of several
        words with a body's word is that body wherever the text names it. Not an outlet's name ("Shafaq
        News", an actor only where cited), not a name with a possessive inside ("SAF's Engineers
        Corps": the owner is named on its own), not in a title-case headline, where every word has a
        capital."""
        toks = sent.tokens
        nxt = toks[k] if k < len(toks) else None
        # "the Doctors Network building": before an English noun the name only describes it
        modifier = self.lang == "en" and nxt is not None and nxt.is_word and not nxt.is_cap \
            and nxt.low not in self.function_words and nxt.low not in self.speech and not nxt.low.endswith(("ed", "s"))
        return not sent.title_case and not modifier and not any(
            t.low in self.media_words or t.low.endswith(POSSESSIVES) for t in toks[i:k])

    def _surname_or_named(self, sent: Sentence, i: int, out: list[Mention]) -> int:
        toks = sent.tokens
        tok = toks[i]
        if not self._is_name_token(tok):
            return i
        run = self._name_run(toks, i)
        # a body's name may hold a possessive ("People's Defence Force"); a person's ends with it
        body = run - i >= 2 and any(t.low in self.org_words for t in toks[i:run])
        k = run if body else self._possessive_end(toks, i, run)
        if k == i:
            return i
        name = _without_possessive(sent.span_text(i, k))
        if self._after_outlet_noun(toks, i):
            # "the state news agency AZERTAC", "de krant Al-Sudani": an outlet named by its kind
            aid = self.table.actor(name, "organization", span=self._span(sent, i, k)).id
            out.append(Mention("actor", aid, i, k))
            return k
        if k - i == 1 and fold(name) in self.acronyms:  # "PRM" after "the Popular Resistance Movement (PRM)"
            aid = self.acronyms[fold(name)]
            rec = self.table.actors[aid]
            self.table.actor(rec.name, rec.kind, surface=name, span=self._span(sent, i, k))
            out.append(Mention("actor", aid, i, k))
            return k
        if k - i == 1 and tok.low in self.surnames:
            full, role, aff = self.surnames[tok.low]
            _, r2, a2 = self._appositive(sent, k)
            pid = self.table.actor(
                full, "person", surface=name, span=self._span(sent, i, k), role=role or r2, affiliation=aff or a2
            ).id
            out.append(Mention("actor", pid, i, k))
            return k
        if k - i >= 2:
            _, role, aff = self._appositive(sent, k)
            before = toks[i - 1].low if i > 0 else ""
            after = toks[k].low if k < len(toks) else ""
            if body:
                # "the State Emergency Service said", "according to the Sudanese Doctors Network": a
                # body, not a person; a demonym before it is part of its name
                start = i - 1 if out and out[-1].kind == "demonym" and out[-1].end == i and toks[i - 1].is_cap else i
                cited = before in self.speech or after in self.speech or self._reported_by(toks, start)
                if cited or self._named_body(sent, start, k):
                    if start < i:
                        out.pop()
                        name = sent.span_text(start, k)
                    aid = self.table.actor(name, "organization", span=self._span(sent, start, k)).id
                    out.append(Mention("actor", aid, start, k))
                return k
            if not role and before == "," and after == ",":
                role, aff = self._title_before(sent, i, out)
            if role or before in self.speech or after in self.speech or self._speaks_nearby(toks, i, k) \
                    or self._described(toks, k):
                pid = self.table.actor(name, "person", span=self._span(sent, i, k), role=role, affiliation=aff).id
                out.append(Mention("actor", pid, i, k))
                return k
        return k

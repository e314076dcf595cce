"""Attacks: method, perpetrator, targets, casualties with qualifiers, effects, time and source.

A trigger ("drone-aanvallen", "missiles", "beschietingen", "struck") starts a candidate; the
arguments in its clause (nearest trigger wins, clause boundaries cost extra) fill it. Candidates
under a conditional or hypothetical ("als Moskou er een zou lanceren", "could launch"), a denial,
or an agreement's object ("om aanvallen op energie-infrastructuur te stoppen") are dropped, and
so is a trigger with no argument at all ("every such attack"). Casualty-only sentences right
after an attack belong to it.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from datetime import date, timedelta
from functools import cache
from typing import Final

from conflictkg.graph.dates import PartialDate
from conflictkg.graph.model import PropertyValue
from conflictkg.loaders.context import ArticleContext, Event, SentInfo
from conflictkg.loaders.cues import Cue
from conflictkg.loaders.lexicon import function_words, read_table, variants
from conflictkg.loaders.mentions import Mention, definites
from conflictkg.loaders.numbers import Count
from conflictkg.loaders.segment import Token

_FAR_SUBJECT: Final = 20  # tokens between a count of people and its participle
_FOLLOWUP_REACH: Final = 2  # sentences after an attack in which a toll with no attack word is its toll


@cache
def _toll_words(lang: str) -> dict[str, frozenset[str]]:
    """The words of a casualty count by role: people, link, subset, none (`<lang>/toll_words.tsv`)."""
    roles: dict[str, set[str]] = {"people": set(), "link": set(), "subset": set(), "none": set()}
    for row in read_table(f"{lang}/toll_words.tsv"):
        roles[row["role"]].update(v.lower() for v in variants(row["word"]))
    return {role: frozenset(words) for role, words in roles.items()}


def _anaphoric(s: SentInfo, anchor: int) -> bool:
    """"the strike", "de aanval", "the missile strike": the trigger is a definite noun phrase."""
    toks, definite = s.sent.tokens, definites(s.lang)
    return (anchor > 0 and toks[anchor - 1].low in definite) or (
        anchor > 1 and toks[anchor - 2].low in definite and not toks[anchor - 1].is_cap)


@cache
def attack_types() -> dict[str, dict[str, str]]:
    return {row["method"]: row for row in read_table("attack_types.tsv")}


class _Candidate:
    # a plain class, not a dataclass: compiled, a dataclass's __init__ stays interpreted (see segment.Token)
    def __init__(self, anchor: int, methods: list[str] | None = None, triggers: list[Cue] | None = None) -> None:
        self.anchor = anchor  # token index of the main trigger
        self.methods: list[str] = methods if methods is not None else []
        self.triggers: list[Cue] = triggers if triggers is not None else []


def _casualty_counts(s: SentInfo) -> list[tuple[str, Count, int]]:
    """(killed|injured, count, token index of the cue) for each casualty figure in the sentence."""
    toks = s.sent.tokens
    cues = s.of("casualty")
    # "om het leven" also holds the cue "leven": keep the longest cue of overlapping ones
    cues = [
        c for c in cues
        if not any(
            o is not c and o.start <= c.start and c.end <= o.end and o.end - o.start > c.end - c.start for o in cues
        )
    ]
    counts = s.counts
    words = _toll_words(s.lang)
    people, between_ok = words["people"], words["people"] | words["link"]
    # "40 Ukrainian soldiers", "veertig Oekraïense krijgsgevangenen": a demonym and a noun for
    # people (an actor mention ending in a lower-case noun) stand where a people noun would
    victims = {k for m in s.actors() if m.end - m.start > 1 and not toks[m.end - 1].is_cap
               for k in range(m.start, m.end)}
    out: list[tuple[str, Count, int]] = []
    used: set[int] = set()
    for cue in cues:
        best: Count | None = None
        # count before the cue: "meer dan 20 mensen (raakten) gewond", "drie doden", "een leven"
        for c in counts:
            if c.end <= cue.start and cue.start - c.end <= 4 and id(c) not in used:
                between = toks[c.end : cue.start]
                if all(t.low in between_ok or not t.is_word or k in victims
                       for k, t in enumerate(between, c.end)) and not (between and between[0].low in words["subset"]):
                    best = c
        # count after the cue: "killing at least three", "injuring 12"
        if best is None:
            for c in counts:
                if c.start == cue.end and id(c) not in used:
                    best = c
                    break
        # a Dutch subject far from its participle: "Een tiental militairen is in de nacht van
        # dinsdag op woensdag in Burkina Faso gedood": the last count before the cue in its clause,
        # with a people noun right after it
        if best is None:
            lo, _ = s.clause(cue.start)
            before = [c for c in counts if lo <= c.start and c.end <= cue.start and id(c) not in used]
            last = before[-1] if before else None
            if last is not None and cue.start - last.end <= _FAR_SUBJECT and last.end < len(toks) \
                    and (toks[last.end].low in people or last.end in victims):
                best = last
        if best is not None:
            used.add(id(best))
            out.append((cue.value, best, cue.start))
        elif cue.start > 0 and toks[cue.start - 1].low in words["none"]:
            out.append((cue.value, Count(0, None, cue.start - 1, cue.start), cue.start))
    return out


def _dropped(s: SentInfo, cand: _Candidate, has_casualties: bool) -> bool:
    lo, hi = s.clause(cand.anchor)
    # conditionals and threats anywhere in the clause; weak markers only right before the trigger;
    # not across "after": "it would suspend the talks after the LNA shelled the port" tells why
    afters = [c.start for c in s.of("after")]
    if any(not any(h.start < a < cand.anchor for a in afters) for h in s.of("hypothetical") if lo <= h.start < hi):
        return True
    if any(c.category == "hypothetical_weak" and 0 <= cand.anchor - c.start <= 3 for c in s.cues):
        return True
    # "denied targeting", "no attack"
    if any(c.category == "negation" and 0 < cand.anchor - c.start <= 3 for c in s.cues):
        return True
    # the object of an agreement or a call to stop: "moratorium on strikes", "om aanvallen te stoppen"
    # (not one "despite" governs: "ondanks het bestand meldt Kyiv 40 beschietingen")
    despite = [c.start for c in s.of("despite")]
    agreement_before = any(c.category == "agreement" and c.start < cand.anchor
                           and not any(0 < c.start - d <= 4 for d in despite) and not _violated(s, c)
                           for c in s.cues if lo <= c.start)
    stop_near = any(c.category == "stop_verb" and abs(c.start - cand.anchor) <= 8
                    and not any(c.start < a < cand.anchor for a in afters) for c in s.cues)
    return (agreement_before or stop_near) and not has_casualties


def _violated(s: SentInfo, agreement: Cue) -> bool:
    """"has broken the ceasefire and bombed", "heeft de wapenstilstand geschonden door … aan te
    vallen": an agreement told as broken is no call to stop; the attack after it is what broke it."""
    return any(0 <= agreement.start - v.end <= 2 or 0 <= v.start - agreement.end <= 1 for v in s.of("violation"))


def _only_intercepted(s: SentInfo, cand: _Candidate, clause: tuple[int, int]) -> bool:
    """The weapons are only told as intercepted or shot down: no strike or attack verb and no
    launch ("drones launched by the RSF" were an attack, even if intercepted)."""
    lo, hi = clause
    return s.has("interception", lo, hi) and not s.has("launch", lo, hi) and not any(
        c.category == "attack_general" for c in cand.triggers)


def _perpetrator(s: SentInfo, cand: _Candidate, targets: set[str],
                 states: AbstractSet[str] = frozenset()) -> Mention | None:
    toks = s.sent.tokens
    lo, hi = s.clause(cand.anchor)
    first = min(c.start for c in cand.triggers)
    # "door Russische drones" / "by Russian attack drones" / "by Russia", after any of the triggers
    # ("a drone strike by the RSF hit a market": "hit" is a trigger too) or after a verb of
    # killing in the clause ("12 soldiers were killed on Sunday by suspected jihadists in an attack")
    ends = {c.end for c in cand.triggers} | {k.end for k in s.of("kill_verb") if lo <= k.start < hi}
    places = {c.start for c in s.of("locative")}
    for n, m in enumerate(s.mentions):
        if m.kind in ("demonym", "actor") and any(_agent_of(toks, end, m.start, places) for end in ends):
            if any(abs(c.start - m.start) <= 3 for c in s.of("interception")):
                continue  # "88 drones werden door de luchtmacht onderschept": the defender
            after = s.mentions[n + 1] if n + 1 < len(s.mentions) else None
            owned = after is not None and after.kind == "actor" and after.start == m.end
            if after is not None and owned and _possessive(toks[m.end - 1].low):
                return after  # "by Sudan's Rapid Support Forces": the group, not its country
            return m
    # "shells from the Armenian side", "beschietingen vanaf Pakistaanse zijde": the side fire came from
    sides = {c.start for c in s.of("side")}
    for m in s.mentions:
        if m.kind in ("demonym", "actor") and m.end in sides and lo <= m.start < hi and any(
                toks[k].low in _ORIGIN for k in range(max(lo, m.start - 2), m.start)):
            return m
    # "Russische drone-aanvallen", "Russian missiles", "Ukrainian drone attack"
    for m in s.mentions:
        if m.kind == "demonym" and any(0 <= c.start - m.end <= 2 for c in cand.triggers):
            return m
    # "in the ISWAP terrorist attack", "de M23-aanval": a group's name before the attack word
    attributive = _attributive(s, cand, states)
    if attributive is not None:
        return attributive
    passive = s.has("passive", lo, first)
    if passive and not any(c.category == "agent" for c in s.cues if first <= c.start < hi):
        return None
    # the nearest actor before the trigger in its clause: "Russia launched", "Oekraïense troepen beschoten"
    left = [m for m in s.actors(lo, first) if not m.locative and m.ref not in targets]
    not_before = ("of", "van", "against", "tegen", "on", "op", "volgens", "according")
    members = {c.end for c in s.of("members")}  # "strijders van Boko Haram": Boko Haram acts
    left = [m for m in left if m.start == 0 or toks[m.start - 1].low not in not_before or m.start in members]
    # "said it killed 95 Houthis in air strikes": who an English killing verb names after it died
    # (a Dutch verb comes before its subject: "doodde het leger … meerdere militanten")
    # ("killed at least 12 Malian soldiers": numbers and lower-case words may come between)
    killed = [c.end for c in s.of("kill_verb")] if s.lang == "en" else []
    left = [m for m in left if not any(0 <= m.start - k <= 5 and _plain_words(toks[k:m.start]) for k in killed)]
    # "Prime Minister Sharif condemned the attack": who answers an attack did not carry it out
    responses = [c.start for c in s.of("response") if c.start < first]
    left = [m for m in left if not any(m.end <= r for r in responses)]
    # "the Sudan Tribune reported that the attack …": who reports an attack did not carry it out,
    # unless it says so ("the Houthis said they attacked a ship")
    # ("Ukraine's foreign minister told reporters that new strikes hit Odesa": the speaker's
    # own words before the verb, however many)
    speech = [c for c in s.of("speech", "reporting") if c.end <= first
              and not any(t.low in _SUBJECT_PRONOUNS for t in toks[c.end:first])]

    def speaking(m: Mention) -> bool:
        return any(m.end <= c.start and not s.crossings(m.end, c.start) for c in speech)

    left = [m for m in left if not speaking(m)]
    if left and not passive:
        return left[-1]
    # a demonym anywhere before the trigger in the clause ("the Russian army's glide bombs")
    demonyms = [m for m in s.mentions if m.kind == "demonym" and lo <= m.start < first and not speaking(m)]
    return demonyms[-1] if demonyms else None


def _attributive(s: SentInfo, cand: _Candidate, states: AbstractSet[str]) -> Mention | None:
    """A group's name right before an attack word, or before one lower-case word and it ("the
    ISWAP terrorist attack", "de M23-aanval"): it names who attacked. Not a country's, which may name the target
    ("a Ukraine attack"), nor a possessive, which `_perpetrator` reads already."""
    toks = s.sent.tokens
    kills = {k.start for k in s.of("kill_verb")}  # "twaalf Hezbollah-terroristen gedood": the dead
    triggers = [c for c in cand.triggers if c.start not in kills]
    function = function_words(s.lang)  # "killed 95 Houthis by aerial bombardment"
    for m in s.actors():
        if m.ref in states or _possessive(toks[m.end - 1].low):
            continue
        # ("de M23-aanval": the hyphen of a compound may stand between)
        if any(0 <= c.start - m.end <= 1 and all(t.text == "-" or (t.is_word and not t.is_cap and t.low not in function)
                                                 for t in toks[m.end:c.start]) for c in triggers):
            return m
    return None


def _plain_words(toks: list[Token]) -> bool:
    """Numbers and lower-case words only: no name, no punctuation, no agent's "by"."""
    return all((t.is_word and not t.is_cap and t.low != "by") or t.text.replace(",", "").isdigit() for t in toks)


def _agent_of(toks: list[Token], end: int, at: int, places: AbstractSet[int] = frozenset()) -> bool:
    """The name at token `at` is the agent of the trigger ending at `end`: "by"/"door" between
    them (or Dutch "van" right after the trigger) and at most two words after it, none a
    punctuation mark ("hit by drone debris, Klitschko said" names no agent), or three lower-case
    words and no preposition of place (`places`: "by gunmen in Nigeria" names where)."""
    if not end <= at <= end + 4:
        return False
    by = next((k for k in range(end, at) if toks[k].low in ("by", "door")), None)
    if by is None and end < len(toks) and toks[end].low == "van":
        by = end  # "een aanslag van militante strijders", "de aanval van de RSF"
    if by is None or not all(t.is_word for t in toks[by + 1:at]):
        return False
    # "by the terror group SDF", "van de terroristische groepering Boko Haram": a lower-case noun
    # phrase before the name describes it
    between = range(by + 1, at)
    return at - by <= 3 or (at - by == 4 and not any(toks[k].is_cap or k in places for k in between))


def _possessive(low: str) -> bool:
    return low.endswith(("'s", "’s"))


def _source(s: SentInfo) -> tuple[str | None, Mention | None]:
    """The reporting source: "aldus Oekraïense functionarissen", "the regional governor said"."""
    toks = s.sent.tokens
    for c in s.of("reporting"):
        if c.value != "reporting":
            continue
        after = [m for m in s.mentions if m.kind == "actor" and c.end <= m.start <= c.end + 2]
        before = [m for m in s.mentions if m.kind == "actor" and 0 < c.start - m.end <= 1]
        if toks[c.start].low in ("aldus", "volgens", "according") or (
            c.end < len(toks) and after and c.start > 0 and toks[c.start - 1].text == ","
        ):
            if after:
                m = after[0]
                return s.sent.span_text(m.start, m.end), m
            end = c.end
            while end < len(toks) and toks[end].text not in (".", ",", ";"):
                end += 1
            text = s.sent.span_text(c.end, end) if end > c.end else None
            return text, None
        if before and c.start > 0:
            m = before[-1]
            return s.sent.span_text(m.start, m.end), m
        if c.start > 1 and toks[c.start - 1].is_word:
            # ", the regional governor said" - the noun phrase since the last comma
            k = c.start - 1
            while k > 0 and toks[k - 1].text not in (",", "“", '"', "”"):
                k -= 1
            if 0 < c.start - k <= 5 and k > 0:
                return s.sent.span_text(k, c.start), None
    return None, None


_ORIGIN: Final = {"from", "vanuit", "uit", "vanaf"}
_SUBJECT_PRONOUNS: Final = {"it", "they", "its", "their", "het", "ze", "zij", "zijn", "hun"}
_RISEN: Final = {"risen", "rose", "climbed", "increased", "opgelopen", "gestegen", "steeg", "liep"}


def _object(s: SentInfo, m: Mention, cand: _Candidate) -> bool:
    """"Israël bombardeerde (ook) Libanon", "Russia shelled Ukraine": a country right after an
    attack verb is what it hit."""
    toks = s.sent.tokens
    return any(0 <= m.start - t.end <= 1 and all(not k.is_cap and k.low not in _ORIGIN for k in toks[t.end:m.start])
               for t in cand.triggers)


def _origin(s: SentInfo, m: Mention) -> bool:
    """"launched from the Bryansk region": where an attack came from is not its target."""
    toks = s.sent.tokens
    return any(toks[k].low in _ORIGIN for k in range(max(0, m.start - 3), m.start))


def extract_attacks(ctx: ArticleContext) -> list[Event]:
    events: list[Event] = []
    # a news outlet reports attacks, it carries none out ("BBC Burmese said the airstrike ...")
    outlets = ctx.outlets
    table = ctx.table.actors
    armed = frozenset(r.id for r in table.values() if r.kind in ("armed_group", "country", "alliance") or (
        r.kind == "organization" and r.affiliation in table and table[r.affiliation].kind == "country"))
    states = frozenset(r.id for r in table.values() if r.kind == "country")
    last_event: tuple[Event, SentInfo] | None = None
    for s in ctx.sentences:
        background = _background_clauses(s, ctx.published)
        made = _sentence_attacks(s, background, outlets, armed, states)
        if made:
            events.extend(made)
            last_event = (made[-1], s)
            continue
        # a later sentence with figures but no trigger: "Two people were injured, the mayor said",
        # "the toll has risen to at least three dead"
        # ("29,683 lives have been lost in the conflict" is the war's toll, not the attack's)
        # (told within a few sentences: a toll further on is the war's or another attack's)
        near = last_event is not None and s.index - last_event[0].spans[-1][0] <= _FOLLOWUP_REACH
        if last_event and near and not background and not any(s.has(c) for c in ("hypothetical", "agreement", "war")):
            _add_followup(s, last_event[0])
    # a country as a target is its place or, "in Burkina Faso" read as the state, its actor; "in
    # het noorden van het land" says as little
    countries = frozenset([r.id for r in ctx.table.places.values() if r.kind == "country" or r.part]
                          + [r.id for r in ctx.table.actors.values() if r.kind == "country"])
    parts = frozenset(r.id for r in ctx.table.places.values() if r.part)
    return [_without_vague_parts(ev, parts, countries) for ev in _merge(_split_summaries(events), countries)]


def _without_vague_parts(ev: Event, parts: AbstractSet[str], countries: AbstractSet[str]) -> Event:
    """"in Hallalé, in het noorden van het land": a compass part of the country only says where a
    place the attack names lies; it is the attack's place only when the text names none."""
    targets = set(ev.linked("TARGETED", "end"))
    if targets & parts and targets - countries:
        ev.links = [link for link in ev.links if not (link[0] == "TARGETED" and link[2] in parts)]
    return ev


# A toll summed over several attacks is broken down within this many sentences after it.
_BREAKDOWN_REACH: Final = 2


def _split_summaries(events: list[Event]) -> list[Event]:
    """"Israeli strikes on two villages killed six people. Five were killed in an attack on Beit
    Lif while one was killed in a drone strike on Deir Seryan": when the tolls of two or more
    attacks told right after an attack add up to its toll, it is their sum, not an attack of its
    own. It is dropped, and the parts take its perpetrator, date and source where they have none."""
    dropped: set[int] = set()
    for n, whole in enumerate(events):
        total = whole.props.get("killed")
        if not isinstance(total, int) or total < 2:
            continue
        last = whole.spans[-1][0]
        parts: list[Event] = []
        summed = 0
        for k in range(n + 1, len(events)):  # (not a slice of the rest: that is quadratic)
            ev = events[k]
            killed = ev.props.get("killed")
            if ev.spans[0][0] - last > _BREAKDOWN_REACH or not isinstance(killed, int) or killed <= 0:
                break
            parts.append(ev)
            summed += killed
            if summed >= total:
                break
        if len(parts) < 2 or summed != total:
            continue
        dropped.add(n)
        for part in parts:
            if not part.linked("PERPETRATED"):
                for link in whole.links:
                    if link[0] == "PERPETRATED":
                        part.link(*link)
            for key in ("date", "reported_by"):
                if not part.props.get(key) and whole.props.get(key):
                    part.props[key] = whole.props[key]
            for link in whole.links:
                if link[0] == "REPORTED" and not part.linked("REPORTED"):
                    part.link(*link)
    return [ev for n, ev in enumerate(events) if n not in dropped]


# "since" a date at least this long before the article: a war or campaign told as background
_BACKGROUND_AGE: Final = timedelta(days=28)


def _background_clauses(s: SentInfo, published: PartialDate | None) -> set[tuple[int, int]]:
    """Clauses that look back over a period ("a war since April 2023 that has killed more than
    20,000", "fighting has been ongoing since May 10, 2024", "killed in attacks so far this
    year"): their triggers and tolls are the history of a conflict, not an attack of the news."""
    out: set[tuple[int, int]] = {s.clause(c.start) for c in s.of("period_total")}  # "so far this year"
    if published is None:
        return out
    for c in s.of("since"):
        # "Since 2023, the Houthis have targeted …": a fronted "since" governs the whole sentence
        clause = (0, len(s.sent.tokens)) if c.start <= 1 else s.clause(c.start)
        if any(clause[0] <= f.start < c.start for f in s.of("first")):
            continue  # "the first attack since January" is news
        told = next((d for d in s.dates if c.end <= d.start <= c.end + 1), None)
        last_day: date | None
        if told is not None:
            last_day = told.date.end
        else:  # "since 2015", "sinds 2009": a bare year is no date of the sentence's events
            year = s.sent.tokens[c.end].text if c.end < len(s.sent.tokens) else ""
            last_day = date(int(year), 12, 31) if _YEAR.fullmatch(year) else None
        if last_day is not None and last_day < published.start - _BACKGROUND_AGE:
            out.add(clause)
    return out


_YEAR: Final = re.compile(r"(?:19|20)\d\d")


def _killings(s: SentInfo, armed: AbstractSet[str]) -> list[Cue]:
    """"Gunmen killed 30 villagers", "Jihadisten hebben vijftig burgers vermoord": with no attack
    word, a verb of killing whose agent is an armed side (a group, a state or its forces) is the
    attack; not the war's toll, nor "the UN estimates the fighting has killed 20,000"."""
    if s.has("war"):
        return []
    out = []
    for k in s.of("kill_verb"):
        cue = Cue("attack_general", "attack", k.start, k.end)
        agent = _perpetrator(s, _Candidate(k.start, [], [cue]), set())
        if agent is not None and not agent.locative and agent.ref in armed:
            out.append(cue)
    return out


def _owns(s: SentInfo, anchors: dict[tuple[int, int], int], clause: tuple[int, int], i: int) -> bool:
    """Whether token i belongs to the attack of this clause: of the clauses' anchors, its is the
    nearest, a clause boundary between counting as far. (A function of its own, not a closure:
    compiled, a closure and its scope hold each other, and the sentence with them, until the cyclic
    collector runs.)"""
    return min(anchors, key=lambda cl: abs(anchors[cl] - i) + 100 * s.crossings(anchors[cl], i)) == clause


def _sentence_attacks(s: SentInfo, background: AbstractSet[tuple[int, int]] = frozenset(),
                      outlets: AbstractSet[str] = frozenset(), armed: AbstractSet[str] = frozenset(),
                      states: AbstractSet[str] = frozenset()) -> list[Event]:
    alerts = {c.start for c in s.of("alert")}
    # "an air raid alert", "luchtalarm": a warning of an attack, not one
    triggers = [c for c in s.cues if c.category in ("attack_method", "attack_general") and c.end not in alerts]
    if not triggers:
        triggers = _killings(s, armed)
    if not triggers:
        return []
    # one candidate per clause: its triggers and methods together ("drones and missiles")
    cands: dict[tuple[int, int], _Candidate] = {}
    for c in sorted(triggers, key=lambda c: c.start):
        clause = s.clause(c.start)
        cand = cands.setdefault(clause, _Candidate(c.start))
        cand.triggers.append(c)
        if c.category == "attack_method" and c.value not in cand.methods:
            cand.methods.append(c.value)
            if len(cand.methods) == 1:
                cand.anchor = c.start
    casualties = _casualty_counts(s)
    # an effect word inside an attack phrase is part of it ("opened fire", "exchange of fire")
    effects = [e for e in s.of("effect") if not any(t.start <= e.start < t.end for t in triggers)]
    source_text, source_m = _source(s)
    out: list[Event] = []
    anchors = {clause: cand.anchor for clause, cand in cands.items()}

    # the venue after a meeting word ("talks in Doha"), and a place naming the meeting before it
    # ("the Berlin conference", "the Moscow peace talks"): neither is where an attack happened
    meeting_places = {
        m.ref for m in s.places() for c in s.meetings if 0 < m.start - c.end <= 5 or 0 <= c.start - m.end <= 1
    }
    for clause, cand in cands.items():
        if any(lo <= cand.anchor < hi for lo, hi in background):
            continue
        places = [m for m in s.places()
                  if _owns(s, anchors, clause, m.start) and m.ref not in meeting_places and not _origin(s, m)]
        countries = [m for m in s.actors() if _owns(s, anchors, clause, m.start) and not _origin(s, m)
                     and (m.locative or (m.ref in states and _object(s, m, cand)))]
        targets = {m.ref for m in places + countries}
        figures = [(kind, c) for kind, c, at in casualties if _owns(s, anchors, clause, at)]
        fx = [c.value for c in effects if _owns(s, anchors, clause, c.start)]
        date = s.nearest_date(cand.anchor)
        # "the first flight on Wednesday, a day before the RSF's air assaults": a span of time between
        if date and (not _owns(s, anchors, clause, date.start)
                     or s.has("relative_day", min(date.end, cand.anchor), max(date.start, cand.anchor))):
            date = None
        perp = _perpetrator(s, cand, targets, states)
        if perp is not None and perp.ref in outlets:
            perp = None
        # "40 beschietingen", "three assaults", "a dozen drones", "hundreds of attacks": counted attacks
        counted: dict[int, int] = {}  # trigger -> the count right before it, or before one adjective
        starts = {t.start for t in cand.triggers}
        for t in cand.triggers:
            # (two or more: "een aanval", "an attack" is one attack, not a count)
            before = [n for n in s.counts if (t.start == n.end or (t.start - n.end == 1 and n.end not in starts))
                      and n.value >= 2 and _owns(s, anchors, clause, n.start)
                      and not any(n.start == c.start for _, c, _ in casualties)]
            if before:
                counted[t.start] = max(before, key=lambda n: n.end).value  # "a dozen drones": 12
        if counted and perp is not None and source_m is not None and perp.ref == source_m.ref:
            perp = None  # "meldt Kyiv 40 beschietingen", "Ukraine reported 145 attacks": who counts them reports them
        has_args = bool(figures or places or countries or fx or counted
                        or (perp and perp.kind == "actor" and cand.methods))
        anaphoric = _anaphoric(s, cand.anchor)
        if not cand.methods and not (figures or places or countries or counted
                                     or (anaphoric and perp and perp.kind == "actor")):
            continue  # a bare "attack"/"strike" with nothing to say about it ("the attack was by X" is)
        if _dropped(s, cand, bool(figures)) or not (has_args or date or perp):
            continue
        if _only_intercepted(s, cand, clause) and not (figures or fx):
            continue  # "intercepted three Iranian drones over Haifa": nothing was hit
        method = cand.methods[0] if cand.methods else "unknown"
        types = attack_types().get(method, attack_types()["unknown"])
        props: dict[str, PropertyValue] = {
            "method": method,
            "methods": cand.methods or None,
            "modality": "reported",
            "plover": types["plover"],
            "plover_mode": types["plover_mode"] or None,
            "acled_event_type": types["acled_event_type"],
            "acled_sub_event_type": types["acled_sub_event_type"] or None,
            "date": date.date.text if date else None,
            "reported_by": source_text,
        }
        if counted:
            props["attack_count"] = sum(counted.values())
        for kind, count in figures:
            if kind not in props:
                props[kind] = count.value
                props[f"{kind}_qualifier"] = count.qualifier or "exact"
        if fx:
            props["effects"] = list(dict.fromkeys(fx))
        if anaphoric:
            props["_anaphoric"] = True  # merged into the attack it refers to (see _merge)
        if any(0 <= cand.anchor - c.end <= 2 for c in s.of("another")):
            props["_another"] = True  # "a second RSF strike", "een nieuwe aanval": not one told before
        ev = Event("Attack", {}, props, [s.span])
        perp_id = None
        if perp is not None:
            perp_id = perp.ref
            ev.link("PERPETRATED", perp.ref, "self", s.span)
        for m in places + countries:
            if m.ref != perp_id:
                ev.link("TARGETED", "self", m.ref, s.span)
        if source_m is not None and source_m.ref != perp_id:
            ev.link("REPORTED", source_m.ref, "self", s.span)
        out.append(ev)
    return out


def _add_followup(s: SentInfo, ev: Event) -> None:
    figures = _casualty_counts(s)
    fx = [c.value for c in s.of("effect")]
    if not figures and not fx:
        return
    changed = False
    risen = any(t.low in _RISEN for t in s.sent.tokens)
    for kind, c, _ in figures:
        old = ev.props.get(kind)
        if kind not in ev.props or (risen and isinstance(old, int) and c.value > old):
            ev.props[kind] = c.value
            ev.props[f"{kind}_qualifier"] = c.qualifier or "exact"
            changed = True
    if fx and not ev.props.get("effects") and figures:
        ev.props["effects"] = list(dict.fromkeys(fx))
        changed = True
    if changed:
        ev.add_span(s.span)
        if not ev.props.get("reported_by"):
            text, m = _source(s)
            if text:
                ev.props["reported_by"] = text
                if m is not None:
                    ev.link("REPORTED", m.ref, "self", s.span)
        if not ev.props.get("date") and s.dates:
            ev.props["date"] = s.dates[0].date.text


def _compatible(a: Event, b: Event, countries: AbstractSet[str] = frozenset()) -> bool:
    """Two attacks of one article are one: nothing contradicts (`_refers_to`: method, perpetrator,
    toll), they share a target, and they have targets or perpetrators on both sides."""
    if not _refers_to(a, b):
        return False
    if (_bare(a) or _bare(b)) and b.spans[0][0] - a.spans[-1][0] == 1 and _same_day(a, b):
        # "Clashes have left 100 dead, activists said. Al-Nusra fighters attacked Shadidi ...":
        # told without place or perpetrator next to one that has them, it is the same attack
        return True
    if _same_toll(a, b):
        return True  # "killing five people and wounding 10 others" told again
    ta, tb = set(a.linked("TARGETED", "end")), set(b.linked("TARGETED", "end"))
    if _same_dead(a, b) and ((ta and ta <= countries) or (tb and tb <= countries)):
        # "ten soldiers were killed in Burkina Faso ... about ten soldiers were killed in Alelé":
        # the same dead, one told only by its country
        return True
    if ta and tb and not ta & tb:
        return False
    # too little in common to say it is the same attack
    return bool(ta and tb) or bool(a.linked("PERPETRATED") and b.linked("PERPETRATED"))


def _refers_to(ev: Event, earlier: Event) -> bool:
    """Can "the strike" in `ev` be `earlier`: no other method, perpetrator or toll (differing
    casualty figures are different attacks)."""
    ma, mb = ev.props["method"], earlier.props["method"]
    if ma != mb and "unknown" not in (ma, mb):
        return False
    pa, pb = ev.linked("PERPETRATED"), earlier.linked("PERPETRATED")
    if pa and pb and pa != pb:
        return False
    return all(ev.props[k] == earlier.props[k] for k in ("killed", "injured") if k in ev.props and k in earlier.props)


def _bare(ev: Event) -> bool:
    """No target and no perpetrator."""
    return not ev.linked("TARGETED", "end") and not ev.linked("PERPETRATED")


def _same_day(a: Event, b: Event) -> bool:
    """No two different dates."""
    da, db = a.props.get("date"), b.props.get("date")
    return da is None or db is None or da == db


def _same_toll(a: Event, b: Event) -> bool:
    """Both give the same dead and the same injured, not all zero: one attack told twice."""
    keys = ("killed", "injured")
    if any(k not in a.props or k not in b.props for k in keys):
        return False
    return all(a.props[k] == b.props[k] for k in keys) and any(a.props[k] for k in keys)


def _same_dead(a: Event, b: Event) -> bool:
    """The same number of dead, more than one, and no other injured figure."""
    killed = a.props.get("killed")
    return isinstance(killed, int) and killed > 1 and killed == b.props.get("killed") and (
        a.props.get("injured") is None or b.props.get("injured") is None
        or a.props.get("injured") == b.props.get("injured"))


def _weak(ev: Event) -> bool:
    """A mention with no place and no figures ("explosions were heard", "missiles were launched
    towards the capital") adds to an attack already told rather than being a new one; a toll of
    zero is no figure ("No casualties were reported following the assault")."""
    return not ev.linked("TARGETED", "end") and not ev.props.get("killed") and not ev.props.get("injured")


def _strings(value: PropertyValue) -> list[str]:
    """A list property as a new list of strings; [] when it is not set."""
    return [str(v) for v in value] if isinstance(value, list) else []


def _absorb(target: Event, ev: Event) -> None:
    if target.props["method"] in ("unknown", "explosion") and ev.props["method"] != "unknown":
        target.props["method"] = ev.props["method"]
        for k in ("plover_mode", "acled_event_type", "acled_sub_event_type"):
            target.props[k] = ev.props.get(k)
    methods = _strings(target.props.get("methods"))
    for m in _strings(ev.props.get("methods")):
        if m not in methods:
            methods.append(m)
    target.props["methods"] = methods or None
    for k, v in ev.props.items():
        if target.props.get(k) is None and v is not None:
            target.props[k] = v
    for span in ev.spans:
        target.add_span(span)
    for link in ev.links:
        if link[0] == "PERPETRATED" and target.linked("PERPETRATED"):
            continue
        target.link(*link)


# An attack told again is looked for among the attacks told last: an article refers back to what
# it reported recently, and a bounded look-back keeps extraction linear in the number of attacks.
MERGE_LOOKBACK: Final = 100


def _merge(events: list[Event], countries: AbstractSet[str] = frozenset()) -> list[Event]:
    """The same attack told twice in one article ("the strike", "its forces had hit") is one."""
    merged: list[Event] = []
    for ev in events:
        if ev.props.get("_another"):
            merged.append(ev)
            continue
        recent = merged[-MERGE_LOOKBACK:]
        target = next((m for m in recent if _compatible(m, ev, countries)), None)
        if target is None and ev.props.get("_anaphoric") and merged:
            target = next((m for m in reversed(recent) if _refers_to(ev, m)), None)
        if target is None and _weak(ev) and merged:
            perp = ev.linked("PERPETRATED")
            target = next(
                (
                    m for m in reversed(recent)
                    if not perp or not m.linked("PERPETRATED") or m.linked("PERPETRATED") == perp
                ),
                None,
            )
        if target is None:
            if ev.props["method"] == "explosion" and _weak(ev) and not ev.linked("PERPETRATED"):
                continue  # "explosions were heard": a sign of an attack, not one by itself
            merged.append(ev)
            continue
        _absorb(target, ev)
    return merged

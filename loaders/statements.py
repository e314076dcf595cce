"""Statements: quoted words with their speaker ("zei Macron", "Kiper said", "verklaarde hij").

Quotes are found in the whole text, since one may run over several sentences; a paragraph that
opens a quote without closing it continues into the next paragraph, as news style does.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Final

from conflictkg.loaders.context import ArticleContext, Event, SentInfo
from conflictkg.loaders.cues import Cue
from conflictkg.loaders.gazetteer import gazetteer
from conflictkg.loaders.mentions import Mention, definites
from conflictkg.loaders.segment import Token

# Each opening mark with its own closing mark, so an apostrophe inside a quote does not end it;
# a quote still open at the end of a paragraph runs on there.
_QUOTE: Final = re.compile(
    r"“(?P<a>[^”\n]{4,}?)(?:”|(?=\n)|$)"
    r'|"(?P<b>[^"\n]{4,}?)(?:"|(?=\n)|$)'
    r"|„(?P<c>[^“”\n]{4,}?)(?:[“”]|(?=\n)|$)"
    r"|«(?P<d>[^»\n]{4,}?)(?:»|(?=\n)|$)"
)
_QUOTE_OPENERS: Final = "“\"„«"  # every _QUOTE match starts with one of these


def _quotes(text: str) -> list[re.Match[str]]:
    """What `_QUOTE.finditer(text)` gives, tried only where a quotation mark opens rather than at
    every character: a match can start nowhere else, and the next is sought after the last. The
    marks are found with str.find, each mark's next place kept until the search passes it."""
    out: list[re.Match[str]] = []
    ahead = [text.find(mark) for mark in _QUOTE_OPENERS]
    done = 0
    while True:
        for k in range(len(ahead)):
            if 0 <= ahead[k] < done:
                ahead[k] = text.find(_QUOTE_OPENERS[k], done)
        places = [p for p in ahead if p >= 0]
        if not places:
            return out
        at = min(places)
        m = _QUOTE.match(text, at)
        if m is not None:
            out.append(m)
            done = m.end()
        else:
            done = at + 1


_PRONOUNS: Final = {"hij", "zij", "ze", "he", "she"}
_MIN_WORDS: Final = 1
# the longest appositive between a speaker and the speech verb, in tokens
_APPOSITIVE: Final = 25
_ROLE: Final = frozenset({"role"})
_THAT: Final = frozenset({"that", "dat"})
_SOURCE_AFTER: Final = frozenset({"according", "volgens", "aldus"})
_TO_WHOM: Final = frozenset({"told", "tells", "tegen"})  # not "to": "according to X" is X speaking


def _outside(toks: list[Token], q_start: int, q_end: int, i: int) -> bool:
    """Token i is outside the quote. (This and `_near` are functions of their own, not closures:
    compiled, a closure and its scope hold each other, and the sentence with them, until the cyclic
    collector runs.)"""
    return not q_start <= toks[i].start < q_end


def _near(toks: list[Token], both: list[Cue], ahead: list[Cue], m_start: int, m_end: int, reach: int) -> bool:
    """A speech cue is beside the mention: `both` on either side, `ahead` ("according to") before it."""
    # "meent dat regeringstroepen …", "said that Russia …": after "that" comes what is said
    if any(t.low in _THAT for t in toks[max(0, m_start - reach):m_start]):
        return _beside(m_start, m_end, both, reach, -1)
    return _beside(m_start, m_end, both, reach, reach) or _beside(m_start, m_end, ahead, -1, reach)


def _speaker_in(ctx: ArticleContext, s: SentInfo, q_start: int, q_end: int, last_person: str | None,
                by_role: dict[str, str] | None = None) -> str | None:
    """Who says the quote: a person next to a speech verb, a pronoun for the last person named,
    a country or body next to a speech verb ("Moskou spreekt van"), else the sentence's person."""
    toks = s.sent.tokens

    speech = [c for c in s.cues if c.category in ("speech", "reporting") and _outside(toks, q_start, q_end, c.start)]
    # a news outlet reports what others said; it is never the speaker ("cited by SANA, said")
    actors = [m for m in s.mentions
              if m.kind == "actor" and _outside(toks, q_start, q_end, m.start) and m.ref not in ctx.outlets]
    persons = [m for m in actors if ctx.table.actors[m.ref].kind == "person"]

    # "…, led by Kenya, according to Riyadh": the source follows "according to", never precedes it
    ahead = [c for c in speech if toks[c.start].low in _SOURCE_AFTER]
    both = [c for c in speech if toks[c.start].low not in _SOURCE_AFTER]

    if ctx.lang == "en":
        # "The Armenian Foreign Ministry said Foreign Minister Ararat Mirzoyan … “exchanged views”": with
        # the quote after the verb, the subject right before it speaks, not the person after it
        for c in both:
            if toks[c.end - 1].end <= q_start:
                subject = next((m for m in actors if m.end == c.start and not m.locative), None)
                if subject is not None:
                    return subject.ref
    for m in persons:
        if _near(toks, both, ahead, m.start, m.end, 3) or _appositive_subject(toks, m.end, speech):
            return m.ref
    # "…," said a spokesman for the Sudanese army / zei een woordvoerder van het leger: the body
    if (body := _spoken_for(ctx, s, speech, actors)) is not None:
        return body
    # "the army condemned the RSF, calling it “a moral defeat”": the sentence's subject speaks
    for c in s.of("epithet"):
        if _outside(toks, q_start, q_end, c.start):
            subject = next((m for m in actors if m.end <= c.start and not m.locative), None)
            if subject is not None:
                return subject.ref
    for i, tok in enumerate(toks):
        if (tok.low in _PRONOUNS and _outside(toks, q_start, q_end, i) and _near(toks, both, ahead, i, i + 1, 2)
                and last_person):
            return last_person
    if by_role:
        # "aldus de president", "the minister said": the person last named with that role
        gaz = gazetteer(ctx.lang)
        for c in speech:
            for i in range(max(0, c.start - 3), min(len(toks), c.end + 3)):
                if _outside(toks, q_start, q_end, i):
                    _, roles = gaz.match(toks, i, _ROLE)
                    if roles and roles[0].key in by_role:
                        return by_role[roles[0].key]
    for m in actors:
        # "an officer told AFP", "zei tegen persbureau AFP": the one spoken to says nothing
        addressee = any(t.low in _TO_WHOM for t in toks[max(0, m.start - 2):m.start])
        if _near(toks, both, ahead, m.start, m.end, 2) and not addressee:
            return m.ref
    if persons:
        return persons[0].ref
    return None


def _cover(ctx: ArticleContext, s: SentInfo, q_start: int, q_end: int, speaker: str) -> None:
    """Record the quote in `ctx.quotes` for the sentences it covers, from s on."""
    k = s.index
    while k < len(ctx.sentences) and ctx.sentences[k].sent.start < q_end:
        ctx.quotes.setdefault(k, []).append((q_start, q_end, speaker))
        k += 1


def _beside(m_start: int, m_end: int, cues: list[Cue], before: int, after: int) -> bool:
    """A name (tokens m_start..m_end) at most `before` tokens before one of the cues or `after`
    tokens after it: "Magwenya said", "zei Magwenya"."""
    return any(0 <= c.start - m_end <= before or 0 <= m_start - c.end <= after for c in cues)


_FOR: Final = frozenset({"for", "of", "van", "namens"})


def _spoken_for(ctx: ArticleContext, s: SentInfo, speech: list[Cue], actors: list[Mention]) -> str | None:
    """The body a role right after a speech verb speaks for: "said a spokesman for the army",
    "zei een woordvoerder van de RSF" (a role, then "for"/"of"/"van", then the body)."""
    toks = s.sent.tokens
    gaz = gazetteer(ctx.lang)
    for c in speech:
        for i in range(c.end, min(len(toks), c.end + 3)):
            end, roles = gaz.match(toks, i, _ROLE)
            if not roles:
                continue
            if end < len(toks) and toks[end].low in _FOR:
                return next((m.ref for m in actors if end < m.start <= end + 3), None)
            break
    return None


def _appositive_subject(toks: list[Token], end: int, speech: list[Cue]) -> bool:
    """"Mahmud Bassal, a spokesman for the agency, which operates under Hamas authority, said":
    the person before a comma whose appositive ends with a comma right before the speech verb."""
    return end < len(toks) and toks[end].text == "," and any(
        0 < c.start - end <= _APPOSITIVE and toks[c.start - 1].text == "," for c in speech)


def _source_person(ctx: ArticleContext, s: SentInfo) -> str | None:
    """A person the sentence gives as a source ("Edward Buba, spokesman for Defence Headquarters,
    confirmed the assault"): next to a speech or reporting verb, or its appositive subject."""
    toks = s.sent.tokens
    speech = [c for c in s.cues if c.category in ("speech", "reporting")]
    for m in s.mentions:
        if m.kind != "actor" or ctx.table.actors[m.ref].kind != "person":
            continue
        # "Magwenya said", "zei Magwenya" (Dutch inversion), or the subject of an appositive
        if _beside(m.start, m.end, speech, 3, 1) or _appositive_subject(toks, m.end, speech):
            return m.ref
    return None


def _pronoun_speaks(ctx: ArticleContext, s: SentInfo) -> bool:
    """"The talks are facilitated by Obasanjo, he said", "zei hij": a pronoun right before a speech
    verb, or right after it in Dutch inversion ("Magwenya said he" is the person speaking of himself)."""
    after = 1 if ctx.lang == "nl" else -1
    return any(t.low in _PRONOUNS and _beside(i, i + 1, s.of("speech", "reporting"), 0, after)
               for i, t in enumerate(s.sent.tokens))


def _announcer(s: SentInfo, quotes: list[tuple[int, int]], outlets: frozenset[str]) -> str | None:
    """The actor that says or announces something in the sentence, outside its quotes ("The
    Burkinabe army has announced", "meldt het leger"): who "the statement" or "it" is later. A news
    outlet that is cited reports what others said and is never the one."""
    speech = s.of("speech", "reporting")
    toks = s.sent.tokens
    for m in s.mentions:
        if m.kind != "actor" or m.ref in outlets or any(a <= toks[m.start].start < b for a, b in quotes):
            continue
        if _beside(m.start, m.end, speech, 2, 1):
            return m.ref
    return None


def _issuers_and_speech(s: SentInfo, q_start: int, q_end: int) -> tuple[list[Cue], list[Cue]]:
    """The sentence's document words or "it" (cue category issuer) and its speech verbs, outside
    the quote."""
    toks = s.sent.tokens
    issuers, speech = s.of("issuer"), s.of("speech", "reporting")
    return ([c for c in issuers if not q_start <= toks[c.start].start < q_end],
            [c for c in speech if not q_start <= toks[c.start].start < q_end])


def _said_by_issuer(s: SentInfo, q_start: int, q_end: int) -> bool:
    """"…," said the statement / it added: the quote's speaker is named by its document or "it"."""
    issuers, speech = _issuers_and_speech(s, q_start, q_end)
    return any(abs(i.start - c.start) <= 2 for i in issuers for c in speech)


def definite_body(ctx: ArticleContext, s: SentInfo, quotes: list[tuple[int, int]],
                  named: dict[str, str]) -> str | None:
    """"…," the ministry said / meldt het ministerie: "the" and a noun next to a speech verb, where the
    noun names no actor itself, stand for the body last named with that noun ("the Syrian Defence
    Ministry", "het Oekraïense ministerie van Defensie")."""
    toks = s.sent.tokens
    speech = s.of("speech", "reporting")
    taken = {i for m in s.mentions for i in range(m.start, m.end)}
    for i in range(1, len(toks)):
        if toks[i - 1].low in definites(ctx.lang) and toks[i].low in named and i not in taken \
                and not any(a <= toks[i].start < b for a, b in quotes) and _beside(i, i + 1, speech, 2, 2):
            return named[toks[i].low]
    return None


def _issuer_subject(s: SentInfo, q_start: int, q_end: int) -> bool:
    """"It also said …", "the army chief's statement said": a document or "it" right before the speech
    verb, outside the quote, is the subject that says it."""
    issuers, speech = _issuers_and_speech(s, q_start, q_end)
    return any(0 <= c.start - i.end <= 1 for i in issuers for c in speech)


def _named(s: SentInfo, q_start: int) -> bool:
    """"a gang called “Ti Makak”", "which the statement called an “odious” act": a quote that
    gives a name or a label, not what someone said."""
    toks = s.sent.tokens
    first = next((k for k, t in enumerate(toks) if t.start >= q_start), len(toks))
    return any(0 <= first - c.end <= 1 for c in s.of("naming"))


def extract_statements(ctx: ArticleContext, text: str) -> list[Event]:
    """The article's quotes with their speakers; `ctx.quotes` gathers, per sentence, the quotes that
    cover it (a quote of several sentences covers each), for the accusations."""
    out: list[Event] = []
    last_person: str | None = None
    last_speaker: tuple[str, int] | None = None  # speaker id, paragraph
    last_source: tuple[str, int] | None = None  # a person last given as a source, paragraph
    last_announcer: tuple[str, int] | None = None  # the actor that last said or announced something
    by_role: dict[str, str] = {}  # role -> the person last named with it
    named: dict[str, str] = {}  # a word of a body's name ("ministry") -> the body last named with it
    quotes = _quotes(text)
    starts, ends = [q.start() for q in quotes], [q.end() for q in quotes]
    qi = 0
    for s in ctx.sentences:
        persons = [m.ref for m in s.mentions if m.kind == "actor" and ctx.table.actors[m.ref].kind == "person"]
        issued: str | None = None  # the speaker of a quote the sentence gives to "it" or "the statement"
        while qi < len(quotes) and quotes[qi].start() < s.sent.end:
            q = quotes[qi]
            qi += 1
            words = next(g for g in q.groups() if g is not None).strip(" ,.")
            if len(words.split()) < _MIN_WORDS or q.start() < s.sent.start - 1 or _named(s, q.start()):
                continue
            speaker = None
            if last_announcer and s.sent.paragraph - last_announcer[1] <= 2 and _issuer_subject(s, q.start(), q.end()):
                # "It also said Armenia will …", "the army chief's statement said": the one that
                # announced it speaks, not an actor after the verb, and is still "it" after this
                speaker = issued = last_announcer[0]
            # "Een lid van Hamas zei … Hij stelde": with no person named, "he" speaks for the body
            he = last_person or (last_announcer[0] if last_announcer and s.sent.paragraph - last_announcer[1] <= 1
                                 else None)
            speaker = speaker or _speaker_in(ctx, s, q.start(), q.end(), he, by_role) \
                or definite_body(ctx, s, [(q.start(), q.end())], named)
            # a quote of several sentences: '"… Crimea. There is nothing to discuss," he told reporters'
            k = s.index + 1  # (an index, not a slice: a slice would copy the rest of the article per quote)
            while speaker is None and k < len(ctx.sentences) and ctx.sentences[k].sent.start < q.end():
                speaker = _speaker_in(ctx, ctx.sentences[k], q.start(), q.end(),
                                      persons[-1] if persons else last_person)
                k += 1
            if speaker is None and last_speaker and s.sent.paragraph - last_speaker[1] <= 1:
                speaker = last_speaker[0]  # a quote that continues the previous speaker's words
            if speaker is None and last_source and s.sent.paragraph - last_source[1] <= 1:
                speaker = last_source[0]  # the source named just before: "X confirmed the assault. “We …”"
            if speaker is None and last_announcer and s.sent.paragraph - last_announcer[1] <= 2 \
                    and _said_by_issuer(s, q.start(), q.end()):
                speaker = last_announcer[0]  # "The army announced … “…,” said the statement"
            if speaker is None:
                continue
            last_speaker = (speaker, s.sent.paragraph)
            _cover(ctx, s, q.start(), q.end(), speaker)
            date = s.dates[0].date.text if s.dates else None
            ev = Event("Statement", {"speaker": speaker, "quote": words},
                       {"quote": words, "speaker": ctx.table.actors[speaker].name, "date": date}, [s.span])
            ev.link("SAID", speaker, "self", s.span)
            out.append(ev)
        # the persons of a sentence that "he said" are what he spoke of: the next "he" is him again
        pronoun = _pronoun_speaks(ctx, s)
        source = None if pronoun else _source_person(ctx, s)
        # the quotes that overlap the sentence (they do not overlap each other: both ends are sorted)
        spans = [(q.start(), q.end()) for q in quotes[bisect_right(ends, s.sent.start):bisect_left(starts, s.sent.end)]]
        announcer = issued or _announcer(s, spans, ctx.outlets) or definite_body(ctx, s, spans, named)
        if announcer is not None:
            last_announcer = (announcer, s.sent.paragraph)
        if persons and not pronoun:
            # "he said" after "Vincent Magwenya, spokesman for President Cyril Ramaphosa, told
            # reporters" is the one who spoke, not the last person named
            last_person = source or persons[-1]
        for ref in persons:
            if role := ctx.table.actors[ref].role:
                by_role[role] = ref
        if source is not None:
            last_source = (source, s.sent.paragraph)
        ctx.name_bodies(s, named)
    return out

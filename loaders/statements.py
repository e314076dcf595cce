"""Statements: quoted words with their speaker ("zei Macron", "Kiper said", "verklaarde hij").

Quotes are found in the whole text, since one may run over several sentences; a paragraph that
opens a quote without closing it continues into the next paragraph, as news style does.
"""

from __future__ import annotations

import re

from conflictkg.loaders.context import ArticleContext, Event, SentInfo
from conflictkg.loaders.mentions import Mention

_QUOTE = re.compile(r"[“\"„«‘](?P<q>[^“”\"„«»‘’\n]{12,}?)(?:[”\"»’]|(?=\n)|$)")
_PRONOUNS = {"hij", "zij", "ze", "he", "she"}
_MIN_WORDS = 3


def _speaker_in(ctx: ArticleContext, s: SentInfo, q_start: int, q_end: int) -> Mention | None:
    """The actor next to a speech verb outside the quote; persons first."""
    inside = lambda m: q_start <= s.sent.tokens[m.start].start < q_end  # noqa: E731
    outside = [m for m in s.mentions if m.kind == "actor" and not inside(m)]
    speech = [c for c in s.cues if c.category in ("speech", "reporting") and not q_start <= s.sent.tokens[c.start].start < q_end]
    if not outside:
        return None
    persons = [m for m in outside if ctx.table.actors[m.ref].kind == "person"]
    pool = persons or outside
    if speech:
        return min(pool, key=lambda m: min(abs(m.start - c.start) for c in speech))
    return pool[0]


def _pronoun_speaker(ctx: ArticleContext, s: SentInfo, last_person: str | None) -> str | None:
    if any(t.low in _PRONOUNS for t in s.sent.tokens) and any(c.category == "speech" for c in s.cues):
        return last_person
    return None


def extract_statements(ctx: ArticleContext, text: str) -> list[Event]:
    out: list[Event] = []
    last_person: str | None = None
    last_speaker: tuple[str, int] | None = None  # speaker id, paragraph
    quotes = list(_QUOTE.finditer(text))
    qi = 0
    for s in ctx.sentences:
        persons = [m.ref for m in s.mentions if m.kind == "actor" and ctx.table.actors[m.ref].kind == "person"]
        while qi < len(quotes) and quotes[qi].start() < s.sent.end:
            q = quotes[qi]
            qi += 1
            words = q["q"].strip(" ,.")
            if len(words.split()) < _MIN_WORDS or q.start() < s.sent.start - 1:
                continue
            m = _speaker_in(ctx, s, q.start(), q.end())
            speaker = m.ref if m else _pronoun_speaker(ctx, s, last_person)
            if speaker is None and last_speaker and s.sent.paragraph - last_speaker[1] <= 1:
                speaker = last_speaker[0]  # a quote that continues the previous speaker's words
            if speaker is None:
                # "… met het bijschrift: “…”": the sentence's subject speaks
                speaker = persons[0] if persons else None
            if speaker is None:
                continue
            last_speaker = (speaker, s.sent.paragraph)
            date = s.dates[0].date.text if s.dates else None
            ev = Event("Statement", {"speaker": speaker, "quote": words},
                       {"quote": words, "speaker": ctx.table.actors[speaker].name, "date": date}, [s.span])
            ev.link("SAID", speaker, "self", s.span)
            out.append(ev)
        if persons:
            last_person = persons[-1]
    return out

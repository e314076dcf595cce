"""Dates in running text, resolved against the article date without inventing precision.

"vorige week" in an article dated 2025-03-27 is 2025-W12; in an article dated only 2025-03 it
stays 2025-03, because the week cannot be known. Absolute dates ("18 maart", "March 18, 2025")
are parsed by dateparser, anchored on the article date.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from typing import Final

import dateparser
from babel import Locale

from conflictkg.graph.dates import PartialDate, Precision
from conflictkg.loaders.lexicon import read_table, variants
from conflictkg.loaders.segment import Token, remember
from conflictkg.loaders.values import HashedByFields


class DateMention(HashedByFields):
    """A date read in a sentence; never assigned to."""

    __slots__ = ("date", "end", "start")

    def __init__(self, date: PartialDate, start: int, end: int) -> None:
        self.date = date
        self.start = start  # token span
        self.end = end

    def _fields(self) -> tuple[PartialDate, int, int]:
        return (self.date, self.start, self.end)


@cache
def _relative(lang: str) -> dict[tuple[str, ...], tuple[str, int]]:
    out: dict[tuple[str, ...], tuple[str, int]] = {}
    for row in read_table(f"{lang}/dates.tsv"):
        for v in variants(row["phrase"]):
            out[tuple(v.lower().replace("'", "' ").split())] = (row["unit"], int(row["offset"]))
    return out


@cache
def _months(lang: str) -> dict[str, int]:
    loc = Locale(lang)
    out: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for n, name in loc.months["format"][width].items():
            out[name.lower().rstrip(".")] = n
    return out


@cache
def _weekdays(lang: str) -> dict[str, int]:
    """Weekday names (and Dutch compounds such as donderdagmiddag) to Monday=0..Sunday=6."""
    loc = Locale(lang)
    return {name.lower(): n for n, name in loc.days["format"]["wide"].items()}


@cache
def _relative_firsts(lang: str) -> dict[str, tuple[int, ...]]:
    """First word of each relative expression -> its lengths, longest first."""
    out: dict[str, set[int]] = {}
    for key in _relative(lang):
        out.setdefault(key[0], set()).add(len(key))
    return {k: tuple(sorted(v, reverse=True)) for k, v in out.items()}


@cache
def _openers(lang: str) -> frozenset[str]:
    """Words a date expression can start with, besides digits and weekday names."""
    return frozenset(_relative_firsts(lang)) | frozenset(_months(lang))


def _shift(anchor: PartialDate, unit: str, offset: int) -> PartialDate:
    p, d = anchor.precision, anchor.start
    if unit == "day":
        if p is Precision.DAY:
            return PartialDate.of_day(d + timedelta(days=offset))
        return anchor  # the day is unknown: keep what is known
    if unit == "week":
        if p is Precision.DAY or p is Precision.WEEK:
            return PartialDate.of_week(d + timedelta(weeks=offset))
        return anchor
    if unit == "month":
        if p in (Precision.DAY, Precision.WEEK, Precision.MONTH):
            m = d.month - 1 + offset
            return PartialDate.parse(f"{d.year + m // 12}-{m % 12 + 1:02d}")
        return anchor
    if unit == "year":
        return PartialDate.parse(str(d.year + offset))
    return anchor


def _weekday_date(anchor: PartialDate, weekday: int) -> PartialDate:
    """The latest such weekday on or before the article's day; unknown day keeps the anchor."""
    if anchor.precision is not Precision.DAY:
        return anchor
    delta = (anchor.start.weekday() - weekday) % 7
    return PartialDate.of_day(anchor.start - timedelta(days=delta))


_YEAR: Final = re.compile(r"^(19|20)\d\d$")


class _DateTables:
    """A language's tables `find_dates` reads: made once per language, fetched once per sentence."""

    __slots__ = ("firsts", "months", "openers", "rel", "weekday_pattern", "weekday_words", "weekdays")

    def __init__(self, lang: str) -> None:
        self.rel = _relative(lang)
        self.months = _months(lang)
        self.weekdays = _weekdays(lang)
        self.firsts = _relative_firsts(lang)
        self.openers = _openers(lang)
        self.weekday_pattern = re.compile("|".join(sorted(map(re.escape, self.weekdays), key=len, reverse=True)))
        # word -> the weekday name it starts with, "" for none: filled as words are met
        self.weekday_words: dict[str, str] = {}

    def weekday_in(self, low: str) -> str:
        """The weekday name a folded word starts with ("donderdag" of "donderdagmiddag"), "" for
        none: matched once per word, not once per token."""
        found = self.weekday_words.get(low)
        if found is None:
            m = self.weekday_pattern.match(low)
            found = remember(self.weekday_words, low, m.group() if m else "")
        return found


# a dict, not functools.cache: find_dates runs for every sentence
_TABLES: Final[dict[str, _DateTables]] = {}


def find_dates(tokens: list[Token], lang: str, anchor: PartialDate | None) -> list[DateMention]:
    """Date expressions in a sentence, resolved; without an article date only absolute ones."""
    tables = _TABLES.get(lang)
    if tables is None:
        tables = _TABLES[lang] = _DateTables(lang)
    rel, months, weekdays, firsts, openers = tables.rel, tables.months, tables.weekdays, tables.firsts, tables.openers
    out: list[DateMention] = []
    i = 0
    while i < len(tokens):
        if not (tokens[i].text[:1].isdigit() or tokens[i].low in openers or tables.weekday_in(tokens[i].low)):
            i += 1  # most words open no date expression
            continue
        matched = False
        for n in firsts.get(tokens[i].low, ()):
            key = tuple(t.low for t in tokens[i : i + n])
            if len(key) == n and key in rel and anchor is not None:
                unit, offset = rel[key]
                out.append(DateMention(_shift(anchor, unit, offset), i, i + n))
                i, matched = i + n, True
                break
        if matched:
            continue
        tok = tokens[i]
        # "18 maart (2025)" / "March 18(, 2025)" / "maart 2025"
        if _is_month(tok, months, lang) or (
            tok.text.isdigit() and i + 1 < len(tokens) and _is_month(tokens[i + 1], months, lang)
        ):
            j = i
            parts = []
            while j < len(tokens) and j < i + 5 and (
                tokens[j].low in months or tokens[j].text.isdigit() or tokens[j].text == ","
            ):
                parts.append(tokens[j].text)
                j += 1
            mention = _absolute(tuple(parts), lang, anchor)
            if mention:
                out.append(DateMention(mention, i, j))
                i = j
                continue
        wd = tables.weekday_in(tok.low) if tok.is_word else ""
        if wd and anchor is not None:
            out.append(DateMention(_weekday_date(anchor, weekdays[wd]), i, i + 1))
        i += 1
    return out


def _is_month(tok: Token, months: dict[str, int], lang: str) -> bool:
    # English capitalises month names; lower-case "may" is the verb.
    return tok.low in months and (lang != "en" or tok.is_cap)


@lru_cache(maxsize=8192)
def _absolute(parts: tuple[str, ...], lang: str, anchor: PartialDate | None) -> PartialDate | None:
    words = [p for p in parts if p != ","]
    while words and words[-1].isdigit() and not _YEAR.match(words[-1]) and len(words) > 2:
        words.pop()
    has_day = any(w.isdigit() and not _YEAR.match(w) and int(w) <= 31 for w in words)
    has_year = any(_YEAR.match(w) for w in words)
    month_words = [w for w in words if not w.isdigit()]
    if not month_words:
        return None
    base = datetime.combine(anchor.end, datetime.min.time()) if anchor else datetime(2000, 1, 1)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["month"]}
    parsed = dateparser.parse(" ".join(words), languages=[lang], settings=settings)
    if parsed is None:
        return None
    if not has_year and anchor is None:
        return None
    d: date = parsed.date()
    if has_day:
        return PartialDate.of_day(d)
    if has_year or anchor is not None:
        return PartialDate.of_month(d)
    return None


@cache
def calendar_words(lang: str) -> frozenset[str]:
    """Month and weekday names, lower case ("march", "dinsdag"): words no name is made of."""
    return frozenset(_months(lang)) | frozenset(_weekdays(lang))

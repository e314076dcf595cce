"""Counts in text: "meer dan 20", "at least three", "10.000 tot 30.000", "een dode"."""

from __future__ import annotations

from functools import cache
from typing import Final

from conflictkg.loaders.lexicon import read_table, variants
from conflictkg.loaders.segment import Token
from conflictkg.loaders.values import HashedByFields

# Number words that only count when a noun follows them ("a" in "a woman was killed").
_ARTICLE_WORDS: Final = {"a", "an", "een"}


class Count(HashedByFields):
    """A number read in a sentence; never assigned to."""

    __slots__ = ("end", "qualifier", "start", "value")

    def __init__(self, value: int, qualifier: str | None, start: int, end: int) -> None:
        self.value = value
        self.qualifier = qualifier  # more_than | at_least | about | up_to | None (exact)
        self.start = start  # token index of the first token (qualifier included)
        self.end = end  # token index after the number

    def _fields(self) -> tuple[int, str | None, int, int]:
        return (self.value, self.qualifier, self.start, self.end)


@cache
def _number_words(lang: str) -> dict[str, int]:
    return {v.lower(): int(row["value"]) for row in read_table(f"{lang}/numbers.tsv") for v in variants(row["word"])}


@cache
def _approximate_words(lang: str) -> frozenset[str]:
    """Words for a rough number ("dozens", "tientallen", "een tiental"): read as about."""
    return frozenset(v.lower() for row in read_table(f"{lang}/numbers.tsv") if row.get("approximate") == "yes"
                     for v in variants(row["word"]))


@cache
def _qualifiers(lang: str) -> dict[tuple[str, ...], str]:
    out: dict[tuple[str, ...], str] = {}
    for row in read_table(f"{lang}/qualifiers.tsv"):
        for v in variants(row["phrase"]):
            out[tuple(v.lower().split())] = row["qualifier"]
    return out


def parse_digits(text: str, lang: str) -> int | None:
    t = text
    if lang == "nl":
        t = t.replace(".", "") if t.count(".") and all(len(p) == 3 for p in t.split(".")[1:]) else t
        t = t.replace(",", ".")
    else:
        t = t.replace(",", "") if t.count(",") and all(len(p) == 3 for p in t.split(",")[1:]) else t
    try:
        return int(float(t))
    except ValueError:
        return None


def number_at(tokens: list[Token], i: int, lang: str) -> tuple[int, int, bool] | None:
    """(value, end index, approximate) of a number starting at token i."""
    if i >= len(tokens):
        return None
    tok = tokens[i]
    if tok.text[:1].isdigit():
        value = parse_digits(tok.text, lang)
        if value is None:
            return None
        end = i + 1
        # "1.5 million", "2 miljoen"
        if end < len(tokens) and tokens[end].low in {"million", "miljoen"}:
            value, end = value * 1_000_000, end + 1
        return value, end, False
    word = tok.low
    words = _number_words(lang)
    if word in words:
        if word in _ARTICLE_WORDS and (i + 1 >= len(tokens) or not tokens[i + 1].is_word):
            return None
        return words[word], i + 1, word in _approximate_words(lang)
    return None


_OPENERS: Final[dict[str, frozenset[str]]] = {}  # a dict, not functools.cache: asked for at every token


def _openers(lang: str) -> frozenset[str]:
    """Words a count can start with: number words and the first words of qualifiers."""
    found = _OPENERS.get(lang)
    if found is None:
        found = _OPENERS[lang] = frozenset(_number_words(lang)) | {k[0] for k in _qualifiers(lang)}
    return found


def count_at(tokens: list[Token], i: int, lang: str) -> Count | None:
    """A count starting at token i, qualifier included."""
    tok = tokens[i]
    if not tok.text[:1].isdigit() and tok.low not in _openers(lang):
        return None
    quals = _qualifiers(lang)
    for n in (3, 2, 1):
        key = tuple(t.low for t in tokens[i : i + n])
        if len(key) == n and key in quals:
            num = number_at(tokens, i + n, lang)
            if num:
                return Count(num[0], quals[key], i, num[1])
    num = number_at(tokens, i, lang)
    if num:
        return Count(num[0], "about" if num[2] else None, i, num[1])
    return None


def counts_in(tokens: list[Token], lang: str, lo: int = 0, hi: int | None = None) -> list[Count]:
    """Every count in tokens[lo:hi], qualifiers attached, none overlapping."""
    hi = len(tokens) if hi is None else hi
    out: list[Count] = []
    i = lo
    while i < hi:
        c = count_at(tokens, i, lang)
        if c and c.end <= hi:
            out.append(c)
            i = c.end
        else:
            i += 1
    return out

"""Countries read as places. A country after "in", "op", "near" …, or after a place ("Yanbu, Saudi
Arabia"), is where something happened: a Location of kind country besides the Actor. A compass word
before it ("southern Lebanon", "het zuiden van Libanon", "Zuid-Libanon") names a region of it. The
compass words are data (`<lang>/directions.tsv`)."""

from __future__ import annotations

from functools import cache

from conflictkg.loaders.lexicon import read_table, variants
from conflictkg.loaders.segment import Token


@cache
def directions(lang: str) -> dict[str, str]:
    """Folded compass word -> English adjective ("zuiden" -> "southern")."""
    return {v.lower(): row["adjective"] for row in read_table(f"{lang}/directions.tsv") for v in variants(row["word"])}


def part_before(toks: list[Token], i: int, lang: str) -> tuple[int, str] | None:
    """The compass word that makes the name at token i a part of it: "southern Lebanon",
    "the south of Lebanon", "het zuiden van (buurland) Libanon". (start token, adjective) or None."""
    words = directions(lang)
    if i > 0 and toks[i - 1].low in words:
        return i - 1, words[toks[i - 1].low]
    for j in range(i - 1, max(-1, i - 3), -1):  # "van", or "van buurland"
        if toks[j].low in ("of", "van"):
            if j > 0 and toks[j - 1].low in words:
                return j - 1 - (j > 1 and toks[j - 2].low in ("the", "het", "de")), words[toks[j - 1].low]
            return None
    return None


def compound_part(text: str, lang: str) -> tuple[str, str] | None:
    """ "Zuid-Libanon" -> ("southern", "Libanon"); None for any other word."""
    head, dash, tail = text.partition("-")
    adjective = directions(lang).get(head.lower()) if dash and tail else None
    return (adjective, tail) if adjective else None

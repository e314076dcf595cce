"""Persons across articles: one key for the spellings of one name.

Transliterations of one name differ in a few regular ways (Zelensky, Zelenskyy, Zelenskiy,
Zelenskyj; Dmitry, Dmitriy; Mohammed, Mohamed): the key folds accents and case, collapses doubled
letters and maps the endings -iy, -yy, -ij, -yj, -i to -y, token by token. The whole name is kept,
so two people who share a surname keep two keys; the affiliation decides between people whose
keys meet (`same_person`).
"""

from __future__ import annotations

import re
from typing import Final

from conflictkg.graph.ids import fold

_TOKEN: Final = re.compile(r"[a-z0-9]+")
_DOUBLE: Final = re.compile(r"(.)\1+")
_ENDING: Final = re.compile(r"(?:iy|yy|ij|yj|ii|yi|i|j)$")


def _token(t: str) -> str:
    t = _DOUBLE.sub(r"\1", t)
    return _ENDING.sub("y", t) if len(t) > 3 else t


def person_key(name: str) -> str:
    """'Volodymyr Zelenskyy' and 'Volodymyr Zelensky' -> 'volodymyr zelensky'."""
    return " ".join(_token(t) for t in _TOKEN.findall(fold(name)))


def same_person(affiliation_a: str | None, affiliation_b: str | None) -> bool:
    """Two persons with one key are one unless their affiliations differ (a missing one fits)."""
    return not affiliation_a or not affiliation_b or fold(affiliation_a) == fold(affiliation_b)

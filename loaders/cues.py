"""Trigger and cue words (lexicons/<lang>/cues.tsv) found in a sentence.

A cue matches a token's folded form or its lemma; `drone*` matches any word starting with
"drone", `*aanval` any word ending in it (Dutch compounds: raketaanval, drone-aanval). Multi-word
cues match consecutive tokens.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from typing import Final

from conflictkg.errors import ConflictKGError
from conflictkg.graph.ids import fold
from conflictkg.loaders.lexicon import read_table, table_names, variants
from conflictkg.loaders.segment import Token
from conflictkg.loaders.values import HashedByFields


class Cue(HashedByFields):
    """A word or phrase of a cue category found in a sentence; never assigned to."""

    __slots__ = ("category", "end", "start", "value")

    def __init__(self, category: str, value: str, start: int, end: int) -> None:
        self.category = category
        self.value = value
        self.start = start  # token span in the sentence
        self.end = end

    def _fields(self) -> tuple[str, str, int, int]:
        return (self.category, self.value, self.start, self.end)


class CueLexicon:
    def __init__(self, lang: str) -> None:
        # phrase (tuple of word patterns) -> [(category, value)], grouped by first-word kind
        self.exact: dict[str, list[tuple[tuple[str, ...], str, str]]] = defaultdict(list)
        self.prefix: list[tuple[str, str, str]] = []
        self.suffix: list[tuple[str, str, str]] = []
        declared = {row["category"] for row in read_table("cue_categories.tsv")}
        for name, row in _cue_rows(lang):
            if row["category"] not in declared:
                raise ConflictKGError(
                    f"lexicon {name}: cue {row['cue'][:40]!r} has the category {row['category']!r}, which "
                    f"cue_categories.tsv does not declare (declared: {', '.join(sorted(declared))})")
            for cue in variants(row["cue"]):
                words = tuple(fold(w) for w in cue.split())
                if len(words) == 1 and words[0].endswith("*") and words[0] != "*":
                    self.prefix.append((words[0][:-1], row["category"], row["value"]))
                elif len(words) == 1 and words[0].startswith("*"):
                    self.suffix.append((words[0][1:], row["category"], row["value"]))
                else:
                    self.exact[words[0]].append((words, row["category"], row["value"]))
        for phrases in self.exact.values():
            phrases.sort(key=lambda p: -len(p[0]))
        # one regular expression per (category, value) for the wildcard cues: a handful of
        # searches per word instead of one per pattern
        grouped: dict[tuple[str, str], tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
        for stem, category, value in self.prefix:
            grouped[(category, value)][0].append(re.escape(stem))
        for stem, category, value in self.suffix:
            grouped[(category, value)][1].append(re.escape(stem))
        self.wild: list[tuple[str, str, re.Pattern[str]]] = []
        for (category, value), (pre, suf) in grouped.items():
            parts = ([f"^(?:{'|'.join(pre)})"] if pre else []) + ([f"(?:{'|'.join(suf)})$"] if suf else [])
            self.wild.append((category, value, re.compile("|".join(parts))))
        self._cache: dict[tuple[str, str], tuple[tuple[tuple[str, ...], str, str], ...]] = {}
        self._plans: dict[str, dict[str, _Plan]] = {}
        # most words match no wildcard at all: one search rules them out
        self.any_wild = re.compile("|".join(p.pattern for _, _, p in self.wild) or "(?!)")

    @staticmethod
    def _word_matches(pattern: str, tok: Token) -> bool:
        if pattern.endswith("*"):
            return tok.low.startswith(pattern[:-1]) or tok.lemma.startswith(pattern[:-1])
        return tok.low == pattern or tok.lemma == pattern

    def _word_cues(self, low: str, lemma: str) -> tuple[tuple[tuple[str, ...], str, str], ...]:
        """Every cue a word can start: phrases from the exact index (by form and lemma) and, as
        one-word phrases, the wildcard cues it matches. Cached per word: news repeats words."""
        key = (low, lemma)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        found: list[tuple[tuple[str, ...], str, str]] = []
        seen: set[tuple[tuple[str, ...], str, str]] = set()
        for form in (low, lemma):
            for entry in self.exact.get(form, ()):
                if entry not in seen:
                    seen.add(entry)
                    found.append(entry)
        if self.any_wild.search(low) or self.any_wild.search(lemma):
            for category, value, pattern in self.wild:
                if pattern.search(low) or pattern.search(lemma):
                    found.append(((low,), category, value))
        result = tuple(sorted(found, key=lambda e: -len(e[0])))
        self._cache[key] = result
        return result

    def _gapped(self, tokens: list[Token], i: int, words: tuple[str, ...]) -> tuple[int, int] | None:
        """The span of the part after the gap of a cue that opens at token i, or None."""
        gap = words.index(_GAP)
        head, tail = words[:gap], words[gap + 1:]
        if not all(i + k < len(tokens) and self._word_matches(w, tokens[i + k]) for k, w in enumerate(head)):
            return None
        start = i + len(head)
        for j in range(start + 1, min(len(tokens) - len(tail) + 1, start + _GAP_WORDS + 1)):
            if tokens[j - 1].text in _GAP_STOPS:
                return None
            if all(self._word_matches(w, tokens[j + k]) for k, w in enumerate(tail)):
                after = tokens[j + len(tail):j + len(tail) + 2]
                # "om te praten", "om tien uur": a preposition, not the verb's particle
                if after and (after[0].low in _NOT_PARTICLE or after[-1].low in _NOT_PARTICLE):
                    return None
                return j, j + len(tail)
        return None

    def word_is(self, tok: Token, *categories: str) -> bool:
        """Does the word alone make a cue of one of the categories ("strike", "drone-aanval")?"""
        cues = self._word_cues(tok.low, tok.lemma)
        return any(len(words) == 1 and category in categories for words, category, _ in cues)

    def _plan(self, low: str, lemma: str) -> _Plan:
        """What `find` does at a word, worked out once per word: its cues in the order
        `_word_cues` gives them, with each cue's length and gap decided beforehand."""
        by_lemma = self._plans.get(low)  # by form, then lemma: no key tuple to make and hash per word
        if by_lemma is None:
            by_lemma = self._plans[low] = {}
        plan = by_lemma.get(lemma)
        if plan is None:
            plan = by_lemma[lemma] = _Plan(self._word_cues(low, lemma))
        return plan

    def find(self, tokens: list[Token]) -> list[Cue]:
        out: list[Cue] = []
        ntok = len(tokens)
        for i in range(ntok):
            tok = tokens[i]
            if not tok.is_word:
                continue
            plan = self._plan(tok.low, tok.lemma)
            if plan.simple:
                # one-word cues of distinct (category, value): each one a cue, whatever follows
                for category, value in plan.keys:
                    out.append(Cue(category, value, i, i + 1))
                continue
            seen: set[tuple[str, str]] | None = None  # made at the first cue found: most words find none
            for c in plan.candidates:
                if seen is not None and c.key in seen:
                    continue
                if c.gapped:
                    found = self._gapped(tokens, i, c.words)
                    if found is not None:
                        out.append(Cue(c.category, c.value, found[0], found[1]))
                        seen = set() if seen is None else seen
                        seen.add(c.key)
                    continue
                if c.n > 1:
                    # most phrases fail at their second word: test it before the rest
                    nxt = tokens[i + 1] if i + 1 < ntok else None
                    if nxt is None or (not c.second_wild and nxt.low != c.second and nxt.lemma != c.second) \
                            or not _phrase_at(c.words, tokens, i):
                        continue
                out.append(Cue(c.category, c.value, i, i + c.n))
                seen = set() if seen is None else seen
                seen.add(c.key)
        return out


class _Candidate:
    """A cue a word can start, with what `find` tests of it computed once."""

    __slots__ = ("category", "gapped", "key", "n", "second", "second_wild", "value", "words")

    def __init__(self, words: tuple[str, ...], category: str, value: str) -> None:
        self.words, self.category, self.value = words, category, value
        self.key = (category, value)
        self.n = len(words)
        self.gapped = _GAP in words
        self.second = words[1] if len(words) > 1 else ""
        self.second_wild = self.second.endswith("*")


class _Plan:
    """The cues a word can start. `simple`: all of one word and of distinct (category, value), so
    each makes a cue wherever the word stands (`keys`, in order)."""

    __slots__ = ("candidates", "keys", "simple")

    def __init__(self, cues: tuple[tuple[tuple[str, ...], str, str], ...]) -> None:
        self.candidates = tuple(_Candidate(words, category, value) for words, category, value in cues)
        self.keys = tuple(c.key for c in self.candidates)
        self.simple = all(c.n == 1 and not c.gapped for c in self.candidates) and len(set(self.keys)) == len(self.keys)


def _phrase_at(words: tuple[str, ...], tokens: list[Token], i: int) -> bool:
    """Whether the words after the first of a multi-word cue follow token i."""
    n = len(words)
    if i + n > len(tokens):
        return False
    return all(CueLexicon._word_matches(words[k], tokens[i + k]) for k in range(1, n))


# In a cue, "..." stands for up to _GAP_WORDS words of the clause: a Dutch separable verb around
# its subject ("kwamen drie mensen om"). The cue is the part after the gap, where the verb's
# meaning completes; the words before it hold the count.
_GAP: Final = "..."
_GAP_WORDS: Final = 6
_GAP_STOPS: Final = frozenset({",", ";", ".", ":", "–", "—"})
_NOT_PARTICLE: Final = frozenset({"te", "uur"})


def _cue_rows(lang: str) -> list[tuple[str, dict[str, str]]]:
    """(file name, row) of the language's cues and of every conflict pack's cues for it."""
    return [(name, row) for name in table_names(f"{lang}/cues.tsv") for row in read_table(name)]


@cache
def cue_lexicon(lang: str) -> CueLexicon:
    return CueLexicon(lang)

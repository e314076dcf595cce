"""Trigger and cue words (lexicons/<lang>/cues.tsv) found in a sentence.

A cue matches a token's folded form or its lemma; `drone*` matches any word starting with
"drone", `*aanval` any word ending in it (Dutch compounds: raketaanval, drone-aanval). Multi-word
cues match consecutive tokens.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from conflictkg.errors import ConflictKGError
from conflictkg.graph.ids import fold
from conflictkg.loaders.lexicon import read_table, table_names, variants
from conflictkg.loaders.segment import Token


@dataclass(frozen=True, slots=True)
class Cue:
    category: str
    value: str
    start: int  # token span in the sentence
    end: int


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

    def find(self, tokens: list[Token]) -> list[Cue]:
        out: list[Cue] = []
        for i, tok in enumerate(tokens):
            if not tok.is_word:
                continue
            candidates = self._word_cues(tok.low, tok.lemma)
            if not candidates:
                continue
            seen: set[tuple[str, str]] = set()
            for words, category, value in candidates:
                if (category, value) in seen:
                    continue
                n = len(words)
                if _GAP in words:
                    found = self._gapped(tokens, i, words)
                    if found is not None:
                        out.append(Cue(category, value, *found))
                        seen.add((category, value))
                    continue
                if n > 1:
                    window = tokens[i : i + n]
                    if len(window) < n or not all(
                        self._word_matches(w, t) for w, t in zip(words[1:], window[1:], strict=True)
                    ):
                        continue
                out.append(Cue(category, value, i, i + n))
                seen.add((category, value))
        return out


# In a cue, "..." stands for up to _GAP_WORDS words of the clause: a Dutch separable verb around
# its subject ("kwamen drie mensen om"). The cue is the part after the gap, where the verb's
# meaning completes; the words before it hold the count.
_GAP = "..."
_GAP_WORDS = 6
_GAP_STOPS = frozenset({",", ";", ".", ":", "–", "—"})
_NOT_PARTICLE = frozenset({"te", "uur"})


def _cue_rows(lang: str) -> list[tuple[str, dict[str, str]]]:
    """(file name, row) of the language's cues and of every conflict pack's cues for it."""
    return [(name, row) for name in table_names(f"{lang}/cues.tsv") for row in read_table(name)]


@cache
def cue_lexicon(lang: str) -> CueLexicon:
    return CueLexicon(lang)

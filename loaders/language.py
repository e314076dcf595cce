"""Which language an article is in. Only the languages with lexicons are accepted.

simplemma scores the share of words its dictionary of a language knows. Only the supported
languages are scored (each dictionary takes seconds to load, and they are loaded anyway for
lemmas), and a text that neither knows well enough is refused.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final

import simplemma

from conflictkg.errors import InputError
from conflictkg.languages import SUPPORTED
from conflictkg.loaders.segment import remember

# Share of known words below which a text is not taken to be in a supported language. Dutch and
# English news score above 0.7; German, French or Spanish news score well under 0.5.
MIN_SHARE: Final = 0.55


_WORD: Final = re.compile(r"[^\W\d_]+")


@cache
def _function_words() -> dict[str, frozenset[str]]:
    from conflictkg.loaders.lexicon import function_words

    return {code: function_words(code) for code in SUPPORTED}


def _in_word(char: str) -> bool:
    """What _WORD's class matches: a word character that is no digit and no underscore."""
    return char.isalnum() and not char.isdecimal()


def _chunk_words(chunk: str) -> list[str]:
    """_WORD's matches in a chunk without whitespace: a chunk of letters only is one, without the
    regular expression's cost."""
    if chunk.isalpha():
        return [chunk]
    if len(chunk) > 1 and chunk[:-1].isalpha() and not _in_word(chunk[-1]):
        return [chunk[:-1]]  # a word and a mark: "Kyiv," "said."
    return _WORD.findall(chunk)


# chunk -> its runs of letters, lower case: the sample's chunks are mostly common ones, met in
# article after article (bounded like the tokenizer's caches)
_LOWER_WORDS: Final[dict[str, tuple[str, ...]]] = {}


def _lower_words(text: str, limit: int) -> list[str]:
    """The first `limit` runs of letters (_WORD's matches), lower case. Runs never cross
    whitespace, so the text is split at whitespace and each chunk's words worked out once."""
    out: list[str] = []
    for chunk in text.split():
        words = _LOWER_WORDS.get(chunk)
        if words is None:
            words = remember(_LOWER_WORDS, chunk, tuple(w.lower() for w in _chunk_words(chunk)))
        out.extend(words)
        if len(out) >= limit:
            break
    return out[:limit]


def _share(words: list[str], known: frozenset[str]) -> float:
    return sum(1 for w in words if w in known) / len(words)


def _clear_case(sample: str) -> str | None:
    """Most news text settles on its function words alone, far faster than a dictionary lookup
    of every word: a language whose function words make up a good share of the text, and twice
    the other's share."""
    words = _lower_words(sample, 400)
    if len(words) < 20:
        return None
    share = {code: _share(words, known) for code, known in _function_words().items()}
    ranked = sorted(SUPPORTED, key=lambda c: -share[c])
    if not ranked:
        return None
    best, runner_up = ranked[0], share[ranked[1]] if len(ranked) > 1 else 0.0
    if share[best] >= 0.2 and share[best] >= 2 * runner_up:
        return best
    return None


def detect_language(text: str, name: str = "<text>") -> str:
    """The code of the article's language pack, or an InputError naming the supported languages."""
    if code := _clear_case(text[:3000]):
        return code
    sample = text[:1500]
    scores = {code: simplemma.in_target_language(sample, lang=code) for code in SUPPORTED}
    best = max(SUPPORTED, key=lambda code: scores[code])
    if scores[best] >= MIN_SHARE:
        return best
    raise InputError(
        f"{name}: the text is not in a supported language (supported: {', '.join(SUPPORTED)}; "
        f"best match {best} with {scores[best]:.0%} of words known); pass --lang to override"
    )


def check_language(code: str, name: str = "<text>") -> str:
    code = code.strip().lower()
    if code not in SUPPORTED:
        raise InputError(f"{name}: language {code!r} is not supported; use one of {', '.join(SUPPORTED)}")
    return code

"""Which language an article is in. Only the languages with lexicons are accepted."""

from __future__ import annotations

import simplemma

from conflictkg.errors import InputError

SUPPORTED = ("nl", "en")
# Languages we can recognise well enough to name in the error, though we cannot extract them.
_RECOGNISED = SUPPORTED + ("de", "fr", "es", "it", "pt", "pl", "ru", "uk", "sv", "da", "tr")


def detect_language(text: str, name: str = "<text>") -> str:
    """Return 'nl' or 'en', or raise InputError naming the language found and those supported."""
    sample = text[:20000]
    scores = dict(simplemma.langdetect(sample, lang=_RECOGNISED))
    best = max(_RECOGNISED, key=lambda code: scores.get(code, 0.0))
    if best in SUPPORTED and scores[best] >= 0.3:
        return best
    found = f"it reads as {best!r}" if scores.get(best, 0) >= 0.3 else "its language is not recognised"
    raise InputError(
        f"{name}: {found}; supported languages are {', '.join(SUPPORTED)} "
        "(pass --lang to override)"
    )


def check_language(code: str, name: str = "<text>") -> str:
    code = code.strip().lower()
    if code not in SUPPORTED:
        raise InputError(f"{name}: language {code!r} is not supported; use one of {', '.join(SUPPORTED)}")
    return code

"""Deterministic ids: the same input always yields the same id, so reloading changes nothing."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any, Final

_NON_SLUG: Final = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case and strip accents: 'Élysée' -> 'elysee'. Used for slugs and search keys."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# Slugs made so far: an article names the same actors and places many times, and articles the
# same ones again. Bounded, so a long-running process's memory is too.
_SLUGS: Final[dict[str, str]] = {}
_SLUGS_LIMIT: Final = 65536


def slug(text: str) -> str:
    """'Emmanuel Macron' -> 'emmanuel-macron'; 'Élysée Palace' -> 'elysee-palace'."""
    s = _SLUGS.get(text)
    if s is not None:
        return s
    s = _NON_SLUG.sub("-", fold(text)).strip("-")
    if not s:
        raise ValueError(f"cannot make an id from {text!r}: it has no letters or digits")
    if len(_SLUGS) >= _SLUGS_LIMIT:
        _SLUGS.clear()
    _SLUGS[text] = s
    return s


def normalize_article_text(text: str) -> str:
    """The form of an article's text that its id hashes: NFC, unified newlines, trimmed."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def article_id(text: str) -> str:
    digest = hashlib.sha256(normalize_article_text(text).encode("utf-8")).hexdigest()
    return f"sha256:{digest}"


def entity_id(prefix: str, name: str) -> str:
    """Ids of named things (actors, locations): the prefix and a slug of the canonical name."""
    return f"{prefix}:{slug(name)}"


def _canonical_encoder() -> Callable[[object], str]:
    """What json.dumps(sort_keys=True, ensure_ascii=False, default=str) gives, from one encoder
    made once: dumps makes a new one per call, and its Python layers cost more than the C encoder
    underneath, which is called here directly when the interpreter has it."""
    fallback = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str).encode
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return fallback
    try:
        # the arguments JSONEncoder.iterencode gives it: no circular check (keys hold no cycles),
        # default, string encoder, indent, separators, sort_keys, skipkeys, allow_nan
        encode = make(None, str, json.encoder.encode_basestring, None, ": ", ", ", True, False, True)
    except TypeError:  # another interpreter's signature
        return fallback
    return lambda value: "".join(encode(value, 0))


_CANONICAL: Final = _canonical_encoder()


def event_id(prefix: str, **key_fields: Any) -> str:
    """Ids of events: a hash of the fields that make the event what it is (not of its wording)."""
    canonical = _CANONICAL(key_fields)
    return f"{prefix}:{hashlib.sha256(canonical.encode('utf-8')).hexdigest()[:16]}"

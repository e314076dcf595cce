"""Imported once by the process pool's fork server (ingest.corpus): loads the extractor and warms
its per-language caches (lexicons, gazetteer, GeoNames index, date parsing), so every worker forked from it
starts ready instead of paying seconds of imports and lexicon loading each."""

from __future__ import annotations

from contextlib import suppress

from conflictkg.errors import ConflictKGError
from conflictkg.loaders.extract import extract_text
from conflictkg.loaders.geonames import geonames

_SAMPLES = {
    "en": "date 2025-03-18\nRussian drones struck Kharkiv on Tuesday, killing two people, the governor said.",
    "nl": "date 2025-03-18\nRussische drones troffen dinsdag Charkiv, waarbij twee mensen omkwamen, zei de gouverneur.",
}


def warm() -> None:
    for language, text in _SAMPLES.items():
        with suppress(ConflictKGError):  # a warm-up, not a check
            extract_text(text, name="<warm-up>", language=language)
    # the samples name places of the project's own table; the GeoNames index is only read when a
    # name is not there, so load it here rather than once in every worker
    geonames()


warm()

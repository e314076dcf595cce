"""The languages the extractor reads: those with a language pack, a folder loaders/lexicons/<code>/
holding its cues and function words (see loaders/lexicons/README.md).

A module of its own, which reads only folder names and imports nothing of the extractor (not even
its package), so that the API's models and the client can name the languages cheaply.
"""

import os
from importlib.util import find_spec
from pathlib import Path

# Files every language pack has; a folder without them (conflicts/) is no language.
_PACK_FILES = ("cues.tsv", "function_words.tsv")


def _lexicon_folder() -> Path | None:
    """CONFLICTKG_LEXICON_DIR when it is a lexicon folder (loaders.lexicon refuses one that is
    not, with its own message), else the package's lexicons."""
    folder = os.environ.get("CONFLICTKG_LEXICON_DIR")
    if folder and (Path(folder) / "places.tsv").is_file():
        return Path(folder)
    spec = find_spec("conflictkg.loaders")  # the package's location, without importing it
    locations = list(spec.submodule_search_locations or []) if spec else []
    return Path(locations[0]) / "lexicons" if locations else None


def _language_packs() -> tuple[str, ...]:
    root = _lexicon_folder()
    if root is None or not root.is_dir():
        return ()
    codes = [entry.name for entry in root.iterdir()
             if entry.is_dir() and all((entry / f).is_file() for f in _PACK_FILES)]
    # Dutch first, as the project began with Dutch news; the others in alphabetical order
    return tuple(sorted(codes, key=lambda c: (c != "nl", c)))


SUPPORTED: tuple[str, ...] = _language_packs()

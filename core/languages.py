"""The languages the extractor reads: those with a language pack, a folder loaders/lexicons/<code>/
holding its cues and function words (see loaders/lexicons/README.md).

A module of its own, which reads only the folder names, so that the API's models and the client
can name the languages without loading the extractor (and its dictionaries).
"""

import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

# Files every language pack has; a folder without them (conflicts/) is no language.
_PACK_FILES = ("cues.tsv", "function_words.tsv")


def _language_packs() -> tuple[str, ...]:
    # the folder CONFLICTKG_LEXICON_DIR names, as the extractor reads (loaders.lexicon), else the package's
    folder = os.environ.get("CONFLICTKG_LEXICON_DIR")
    root: Traversable = Path(folder) if folder else resources.files("conflictkg.loaders").joinpath("lexicons")
    codes = [entry.name for entry in root.iterdir()
             if entry.is_dir() and all(entry.joinpath(f).is_file() for f in _PACK_FILES)]
    # Dutch first, as the project began with Dutch news; the others in alphabetical order
    return tuple(sorted(codes, key=lambda c: (c != "nl", c)))


SUPPORTED: tuple[str, ...] = _language_packs()

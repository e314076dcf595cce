"""Compiled modules beside their sources, used only while they match them: the guard of every
package tools/build_native.py compiles with mypyc (`conflictkg.loaders`, `conflictkg.graph`).

The build writes a manifest, `native.json`, of the sources it compiled. A package's `__init__`
calls `guard`: the compiled modules are used only while every source still matches that manifest
and it was built for this Python. Otherwise all the package's modules are imported from source (a
mix of compiled and source modules would call the stale compiled code, which calls its own group
directly) and the package warns once, so an edit always takes effect. An environment variable per
package runs the sources on purpose (to profile or debug them).
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


def source_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sources_asked(variable: str) -> bool:
    return os.environ.get(variable, "").lower() in ("1", "true", "yes")


def compiled_here(folder: Path) -> bool:
    return any(p.name.endswith(tuple(EXTENSION_SUFFIXES)) for p in folder.iterdir())


def native_state(folder: Path, sources: list[Path], variable: str, compiled: bool) -> tuple[bool, str]:
    """(whether the compiled modules run, why in words), given the sources the build compiles and
    whether there are any compiled modules beside them."""
    if sources_asked(variable):
        return False, f"the Python sources, as {variable} asks"
    if not compiled:
        return False, "not compiled (tools/build_native.py compiles it)"
    try:
        manifest = json.loads((folder / "native.json").read_text())
    except (OSError, ValueError):
        return False, "compiled modules without a readable native.json"
    if not manifest.get("compiled"):
        return False, f"the last build failed ({manifest.get('error')})"
    if manifest.get("python") != sys.implementation.cache_tag:
        return False, f"native.json is for {manifest.get('python')}, not a build for this Python"
    current = {p.name: source_digest(p) for p in sources}
    changed = sorted(set(current.items()) ^ set(manifest.get("sources", {}).items()))
    if changed:
        names = ", ".join(sorted({name for name, _ in changed}))
        return False, f"compiled modules are older than their sources ({names})"
    return True, "compiled with mypyc"


class SourcesFirst(MetaPathFinder):
    """Imports a package's modules from their .py files, ahead of compiled ones beside them."""

    def __init__(self, package: str, folder: Path) -> None:
        self.package, self.folder = package, folder

    def find_spec(self, fullname: str, path: object = None, target: ModuleType | None = None) -> ModuleSpec | None:
        package, _, name = fullname.rpartition(".")
        source = self.folder / f"{name}.py"
        if package != self.package or not source.is_file():
            return None
        return spec_from_file_location(fullname, source)


def guard(package: str, folder: Path, sources: list[Path], variable: str, what: str) -> tuple[bool, str]:
    """Decide once, on the package's import, whether its compiled modules run; when they must not,
    import its modules from source (and say why, unless `variable` asked for it). `what` names the
    compiled part in the warning ("the compiled extractor")."""
    compiled = compiled_here(folder)
    native, state = native_state(folder, sources, variable, compiled)
    if not native and compiled:
        # a compiled module beside its source must not be loaded: every module comes from source
        sys.meta_path.insert(0, SourcesFirst(package, folder))
        if not sources_asked(variable):
            # stacklevel: the package's import, past this function and the package's __init__
            warnings.warn(f"{package} runs from its Python sources: {state}; `make native` rebuilds {what}",
                          RuntimeWarning, stacklevel=3)
    return native, state

"""Compile the extractor (`conflictkg.loaders`) with mypyc: about 1.6 times as fast as the Python sources.

The extraction modules are plain, fully typed Python; mypyc turns them into C extension modules,
built here next to their sources (`loaders/*.so`, ignored by git) with a manifest,
`loaders/native.json`, of the source files they were built from. `conflictkg.loaders` uses the
compiled modules only while every source still matches the manifest; after an edit it imports the
sources and says so once (see loaders/__init__.py), so a stale build never runs.

    python tools/build_native.py           # build (`make native`; `make install` runs it)
    python tools/build_native.py --clean   # remove the compiled modules: the sources run

A machine without a C compiler keeps the Python sources: the build says why and exits 0, and the
manifest records the failure, so `make` does not try again until a source changes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
import tomllib
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from typecheck import ROOT, build_tree  # the same package-shaped tree of links mypy reads

with warnings.catch_warnings():  # a stale build is what this tool replaces: no need to say so
    warnings.simplefilter("ignore", RuntimeWarning)
    from conflictkg.loaders import compiled_sources, source_digest

LOADERS = ROOT / "loaders"
OUT = ROOT / "build" / "native"
GROUP = "conflictkg.loaders.compiled"  # the shared library of the compiled modules


def compiled_files() -> list[Path]:
    return sorted(p for p in LOADERS.iterdir() if p.suffix in (".so", ".pyd"))


def clean() -> None:
    for path in compiled_files():
        path.unlink()
    (LOADERS / "native.json").unlink(missing_ok=True)


def _mypy_config() -> Path:
    """The project's mypy settings, minus the warning about sections for modules not compiled."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    lines = ["[mypy]"]
    for key, value in settings.items():
        if key == "overrides":
            continue
        if key == "warn_unused_configs":
            value = False
        lines.append(f"{key} = {', '.join(value) if isinstance(value, list) else str(value).lower()}")
    for override in settings.get("overrides", []):
        lines.append(f"[mypy-{','.join(override['module'])}]")
        lines += [f"{k} = {str(v).lower()}" for k, v in override.items() if k != "module"]
    path = OUT / "mypy.ini"
    path.write_text("\n".join(lines) + "\n")
    return path


def build() -> str | None:
    """Compile into build/native and copy the modules next to their sources; the error, or None."""
    try:
        from mypyc.build import mypycify
        from setuptools import setup
    except ImportError as exc:
        return f"{exc} (mypyc comes with mypy, in the test extras)"
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    tree = build_tree().parent  # build/typecheck: conflictkg/loaders/*.py are links to the sources
    paths = [f"conflictkg/loaders/{p.name}" for p in compiled_sources(LOADERS)]
    cwd = Path.cwd()
    os.chdir(tree)
    try:
        modules = mypycify([f"--config-file={_mypy_config()}", *paths], opt_level="3", multi_file=True,
                           group_name=GROUP, target_dir=str(OUT / "c"))
        for module in modules:  # mypyc writes a dotted group's headers into the group's package folder
            module.include_dirs.append(str(OUT / "c" / Path(*GROUP.split(".")[:-1])))
        setup(name="conflictkg-native", ext_modules=modules, script_args=[
            "-q", "build_ext", "--build-lib", str(OUT / "lib"), "--build-temp", str(OUT / "tmp"),
            "--parallel", str(os.cpu_count() or 1)])
    except (SystemExit, Exception) as exc:  # setuptools reports a failed compiler with SystemExit
        return f"{type(exc).__name__}: {exc}"
    finally:
        os.chdir(cwd)
    clean()
    for built in (OUT / "lib" / "conflictkg" / "loaders").iterdir():
        shutil.copy2(built, LOADERS / built.name)
    return None


def write_manifest(error: str | None) -> None:
    manifest = {"compiled": error is None, "error": error, "python": sys.implementation.cache_tag,
                "sources": {p.name: source_digest(p) for p in compiled_sources(LOADERS)}}
    (LOADERS / "native.json").write_text(json.dumps(manifest, indent=1) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clean", action="store_true", help="remove the compiled modules")
    args = parser.parse_args()
    if args.clean:
        clean()
        print("compiled extraction modules removed: the Python sources run")
        return 0
    start = time.monotonic()
    print(f"compiling {len(compiled_sources(LOADERS))} extraction modules with mypyc (a minute or two) ...", flush=True)
    error = build()
    if error is not None:
        clean()
    write_manifest(error)
    if error is not None:
        print(f"could not compile the extractor, the Python sources run (about 1.6 times slower): {error}",
              file=sys.stderr)
        return 0
    print(f"compiled {len(compiled_files()) - 1} modules in {time.monotonic() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

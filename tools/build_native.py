"""Compile the extractor and cross-article resolution with mypyc, beside their Python sources.

The extractor (`conflictkg.loaders`) and the resolution modules of `conflictkg.graph` (those
`conflictkg.graph.compiled_sources` lists) are plain, fully typed Python; mypyc turns them into C
extension modules, built here next to their sources (`loaders/*.so`, `graph/*.so`, ignored by git)
with a manifest per package, `native.json`, of the source files they were built from. Each package
uses its compiled modules only while every source still matches its manifest; after an edit it
imports the sources and says so once (see conflictkg.native), so a stale build never runs.

    python tools/build_native.py [loaders|graph ...]           # build (`make native`; `make install` runs it)
    python tools/build_native.py [loaders|graph ...] --clean   # remove the compiled modules: the sources run

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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from typecheck import ROOT, build_tree  # the same package-shaped tree of links mypy reads

with warnings.catch_warnings():  # a stale build is what this tool replaces: no need to say so
    warnings.simplefilter("ignore", RuntimeWarning)
    import conflictkg.graph
    import conflictkg.loaders
    from conflictkg.native import source_digest


@dataclass(frozen=True)
class Package:
    """A package compiled as one mypyc group, beside its sources."""

    folder: str  # in the checkout, and its name under conflictkg
    sources: Callable[[Path], list[Path]]  # the modules it compiles (the package checks the same list)
    what: str  # in messages

    @property
    def path(self) -> Path:
        return ROOT / self.folder

    @property
    def group(self) -> str:  # the shared library of the compiled modules
        return f"conflictkg.{self.folder}.compiled"

    @property
    def out(self) -> Path:
        return ROOT / "build" / "native" / self.folder


PACKAGES = {
    "loaders": Package("loaders", conflictkg.loaders.compiled_sources, "the extractor"),
    "graph": Package("graph", conflictkg.graph.compiled_sources, "cross-article resolution"),
}


def compiled_files(package: Package) -> list[Path]:
    return sorted(p for p in package.path.iterdir() if p.suffix in (".so", ".pyd"))


def clean(package: Package) -> None:
    for path in compiled_files(package):
        path.unlink()
    (package.path / "native.json").unlink(missing_ok=True)


def _mypy_config(out: Path) -> Path:
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
    path = out / "mypy.ini"
    path.write_text("\n".join(lines) + "\n")
    return path


def build(package: Package) -> str | None:
    """Compile into build/native/<package> and copy the modules next to their sources; the error,
    or None."""
    try:
        from mypyc.build import mypycify
        from setuptools import setup
    except ImportError as exc:
        return f"{exc} (mypyc comes with mypy, in the test extras)"
    out = package.out
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    tree = build_tree().parent  # build/typecheck: conflictkg/<package>/*.py are links to the sources
    paths = [f"conflictkg/{package.folder}/{p.name}" for p in package.sources(package.path)]
    cwd = Path.cwd()
    os.chdir(tree)
    try:
        modules = mypycify([f"--config-file={_mypy_config(out)}", *paths], opt_level="3", multi_file=True,
                           group_name=package.group, target_dir=str(out / "c"))
        for module in modules:  # mypyc writes a dotted group's headers into the group's package folder
            module.include_dirs.append(str(out / "c" / Path(*package.group.split(".")[:-1])))
        setup(name=f"conflictkg-native-{package.folder}", ext_modules=modules, script_args=[
            "-q", "build_ext", "--build-lib", str(out / "lib"), "--build-temp", str(out / "tmp"),
            "--parallel", str(os.cpu_count() or 1)])
    except (SystemExit, Exception) as exc:  # setuptools reports a failed compiler with SystemExit
        return f"{type(exc).__name__}: {exc}"
    finally:
        os.chdir(cwd)
    clean(package)
    for built in (out / "lib" / "conflictkg" / package.folder).iterdir():
        shutil.copy2(built, package.path / built.name)
    return None


def write_manifest(package: Package, error: str | None) -> None:
    manifest = {"compiled": error is None, "error": error, "python": sys.implementation.cache_tag,
                "sources": {p.name: source_digest(p) for p in package.sources(package.path)}}
    (package.path / "native.json").write_text(json.dumps(manifest, indent=1) + "\n")


def compile_package(package: Package) -> None:
    start = time.monotonic()
    count = len(package.sources(package.path))
    print(f"compiling {package.what} ({count} modules) with mypyc (a minute or two) ...", flush=True)
    error = build(package)
    if error is not None:
        clean(package)
    write_manifest(package, error)
    if error is not None:
        print(f"could not compile {package.what}, the Python sources run (slower): {error}", file=sys.stderr)
        return
    print(f"compiled {len(compiled_files(package)) - 1} modules in {time.monotonic() - start:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("packages", nargs="*", metavar="PACKAGE", help=f"{' or '.join(PACKAGES)} (default: both)")
    parser.add_argument("--clean", action="store_true", help="remove the compiled modules")
    args = parser.parse_args()
    if unknown := set(args.packages) - PACKAGES.keys():
        parser.error(f"no such package: {', '.join(sorted(unknown))} (choose from {', '.join(PACKAGES)})")
    for name in args.packages or list(PACKAGES):
        package = PACKAGES[name]
        if args.clean:
            clean(package)
            print(f"compiled modules of {package.what} removed: the Python sources run")
        else:
            compile_package(package)
    return 0


if __name__ == "__main__":
    sys.exit(main())

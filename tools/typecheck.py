"""Run mypy on the package as it is imported: `conflictkg.graph`, `conflictkg.api`, …

The top-level folders are mapped under the import root `conflictkg` by setuptools' package-dir
(pyproject.toml). mypy knows modules only by their place on disk, so this builds a tree of
symbolic links in that shape under build/typecheck (from the same mapping, so the two cannot
drift) and checks it; the settings are mypy's section of pyproject.toml.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TREE = ROOT / "build" / "typecheck"


def build_tree() -> Path:
    mapping: dict[str, str] = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-dir"]
    shutil.rmtree(TREE, ignore_errors=True)
    root_dir = ROOT / mapping["conflictkg"]
    package = TREE / "conflictkg"
    package.mkdir(parents=True)
    for entry in root_dir.iterdir():
        if entry.suffix == ".py":
            (package / entry.name).symlink_to(entry)
    for name, folder in mapping.items():
        if name != "conflictkg":
            (TREE / name.replace(".", "/")).symlink_to(ROOT / folder, target_is_directory=True)
    return package


def main() -> int:
    build_tree()
    cmd = [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), "-p", "conflictkg"]
    return subprocess.call(cmd, cwd=TREE)


if __name__ == "__main__":
    sys.exit(main())

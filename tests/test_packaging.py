"""One distribution, one import root: the folders install under `conflictkg.`, with their data."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def test_top_level_folders_are_not_importable_outside_the_checkout(tmp_path: Path) -> None:
    for name in ("api", "graph", "loaders", "client", "core", "ingest", "imports", "evaluation"):
        probe = subprocess.run([sys.executable, "-c", f"import {name}"], cwd=tmp_path, capture_output=True, text=True)
        assert probe.returncode != 0 and "ModuleNotFoundError" in probe.stderr, name
    ok = subprocess.run(
        [
            sys.executable,
            "-c",
            "import conflictkg.api.models, conflictkg.graph.model, conflictkg.loaders.extract, conflictkg.client",
        ],
        cwd=tmp_path, capture_output=True, text=True,
    )
    assert ok.returncode == 0, ok.stderr


@pytest.mark.slow
def test_wheel_carries_the_data_files(tmp_path: Path) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = tmp_path.glob("conflictkg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "conflictkg/cypher/upserts.cypher",
        "conflictkg/ingest/service.py",
        "conflictkg/imports/acled.py",
        "conflictkg/cypher/imports.cypher",
        "conflictkg/evaluation/scoring.py",
        "conflictkg/loaders/lexicons/places.tsv",
        "conflictkg/loaders/lexicons/nl/cues.tsv",
        "conflictkg/loaders/lexicons/en/roles.tsv",
        "conflictkg/loaders/lexicons/cue_categories.tsv",
        "conflictkg/loaders/lexicons/conflicts/russia-ukraine/places.tsv",
        "conflictkg/loaders/lexicons/conflicts/russia-ukraine/en/cues.tsv",
        "conflictkg/loaders/lexicons/conflicts/sudan/organizations.tsv",
        "conflictkg/localdb/pom.xml",
        "conflictkg/cli.py",
    ):
        assert required in names, required
    assert not [
        n
        for n in names
        if n.split("/")[0] in ("api", "graph", "loaders", "client", "core", "ingest", "imports", "evaluation",
                               "tests")
    ]


def test_one_module_one_name_under_pytest() -> None:
    """The tests import the package as installed: the checkout's folders are not on sys.path, so
    `import api` cannot load a second copy of `conflictkg.api` beside it."""
    root = str(ROOT)
    assert root not in sys.path and "" not in sys.path and "." not in sys.path
    for name in ("api", "graph", "loaders", "ingest"):
        with pytest.raises(ModuleNotFoundError):
            __import__(name)


def test_evaluation_dependencies_are_an_extra() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert not [d for d in project["dependencies"] if d.lower().startswith("pyyaml")]
    assert any(d.lower().startswith("pyyaml") for d in project["optional-dependencies"]["evaluation"])

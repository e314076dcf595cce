"""The compiled extractor (tools/build_native.py): used when it matches its sources, never when stale."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

import conflictkg.loaders as loaders

PACKAGE = Path(loaders.__file__).resolve().parent


def test_a_build_that_matches_its_sources_runs_compiled() -> None:
    """Where the build compiled the extractor (`make test` does), the compiled modules are the
    ones imported, and they give the graph the sources give (tests/test_extract_* run on them)."""
    manifest_path = PACKAGE / "native.json"
    if not manifest_path.exists():
        pytest.skip("the extractor is not compiled here (make native)")
    manifest = json.loads(manifest_path.read_text())
    if not manifest["compiled"]:
        pytest.skip(f"the build could not compile: {manifest['error']}")
    assert loaders.NATIVE, loaders.NATIVE_STATE
    import conflictkg.loaders.cues as cues
    import conflictkg.loaders.extract as extract

    for module in (cues, extract):
        assert module.__file__ is not None and module.__file__.endswith(tuple(EXTENSION_SUFFIXES))
    doc = extract.extract_text("date 2025-03-27\nRussian drones struck Odesa on Tuesday, killing two people.",
                               language="en")
    assert any(n.label == "Attack" for n in doc.nodes)


def _package(tmp_path: Path, digest: str) -> Path:
    """A package shaped like conflictkg.loaders: its real __init__, one module, an extension beside
    it (not a loadable one: a stale build must never be loaded) and a manifest."""
    folder = tmp_path / "conflictkg" / "loaders"
    folder.mkdir(parents=True)
    (tmp_path / "conflictkg" / "__init__.py").write_text("")
    (folder / "__init__.py").write_text((PACKAGE / "__init__.py").read_text())
    (folder / "rules.py").write_text("VALUE = 'from source'\n")
    (folder / f"rules{EXTENSION_SUFFIXES[0]}").write_bytes(b"not an extension module")
    manifest = {"compiled": True, "error": None, "python": sys.implementation.cache_tag,
                "sources": {"rules.py": digest}}
    (folder / "native.json").write_text(json.dumps(manifest))
    return tmp_path


def _import_rules(root: Path) -> subprocess.CompletedProcess[str]:
    code = "import conflictkg.loaders.rules as r; print(r.VALUE, r.__file__.endswith('.py'))"
    # -S: no site-packages, so the installed conflictkg cannot answer instead of this one
    return subprocess.run([sys.executable, "-S", "-c", code], cwd=root, capture_output=True, text=True,
                          env={"PYTHONPATH": str(root)}, timeout=60)


def test_an_edited_source_is_imported_instead_of_its_stale_build(tmp_path: Path) -> None:
    root = _package(tmp_path, "0" * 64)
    run = _import_rules(root)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["from", "source", "True"]
    assert "older than their sources (rules.py)" in run.stderr and "make native" in run.stderr


def test_a_build_for_another_python_is_not_loaded(tmp_path: Path) -> None:
    import hashlib

    root = _package(tmp_path, "")
    folder = root / "conflictkg" / "loaders"
    manifest = json.loads((folder / "native.json").read_text())
    manifest["sources"]["rules.py"] = hashlib.sha256((folder / "rules.py").read_bytes()).hexdigest()
    manifest["python"] = "cpython-19"
    (folder / "native.json").write_text(json.dumps(manifest))
    run = _import_rules(root)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["from", "source", "True"]
    assert "not a build for this Python" in run.stderr


def test_the_compiled_extractor_gives_the_graphs_the_sources_give() -> None:
    """Twenty real articles of both languages, extracted compiled and from source: the same JSON."""
    if not loaders.NATIVE:
        pytest.skip(f"the extractor does not run compiled here: {loaders.NATIVE_STATE}")
    real = Path(__file__).resolve().parent / "real" / "tuning"
    articles = sorted(real.glob("*.txt"))[::3][:20]
    code = ("import sys, hashlib; from pathlib import Path; from conflictkg.loaders.extract import extract_file; "
            "print(hashlib.sha256(b''.join(extract_file(Path(p)).model_dump_json().encode() "
            "for p in sys.argv[1:])).hexdigest())")
    digests = []
    for sources in ("", "1"):
        env = {**os.environ, "CONFLICTKG_EXTRACTOR_SOURCES": sources}
        run = subprocess.run([sys.executable, "-c", code, *map(str, articles)], capture_output=True, text=True,
                             env=env, timeout=300)
        assert run.returncode == 0, run.stderr
        digests.append(run.stdout.strip())
    assert len(articles) == 20 and digests[0] == digests[1]

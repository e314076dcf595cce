"""The compiled extractor and resolution modules (tools/build_native.py): used when they match
their sources, never when stale, and giving what the sources give."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path
from types import ModuleType

import neo4j
import pytest

import conflictkg.graph as graph
import conflictkg.loaders as loaders
import conflictkg.native as native
from conflictkg.settings import Settings
from tests.conftest import event_graph, neo4j_env, wipe

ROOT = Path(__file__).resolve().parent.parent
# the package, and a module of it the build compiles (the stand-in of the tests below)
PACKAGES = {"loaders": (loaders, "rules"), "graph": (graph, "ids")}


def _skip_unless_compiled(package: ModuleType) -> None:
    """Where the build compiled the package (`make test` does), its compiled modules must run."""
    manifest_path = Path(package.__file__ or "").resolve().parent / "native.json"
    if not manifest_path.exists():
        pytest.skip(f"{package.__name__} is not compiled here (make native)")
    manifest = json.loads(manifest_path.read_text())
    if not manifest["compiled"]:
        pytest.skip(f"the build could not compile: {manifest['error']}")
    assert package.NATIVE, package.NATIVE_STATE


def _is_compiled(module: ModuleType) -> bool:
    return module.__file__ is not None and module.__file__.endswith(tuple(EXTENSION_SUFFIXES))


def test_a_build_that_matches_its_sources_runs_compiled() -> None:
    """The compiled extractor is the one imported, and gives the graph the sources give
    (tests/test_extract_* run on it)."""
    _skip_unless_compiled(loaders)
    import conflictkg.loaders.cues as cues
    import conflictkg.loaders.extract as extract

    assert _is_compiled(cues) and _is_compiled(extract)
    doc = extract.extract_text("date 2025-03-27\nRussian drones struck Odesa on Tuesday, killing two people.",
                               language="en")
    assert any(n.label == "Attack" for n in doc.nodes)


def test_the_resolution_modules_run_compiled_where_built() -> None:
    """The resolution modules the build compiles are the ones imported (tests/test_resolution*
    and tests/test_pipeline run on them); the rest of conflictkg.graph stays Python."""
    _skip_unless_compiled(graph)
    import conflictkg.graph.dates as dates
    import conflictkg.graph.matching as matching
    import conflictkg.graph.resolve_tx as resolve_tx
    import conflictkg.graph.resolver as resolver

    assert _is_compiled(matching) and _is_compiled(resolver) and _is_compiled(resolve_tx)
    assert not _is_compiled(dates)  # a pydantic model
    assert {p.name for p in graph.compiled_sources()} >= {"matching.py", "resolver.py", "claims.py"}


def _package(tmp_path: Path, name: str, digest: str) -> tuple[Path, str]:
    """A package shaped like conflictkg.<name>: its real __init__ and guard, one module the build
    compiles, an extension beside it (not a loadable one: a stale build must never be loaded) and a
    manifest."""
    package, module = PACKAGES[name]
    folder = tmp_path / "conflictkg" / name
    folder.mkdir(parents=True)
    (tmp_path / "conflictkg" / "__init__.py").write_text("")
    (tmp_path / "conflictkg" / "native.py").write_text(Path(native.__file__).read_text())
    (folder / "__init__.py").write_text(Path(package.__file__ or "").read_text())
    (folder / f"{module}.py").write_text("VALUE = 'from source'\n")
    (folder / f"{module}{EXTENSION_SUFFIXES[0]}").write_bytes(b"not an extension module")
    manifest = {"compiled": True, "error": None, "python": sys.implementation.cache_tag,
                "sources": {f"{module}.py": digest}}
    (folder / "native.json").write_text(json.dumps(manifest))
    return tmp_path, f"conflictkg.{name}.{module}"


def _import(root: Path, module: str) -> subprocess.CompletedProcess[str]:
    code = f"import {module} as r; print(r.VALUE, r.__file__.endswith('.py'))"
    # -S: no site-packages, so the installed conflictkg cannot answer instead of this one
    return subprocess.run([sys.executable, "-S", "-c", code], cwd=root, capture_output=True, text=True,
                          env={"PYTHONPATH": str(root)}, timeout=60)


@pytest.mark.parametrize("name", PACKAGES)
def test_an_edited_source_is_imported_instead_of_its_stale_build(tmp_path: Path, name: str) -> None:
    root, module = _package(tmp_path, name, "0" * 64)
    run = _import(root, module)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["from", "source", "True"]
    assert f"conflictkg.{name} runs from its Python sources" in run.stderr
    assert f"older than their sources ({module.rpartition('.')[2]}.py)" in run.stderr
    assert "make native" in run.stderr


@pytest.mark.parametrize("name", PACKAGES)
def test_a_build_for_another_python_is_not_loaded(tmp_path: Path, name: str) -> None:
    root, module = _package(tmp_path, name, "")
    folder = root / "conflictkg" / name
    source = module.rpartition(".")[2] + ".py"
    manifest = json.loads((folder / "native.json").read_text())
    manifest["sources"][source] = hashlib.sha256((folder / source).read_bytes()).hexdigest()
    manifest["python"] = "cpython-19"
    (folder / "native.json").write_text(json.dumps(manifest))
    run = _import(root, module)
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


@pytest.mark.slow
def test_the_compiled_resolution_loads_the_graph_the_sources_load(db: neo4j.Driver, settings: Settings) -> None:
    """The cross-article set loaded by `conflictkg load` (batches of four: the pipelined writer and
    its resolution cache) with the compiled resolution modules, then from source: the same event
    nodes, with the same dates, status and figures, and the same reports with the same rules."""
    if not graph.NATIVE:
        pytest.skip(f"resolution does not run compiled here: {graph.NATIVE_STATE}")
    graphs = []
    for sources in ("", "1"):
        wipe(db, settings.neo4j_database)
        env = {**os.environ, **neo4j_env(settings), graph.SOURCES_VARIABLE: sources}
        run = subprocess.run([sys.executable, "-c", "from conflictkg.cli import app; app()", "load",
                              str(ROOT / "tests" / "crossdoc"), "--jobs", "1", "--batch-size", "4"],
                             capture_output=True, text=True, env=env, timeout=300)
        assert run.returncode == 0, run.stdout + run.stderr
        graphs.append(event_graph(db))
    (nodes, reports), (source_nodes, source_reports) = graphs
    assert nodes == source_nodes and reports == source_reports
    assert len(reports) > len(nodes) > 0  # articles that report one event joined one node

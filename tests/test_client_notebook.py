"""examples/analyst.ipynb, executed by a real Jupyter kernel against the live API (uvicorn in a
thread over the test Neo4j, emptied first), with the URL and key in the kernel's environment."""

from __future__ import annotations

from typing import Any

import nbformat
import neo4j
import pytest
from nbclient import NotebookClient

from conflictkg.settings import Settings
from tests.api_support import API_KEY, ROOT
from tests.client_support import serve

NOTEBOOK = ROOT / "examples" / "analyst.ipynb"

pytestmark = pytest.mark.slow


def read() -> Any:
    return nbformat.read(NOTEBOOK, as_version=4)


def text(cell: Any) -> str:
    """Everything a cell printed or showed as text."""
    parts: list[str] = []
    for output in cell.outputs:
        assert output.output_type != "error", "\n".join(output.traceback)
        if output.output_type == "stream":
            parts.append(output.text)
        elif "data" in output:
            parts.append(output.data.get("text/plain", ""))
            parts.append(output.data.get("text/html", ""))
    return "\n".join(parts)


def test_committed_notebook_has_no_outputs() -> None:
    notebook = read()
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.id


def test_notebook_runs_against_the_live_api(
    db: neo4j.Driver, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    notebook = read()
    with serve(settings) as base:
        # The kernel inherits this process's environment.
        monkeypatch.setenv("CONFLICTKG_URL", base)
        monkeypatch.setenv("CONFLICTKG_API_KEY", API_KEY)
        monkeypatch.delenv("MPLBACKEND", raising=False)
        client = NotebookClient(notebook, timeout=240, kernel_name="python3",
                                resources={"metadata": {"path": str(NOTEBOOK.parent)}})
        client.execute()

    cells = {cell.id: cell for cell in notebook.cells if cell.cell_type == "code"}
    assert f"Client({base!r}, api_key=set)" in text(cells["connect"])
    assert "The graph is empty." in text(cells["empty"])
    assert "created=True" in text(cells["add-article"])

    timeline = text(cells["timeline"])
    assert "Black Sea shipping agreement" in timeline and "accusation" in timeline
    assert "<table" in timeline  # a DataFrame, shown as a table

    violations = text(cells["violations"])
    assert "Black Sea shipping agreement (2025-05, agreed)" in violations
    assert "mediators: United States" in violations
    assert "Ukraine accuses Russia" in violations and "Russia accuses Ukraine" in violations
    assert "beschuldigen elkaar van schendingen" in violations  # the quote

    figures = [o for o in cells["network"].outputs if "image/png" in o.get("data", {})]
    assert len(figures) == 1, "the network cell draws one picture"
    assert "nodes" in text(cells["network"])

    cypher = text(cells["cypher"])
    assert "PARTY_TO" in cypher and "Russia" in cypher and "<table" in cypher
    assert "NotFound 404 no actor with id 'atlantis'" in text(cells["errors"])

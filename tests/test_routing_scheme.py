"""Loads and imports through the `neo4j://` routing scheme (what a cluster or Aura needs): the
driver asks the server for a routing table and sends writes to the leader. The local server
answers routing requests as a one-member cluster, so the same commands are tested against it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from typer.testing import CliRunner

from conflictkg.cli import app
from conflictkg.graph.connection import create_driver
from conflictkg.settings import Settings, get_settings
from tests.conftest import counts

ROOT = Path(__file__).parent.parent
runner = CliRunner()


@pytest.fixture
def routed(settings: Settings, cli_env: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    uri = settings.effective_uri.replace("bolt://", "neo4j://", 1)
    assert uri.startswith("neo4j://"), uri
    monkeypatch.setenv("NEO4J_URI", uri)
    get_settings.cache_clear()
    yield uri
    get_settings.cache_clear()


def test_load_and_import_through_the_routing_scheme(db: neo4j.Driver, settings: Settings, routed: str) -> None:
    with create_driver(settings.model_copy(update={"neo4j_uri": routed})) as driver:
        driver.verify_connectivity()
        table = driver.execute_query("CALL dbms.routing.getRoutingTable({}, $db)", db=settings.neo4j_database,
                                     routing_=neo4j.RoutingControl.READ).records[0]
        roles = {server["role"] for server in table["servers"]}
        assert {"WRITE", "READ", "ROUTE"} <= roles
    texts = [str(p) for p in sorted((ROOT / "tests" / "articles").glob("*.txt"))]
    loaded = runner.invoke(app, ["load", *texts, "--jobs", "2"])
    assert loaded.exit_code == 0, loaded.output
    n = len(texts)
    assert f"loaded {n} article(s): {n} new" in loaded.output
    imported = runner.invoke(app, ["import", "acled", str(ROOT / "tests" / "data" / "acled_sample.csv")])
    assert imported.exit_code == 1, imported.output  # the sample's four bad rows
    rows, _, _ = db.execute_query("MATCH (a:Article) RETURN count(a) AS articles")
    assert rows[0]["articles"] == n
    acled, _, _ = db.execute_query("MATCH (e)-[:RECORDED_IN]->(:Dataset) RETURN count(e) AS events")
    assert acled[0]["events"] == 13
    before = counts(db)
    again = runner.invoke(app, ["load", *texts])
    assert again.exit_code == 0 and counts(db) == before  # resumed through the router: nothing new

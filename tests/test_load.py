"""`conflictkg load`: articles to Neo4j, one transaction each, idempotent, one bad file not
stopping the others."""

from __future__ import annotations

import shutil
from pathlib import Path

import neo4j
import pytest
from typer.testing import CliRunner

from conflictkg.cli import app
from conflictkg.settings import get_settings
from tests.conftest import counts

ROOT = Path(__file__).parent.parent
SEED = ROOT / "examples" / "seed-nl-paris-summit.txt"
runner = CliRunner()


def test_loading_the_seed_twice_changes_nothing(db: neo4j.Driver, cli_env: None) -> None:
    first = runner.invoke(app, ["load", str(SEED)])
    assert first.exit_code == 0, first.output
    after_first = counts(db)
    assert after_first[0] > 20
    second = runner.invoke(app, ["load", str(SEED)])
    assert second.exit_code == 0
    assert counts(db) == after_first
    assert "1" in second.output  # one article, unchanged
    rows, _, _ = db.execute_query(
        "MATCH (:Actor {id: 'actor:united-states'})-[:MEDIATED]->(a:Agreement {topic: 'black_sea_shipping'}) "
        "RETURN count(a) AS n"
    )
    assert rows[0]["n"] == 1


def test_directory_with_a_bad_file(db: neo4j.Driver, cli_env: None, tmp_path: Path) -> None:
    for p in sorted((ROOT / "tests" / "articles").glob("en-*.txt"))[:2]:
        shutil.copy(p, tmp_path / p.name)
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01binary")
    result = runner.invoke(app, ["load", str(tmp_path)])
    assert result.exit_code == 1
    assert "broken.txt" in result.output and "binary" in result.output
    rows, _, _ = db.execute_query("MATCH (a:Article) RETURN count(a) AS n")
    assert rows[0]["n"] == 2


def test_cypher_command(db: neo4j.Driver, cli_env: None) -> None:
    result = runner.invoke(app, ["cypher", "RETURN $x + 1 AS one", "--param", "x=0", "--json"])
    assert result.exit_code == 0, result.output
    assert '"one": 1' in result.output
    result = runner.invoke(app, ["cypher", "RETURN nonsense("])
    assert result.exit_code == 1 and "query failed" in result.output


def test_unreachable_database_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")
    get_settings.cache_clear()
    try:
        result = runner.invoke(app, ["cypher", "RETURN 1"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1
    assert "not reachable" in result.output and "NEO4J_URI" in result.output

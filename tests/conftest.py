"""Shared fixtures: one real Neo4j per test session, and an empty database for each test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import neo4j
import pytest

from conflictkg.graph.connection import create_driver
from conflictkg.graph.schema import apply_schema
from conflictkg.settings import Settings, get_settings

pytest_plugins = ["tests.neo4j_server"]

if TYPE_CHECKING:
    from tests.neo4j_server import Neo4jTarget


@pytest.fixture(scope="session")
def settings(neo4j_target: Neo4jTarget) -> Settings:
    return neo4j_target.settings()


@pytest.fixture(scope="session")
def driver(settings: Settings) -> Iterator[neo4j.Driver]:
    drv = create_driver(settings)
    drv.verify_connectivity()
    apply_schema(drv, settings.neo4j_database)
    yield drv
    drv.close()


def wipe(drv: neo4j.Driver, database: str) -> None:
    # CALL … IN TRANSACTIONS needs an auto-commit transaction, hence session.run
    with drv.session(database=database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()


@pytest.fixture
def db(driver: neo4j.Driver, settings: Settings) -> neo4j.Driver:
    """The session's driver, on a database emptied before the test (schema kept)."""
    wipe(driver, settings.neo4j_database)
    return driver


def counts(drv: neo4j.Driver, database: str | None = None) -> tuple[int, int]:
    records, _, _ = drv.execute_query(
        "MATCH (n) WITH count(n) AS nodes OPTIONAL MATCH ()-[r]->() RETURN nodes, count(r) AS rels",
        database_=database,
    )
    return records[0]["nodes"], records[0]["rels"]


def neo4j_env(settings: Settings) -> dict[str, str]:
    """The environment of a subprocess (the CLI, a script) that should use the test server."""
    return {"NEO4J_URI": settings.effective_uri, "NEO4J_USER": settings.neo4j_user,
            "NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
            "NEO4J_DATABASE": settings.neo4j_database}


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point the CLI's settings (read from the environment) at the test server, with a terminal
    wide enough that no summary line wraps."""
    for key, value in {**neo4j_env(settings), "COLUMNS": "400"}.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def event_graph(drv: neo4j.Driver) -> tuple[list[Any], list[Any]]:
    """Every event node with the properties resolution derives, and every report of one."""
    nodes = drv.execute_query(
        "MATCH (e) WHERE e:Agreement OR e:Attack OR e:Meeting OR e:Accusation OR e:Statement "
        "RETURN labels(e)[0] AS label, e.id AS id, e.date AS date, e.status AS status, e.killed AS killed, "
        "e.killed_min AS kmin, e.killed_max AS kmax, e.seen_until AS seen, e.resolution_block AS block "
        "ORDER BY id").records
    reports = drv.execute_query(
        "MATCH (e)-[r:REPORTED_IN]->(a:Article) RETURN DISTINCT e.id AS node, a.id AS article, "
        "r.mention AS mention, r.rule AS rule ORDER BY node, article, mention").records
    return [tuple(r.values()) for r in nodes], [tuple(r.values()) for r in reports]

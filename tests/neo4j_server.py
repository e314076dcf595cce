"""Pytest plugin: the real Neo4j the tests run against (never a mock).

Choice, first that applies: `NEO4J_URI` from the environment; testcontainers' Neo4j module when a
Docker engine answers; else the project's own local server on free ports with a throwaway data
dir (jars from the shared cache, so only the very first run anywhere downloads them).

conftest.py imports this module; `neo4j_target` is a session fixture, `provide_server` the
function behind it for conftests that want their own scoping.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal

import pytest

from conflictkg.localdb import LocalServer
from conflictkg.settings import Settings

DOCKER_IMAGE = "neo4j:5.26-community"
TEST_PASSWORD = "conflictkg-test"


def _noop() -> None:
    pass


@dataclass(frozen=True)
class Neo4jTarget:
    uri: str
    user: str
    password: str
    database: str
    kind: Literal["env", "testcontainers", "local"]
    _stop: Callable[[], None] = field(default=_noop, repr=False, compare=False)

    def stop(self) -> None:
        self._stop()

    def settings(self, **overrides: object) -> Settings:
        """Settings pointing the package at this server."""
        values: dict[str, object] = {
            "neo4j_uri": self.uri,
            "neo4j_user": self.user,
            "neo4j_password": self.password,
            "neo4j_database": self.database,
        }
        values.update(overrides)
        return Settings(**values)  # type: ignore[arg-type]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def docker_answers(timeout: float = 2.0) -> bool:
    try:
        import docker

        client = docker.from_env(timeout=int(max(timeout, 1)))
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:  # no SDK, no socket, daemon down: all mean "no Docker"
        return False


def _from_env() -> Neo4jTarget | None:
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        return None
    return Neo4jTarget(
        uri=uri,
        user=os.environ.get("NEO4J_USER", "neo4j"),
        password=os.environ.get("NEO4J_PASSWORD", ""),
        database=os.environ.get("NEO4J_DATABASE", "neo4j"),
        kind="env",
    )


def _from_testcontainers() -> Neo4jTarget:
    from testcontainers.neo4j import Neo4jContainer

    container = Neo4jContainer(DOCKER_IMAGE, password=TEST_PASSWORD)
    container.start()
    return Neo4jTarget(
        uri=container.get_connection_url(),
        user="neo4j",
        password=TEST_PASSWORD,
        database="neo4j",
        kind="testcontainers",
        _stop=container.stop,
    )


def local_test_settings(tmp_path_factory: pytest.TempPathFactory, **overrides: object) -> Settings:
    """Settings for a throwaway local server: fresh data dir, free ports, shared jar cache."""
    values: dict[str, object] = {
        "neo4j_uri": None,
        "neo4j_user": "neo4j",
        "neo4j_password": TEST_PASSWORD,
        "db_dir": tmp_path_factory.mktemp("neo4j-local"),
        "db_bolt_port": free_port(),
        "db_http_port": free_port(),
        "db_heap": "512m",
        "db_pagecache": "128m",
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@contextmanager
def running_local_server(tmp_path_factory: pytest.TempPathFactory, **overrides: object) -> Iterator[LocalServer]:
    """A throwaway local server (see local_test_settings), stopped when the block ends."""
    local = LocalServer(local_test_settings(tmp_path_factory, **overrides))
    local.start()
    try:
        yield local
    finally:
        local.stop()


def _from_local_server(tmp_path_factory: pytest.TempPathFactory) -> Neo4jTarget:
    settings = local_test_settings(tmp_path_factory)
    server = LocalServer(settings)
    server.start()

    def stop() -> None:
        server.stop()

    return Neo4jTarget(
        uri=server.uri,
        user=settings.neo4j_user,
        password=settings.neo4j_password.get_secret_value(),
        database="neo4j",
        kind="local",
        _stop=stop,
    )


def provide_server(tmp_path_factory: pytest.TempPathFactory) -> Neo4jTarget:
    from_env = _from_env()
    if from_env:
        return from_env
    return _from_testcontainers() if docker_answers() else _from_local_server(tmp_path_factory)


@pytest.fixture(scope="session")
def neo4j_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jTarget]:
    target = provide_server(tmp_path_factory)
    try:
        yield target
    finally:
        target.stop()

"""`conflictkg db dump|restore` on a real local server, and the initial password kept out of argv and logs.

The backup tests share one server in a throwaway data dir on free ports (as tests/test_localdb.py
does); the password tests start their own on fresh data dirs, since only a first start sets it.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError
from typer.testing import CliRunner, Result

from conflictkg.graph.connection import create_driver
from conflictkg.localdb import LocalServer
from conflictkg.localdb.cli import app as db_app
from conflictkg.settings import Settings, get_settings
from tests.neo4j_server import TEST_PASSWORD, local_test_settings, running_local_server

Snapshot = tuple[int, int, set[str]]

SEED = """
UNWIND range(1, 25) AS i
CREATE (e:Event {id: 'event-' + i, kind: CASE WHEN i % 2 = 0 THEN 'airstrike' ELSE 'shelling' END})
CREATE (p:Place {id: 'place-' + i, name: 'Place ' + i})
CREATE (e)-[:OCCURRED_IN]->(p)
WITH e, i WHERE i % 5 = 0
CREATE (a:Actor {id: 'actor-' + i})-[:PERPETRATED {confidence: 0.5}]->(e)
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    with running_local_server(tmp_path_factory) as local:
        yield local


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """A runner for `conflictkg db …`; the environment is set by `use_server`."""
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv("NEO4J_PASSWORD", TEST_PASSWORD)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def use_server(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    monkeypatch.setenv("CONFLICTKG_DB_DIR", str(settings.db_dir))
    monkeypatch.setenv("CONFLICTKG_DB_BOLT_PORT", str(settings.db_bolt_port))
    monkeypatch.setenv("CONFLICTKG_DB_HTTP_PORT", str(settings.db_http_port))
    monkeypatch.setenv("CONFLICTKG_DB_HEAP", settings.db_heap)
    monkeypatch.setenv("CONFLICTKG_DB_PAGECACHE", settings.db_pagecache)
    get_settings.cache_clear()


def run(cli: CliRunner, *args: str) -> Result:
    return cli.invoke(db_app, list(args))


def write(server: LocalServer, query: str) -> None:
    with create_driver(server.settings) as driver:
        driver.execute_query(query)


def snapshot(server: LocalServer) -> Snapshot:
    with create_driver(server.settings) as driver:
        nodes, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n")
        rels, _, _ = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n")
        ids, _, _ = driver.execute_query("MATCH (n) WHERE n.id IS NOT NULL RETURN collect(n.id) AS ids")
    return nodes[0]["n"], rels[0]["n"], set(ids[0]["ids"])


def assert_running_again(server: LocalServer, old_pid: int | None, output: str) -> None:
    assert "Stopping the local server" in output and "Starting the local server again" in output, output
    status = server.status()
    assert status.state == "running" and status.pid != old_pid


@pytest.mark.slow
def test_dump_wipe_restore_round_trip(
    server: LocalServer, cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    use_server(monkeypatch, server.settings)
    write(server, SEED)
    before = snapshot(server)
    assert before[0] == 55 and before[1] == 30 and "event-7" in before[2]
    file = tmp_path / "backups" / "graph.dump"
    file.parent.mkdir()

    pid = server.running_pid()
    dumped = run(cli, "dump", str(file))
    assert dumped.exit_code == 0, dumped.output
    assert file.is_file() and file.stat().st_size > 0
    assert "Dumped database neo4j to" in dumped.output
    assert_running_again(server, pid, dumped.output)
    assert sorted(path.name for path in file.parent.iterdir()) == ["graph.dump"]  # no staging left

    pid = server.running_pid()
    again = run(cli, "dump", str(file))
    assert again.exit_code == 1 and "exists already" in again.output and "--force" in again.output
    assert server.running_pid() == pid  # refused before anything was stopped

    write(server, "MATCH (n) DETACH DELETE n")
    write(server, "CREATE (:Stray {id: 'stray'})")
    refused = run(cli, "restore", str(file))
    assert refused.exit_code == 1, refused.output
    assert "has 1 node," in refused.output and "--force" in refused.output
    assert server.running_pid() == pid and snapshot(server) == (1, 0, {"stray"})

    restored = run(cli, "restore", "--force", str(file))
    assert restored.exit_code == 0, restored.output
    assert "Restored database neo4j from" in restored.output
    assert_running_again(server, pid, restored.output)
    assert snapshot(server) == before
    assert not list(server.layout.run.glob("restore-*"))


# The refusals below happen before any server or neo4j-admin is involved: no JVM needed.


def test_restore_refuses_a_missing_file(cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CONFLICTKG_DB_DIR", str(tmp_path / "db"))
    missing = tmp_path / "nowhere.dump"
    result = run(cli, "restore", "--force", str(missing))
    assert result.exit_code == 1
    assert f"{missing} does not exist" in result.output and "conflictkg db dump" in result.output


def test_dump_into_a_missing_directory_or_a_remote_server_is_refused(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CONFLICTKG_DB_DIR", str(tmp_path / "db"))
    into_nothing = run(cli, "dump", str(tmp_path / "no-such-dir" / "graph.dump"))
    assert into_nothing.exit_code == 1 and "does not exist; create it" in into_nothing.output

    monkeypatch.setenv("NEO4J_URI", "neo4j://db.example:7687")
    get_settings.cache_clear()
    for command in ("dump", "restore"):
        remote = run(cli, command, str(tmp_path / "graph.dump"))
        assert remote.exit_code == 1
        assert "for the local server only" in remote.output, remote.output
        assert "docker compose run --rm" in remote.output and "neo4j-admin database dump" in remote.output


class ArgvWatch:
    """Polls every process's argv during a start; records any that contains `needle`."""

    def __init__(self, needle: str) -> None:
        self.needle = needle.encode()
        self.leaks: list[str] = []
        self.saw_admin = False  # proof the watch ran while neo4j-admin set the password
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self) -> ArgvWatch:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _poll(self) -> None:
        while not self._stop.is_set():
            for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
                try:
                    argv = cmdline.read_bytes()
                except OSError:
                    continue  # the process ended
                if self.needle in argv:
                    self.leaks.append(argv.replace(b"\0", b" ").decode(errors="replace"))
                if b"set-initial-password" in argv:
                    self.saw_admin = True
            self._stop.wait(0.02)


def distinctive_password() -> tuple[str, str]:
    """A password with a random token, and characters an @file must quote (space, quotes, \\, #, @)."""
    token = f"ckgpw{secrets.token_hex(8)}"
    return token, f'@{token} "q\\ \'#'


def assert_not_in_files(folder: Path, token: str) -> None:
    found = [path for path in folder.rglob("*") if path.is_file() and token.encode() in path.read_bytes()]
    assert not found, f"the password is in {found}"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads argv from /proc")
def test_first_start_keeps_the_password_out_of_argv_and_logs(tmp_path_factory: pytest.TempPathFactory) -> None:
    token, password = distinctive_password()
    local = LocalServer(local_test_settings(tmp_path_factory, neo4j_password=password))
    try:
        with ArgvWatch(token) as watch:
            local.start()
        assert watch.saw_admin
        assert not watch.leaks, watch.leaks
        with GraphDatabase.driver(local.uri, auth=("neo4j", password)) as driver:
            records, _, _ = driver.execute_query("RETURN 1 AS x")
        assert records[0]["x"] == 1
        with pytest.raises(AuthError), GraphDatabase.driver(local.uri, auth=("neo4j", "neo4j")) as driver:
            driver.verify_connectivity()
    finally:
        local.stop()
    assert_not_in_files(local.layout.logs, token)
    assert_not_in_files(local.layout.run, token)  # the @file is gone


@pytest.mark.slow
def test_start_finishes_a_pending_password_change(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A data dir first started with no initial password has neo4j/neo4j, which must be changed:
    the start sets the configured password over Bolt (a query parameter, not logged)."""
    token, password = distinctive_password()
    local = LocalServer(local_test_settings(tmp_path_factory, neo4j_password=password))
    java, installed = local.provision(progress=False)
    try:
        with ArgvWatch(token) as watch:
            local._launch(java, installed.lib_dir)  # as `start` does, minus set-initial-password
            local._wait_for_bolt(local.settings.db_start_timeout, progress=False)
        assert not watch.leaks, watch.leaks
        with GraphDatabase.driver(local.uri, auth=("neo4j", password)) as driver:
            records, _, _ = driver.execute_query(
                "SHOW CURRENT USER YIELD passwordChangeRequired", database_="system"
            )
        assert records[0]["passwordChangeRequired"] is False
    finally:
        local.stop()
    assert_not_in_files(local.layout.logs, token)

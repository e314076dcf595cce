"""The local Neo4j server: real JVMs on free ports, throwaway data dirs, the shared jar cache.

One server is started per module and reused; only tests that must start their own JVM do so.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from neo4j import GraphDatabase
from typer.testing import CliRunner

from conflictkg.errors import LocalServerError
from conflictkg.localdb import LocalServer, install
from conflictkg.localdb.cli import app as db_app
from conflictkg.localdb.java import find_java
from conflictkg.settings import Settings, get_settings
from tests.neo4j_server import TEST_PASSWORD, free_port, provide_server, running_local_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    with running_local_server(tmp_path_factory) as local:
        yield local


@pytest.fixture
def no_maven(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> tuple[int, list[str]]:
        raise AssertionError("Maven ran although the jar cache is complete")

    monkeypatch.setattr(install, "run_maven", refuse)


@pytest.fixture
def fresh_settings_cache() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def settings_like(server: LocalServer, **overrides: object) -> Settings:
    values = server.settings.model_dump()
    values.update(overrides)
    return Settings(**values)


def test_status_reports_running_526(server: LocalServer) -> None:
    status = server.status()
    assert status.state == "running"
    assert status.version is not None and status.version.startswith("5.26.")
    assert status.edition == "community"
    assert status.pid is not None and status.pid == server.running_pid()
    assert status.uri == f"bolt://127.0.0.1:{server.settings.db_bolt_port}"
    assert status.data_dir == server.layout.home
    auth = ("neo4j", TEST_PASSWORD)
    with GraphDatabase.driver(status.uri, auth=auth) as driver:
        records, _, _ = driver.execute_query("RETURN $x AS x", x=1)
    assert records[0]["x"] == 1
    discovery = httpx.get(f"http://127.0.0.1:{status.http_port}/", timeout=10).json()
    assert discovery["neo4j_version"] == status.version
    assert discovery["bolt_direct"] == status.uri


def test_config_is_local_only(server: LocalServer) -> None:
    conf = server.layout.conf_file.read_text()
    assert f"server.bolt.listen_address=127.0.0.1:{server.settings.db_bolt_port}" in conf
    assert "dbms.usage_report.enabled=false" in conf
    assert "dbms.security.auth_enabled=true" in conf


def test_start_when_running_is_a_noop(server: LocalServer, no_maven: None) -> None:
    pid = server.running_pid()
    result = server.start()
    assert result.already_running
    assert result.status.pid == pid
    assert not result.jars_downloaded


def test_restart_with_cached_jars_runs_no_maven(server: LocalServer, no_maven: None) -> None:
    old_pid = server.running_pid()
    stopped = server.stop()
    assert stopped.was_running and stopped.pid == old_pid and not stopped.forced
    assert server.status().state == "stopped"
    assert not server.layout.pid_file.exists()
    again = server.stop()
    assert not again.was_running and "not running" in again.message
    began = time.monotonic()
    result = server.start()
    print(f"warm start: {time.monotonic() - began:.1f} s")
    assert not result.already_running and not result.jars_downloaded
    assert result.status.state == "running" and result.status.pid != old_pid


def test_wrong_password_is_reported_and_nothing_is_left_running(server: LocalServer) -> None:
    server.stop()
    wrong = LocalServer(settings_like(server, neo4j_password="not-the-password"))
    with pytest.raises(LocalServerError, match="another password"):
        wrong.start()
    assert wrong.running_pid() is None and not wrong.layout.pid_file.exists()
    assert server.start().status.state == "running"


def test_other_data_dir_reuses_the_jar_cache(
    tmp_path: Path, server: LocalServer, no_maven: None
) -> None:
    other = LocalServer(settings_like(server, db_dir=tmp_path / "other"))
    result = other.install()
    assert not result.downloaded
    assert result.lib_dir == install.jar_cache(server.settings).lib_dir
    assert result.jar_count > 100


def test_bolt_port_taken_names_the_port(server: LocalServer, tmp_path: Path) -> None:
    port = server.settings.db_bolt_port
    other = LocalServer(settings_like(server, db_dir=tmp_path / "other", db_http_port=free_port()))
    with pytest.raises(LocalServerError, match=rf"Port {port} \(Bolt\)"):
        other.start()
    assert not other.layout.pid_file.exists()


def test_http_port_taken_names_the_port(server: LocalServer, tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        other = LocalServer(
            settings_like(
                server, db_dir=tmp_path / "o", db_bolt_port=free_port(), db_http_port=port
            )
        )
        expected = rf"Port {port} \(HTTP\).*CONFLICTKG_DB_HTTP_PORT"
        with pytest.raises(LocalServerError, match=expected):
            other.start()


def test_java_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, server: LocalServer) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    local = LocalServer(settings_like(server, db_dir=tmp_path / "db"))
    with pytest.raises(LocalServerError, match="Java not found"):
        local.start()
    monkeypatch.setenv("JAVA_HOME", str(empty))
    with pytest.raises(LocalServerError, match=r"JAVA_HOME is set to .* no bin/java"):
        local.start()


def test_java_too_old(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, server: LocalServer) -> None:
    fake = tmp_path / "jdk" / "bin" / "java"
    fake.parent.mkdir(parents=True)
    fake.write_text('#!/bin/sh\necho \'openjdk version "11.0.22" 2024-01-16\' >&2\n')
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "jdk"))
    local = LocalServer(settings_like(server, db_dir=tmp_path / "db"))
    with pytest.raises(LocalServerError, match=r"Java 11\.0\.22; Neo4j 5\.26 needs Java 17"):
        local.start()


def test_maven_missing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, server: LocalServer
) -> None:
    java_only = tmp_path / "bin"
    java_only.mkdir()
    (java_only / "java").symlink_to(find_java().executable)
    monkeypatch.setenv("PATH", str(java_only))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    empty_cache = tmp_path / "cache"
    local = LocalServer(settings_like(server, db_dir=tmp_path / "db", db_cache_dir=empty_cache))
    with pytest.raises(LocalServerError, match=r"Maven \(mvn\) is not on PATH"):
        local.start()


def test_data_dir_not_writable(tmp_path: Path, server: LocalServer) -> None:
    # A path below a regular file cannot be created, not even by root.
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    local = LocalServer(settings_like(server, db_dir=blocker / "db"))
    with pytest.raises(LocalServerError, match=r"is not usable.*CONFLICTKG_DB_DIR"):
        local.start()


def test_stop_when_stopped_is_fine_and_never_signals_strangers(
    tmp_path: Path, server: LocalServer
) -> None:
    local = LocalServer(settings_like(server, db_dir=tmp_path / "db"))
    assert not local.stop().was_running
    # A pid file naming a live process that is not our server (this test process) is stale.
    local.layout.run.mkdir(parents=True)
    local.layout.pid_file.write_text(f"{os.getpid()}\n")
    result = local.stop()
    assert not result.was_running and "stale" in result.message
    assert not local.layout.pid_file.exists()


def test_crash_at_start_shows_the_log_tail(tmp_path: Path, server: LocalServer) -> None:
    # Neo4j refuses a page cache larger than the machine's memory and exits.
    local = LocalServer(
        settings_like(
            server, db_dir=tmp_path / "db", db_pagecache="65536g",
            db_bolt_port=free_port(), db_http_port=free_port(),
        )
    )  # fmt: skip
    with pytest.raises(LocalServerError) as caught:
        local.start()
    message = str(caught.value)
    assert "exited with code" in message and "exceeds physical memory" in message
    assert local.running_pid() is None and not local.layout.pid_file.exists()
    assert (tmp_path / "db" / "data").is_dir()  # nothing deleted


def test_cli_status_json_and_errors(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh_settings_cache: None
) -> None:
    monkeypatch.setenv("CONFLICTKG_DB_DIR", str(server.layout.home))
    monkeypatch.setenv("CONFLICTKG_DB_BOLT_PORT", str(server.settings.db_bolt_port))
    monkeypatch.setenv("CONFLICTKG_DB_HTTP_PORT", str(server.settings.db_http_port))
    monkeypatch.setenv("NEO4J_PASSWORD", TEST_PASSWORD)
    monkeypatch.delenv("NEO4J_URI", raising=False)
    runner = CliRunner()
    shown = runner.invoke(db_app, ["status", "--json"])
    assert shown.exit_code == 0, shown.output
    status = json.loads(shown.stdout)
    assert status["state"] == "running" and status["version"].startswith("5.26.")

    get_settings.cache_clear()
    monkeypatch.setenv("CONFLICTKG_DB_DIR", str(tmp_path / "cli-other"))
    failed = runner.invoke(db_app, ["start"])
    assert failed.exit_code == 1
    assert f"Port {server.settings.db_bolt_port} (Bolt)" in failed.output
    stopped = runner.invoke(db_app, ["stop"])
    assert stopped.exit_code == 0 and "not running" in stopped.output


def test_provide_server_prefers_neo4j_uri(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    monkeypatch.setenv("NEO4J_URI", "neo4j://db.example:7687")
    monkeypatch.setenv("NEO4J_PASSWORD", "secret-password")
    target = provide_server(tmp_path_factory)
    assert target.kind == "env" and target.uri == "neo4j://db.example:7687"
    assert target.password == "secret-password"
    target.stop()  # no-op for a server we did not start

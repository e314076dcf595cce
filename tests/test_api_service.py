"""The service as a whole: outages and recovery, a real socket, start-up settings, packaging."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx
import neo4j
import pytest
import yaml
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from conflictkg.api.etags import GraphVersion
from conflictkg.api.main import create_app
from conflictkg.errors import ConfigurationError
from conflictkg.graph.writer import write_document
from conflictkg.settings import DEFAULT_API_KEY, Settings, get_settings
from tests.api_support import (
    ROOT,
    TcpProxy,
    api_settings,
    assert_problem,
    bolt_address,
    uvicorn_thread,
)
from tests.neo4j_server import free_port
from tests.samples import sample_document


def _wait_for(client: TestClient, path: str, status: int, timeout: float = 20) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while True:
        r = client.get(path)
        if r.status_code == status or time.monotonic() > deadline:
            return r
        time.sleep(0.2)


def test_health_is_503_while_the_database_is_away_and_recovers(
    db: neo4j.Driver, settings: Settings
) -> None:
    proxy = TcpProxy(bolt_address(settings))
    down = api_settings(settings, neo4j_uri=f"bolt://127.0.0.1:{proxy.port}")
    app = create_app(down)
    with TestClient(app, raise_server_exceptions=False) as client:  # starts with nothing there
        assert app.state.schema_applied is False
        started = time.monotonic()
        problem = assert_problem(client.get("/health"), 503)
        assert time.monotonic() - started < 10
        assert f"127.0.0.1:{proxy.port}" in problem["detail"] and "not reachable" in problem["detail"]
        assert problem["type"].endswith("database-unavailable")
        other = client.get("/actors")
        assert_problem(other, 503)
        assert other.headers["retry-after"]

        proxy.start()  # the database comes back: no restart of the app
        try:
            assert _wait_for(client, "/health", 200).json()["status"] == "ok"
            assert app.state.schema_applied is True  # applied as soon as it could be
            assert client.get("/actors").status_code == 200

            proxy.stop()  # it goes away again, with the app's connections in its pool
            assert_problem(_wait_for(client, "/health", 503), 503)
            proxy.start()
            assert _wait_for(client, "/health", 200).status_code == 200
        finally:
            proxy.stop()


def test_a_read_while_the_database_is_away_waits_for_the_graph_version_once(
        settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each wait for the version lasts up to api_db_timeout: a compiled read that could not get
    it answers (503) without handing the request to the ETag layer to wait again."""
    reads: list[int] = []
    original = GraphVersion._read

    async def counting(self: GraphVersion) -> int:
        reads.append(1)
        return await original(self)

    monkeypatch.setattr(GraphVersion, "_read", counting)
    closed = api_settings(settings, neo4j_uri=f"bolt://127.0.0.1:{free_port()}")
    with TestClient(create_app(closed), raise_server_exceptions=False) as client:
        reads.clear()
        response = client.get("/actors/russia")
        assert_problem(response, 503)
        assert "etag" not in response.headers
        assert len(reads) == 1


def test_closed_port_is_503_not_500(settings: Settings) -> None:
    closed = api_settings(settings, neo4j_uri=f"bolt://127.0.0.1:{free_port()}")
    with TestClient(create_app(closed), raise_server_exceptions=False) as client:
        assert_problem(client.get("/health"), 503)
        assert_problem(client.get("/actors/russia"), 503)
        assert_problem(client.get("/events", params={"actor": "russia"}), 503)
        r = client.post("/articles", json={"text": "date 2025-03-18\nRussia attacked Kherson.",
                                           "language": "en"},
                        headers={"X-API-Key": closed.api_key.get_secret_value()})
        assert_problem(r, 503)


@pytest.mark.parametrize("telemetry", [False, True])
def test_telemetry_looks_for_a_provider_only_when_asked(settings: Settings, telemetry: bool,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from opentelemetry import trace  # FastAPI's own telemetry asks it on every request

    asked: list[int] = []
    real = trace.get_tracer_provider

    def counted() -> trace.TracerProvider:
        asked.append(1)
        return real()

    monkeypatch.setattr(trace, "get_tracer_provider", counted)
    closed = api_settings(settings, neo4j_uri=f"bolt://127.0.0.1:{free_port()}", api_telemetry=telemetry)
    with TestClient(create_app(closed), raise_server_exceptions=False) as client:
        assert_problem(client.get("/health"), 503)
        assert_problem(client.get("/events", params={"actor": "russia"}), 503)
    assert bool(asked) is telemetry


def test_served_by_uvicorn_on_a_real_port(db: neo4j.Driver, settings: Settings) -> None:
    write_document(db, sample_document())
    with (uvicorn_thread(create_app(api_settings(settings))) as base,
          httpx.Client(base_url=base, timeout=10) as http):
        assert http.get("/health").json()["status"] == "ok"
        russia = http.get("/actors/russia").json()
        assert russia["aliases"] == ["Rusland"]
        attacks = http.get("/attacks", params={"location": "kherson"}).json()
        assert attacks["total"] == 1 and attacks["items"][0]["method"] == "shelling"
        missing = http.get("/actors/atlantis")
        assert missing.status_code == 404
        assert missing.headers["content-type"] == "application/problem+json"
        spec = http.get("/openapi.json").json()
        assert spec["info"]["title"] == "conflictkg"


def test_production_refuses_a_missing_or_default_key(settings: Settings) -> None:
    for key in ("", DEFAULT_API_KEY):
        with pytest.raises(ConfigurationError, match="CONFLICTKG_API_KEY"):
            create_app(api_settings(settings, env="production", api_key=key))
    create_app(api_settings(settings, env="production", api_key="a-real-secret-key"))
    create_app(api_settings(settings, env="development", api_key=DEFAULT_API_KEY))


def test_development_without_a_key_refuses_every_write(db: neo4j.Driver, settings: Settings) -> None:
    with TestClient(create_app(api_settings(settings, api_key=""))) as client:
        r = client.post("/cypher", json={"query": "RETURN 1"}, headers={"X-API-Key": ""})
        assert_problem(r, 401)


def test_serve_command_refuses_production_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    from conflictkg.cli import app as cli

    monkeypatch.setenv("CONFLICTKG_ENV", "production")
    monkeypatch.delenv("CONFLICTKG_API_KEY", raising=False)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["serve", "--port", str(free_port())])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1
    assert "CONFLICTKG_API_KEY" in result.output


def test_models_import_without_starting_anything() -> None:
    code = (
        "import sys; import conflictkg.api.models as m; "
        "assert 'conflictkg.api.main' not in sys.modules, 'the app was built'; "
        "assert 'fastapi' not in sys.modules; "
        "m.ActorsPublic.model_validate({'items': [], 'total': 0}); print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


def test_module_attribute_app_is_the_asgi_app() -> None:
    code = "import conflictkg.api as a; from fastapi import FastAPI; assert isinstance(a.app, FastAPI); print('ok')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                         env={"PATH": "", "CONFLICTKG_ENV": "development"})
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


def test_docker_compose_structure() -> None:
    """docker-compose.yml cannot run here (no Docker engine); check what it declares."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"neo4j", "api"}

    neo = services["neo4j"]
    assert neo["image"] == "neo4j:5.26-community"
    assert neo["environment"]["NEO4J_AUTH"].startswith("neo4j/")
    assert any(str(p).endswith(":7687") for p in neo["ports"])
    assert all(str(p).startswith("127.0.0.1:") for p in neo["ports"]), "not open to the network"
    volume, mount = neo["volumes"][0].split(":")
    assert mount == "/data" and volume in compose["volumes"]
    assert "cypher-shell" in " ".join(neo["healthcheck"]["test"])

    api = services["api"]
    assert api["build"] == "."
    env = api["environment"]
    assert env["NEO4J_URI"] == "bolt://neo4j:7687"
    assert {"NEO4J_PASSWORD", "CONFLICTKG_API_KEY", "CONFLICTKG_ENV"} <= set(env)
    assert env["NEO4J_PASSWORD"] == neo["environment"]["NEO4J_AUTH"].removeprefix("neo4j/")
    assert any(str(p).endswith(":8000") for p in api["ports"])
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert "/health" in " ".join(api["healthcheck"]["test"])

    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert dockerfile.startswith("#") and "FROM python:3.11" in dockerfile
    assert '"conflictkg", "serve", "--host", "0.0.0.0"' in dockerfile
    for folder in ("core", "graph", "cypher", "loaders", "api"):
        assert f"COPY {folder} {folder}" in dockerfile


def test_up_command_applies_schema_loads_articles_then_serves(
    db: neo4j.Driver, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conflictkg import cli

    served: list[tuple[str | None, int | None]] = []
    monkeypatch.setattr(cli, "_serve", lambda host, port, reload: served.append((host, port)))
    monkeypatch.setenv("NEO4J_URI", settings.effective_uri)  # an existing server: no local start
    monkeypatch.setenv("NEO4J_USER", settings.neo4j_user)
    monkeypatch.setenv("NEO4J_PASSWORD", settings.neo4j_password.get_secret_value())
    monkeypatch.setenv("NEO4J_DATABASE", settings.neo4j_database)
    article = ROOT / "tests" / "articles" / "en-odesa-port-missile-strike.txt"
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli.app, ["up", str(article), "--port", "8123"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "loaded 1 article" in result.output
    assert served == [(None, 8123)]
    records, _, _ = db.execute_query("MATCH (a:Article) RETURN count(a) AS n")
    assert records[0]["n"] == 1

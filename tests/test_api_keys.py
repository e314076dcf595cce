"""Scoped API keys: CONFLICTKG_API_KEYS gives each key `query` and/or `ingest`; CONFLICTKG_API_KEY has both."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from fastapi.testclient import TestClient

from conflictkg.api.main import create_app
from conflictkg.errors import ConfigurationError
from conflictkg.settings import DEFAULT_API_KEY, Settings
from tests.api_support import API_KEY, api_settings, assert_problem
from tests.conftest import counts

QUERY_KEY = "query-key-0123456789"
INGEST_KEY = "ingest-key-0123456789"
BOTH_KEY = "both-key-0123456789"
SCOPED = f"{QUERY_KEY}:query, {INGEST_KEY}:ingest,{BOTH_KEY}:ingest+query"
SHORT = "date 2025-03-18\nRussia attacked Kherson with drones on Monday night, Ukrainian officials said."


def _client(settings: Settings, **overrides: Any) -> TestClient:
    return TestClient(create_app(api_settings(settings, api_keys=SCOPED, **overrides)),
                      raise_server_exceptions=False)


@pytest.fixture
def client(db: neo4j.Driver, settings: Settings) -> Iterator[TestClient]:
    with _client(settings) as c:
        yield c


def post_cypher(client: TestClient, key: str) -> Any:
    return client.post("/cypher", json={"query": "RETURN 1 AS one"}, headers={"X-API-Key": key})


def post_article(client: TestClient, key: str) -> Any:
    return client.post("/articles", json={"text": SHORT, "language": "en"}, headers={"X-API-Key": key})


def test_query_key_queries_but_does_not_ingest(client: TestClient, db: neo4j.Driver) -> None:
    r = post_cypher(client, QUERY_KEY)
    assert r.status_code == 200, r.text
    assert r.json()["rows"] == [{"one": 1}]
    problem = assert_problem(post_article(client, QUERY_KEY), 403)
    assert "'ingest'" in problem["detail"] and "POST /articles" in problem["detail"]
    assert problem["type"].endswith(":insufficient-scope")
    assert counts(db) == (0, 0)


def test_ingest_key_ingests_but_does_not_query(client: TestClient, db: neo4j.Driver) -> None:
    assert post_article(client, INGEST_KEY).status_code == 201
    problem = assert_problem(post_cypher(client, INGEST_KEY), 403)
    assert "'query'" in problem["detail"] and "POST /cypher" in problem["detail"]


def test_legacy_key_and_a_key_with_both_scopes_do_both(client: TestClient) -> None:
    for key in (API_KEY, BOTH_KEY):
        assert post_cypher(client, key).status_code == 200
        assert post_article(client, key).status_code in (200, 201)


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": ""}, {"X-API-Key": QUERY_KEY[:-1]},
                                     {"X-API-Key": QUERY_KEY + ":query"}, {"X-API-Key": DEFAULT_API_KEY}])
def test_missing_or_unknown_key_stays_401(client: TestClient, db: neo4j.Driver, headers: dict[str, str]) -> None:
    for r in (client.post("/cypher", json={"query": "RETURN 1"}, headers=headers),
              client.post("/articles", json={"text": SHORT}, headers=headers)):
        assert "X-API-Key" in assert_problem(r, 401)["detail"]
        assert "ApiKey" in r.headers["www-authenticate"]
    assert counts(db) == (0, 0)


def test_closed_reads_need_the_query_scope(db: neo4j.Driver, settings: Settings) -> None:
    with _client(settings, api_read_auth=True) as c:
        for key in (QUERY_KEY, BOTH_KEY, API_KEY):
            assert c.get("/actors", headers={"X-API-Key": key}).status_code == 200
        problem = assert_problem(c.get("/actors", headers={"X-API-Key": INGEST_KEY}), 403)
        assert "'query'" in problem["detail"] and "CONFLICTKG_API_READ_AUTH" in problem["detail"]
        assert_problem(c.get("/events"), 401)
        assert c.get("/health").status_code == 200  # probes need no key


def test_openapi_names_the_scope_of_each_write(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["paths"]["/cypher"]["post"]["security"] == [{"APIKeyHeader": ["query"]}]
    assert spec["paths"]["/articles"]["post"]["security"] == [{"APIKeyHeader": ["ingest"]}]
    assert "security" not in spec["paths"]["/actors"]["get"]  # reads are open here (test_api_contract)
    assert "CONFLICTKG_API_KEYS" in spec["components"]["securitySchemes"]["APIKeyHeader"]["description"]


# -- the setting ---------------------------------------------------------------------------------


def test_api_keys_format() -> None:
    keys = Settings(api_key="", api_keys=f" {QUERY_KEY} : query ,{BOTH_KEY}:query+ingest,").api_key_scopes()
    assert keys == {QUERY_KEY: {"query"}, BOTH_KEY: {"query", "ingest"}}
    assert QUERY_KEY not in repr(Settings(api_keys=SCOPED))  # a secret, like the single key


@pytest.mark.parametrize(("value", "message"), [
    ("secret-without-scopes", "entry 1 of CONFLICTKG_API_KEYS is not `key:scope[+scope]`"),
    (":query", "entry 1 of CONFLICTKG_API_KEYS is not `key:scope[+scope]`"),
    ("k1:query,secret-key:admin", "entry 2 of CONFLICTKG_API_KEYS names a scope other than query or ingest"),
    ("k1:query,secret-key:", "entry 2 of CONFLICTKG_API_KEYS names a scope other than query or ingest"),
    ("k1:query+", "entry 1 of CONFLICTKG_API_KEYS names a scope other than query or ingest"),
    ("secret key:query", "entry 1 of CONFLICTKG_API_KEYS: a key is visible ASCII characters"),
    ("clé-secrète:query", "entry 1 of CONFLICTKG_API_KEYS: a key is visible ASCII characters"),
    ("secret-key:query,secret-key:ingest", "entry 2 of CONFLICTKG_API_KEYS repeats a key"),
    (f"{API_KEY}:query", "a key in CONFLICTKG_API_KEYS is also CONFLICTKG_API_KEY"),
])
def test_bad_api_keys_are_a_clear_settings_error(
    monkeypatch: pytest.MonkeyPatch, value: str, message: str
) -> None:
    monkeypatch.setenv("CONFLICTKG_API_KEYS", value)
    monkeypatch.setenv("CONFLICTKG_API_KEY", API_KEY)
    with pytest.raises(ConfigurationError, match=re.escape(message)) as caught:
        Settings()
    assert "secret" not in str(caught.value)  # the message names the entry, never the key


def test_api_keys_retire_the_development_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """The default `changethis` stands in only while no key is configured at all."""
    monkeypatch.delenv("CONFLICTKG_API_KEY", raising=False)
    monkeypatch.delenv("CONFLICTKG_API_KEYS", raising=False)
    assert Settings().api_key_scopes() == {DEFAULT_API_KEY: {"query", "ingest"}}
    monkeypatch.setenv("CONFLICTKG_API_KEYS", f"{QUERY_KEY}:query")
    assert Settings().api_key_scopes() == {QUERY_KEY: {"query"}}
    monkeypatch.setenv("CONFLICTKG_API_KEY", API_KEY)  # set explicitly, the single key still counts
    assert Settings().api_key_scopes() == {API_KEY: {"query", "ingest"}, QUERY_KEY: {"query"}}


@pytest.mark.parametrize(("overrides", "problem"), [
    ({"api_key": "", "api_keys": ""}, "CONFLICTKG_API_KEY is not set (nor CONFLICTKG_API_KEYS)"),
    ({"api_key": "", "api_keys": f"{QUERY_KEY}:query,{DEFAULT_API_KEY}:ingest"},
     f"entry 2 of CONFLICTKG_API_KEYS is the default {DEFAULT_API_KEY!r}"),
    ({"api_key": "", "api_keys": f"{QUERY_KEY}:query,short-key:ingest"},
     "entry 2 of CONFLICTKG_API_KEYS is shorter than 16 characters"),
    ({"api_key": "short-key", "api_keys": f"{QUERY_KEY}:query"}, "CONFLICTKG_API_KEY is shorter than 16"),
    ({"api_key": DEFAULT_API_KEY, "api_keys": f"{QUERY_KEY}:query"}, "CONFLICTKG_API_KEY is the default"),
])
def test_production_refuses_weak_keys(settings: Settings, overrides: dict[str, str], problem: str) -> None:
    with pytest.raises(ConfigurationError, match=re.escape(problem)):
        create_app(api_settings(settings, env="production", **overrides))


def test_production_accepts_scoped_keys_alone(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    create_app(api_settings(settings, env="production", api_key="", api_keys=SCOPED))
    monkeypatch.delenv("CONFLICTKG_API_KEY", raising=False)  # the unset single key's default is not a key
    assert Settings(env="production", api_keys=SCOPED).api_key_problem() is None

"""The OpenAPI document tells the truth about authentication, and 405 answers name every method
the path takes. (No database needed: the document and the routing come from the app alone.)"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from conflictkg.api.main import create_app
from conflictkg.settings import Settings
from tests.api_support import API_KEY

UNREACHABLE = {"neo4j_uri": "bolt://127.0.0.1:9", "api_key": API_KEY}


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, op) for path, ops in schema["paths"].items() for method, op in ops.items()]


def test_open_reads_declare_no_key_and_writes_their_scope() -> None:
    schema = create_app(Settings(**UNREACHABLE)).openapi()
    reads = [(p, op) for p, m, op in _operations(schema) if m == "get"]
    assert len(reads) > 10
    assert [p for p, op in reads if "security" in op or "401" in op["responses"]] == []
    writes = {(p, m): op for p, m, op in _operations(schema) if m == "post"}
    assert writes[("/articles", "post")]["security"] == [{"APIKeyHeader": ["ingest"]}]
    assert writes[("/cypher", "post")]["security"] == [{"APIKeyHeader": ["query"]}]
    assert all({"401", "403"} <= set(op["responses"]) for op in writes.values())


def test_closed_reads_declare_the_key_401_and_403() -> None:
    schema = create_app(Settings(**UNREACHABLE, api_read_auth=True)).openapi()
    reads = [op for _, m, op in _operations(schema) if m == "get" and "security" in op]
    assert len(reads) > 10
    assert all({"401", "403"} <= set(op["responses"]) for op in reads)


@pytest.mark.parametrize(("method", "path", "allowed"), [
    ("PUT", "/articles", "GET, POST"),
    ("DELETE", "/actors", "GET"),
    ("GET", "/cypher", "POST"),
])
def test_405_names_every_allowed_method(method: str, path: str, allowed: str) -> None:
    with TestClient(create_app(Settings(**UNREACHABLE))) as client:
        r = client.request(method, path)
    assert r.status_code == 405
    assert r.headers["allow"] == allowed
    assert r.headers["content-type"] == "application/problem+json"

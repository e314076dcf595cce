"""POST /articles and POST /cypher: the API key, idempotent loading, limits and the read-only allow-list."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from fastapi.testclient import TestClient

from conflictkg.api import queries as api_queries
from conflictkg.api.main import create_app
from conflictkg.settings import Settings
from tests.api_support import API_KEY, ROOT, api_settings, assert_problem
from tests.conftest import counts

KEY = {"X-API-Key": API_KEY}
SEED = (ROOT / "examples" / "seed-nl-paris-summit.txt").read_text(encoding="utf-8")
SHORT = ("date 2025-03-18\nRussia attacked Kherson with drones on Monday night, killing two "
         "people, Ukrainian officials said.")


@pytest.fixture
def client(db: neo4j.Driver, settings: Settings) -> Iterator[TestClient]:
    app = create_app(api_settings(settings, api_max_body_bytes=64 * 1024, api_cypher_max_rows=5,
                                  api_cypher_timeout=1.0))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def post_article(client: TestClient, headers: dict[str, str] | None = None, **body: Any) -> Any:
    return client.post("/articles", json=body, headers=headers if headers is not None else KEY)


# -- POST /articles -----------------------------------------------------------------------------


def test_post_article_creates_then_is_idempotent(client: TestClient, db: neo4j.Driver) -> None:
    first = post_article(client, text=SEED, language="nl", title="Paris summit", source="wire")
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["id"].startswith("sha256:") and body["created"] is True
    assert body["nodes_created"] > 10 and body["relationships_created"] > 10
    assert first.headers["location"] == f"/articles/{body['id']}"
    after_first = counts(db)

    again = post_article(client, text=SEED, language="nl", title="Paris summit", source="wire")
    assert again.status_code == 200, again.text
    assert again.json()["created"] is False and again.json()["id"] == body["id"]
    assert again.json()["nodes_created"] == 0 and again.json()["relationships_created"] == 0
    assert counts(db) == after_first

    article = client.get(f"/articles/{body['id']}").json()
    assert article["title"] == "Paris summit" and article["source"] == "wire"
    assert article["published"] == "2025-05" and article["language"] == "nl"
    russia = client.get("/actors/russia").json()
    assert "Rusland" in russia["aliases"]


def test_post_article_published_overrides_header(client: TestClient) -> None:
    r = post_article(client, text=SHORT, language="en", published="2025-03-17")
    assert r.status_code == 201, r.text
    assert client.get(f"/articles/{r.json()['id']}").json()["published"] == "2025-03-17"


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": "wrong"}, {"X-API-Key": ""},
                                     {"X-API-Key": API_KEY + "x"},
                                     {"X-API-Key": "clé".encode()}])
def test_post_article_without_the_key_is_401_and_writes_nothing(
    client: TestClient, db: neo4j.Driver, headers: dict[str, Any]
) -> None:
    r = post_article(client, headers, text=SHORT, language="en")
    body = assert_problem(r, 401)
    assert "X-API-Key" in body["detail"]
    assert "ApiKey" in r.headers["www-authenticate"]
    assert counts(db) == (0, 0)


@pytest.mark.parametrize(("body", "name"), [
    ({"text": ""}, "text"),
    ({}, "text"),
    ({"text": "x", "published": "2025-13-01"}, "published"),
    ({"text": "x", "language": "Dutch"}, "language"),
    ({"text": "x", "colour": "red"}, "colour"),
])
def test_post_article_invalid_body_is_422_naming_the_field(
    client: TestClient, db: neo4j.Driver, body: dict[str, Any], name: str
) -> None:
    problem = assert_problem(client.post("/articles", json=body, headers=KEY), 422)
    assert name in [e["name"] for e in problem["errors"]]
    assert all(e["in"] == "body" for e in problem["errors"])
    assert counts(db) == (0, 0)


def test_post_article_bad_text_is_422_with_the_loader_message(client: TestClient, db: neo4j.Driver) -> None:
    problem = assert_problem(post_article(client, text="   \n  "), 422)
    assert "empty" in problem["detail"]
    problem = assert_problem(post_article(client, text=SHORT, language="xx"), 422)
    assert "xx" in problem["detail"]
    problem = assert_problem(post_article(client, text="date 2025-05\n"), 422)
    assert "no text" in problem["detail"]
    r = client.post("/articles", content=b"{not json", headers={**KEY, "content-type": "application/json"})
    assert_problem(r, 422)
    assert counts(db) == (0, 0)


def test_body_over_the_limit_is_413(client: TestClient, db: neo4j.Driver) -> None:
    big = "Russia attacked Kherson. " * 4000  # ~100 kB, over the 64 kB of this app
    problem = assert_problem(post_article(client, text=big), 413)
    assert "limit" in problem["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the streamed body is counted
        yield b'{"text": "'
        for _ in range(100):
            yield b"x" * 1024
        yield b'"}'

    r = client.post("/articles", content=chunks(), headers={**KEY, "content-type": "application/json"})
    assert_problem(r, 413)
    assert counts(db) == (0, 0)


# -- POST /cypher -------------------------------------------------------------------------------


def cypher(client: TestClient, query: str, headers: dict[str, str] | None = None, **params: Any) -> Any:
    return client.post("/cypher", json={"query": query, "parameters": params},
                       headers=headers if headers is not None else KEY)


def test_cypher_reads_with_parameters(client: TestClient) -> None:
    assert post_article(client, text=SHORT, language="en").status_code == 201
    r = cypher(client, "MATCH (a:Actor {id: $id}) RETURN a.name AS name, a, labels(a) AS labels",
               id="actor:russia")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["columns"] == ["name", "a", "labels"] and body["truncated"] is False
    row = body["rows"][0]
    assert row["name"] == "Russia" and row["labels"] == ["Actor"]
    assert row["a"]["labels"] == ["Actor"] and row["a"]["properties"]["id"] == "actor:russia"
    dated = cypher(client, "MATCH (t:Attack) RETURN t.date_start AS d LIMIT 1").json()
    assert dated["rows"][0]["d"] == "2025-03-17"  # a Neo4j date comes out as ISO text


def test_cypher_row_cap(client: TestClient) -> None:
    body = cypher(client, "UNWIND range(1, 100) AS x RETURN x").json()
    assert len(body["rows"]) == 5 and body["truncated"] is True and body["row_limit"] == 5
    assert cypher(client, "UNWIND range(1, 5) AS x RETURN x").json()["truncated"] is False


def test_cypher_time_limit(client: TestClient) -> None:
    r = cypher(client, "UNWIND range(1, 2000000000) AS x WITH x WHERE x < 0 RETURN count(*)")
    problem = assert_problem(r, 422)
    assert "time limit" in problem["title"].lower() or "limit" in problem["detail"]


@pytest.fixture
def adhoc_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The queries POST /cypher hands to the database: a refused one must never get there."""
    calls: list[str] = []
    original = api_queries.Queries.adhoc

    async def spy(self: api_queries.Queries, query: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(query)
        return await original(self, query, *args, **kwargs)

    monkeypatch.setattr(api_queries.Queries, "adhoc", spy)
    return calls


def assert_refused(client: TestClient, query: str, calls: list[str], found: str) -> None:
    problem = assert_problem(cypher(client, query), 403)
    assert "read-only" in problem["detail"] and found in problem["detail"], problem["detail"]
    assert problem["type"].endswith(":read-only")
    assert calls == []


@pytest.mark.parametrize(("query", "found"), [
    ("CREATE (n:Actor {id: 'actor:x'})", "CREATE"),
    ("MATCH (n) DETACH DELETE n", "DETACH DELETE"),
    ("match (n) set n.x = 1", "SET"),
    ("MERGE (n:Actor {id: 'actor:x'}) RETURN n", "MERGE"),
    ("MATCH (n:Actor) REMOVE n.name", "REMOVE"),
    ("DROP INDEX actor_name", "DROP"),
    ("LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", "LOAD CSV"),
    ("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS", "DETACH DELETE"),
    ("UNWIND [1] AS x CALL { WITH x RETURN x } IN TRANSACTIONS RETURN x", "IN TRANSACTIONS"),
    ("CALL apoc.create.node(['X'], {}) YIELD node RETURN node", "apoc.create.node"),
    ("RETURN 1 // harmless\nCREATE (n)", "CREATE"),
    ("FOREACH (x IN [1] | CREATE (:X))", "FOREACH"),
    ("USE system SHOW USERS", "USE"),
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "TERMINATE"),
    ("EXPLAIN MATCH (n) RETURN n", "EXPLAIN"),
])
def test_cypher_refuses_writes_before_running(
    client: TestClient, db: neo4j.Driver, adhoc_calls: list[str], query: str, found: str
) -> None:
    assert_refused(client, query, adhoc_calls, found)
    assert counts(db) == (0, 0)


@pytest.mark.parametrize("what", ["USERS", "ROLES", "PRIVILEGES", "SETTINGS", "TRANSACTIONS", "DATABASES",
                                  "PROCEDURES", "FUNCTIONS", "SERVERS", "ALIASES", "CURRENT USER"])
def test_cypher_refuses_every_admin_show(client: TestClient, adhoc_calls: list[str], what: str) -> None:
    """They all read, and all run in a read transaction: only the allow-list stops them."""
    assert_refused(client, f"SHOW {what}", adhoc_calls, f"SHOW {what} command")


@pytest.mark.parametrize(("query", "found"), [
    ("CALL dbms.listConfig()", "procedure dbms.listConfig"),
    ("CALL apoc.help('x')", "procedure apoc.help"),
    ("RETURN apoc.version()", "function apoc.version"),
    ("CALL db.createLabel('X')", "procedure db.createLabel"),
    ("CALL gds.graph.list()", "procedure gds.graph.list"),
    # read-only, but the graph has no fulltext index to query
    ("CALL db.index.fulltext.queryNodes('x', 'y')", "procedure db.index.fulltext.queryNodes"),
    ("CALL dbms.components() YIELD name RETURN name", "procedure dbms.components"),
    ("CALL db.stats.collect('QUERIES')", "procedure db.stats.collect"),
])
def test_cypher_refuses_procedures_and_functions_off_the_list(
    client: TestClient, adhoc_calls: list[str], query: str, found: str
) -> None:
    assert_refused(client, query, adhoc_calls, found)


def test_cypher_answers_read_queries(client: TestClient) -> None:
    """Analysts' reads pass the allow-list and run: subqueries, paths, schema listings, functions,
    and variables or map keys named like clauses."""
    assert post_article(client, text=SHORT, language="en").status_code == 201
    expected: dict[str, list[dict[str, Any]] | None] = {
        "SHOW INDEXES": None,
        "SHOW CONSTRAINTS YIELD name RETURN name": None,
        "CALL db.labels() YIELD label WHERE label = 'Actor' RETURN label": [{"label": "Actor"}],
        "CALL { MATCH (a:Actor {id: 'actor:russia'}) RETURN a.name AS name "
        "UNION MATCH (p:Location {id: 'location:kherson'}) RETURN p.name AS name } "
        "RETURN name ORDER BY name": [{"name": "Kherson"}, {"name": "Russia"}],
        "MATCH p = shortestPath((a:Actor {id: 'actor:russia'})-[*..4]-(k:Location {id: 'location:kherson'})) "
        "RETURN length(p) AS hops": [{"hops": 2}],
        "RETURN point.distance(point({x: 0, y: 0}), point({x: 3, y: 4})) AS d": [{"d": 5.0}],
        "MATCH (t:Attack) RETURN [(t)<-[:PERPETRATED]-(a) | a.name] AS by": [{"by": ["Russia"]}],
        "RETURN count { (a:Actor)-->() } > 0 AS some": [{"some": True}],
        "WITH 'x' AS show RETURN show": [{"show": "x"}],
        "RETURN {create: 1, merge: 2} AS m": [{"m": {"create": 1, "merge": 2}}],
    }
    for query, rows in expected.items():
        r = cypher(client, query)
        assert r.status_code == 200, (query, r.text)
        if rows is not None:
            assert r.json()["rows"] == rows, query
    assert cypher(client, "SHOW INDEXES YIELD name RETURN count(*) AS n").json()["rows"][0]["n"] > 0


def test_cypher_read_transaction_is_the_second_guard(
    client: TestClient, db: neo4j.Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the allow-list switched off the write still fails, in the read transaction: 403."""
    import conflictkg.api.routes.cypher as route

    monkeypatch.setattr(route, "refusal", lambda query: None)
    problem = assert_problem(cypher(client, "CREATE (n:Intruder) RETURN n"), 403)
    assert "write" in problem["detail"]
    assert counts(db) == (0, 0)


def test_cypher_strings_and_comments_are_not_clauses(client: TestClient) -> None:
    r = cypher(client, "RETURN 'CREATE (n)' AS s, \"DELETE\" AS t /* SET x */ // MERGE")
    assert r.status_code == 200, r.text
    assert r.json()["rows"] == [{"s": "CREATE (n)", "t": "DELETE"}]


def test_cypher_errors(client: TestClient) -> None:
    assert_problem(cypher(client, "RETURN 1", headers={}), 401)
    problem = assert_problem(cypher(client, "MATCH (n RETURN n"), 422)
    assert "SyntaxError" in problem["detail"]
    assert_problem(cypher(client, "RETURN $missing"), 422)
    assert_problem(client.post("/cypher", json={"query": ""}, headers=KEY), 422)
    problem = assert_problem(cypher(client, "RETURN $x AS x", x=2**70), 422)
    assert problem["errors"][0]["name"] == "parameters"


# -- reads closed by a setting ------------------------------------------------------------------


def test_read_auth_setting_closes_reads(db: neo4j.Driver, settings: Settings) -> None:
    app = create_app(api_settings(settings, api_read_auth=True))
    with TestClient(app, raise_server_exceptions=False) as c:
        assert_problem(c.get("/actors"), 401)
        assert_problem(c.get("/stats", headers={"X-API-Key": "nope"}), 401)
        assert c.get("/actors", headers=KEY).status_code == 200
        assert c.get("/health").status_code == 200  # health stays open for probes


def test_reads_are_open_by_default(client: TestClient) -> None:
    assert client.get("/actors").status_code == 200
    assert client.get("/events").status_code == 200


def test_typed_layer_refuses_writes_without_the_route(db: neo4j.Driver, settings: Settings) -> None:
    """Queries.adhoc itself runs in a read transaction."""
    import asyncio

    from conflictkg.api.db import ReadOnlyViolation
    from conflictkg.graph.connection import create_async_driver

    async def attempt() -> None:
        driver = create_async_driver(settings)
        try:
            with pytest.raises(ReadOnlyViolation):
                await api_queries.Queries(driver, settings).adhoc(
                    "CREATE (n:Intruder)", {}, timeout=5, max_rows=10)
        finally:
            await driver.close()

    asyncio.run(attempt())
    assert counts(db) == (0, 0)

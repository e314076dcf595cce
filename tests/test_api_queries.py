"""Queries are files: each named query is used, parses, and Python never builds Cypher from input."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import neo4j
import pytest

from conflictkg.api.cypher_guard import tokenize, write_reason
from conflictkg.graph.queries import all_queries, query
from conflictkg.graph.registry import REGISTRY
from tests.api_support import ROOT

# Where the package's Python lives (tests excluded: a test naming a query does not use it).
SOURCE_DIRS = ["core", "graph", "loaders", "ingest", "evaluation", "api", "client", "localdb", "bench"]


def _python_sources() -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8")
            for d in SOURCE_DIRS for p in sorted((ROOT / d).rglob("*.py"))}


def test_every_named_query_is_used_by_some_endpoint_or_loader() -> None:
    sources = "\n".join(_python_sources().values())
    unused = [name for name, q in all_queries().items()
              if q.file != "<registry>" and not re.search(rf"""["']{re.escape(name)}["']""", sources)]
    assert unused == [], f"queries in cypher/ that no Python code loads: {unused}"


def test_every_query_the_api_loads_exists() -> None:
    text = (ROOT / "api" / "queries.py").read_text(encoding="utf-8")
    used = set(re.findall(r"""(?:_read|_one|query)\(\s*["']([a-z_]+)["']""", text))
    assert used and used <= set(all_queries())


def _rendered(name: str) -> str:
    q = query(name)
    if not q.slots:
        return q.text
    fill = {"label": "Actor", "start_label": "Actor", "end_label": "Agreement", "type": "PARTY_TO"}
    return q.render(**{slot: fill[slot] for slot in q.slots})


@pytest.mark.parametrize("name", sorted(all_queries()))
def test_every_query_parses(driver: neo4j.Driver, name: str) -> None:
    summary = driver.execute_query("EXPLAIN " + _rendered(name)).summary
    assert summary.plan is not None


def test_stats_queries_name_every_label_and_type() -> None:
    labels = set(re.findall(r"'(\w+)' AS label", query("stats_labels").text))
    types = set(re.findall(r"'(\w+)' AS type", query("stats_relationships").text))
    assert labels == set(REGISTRY.labels)
    assert types == set(REGISTRY.types)


def test_registry_slots_are_filled_in_every_query() -> None:
    for q in all_queries().values():
        assert "{event_labels}" not in q.text and "{fact_types}" not in q.text, q.name
    timeline = query("events_timeline").text
    assert all(f"{spec.label}" in timeline for spec in REGISTRY.events)


def test_templates_take_only_registry_names() -> None:
    from conflictkg.errors import ConflictKGError

    with pytest.raises(ConflictKGError, match="registry"):
        query("upsert_nodes").render(label="Actor {id: 1}) DETACH DELETE n //")


# Calls whose first argument is query text.
_QUERY_CALLS = {"run", "execute_query", "Query", "begin_transaction", "execute_read", "execute_write"}


def _built_string(node: ast.expr) -> bool:
    """An expression that assembles text: f-string, +, %, .format, .join, .replace."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return True
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"format", "join", "replace", "format_map"})


def test_no_python_builds_cypher() -> None:
    """Query text reaches the driver as a loaded named query (or, in POST /cypher, the client's
    own query as sent): never assembled from pieces, and in the API never a literal either."""
    problems: list[str] = []
    for path, text in _python_sources().items():
        in_api = "api" in path.relative_to(ROOT).parts
        for node in ast.walk(ast.parse(text)):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in _QUERY_CALLS:
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            first = node.args[0]
            if _built_string(first):
                problems.append(f"{where} builds the query text of {name}()")
            if in_api and isinstance(first, ast.Constant) and isinstance(first.value, str):
                problems.append(f"{where} passes literal Cypher to {name}(); keep it in cypher/")
    assert problems == []


# -- the write guard of POST /cypher ------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "MATCH (n:Actor) RETURN n.name",
    "MATCH (n) WHERE n.set = 1 RETURN n.create",  # properties named like clauses
    "MATCH (n:Create)-[:SET]->(m) RETURN m",  # labels and types named like clauses
    "RETURN {merge: 1, delete: 2} AS m",  # map keys
    "RETURN $set AS p",
    "RETURN 'CREATE (n)' AS s, \"MERGE\" AS t",
    "RETURN 1 // CREATE (n)",
    "RETURN 1 /* DETACH DELETE n */",
    "MATCH (`SET`) RETURN `SET`",
    "CALL db.labels() YIELD label RETURN label",
    "MATCH p = shortestPath((a)-[*..3]-(b)) RETURN p",
    "WITH 1 AS start RETURN start",
    "MATCH (n) WHERE n.x IN [1, 2] RETURN n",
    "SHOW INDEXES",
])
def test_guard_lets_reads_through(text: str) -> None:
    assert write_reason(text) is None


@pytest.mark.parametrize(("text", "found"), [
    ("CREATE (n)", "CREATE"),
    ("match (n) set n.x = 1", "SET"),
    ("MATCH (n) DETACH DELETE n", "DETACH"),
    ("MERGE (n:A {id: 1})", "MERGE"),
    ("MATCH (n) REMOVE n:A", "REMOVE"),
    ("DROP CONSTRAINT actor_id", "DROP"),
    ("LOAD CSV FROM 'x' AS l RETURN l", "LOAD CSV"),
    ("MATCH (n) CALL (n) { RETURN n } IN TRANSACTIONS RETURN n", "IN TRANSACTIONS"),
    ("CALL dbms.killQueries(['1'])", "dbms.killQueries"),
    ("CALL apoc.periodic.iterate('a', 'b', {})", "apoc.periodic.iterate"),
    ("RETURN apoc.cypher.runFirstColumnSingle('CREATE (n)', {})", "apoc.cypher"),
    ("CALL db.createLabel('X')", "db.createLabel"),
    ("FOREACH (x IN [1] | CREATE (:X))", "FOREACH"),
    ("GRANT ROLE admin TO bob", "GRANT"),
    ("STOP DATABASE neo4j", "STOP DATABASE"),
    ("USE system SHOW USERS", "USE"),
    ("RETURN 'unterminated", None),
])
def test_guard_finds_writes(text: str, found: str | None) -> None:
    reason = write_reason(text)
    if found is None:
        assert reason is None  # nothing but a string: Neo4j reports the syntax error
    else:
        assert reason is not None and found.lower() in reason.lower()


def test_tokenizer_skips_literals_and_comments() -> None:
    words = [t.text for t in tokenize("MATCH (n) // CREATE\nWHERE n.a = 'SET \\' x' /* DROP */ RETURN n")]
    assert "CREATE" not in words and "SET" not in words and "DROP" not in words
    assert words[:2] == ["MATCH", "("] and "n.a" in words and words[-2:] == ["RETURN", "n"]

"""Queries are files: each named query is used, parses, and Python never builds Cypher from input."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import neo4j
import pytest

from conflictkg.api.cypher_guard import BUILTIN_FUNCTIONS, PROCEDURES, refusal, tokenize
from conflictkg.graph.queries import all_queries, query
from conflictkg.graph.registry import REGISTRY
from tests.api_support import ROOT

# Where the package's Python lives (tests excluded: a test naming a query does not use it).
SOURCE_DIRS = ["core", "graph", "loaders", "ingest", "imports", "evaluation", "api", "client", "localdb", "bench"]


def _python_sources() -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8")
            for d in SOURCE_DIRS for p in sorted((ROOT / d).rglob("*.py"))}


def test_every_named_query_is_used_by_some_endpoint_or_loader() -> None:
    sources = "\n".join(_python_sources().values())
    included = {m for q in all_queries().values() for m in re.findall(r"\{include:(\w+)\}", _source_text(q))}
    unused = [name for name, q in all_queries().items()
              if q.file != "<registry>" and name not in included
              and not re.search(rf"""["']{re.escape(name)}["']""", sources)]
    assert unused == [], f"queries in cypher/ that no Python code loads: {unused}"


def test_every_query_the_api_loads_exists() -> None:
    text = (ROOT / "api" / "queries.py").read_text(encoding="utf-8")
    used = set(re.findall(r"""(?:_read|_one|query)\(\s*["']([a-z_]+)["']""", text))
    assert used and used <= set(all_queries())


def _source_text(q: Any) -> str:
    """A query as its file has it (before `{include:…}` is resolved)."""
    return (ROOT / "cypher" / q.file).read_text(encoding="utf-8") if q.file.endswith(".cypher") else ""


def _rendered(name: str) -> str:
    q = query(name)
    if not q.slots:
        return q.text
    fill = {"label": "Actor", "start_label": "Actor", "end_label": "Agreement", "type": "PARTY_TO"}
    return q.render(**{slot: fill[slot] for slot in q.slots})


@pytest.mark.parametrize("name", sorted(n for n, q in all_queries().items() if not q.fragment))
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


# -- the allow-list of POST /cypher -------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "MATCH (n:Actor) RETURN n.name",
    "MATCH (n) WHERE n.set = 1 RETURN n.create",  # properties named like clauses
    "MATCH (n:Create)-[:SET]->(m) RETURN m",  # labels and types named like clauses
    "RETURN {merge: 1, delete: 2, create: 3} AS m",  # map keys
    "MATCH (a) RETURN a {.name, create: 1} AS m",  # a map projection
    "RETURN $set AS p",
    "RETURN 'CREATE (n)' AS s, \"MERGE\" AS t",
    "RETURN 1 // CREATE (n)",
    "RETURN 1 /* DETACH DELETE n */",
    "MATCH (`SET`) RETURN `SET`",
    "WITH 1 AS start RETURN start",
    "WITH 1 AS show RETURN show",  # variables named like clauses
    "WITH [1] AS load UNWIND load AS x RETURN x, load",
    "WITH 1 AS call, 2 AS use RETURN call AS c, use",
    "MATCH (n) WHERE n.x IN [1, 2] RETURN n",
    "MATCH (n) WHERE n.name STARTS WITH $x OR n.name ENDS WITH 'a' OR n.name CONTAINS 'b' RETURN n",
    "MATCH (n) WHERE n.x IS NOT NULL AND NOT n.y IS NULL XOR n.z =~ '(?i)x.*' RETURN DISTINCT n",
    "MATCH (a)-[r]->(b) RETURN type(r) AS t, count(*) AS c ORDER BY c DESC, t ASC SKIP 1 LIMIT 10",
    "RETURN 1 AS x OFFSET 0",
    "OPTIONAL MATCH (a:Actor {id: $id}) RETURN a",
    "RETURN CASE WHEN 1 = 1 THEN 'a' ELSE 'b' END AS x, CASE 2 WHEN 2 THEN 'c' END AS y",
    "RETURN 1 AS x UNION RETURN 2 AS x UNION ALL RETURN 3 AS x UNION DISTINCT RETURN 4 AS x",
    "CALL { MATCH (a:Actor) RETURN a.name AS name UNION MATCH (b:Agreement) RETURN b.name AS name } "
    "RETURN name",
    "MATCH (a:Actor) CALL (a) { MATCH (a)-->(x) RETURN count(x) AS out } RETURN a.name, out",
    "MATCH (a:Actor) CALL { WITH a RETURN a.id AS id } RETURN id",
    "OPTIONAL CALL { RETURN 1 AS x } RETURN x",
    "MATCH (a) WHERE EXISTS { (a)-[:PARTY_TO]->() } AND COUNT { (a)-->() } > 1 "
    "RETURN a, COLLECT { MATCH (a)-->(b) RETURN b.name } AS names",
    "MATCH (a) WHERE NOT EXISTS { MATCH (a)-->(b) WHERE b.x = 1 } RETURN a",
    "RETURN count { (a)-->() } AS c",
    "RETURN [x IN range(1, 3) WHERE x > 1 | x * 2] AS l, reduce(s = 0, x IN [1, 2] | s + x) AS r",
    "MATCH (a) RETURN [(a)-->(b) WHERE b.x = 1 | b.name] AS l",
    "MATCH p = shortestPath((a)-[*..3]-(b)) RETURN p",
    "MATCH p = allShortestPaths((a)-[:R*]->(b)) RETURN nodes(p), relationships(p)",
    "MATCH p = ANY SHORTEST (a)-->+(b) RETURN p",
    "MATCH p = SHORTEST 2 GROUPS (a)-->{1,3}(b) RETURN p",
    "MATCH ((a)-->(b))+ RETURN a",
    "MATCH (a)((x)-[:R]->(y) WHERE x.v < y.v){1,3}(b) RETURN a, b",
    "MATCH (n) WHERE n:A|B&!C RETURN n",
    "RETURN 1 :: INTEGER AS a, 1 IS TYPED INTEGER NOT NULL AS b, [1] :: LIST<INTEGER NOT NULL> AS c",
    "RETURN datetime() :: ZONED DATETIME AS a, time() :: TIME WITH TIME ZONE AS b",
    "RETURN 'a' IS NFC NORMALIZED AS a",
    "RETURN 2 * x + x AS y",
    "WITH * RETURN *",
    "RETURN point.distance(point({x: 0, y: 0}), point({x: 3, y: 4})) AS d",
    "RETURN point.withinBBox(point({x: 1, y: 1}), point({x: 0, y: 0}), point({x: 2, y: 2})) AS inside",
    "RETURN date.truncate('month', date()) AS m, duration.between(date(), date()) AS d",
    "RETURN datetime.fromEpoch(1, 0) AS a, DATETIME.FROMEPOCHMILLIS(1) AS b",
    "RETURN vector.similarity.cosine([1.0, 2.0], [2.0, 1.0]) AS s",
    "RETURN `point`.distance(point({x: 0, y: 0}), point({x: 3, y: 4})) AS d",
    "CALL db.labels() YIELD label RETURN label",
    "CALL db.labels() YIELD label WHERE label <> 'Article' RETURN label",
    "CALL db.relationshipTypes",
    "CALL db.propertyKeys() YIELD *",
    "CALL db.schema.visualization()",
    "CALL db.schema.nodeTypeProperties() YIELD nodeType, propertyName RETURN nodeType, propertyName",
    "SHOW INDEXES",
    "SHOW INDEX",
    "SHOW RANGE INDEXES YIELD name, labelsOrTypes WHERE name STARTS WITH 'x' RETURN name",
    "SHOW CONSTRAINTS YIELD name RETURN name",
    "SHOW NODE KEY CONSTRAINTS",
    "SHOW ALL INDEXES WHERE state = 'ONLINE'",
    "RETURN 1 AS x;",
    "RETURN ä, 1 AS `a``b`",
])
def test_guard_lets_reads_through(text: str) -> None:
    assert refusal(text) is None


@pytest.mark.parametrize(("text", "found"), [
    ("CREATE (n)", "CREATE clause"),
    ("match (n) set n.x = 1", "SET clause"),
    ("MATCH (n) DETACH DELETE n", "DETACH DELETE clause"),
    ("MATCH (n) DELETE n", "DELETE clause"),
    ("MERGE (n:A {id: 1})", "MERGE clause"),
    ("MATCH (n) REMOVE n:A", "REMOVE clause"),
    ("DROP CONSTRAINT actor_id", "DROP clause"),
    ("LOAD CSV FROM 'x' AS l RETURN l", "LOAD CSV clause"),
    ("FOREACH (x IN [1] | CREATE (:X))", "FOREACH clause"),
    ("GRANT ROLE admin TO bob", "GRANT clause"),
    ("ALTER USER neo4j SET PASSWORD 'x'", "ALTER clause"),
    ("STOP DATABASE neo4j", "STOP DATABASE clause"),
    ("START DATABASE neo4j", "START DATABASE clause"),
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "TERMINATE TRANSACTIONS"),
    ("ENABLE SERVER 'x'", "ENABLE SERVER clause"),
    ("DRY RUN REALLOCATE DATABASES", "DRY RUN clause"),
    ("USE system SHOW USERS", "USE clause"),
    ("USE neo4j MATCH (n) RETURN n", "USE clause"),
    ("EXPLAIN MATCH (n) RETURN n", "EXPLAIN prefix"),
    ("PROFILE MATCH (n) RETURN n", "PROFILE prefix"),
    ("CYPHER runtime=slotted RETURN 1", "CYPHER prefix"),
    ("MATCH (n) FINISH", "FINISH clause"),
    ("MATCH (n) CALL (n) { RETURN n } IN TRANSACTIONS RETURN n", "IN TRANSACTIONS"),
    ("MATCH (n) ORDER n", "ORDER clause without BY"),
    # procedures and functions off the list, however the name is written
    ("CALL dbms.killQueries(['1'])", "procedure dbms.killQueries"),
    ("CALL dbms . listConfig()", "procedure dbms.listConfig"),
    ("CALL `dbms`.`listConfig`()", "procedure dbms.listConfig"),
    ("CALL db.stats.collect('QUERIES')", "procedure db.stats.collect"),
    ("CALL db.index.fulltext.queryNodes('x', 'y')", "procedure db.index.fulltext.queryNodes"),
    ("OPTIONAL CALL dbms.components()", "procedure dbms.components"),
    ("CALL db.labels() YIELD label CALL apoc.help('x') YIELD name RETURN name", "procedure apoc.help"),
    ("CALL apoc.periodic.iterate('a', 'b', {})", "procedure apoc.periodic.iterate"),
    ("RETURN apoc.cypher.runFirstColumnSingle('CREATE (n)', {})", "function apoc.cypher"),
    ("RETURN apoc . version()", "function apoc.version"),
    ("RETURN apoc/* x */.version()", "function apoc.version"),
    ("RETURN `apoc.version`()", "function apoc.version"),
    ("MATCH (n) WHERE apoc.coll.contains([1], 1) RETURN n", "function apoc.coll.contains"),
    ("RETURN [x IN [1] | gds.util.asNode(x)] AS l", "function gds.util.asNode"),
    # in subqueries, after clause boundaries, and behind comments, strings and keyword-named variables
    ("CALL { CREATE (n) } RETURN 1", "CREATE clause"),
    ("MATCH (n) WHERE EXISTS { CREATE (m) } RETURN n", "CREATE clause"),
    ("MATCH (n) WHERE COUNT { SHOW USERS } > 0 RETURN n", "SHOW USERS command"),
    ("RETURN 1 AS x UNION ALL CREATE (n) RETURN 1 AS x", "CREATE clause"),
    ("RETURN 1 // harmless\nCREATE (n)", "CREATE clause"),
    ("//\rSHOW USERS", "SHOW USERS command"),  # Neo4j ends a line comment at \r too
    ("RETURN 'x' CREATE (n)", "CREATE clause"),
    ("WITH 1 AS where CREATE (n)", "CREATE clause"),
    ("WITH true AS not RETURN not SHOW USERS", "SHOW USERS command"),
    ("MATCH ((a)-->(b))+ CREATE (x)", "CREATE clause"),
    ("RETURN 2 * 3 CREATE (x)", "CREATE clause"),
    ("RETURN CASE WHEN true THEN 1 END AS x SET x.y = 1", "SET clause"),
    ("RETURN 1 AS x; SHOW USERS", "SHOW USERS command"),
    ("RETURN 'unterminated", None),
])
def test_guard_refuses_what_is_not_on_the_list(text: str, found: str | None) -> None:
    reason = refusal(text)
    if found is None:
        assert reason is None  # nothing but a string: Neo4j reports the syntax error
    else:
        assert reason is not None and found.lower() in reason.lower(), reason


@pytest.mark.parametrize("what", ["USERS", "ROLES", "ALL ROLES", "PRIVILEGES", "SETTINGS", "TRANSACTIONS",
                                  "DATABASES", "DATABASE neo4j", "DEFAULT DATABASE", "HOME DATABASE",
                                  "PROCEDURES", "FUNCTIONS", "ALL FUNCTIONS", "SERVERS", "ALIASES",
                                  "CURRENT USER", "USER PRIVILEGES", "SUPPORTED PRIVILEGES"])
def test_guard_refuses_every_other_show(what: str) -> None:
    for text in (f"SHOW {what}", f"show {what.lower()} YIELD * RETURN *"):
        reason = refusal(text)
        assert reason is not None and reason.startswith(f"the SHOW {what.split()[0]}"), (text, reason)


def test_tokenizer_reads_literals_and_names_as_single_tokens() -> None:
    tokens = tokenize("MATCH (n) // CREATE\nWHERE n.a = 'SET \\' x' /* DROP */ AND $p > 1.5e3 RETURN `a``b`")
    words = [t.text for t in tokens if t.kind == "word"]
    assert words == ["MATCH", "n", "WHERE", "n", "a", "AND", "RETURN"]
    assert [(t.kind, t.text) for t in tokens if t.kind != "word" and t.kind != "symbol"] == [
        ("string", "'SET \\' x'"), ("param", "$p"), ("number", "1.5e3"), ("quoted", "a`b")]


# -- the allow-list against the real server ---------------------------------------------------


def test_builtin_functions_are_the_servers(driver: neo4j.Driver) -> None:
    """Every function Neo4j lists as built-in is on the list, and its namespaced ones pass."""
    records, _, _ = driver.execute_query("SHOW FUNCTIONS YIELD name, isBuiltIn WHERE isBuiltIn RETURN name")
    names = {r["name"] for r in records}
    assert names and {n.lower() for n in names} <= BUILTIN_FUNCTIONS
    for name in names:
        assert refusal(f"RETURN {name}(1) AS x") is None, name


def test_allowed_procedures_exist_and_only_read(driver: neo4j.Driver) -> None:
    records, _, _ = driver.execute_query("SHOW PROCEDURES YIELD name, mode RETURN name, mode")
    modes = {r["name"]: r["mode"] for r in records}
    assert {name: modes.get(name) for name in PROCEDURES} == dict.fromkeys(PROCEDURES, "READ")


@pytest.mark.parametrize("name", sorted(n for n, q in all_queries().items() if not q.fragment))
def test_named_queries_pass_the_guard_when_they_read(driver: neo4j.Driver, name: str) -> None:
    """The project's own queries as an analyst's: the reads pass (unless they call a procedure
    off the list, like the server version), the writes are refused."""
    text = _rendered(name)
    kind = driver.execute_query("EXPLAIN " + text).summary.query_type
    reason = refusal(text)
    if kind == "r":
        assert reason is None or reason.startswith("the procedure "), reason
    else:
        assert reason is not None, f"{name} ({kind}) passes the guard"

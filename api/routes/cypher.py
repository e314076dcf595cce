"""POST /cypher: read-only Cypher for power users, with a time limit and a row cap."""

from __future__ import annotations

from fastapi import APIRouter

from conflictkg.api.cypher_guard import refusal
from conflictkg.api.deps import QueriesDep, QueryKeyDep, SettingsDep
from conflictkg.api.errors import ApiProblem, problem_responses
from conflictkg.api.models import CypherRequest, CypherResult

router = APIRouter(tags=["power users"])


@router.post("/cypher", name="run_cypher", responses=problem_responses(400, 401, 403, 413, 422, 503))
async def run_cypher(
    body: CypherRequest, _: QueryKeyDep, queries: QueriesDep, settings: SettingsDep
) -> CypherResult:
    """Run one read-only Cypher query with parameters (API key with the `query` scope). Only read
    clauses pass: MATCH, OPTIONAL MATCH, WITH, UNWIND, WHERE, RETURN, ORDER BY, SKIP, LIMIT, UNION,
    CALL/EXISTS/COUNT/COLLECT subqueries, SHOW INDEXES and SHOW CONSTRAINTS, Neo4j's built-in
    functions and the schema procedures db.labels, db.relationshipTypes, db.propertyKeys and
    db.schema.*. Anything else (a write, another SHOW, LOAD CSV, USE, EXPLAIN, another procedure or
    a plugin function) is refused with 403 before the query runs, and the query runs in a read
    transaction as a second guard. At most CONFLICTKG_API_CYPHER_MAX_ROWS rows come back
    (`truncated` says when more were cut), and the query is stopped after
    CONFLICTKG_API_CYPHER_TIMEOUT seconds (422)."""
    if reason := refusal(body.query):
        raise ApiProblem(403, f"POST /cypher is read-only and runs an allow-list of read clauses, "
                         f"procedures and functions: {reason} is not on it",
                         title="Read-only", kind="read-only")
    return await queries.adhoc(
        body.query, body.parameters,
        timeout=settings.api_cypher_timeout, max_rows=settings.api_cypher_max_rows,
    )

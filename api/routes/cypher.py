"""POST /cypher: read-only Cypher for power users, with a time limit and a row cap."""

from __future__ import annotations

from fastapi import APIRouter

from conflictkg.api.cypher_guard import write_reason
from conflictkg.api.deps import ApiKeyDep, QueriesDep, SettingsDep
from conflictkg.api.errors import ApiProblem, problem_responses
from conflictkg.api.models import CypherRequest, CypherResult

router = APIRouter(tags=["power users"])


@router.post("/cypher", name="run_cypher", responses=problem_responses(401, 403, 413, 422, 503))
async def run_cypher(
    body: CypherRequest, _: ApiKeyDep, queries: QueriesDep, settings: SettingsDep
) -> CypherResult:
    """Run one read-only Cypher query with parameters. Write clauses are refused (403) before
    the query runs, and it runs in a read transaction as a second guard. At most
    CONFLICTKG_API_CYPHER_MAX_ROWS rows come back (`truncated` says when more were cut), and
    the query is stopped after CONFLICTKG_API_CYPHER_TIMEOUT seconds (422)."""
    if reason := write_reason(body.query):
        raise ApiProblem(403, f"POST /cypher is read-only and the query has a {reason}",
                         title="Read-only", kind="read-only")
    return await queries.adhoc(
        body.query, body.parameters,
        timeout=settings.api_cypher_timeout, max_rows=settings.api_cypher_max_rows,
    )

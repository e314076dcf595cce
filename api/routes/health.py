"""GET /health (always open, for load balancers and compose healthchecks) and GET /stats."""

from __future__ import annotations

from fastapi import APIRouter, Request

from conflictkg.api.deps import QueriesDep
from conflictkg.api.errors import problem_responses
from conflictkg.api.models import HealthPublic, StatsPublic
from conflictkg.api.schema import ensure_schema

router = APIRouter(tags=["service"])
stats_router = APIRouter(tags=["service"])


@router.get("/health", name="health", responses=problem_responses(503))
async def health(request: Request, queries: QueriesDep) -> HealthPublic:
    """200 with the Neo4j version while the database answers, 503 while it does not."""
    status = await queries.server_version()
    await ensure_schema(request.app)  # a no-op once applied; catches up after an outage at start
    return status


@stats_router.get("/stats", name="stats", responses=problem_responses(401, 503))
async def stats(queries: QueriesDep) -> StatsPublic:
    """How many nodes of each label and relationships of each type the graph holds."""
    return await queries.stats()

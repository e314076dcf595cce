"""The shortest relationship paths between two actors."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from conflictkg.api.deps import QueriesDep
from conflictkg.api.errors import not_found, problem_responses
from conflictkg.api.models import PathsPublic
from conflictkg.api.params import Limit, Offset, name_id_pattern, named_id

router = APIRouter(tags=["actors"])
ActorQuery = Annotated[str, Query(max_length=200, pattern=name_id_pattern("actor"),
                                  description="Actor id, e.g. russia.")]


@router.get("/paths", name="actor_paths", responses=problem_responses(401, 404, 422, 503))
async def actor_paths(
    queries: QueriesDep,
    source: ActorQuery,
    target: ActorQuery,
    max_hops: Annotated[int, Query(ge=1, le=6, description="Longest path considered.")] = 4,
    limit: Limit = 50,
    offset: Offset = 0,
) -> PathsPublic:
    """All shortest paths between two actors over the facts that join them (not articles); from an
    actor to itself, the path of length 0."""
    src, dst = named_id("actor", source, "source"), named_id("actor", target, "target")
    assert src is not None and dst is not None
    source_found, target_found, paths = await queries.paths(
        source=src, target=dst, max_hops=max_hops, limit=limit, offset=offset
    )
    if not source_found:
        raise not_found("actor", source)
    if not target_found:
        raise not_found("actor", target)
    return paths

"""Actors: search, one actor in detail, and its neighbourhood for a graph view."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from conflictkg.api.deps import QueriesDep, ReadAccess
from conflictkg.api.errors import not_found, problem_responses
from conflictkg.api.models import ActorDetailPublic, ActorsPublic, NetworkPublic
from conflictkg.api.params import ActorPath, Limit, Offset, named_id
from conflictkg.graph.ids import fold

router = APIRouter(tags=["actors"], dependencies=[ReadAccess])


@router.get("/actors", name="list_actors", responses=problem_responses(401, 422, 503))
async def list_actors(
    queries: QueriesDep,
    q: Annotated[str | None, Query(max_length=200, description="Part of a name or alias; "
                                   "case and accents are ignored.")] = None,
    kind: Annotated[str | None, Query(max_length=50, description="country, person, "
                                      "organization, alliance, armed_group, group")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> ActorsPublic:
    """Actors by name, optionally those whose name or an alias contains `q`."""
    folded = fold(q).strip() if q else ""
    return await queries.actors(q=folded or None, kind=kind, limit=limit, offset=offset)


@router.get("/actors/{actor_id}", name="get_actor", responses=problem_responses(401, 404, 422, 503))
async def get_actor(actor_id: ActorPath, queries: QueriesDep) -> ActorDetailPublic:
    """One actor: aliases, roles, affiliations, members and counts of what it took part in."""
    key = named_id("actor", actor_id, "actor_id", "path")
    assert key is not None
    actor = await queries.actor(key)
    if actor is None:
        raise not_found("actor", actor_id)
    return actor


@router.get("/actors/{actor_id}/network", name="actor_network",
            responses=problem_responses(401, 404, 422, 503))
async def actor_network(
    actor_id: ActorPath,
    queries: QueriesDep,
    depth: Annotated[int, Query(ge=1, le=3, description="Relationships out from the actor.")] = 1,
    limit: Annotated[int, Query(ge=1, le=1000, description="Most nodes returned.")] = 200,
) -> NetworkPublic:
    """The actor's neighbourhood, `depth` relationships out (articles left out): depth 1 is the
    facts it takes part in, depth 2 adds the other actors and places of those facts."""
    key = named_id("actor", actor_id, "actor_id", "path")
    assert key is not None
    network = await queries.network(key, depth=depth, max_nodes=limit)
    if network is None:
        raise not_found("actor", actor_id)
    return network

"""Actors: search, one actor in detail, and its neighbourhood for a graph view."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

from conflictkg.api.deps import QueriesDep
from conflictkg.api.errors import not_found, problem_responses
from conflictkg.api.exports import export, graphml, negotiate, openapi_content
from conflictkg.api.models import ActorDetailPublic, ActorsPublic, LocationsPublic, NetworkPublic
from conflictkg.api.params import (
    ActorPath,
    Bbox,
    Limit,
    Near,
    Offset,
    PlaceParam,
    RadiusKm,
    geo_filter,
    named_id,
    place_ids,
)
from conflictkg.api.routes.events import GEO_FORMATS, GeoFormat
from conflictkg.graph.ids import fold

router = APIRouter(tags=["actors"])


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


@router.get("/actors/{actor_id}/network", name="actor_network", response_model=NetworkPublic,
            responses={**openapi_content(("graphml",), "The neighbourhood"),
                       **problem_responses(401, 404, 422, 503)})
async def actor_network(
    request: Request,
    actor_id: ActorPath,
    queries: QueriesDep,
    depth: Annotated[int, Query(ge=1, le=3, description="Relationships out from the actor.")] = 1,
    limit: Annotated[int, Query(ge=1, le=1000, description="Most nodes returned.")] = 200,
    format: Annotated[Literal["json", "graphml"] | None, Query(
        description="json, or graphml (Gephi, yEd, networkx); also by Accept.")] = None,
) -> Any:
    """The actor's neighbourhood, `depth` relationships out (articles left out): depth 1 is the
    facts it takes part in, depth 2 adds the other actors and places of those facts."""
    key = named_id("actor", actor_id, "actor_id", "path")
    assert key is not None
    network = await queries.network(key, depth=depth, max_nodes=limit)
    if network is None:
        raise not_found("actor", actor_id)
    if negotiate(request, format, ("graphml",)) == "graphml":
        return graphml(network)
    return network


@router.get("/locations", name="list_locations", response_model=LocationsPublic,
            responses={**openapi_content(GEO_FORMATS, "Places"), **problem_responses(401, 422, 503)})
async def list_locations(
    request: Request,
    queries: QueriesDep,
    q: Annotated[str | None, Query(max_length=200, description="Part of a name or alias; "
                                   "case and accents are ignored.")] = None,
    within: PlaceParam = None,
    near: Near = None,
    radius_km: RadiusKm = 25.0,
    bbox: Bbox = None,
    limit: Limit = 50,
    offset: Offset = 0,
    format: GeoFormat = None,
) -> Any:
    """Places by name, with coordinates (when the gazetteer or an import gave them), admin
    region, the places they lie in and how many events happened there. As CSV or GeoJSON: id,
    name, kind, latitude, longitude, country_code, admin1, admin2, geonames_id, within, events."""
    folded = fold(q).strip() if q else ""
    filters: dict[str, Any] = dict(q=folded or None, within=place_ids(within, "within"))
    geo = geo_filter(near, radius_km, bbox)
    fmt = negotiate(request, format, GEO_FORMATS)
    if fmt != "json":
        return await export(queries, fmt, "locations", "locations_rows", **filters, **geo)
    return await queries.locations(**filters, geo=geo, limit=limit, offset=offset)

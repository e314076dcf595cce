"""Attacks, accusations, and one timeline over every kind of event; CSV and GeoJSON exports."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

from conflictkg.api.deps import QueriesDep
from conflictkg.api.errors import problem_responses
from conflictkg.api.exports import Format, export, negotiate, openapi_content
from conflictkg.api.models import AccusationsPublic, AttacksPublic, EventsPublic, EventType
from conflictkg.api.params import (
    ActorParam,
    Bbox,
    Limit,
    Near,
    Offset,
    PlaceParam,
    RadiusKm,
    Since,
    Until,
    agreement_param,
    event_id,
    geo_filter,
    named_id,
    place_ids,
    window,
)
from conflictkg.graph.registry import REGISTRY

router = APIRouter(tags=["events"])

GEO_FORMATS: tuple[Format, ...] = ("csv", "geojson")
CSV_ONLY: tuple[Format, ...] = ("csv",)
GeoFormat = Annotated[Literal["json", "csv", "geojson"] | None, Query(
    description="json (pages), csv or geojson (every matching row, streamed); also by Accept.")]
CsvFormat = Annotated[Literal["json", "csv"] | None, Query(
    description="json (pages) or csv (every matching row, streamed); also by Accept.")]


@router.get("/attacks", name="list_attacks", response_model=AttacksPublic,
            responses={**openapi_content(GEO_FORMATS, "Attacks"), **problem_responses(401, 422, 503)})
async def list_attacks(
    request: Request,
    queries: QueriesDep,
    perpetrator: ActorParam = None,
    location: PlaceParam = None,
    method: Annotated[str | None, Query(max_length=50, description="drone, missile, shelling, "
                                        "airstrike, ground_assault, explosion, …")] = None,
    since: Since = None,
    until: Until = None,
    near: Near = None,
    radius_km: RadiusKm = 25.0,
    bbox: Bbox = None,
    limit: Limit = 50,
    offset: Offset = 0,
    format: GeoFormat = None,
) -> Any:
    """Attacks ordered by date (undated last). As CSV the columns follow ACLED's export where ACLED
    has one (event_id_cnty, event_date, time_precision, event_type, sub_event_type, actor1,
    actor2, country, admin1, admin2, location, latitude, longitude, source, fatalities, notes), plus
    date, date_precision, method, iso2, geonames_id, fatalities_qualifier, injured,
    injured_qualifier and articles (how many articles report it)."""
    start, end = window(since, until)
    filters: dict[str, Any] = dict(
        perpetrator=named_id("actor", perpetrator, "perpetrator"), places=place_ids(location),
        method=method, since=start, until=end, geo=geo_filter(near, radius_km, bbox),
    )
    fmt = negotiate(request, format, GEO_FORMATS)
    if fmt != "json":
        geo = filters.pop("geo")
        return await export(queries, fmt, "attacks", "attacks_rows", "event_id_cnty", **filters, **geo)
    return await queries.attacks(**filters, limit=limit, offset=offset)


@router.get("/accusations", name="list_accusations", response_model=AccusationsPublic,
            responses={**openapi_content(CSV_ONLY, "Accusations"), **problem_responses(401, 422, 503)})
async def list_accusations(
    request: Request,
    queries: QueriesDep,
    accuser: ActorParam = None,
    accused: ActorParam = None,
    agreement: Annotated[str | None, agreement_param("Agreement id, with or without `agreement:`.")] = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 50,
    offset: Offset = 0,
    format: CsvFormat = None,
) -> Any:
    """Accusations (of violating an agreement, mostly) ordered by date. As CSV: id, date,
    date_precision, date_start, date_end, mutual, accusers, accused, agreements, quote, articles."""
    start, end = window(since, until)
    filters: dict[str, Any] = dict(
        accuser=named_id("actor", accuser, "accuser"), accused=named_id("actor", accused, "accused"),
        agreement=event_id("agreement", agreement, "agreement"), since=start, until=end,
    )
    fmt = negotiate(request, format, CSV_ONLY)
    if fmt != "json":
        return await export(queries, fmt, "accusations", "accusations_rows", **filters)
    return await queries.accusations(**filters, limit=limit, offset=offset)


@router.get("/events", name="list_events", response_model=EventsPublic,
            responses={**openapi_content(GEO_FORMATS, "Events"), **problem_responses(401, 422, 503)})
async def list_events(
    request: Request,
    queries: QueriesDep,
    actor: ActorParam = None,
    type: Annotated[EventType | None, Query(description="One kind of event.")] = None,
    location: PlaceParam = None,
    since: Since = None,
    until: Until = None,
    near: Near = None,
    radius_km: RadiusKm = 25.0,
    bbox: Bbox = None,
    limit: Limit = 50,
    offset: Offset = 0,
    format: GeoFormat = None,
) -> Any:
    """One timeline over every kind of event (attacks, agreements, accusations, meetings,
    proposals, statements, …), ordered by the first day each date covers (its precision is
    given); undated events last. As CSV: id, type, date, date_precision, date_start, date_end,
    title, actors (name and relation), places, latitude, longitude, country_code, admin1, articles."""
    start, end = window(since, until)
    filters: dict[str, Any] = dict(
        actor=named_id("actor", actor, "actor"), label=REGISTRY.event_label[type] if type else None,
        places=place_ids(location), since=start, until=end, geo=geo_filter(near, radius_km, bbox),
    )
    fmt = negotiate(request, format, GEO_FORMATS)
    if fmt != "json":
        geo = filters.pop("geo")
        return await export(queries, fmt, "events", "events_rows", **filters, **geo)
    return await queries.events(**filters, limit=limit, offset=offset)

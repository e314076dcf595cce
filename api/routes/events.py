"""Attacks, accusations, and one timeline over every kind of event."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from conflictkg.api.deps import QueriesDep, ReadAccess
from conflictkg.api.errors import problem_responses
from conflictkg.api.models import AccusationsPublic, AttacksPublic, EventsPublic, EventType
from conflictkg.api.params import (
    ActorParam,
    Limit,
    Offset,
    PlaceParam,
    Since,
    Until,
    agreement_param,
    event_id,
    named_id,
    place_ids,
    window,
)
from conflictkg.graph.registry import REGISTRY

router = APIRouter(tags=["events"], dependencies=[ReadAccess])



@router.get("/attacks", name="list_attacks", responses=problem_responses(401, 422, 503))
async def list_attacks(
    queries: QueriesDep,
    perpetrator: ActorParam = None,
    location: PlaceParam = None,
    method: Annotated[str | None, Query(max_length=50, description="drone, missile, shelling, "
                                        "airstrike, ground_assault, explosion, …")] = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> AttacksPublic:
    """Attacks ordered by date (undated last)."""
    start, end = window(since, until)
    return await queries.attacks(
        perpetrator=named_id("actor", perpetrator, "perpetrator"),
        places=place_ids(location),
        method=method, since=start, until=end, limit=limit, offset=offset,
    )


@router.get("/accusations", name="list_accusations", responses=problem_responses(401, 422, 503))
async def list_accusations(
    queries: QueriesDep,
    accuser: ActorParam = None,
    accused: ActorParam = None,
    agreement: Annotated[str | None, agreement_param("Agreement id, with or without `agreement:`.")] = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> AccusationsPublic:
    """Accusations (of violating an agreement, mostly) ordered by date."""
    start, end = window(since, until)
    return await queries.accusations(
        accuser=named_id("actor", accuser, "accuser"), accused=named_id("actor", accused, "accused"),
        agreement=event_id("agreement", agreement, "agreement"),
        since=start, until=end, limit=limit, offset=offset,
    )


@router.get("/events", name="list_events", responses=problem_responses(401, 422, 503))
async def list_events(
    queries: QueriesDep,
    actor: ActorParam = None,
    type: Annotated[EventType | None, Query(description="One kind of event.")] = None,
    location: PlaceParam = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> EventsPublic:
    """One timeline over every kind of event (attacks, agreements, accusations, meetings,
    proposals, statements, …), ordered by the first day each date covers (its precision is
    given); undated events last."""
    start, end = window(since, until)
    return await queries.events(
        actor=named_id("actor", actor, "actor"), label=REGISTRY.event_label[type] if type else None,
        places=place_ids(location),
        since=start, until=end, limit=limit, offset=offset,
    )

"""Agreements, one agreement, and what speaks of it being violated."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from conflictkg.api.deps import QueriesDep
from conflictkg.api.errors import not_found, problem_responses
from conflictkg.api.exports import export, negotiate, openapi_content
from conflictkg.api.models import AgreementPublic, AgreementsPublic, ViolationsPublic
from conflictkg.api.params import (
    ActorParam,
    AgreementPath,
    Limit,
    Offset,
    Since,
    Until,
    event_id,
    named_id,
    window,
)
from conflictkg.api.routes.events import CSV_ONLY, CsvFormat

router = APIRouter(tags=["agreements"])


@router.get("/agreements", name="list_agreements", response_model=AgreementsPublic,
            responses={**openapi_content(CSV_ONLY, "Agreements"), **problem_responses(401, 422, 503)})
async def list_agreements(
    request: Request,
    queries: QueriesDep,
    party: ActorParam = None,
    mediator: ActorParam = None,
    status: Annotated[str | None, Query(max_length=50, description="agreed, proposed, in_force, "
                                        "violated, collapsed, expired")] = None,
    topic: Annotated[str | None, Query(max_length=50, examples=["black_sea_shipping"])] = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 50,
    offset: Offset = 0,
    format: CsvFormat = None,
) -> Any:
    """Agreements ordered by date (undated last). As CSV: id, name, topic, status, date,
    date_precision, date_start, parties, mediators, accusations, articles."""
    start, end = window(since, until)
    filters: dict[str, Any] = dict(
        party=named_id("actor", party, "party"), mediator=named_id("actor", mediator, "mediator"),
        status=status, topic=topic, since=start, until=end,
    )
    if negotiate(request, format, CSV_ONLY) == "csv":
        return await export(queries, "csv", "agreements", "agreements_rows", **filters)
    return await queries.agreements(**filters, limit=limit, offset=offset)


@router.get("/agreements/{agreement_id}", name="get_agreement",
            responses=problem_responses(401, 404, 422, 503))
async def get_agreement(agreement_id: AgreementPath, queries: QueriesDep) -> AgreementPublic:
    """One agreement: parties, mediators, status, date and evidence."""
    key = event_id("agreement", agreement_id, "agreement_id", "path")
    assert key is not None
    agreement = await queries.agreement(key)
    if agreement is None:
        raise not_found("agreement", agreement_id)
    return agreement


@router.get("/agreements/{agreement_id}/violations", name="agreement_violations",
            responses=problem_responses(401, 404, 422, 503))
async def agreement_violations(agreement_id: AgreementPath, queries: QueriesDep) -> ViolationsPublic:
    """The accusations that the agreement was violated, and the attacks by its parties dated on
    or after it (an undated attack is never "after"; `timing` says whether it is certain)."""
    key = event_id("agreement", agreement_id, "agreement_id", "path")
    assert key is not None
    found = await queries.agreement_violations(key)
    if found is None:
        raise not_found("agreement", agreement_id)
    return found

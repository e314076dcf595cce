"""RFC 9457 problem details for every error the API answers, and the handlers that produce them.

A client's input never yields a 500: invalid parameters are 422 naming the parameter, unknown ids
404, an oversized body 413, a missing key 401, a write through POST /cypher 403, and a database
outage 503. Only a bug in the service answers 500 (and is logged with its traceback).
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from neo4j.exceptions import DriverError, Neo4jError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from conflictkg.api.db import CypherTimeout, InvalidQuery, QueryTimeout, ReadOnlyViolation, translate
from conflictkg.api.models import Problem, ProblemError
from conflictkg.errors import (
    ConflictKGError,
    DatabaseUnavailable,
    DocumentError,
    ExtractionTimeout,
    InputError,
)

log = logging.getLogger("conflictkg.api")

PROBLEM_JSON = "application/problem+json"
# Problem types beyond plain HTTP statuses; tag URIs (RFC 4151) as RFC 9457 suggests for
# identifiers that need not resolve.
_TYPE = "tag:conflictkg,2025:problem:"


class ApiProblem(Exception):
    """Raised by routes and dependencies; rendered as problem+json by the handler below."""

    def __init__(
        self,
        status: int,
        detail: str | None = None,
        *,
        title: str | None = None,
        kind: str | None = None,
        errors: list[ProblemError] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail or title or HTTPStatus(status).phrase)
        self.status = status
        self.title = title or HTTPStatus(status).phrase
        self.detail = detail
        self.type = _TYPE + kind if kind else "about:blank"
        self.errors = errors
        self.headers = headers


def not_found(what: str, ident: str) -> ApiProblem:
    return ApiProblem(404, f"no {what} with id {ident!r}", kind="not-found")


def invalid(name: str, detail: str, where: str = "query") -> ApiProblem:
    """A 422 naming one parameter, for checks that cannot be expressed in the signature."""
    return ApiProblem(
        422,
        f"{where} parameter {name}: {detail}",
        title="Invalid parameter",
        kind="invalid-parameter",
        errors=[ProblemError(name=name, in_=where, detail=detail)],
    )


def problem_response(request: Request, problem: Problem, headers: dict[str, str] | None = None) -> JSONResponse:
    if problem.instance is None:
        problem.instance = request.url.path
    body = problem.model_dump(mode="json", by_alias=True, exclude_none=True)
    return JSONResponse(body, status_code=problem.status, media_type=PROBLEM_JSON, headers=headers)


def render(request: Request, exc: ApiProblem) -> JSONResponse:
    problem = Problem(type=exc.type, title=exc.title, status=exc.status, detail=exc.detail,
                      errors=exc.errors)
    return problem_response(request, problem, exc.headers)


def _validation_errors(exc: RequestValidationError) -> list[ProblemError]:
    out: list[ProblemError] = []
    for e in exc.errors():
        loc = [str(p) for p in e.get("loc", ())]
        where = loc[0] if loc and loc[0] in ("query", "path", "body", "header", "cookie") else "body"
        rest = loc[1:] if loc and loc[0] == where else loc
        name = ".".join(p for p in rest if not p.isdigit() or len(rest) == 1) or where
        if e.get("type") == "json_invalid":
            name = "body"
        msg = str(e.get("msg", "invalid value"))
        if ctx_error := (e.get("ctx") or {}).get("error"):
            msg = f"{msg}: {ctx_error}" if str(ctx_error) not in msg else msg
        out.append(ProblemError(name=name, in_=where, detail=msg))
    return out


async def _on_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = _validation_errors(exc)
    detail = "; ".join(f"{e.in_} parameter {e.name}: {e.detail}" for e in errors)
    return render(request, ApiProblem(422, detail, title="Invalid parameter",
                                       kind="invalid-parameter", errors=errors))


async def _on_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    phrase = HTTPStatus(exc.status_code).phrase
    detail = str(exc.detail) if exc.detail and str(exc.detail) != phrase else None
    if detail is None:
        detail = {
            404: f"no route {request.method} {request.url.path}",
            405: f"{request.method} is not allowed on {request.url.path}",
        }.get(exc.status_code, phrase)
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = _allowed_methods(request)
    return render(request, ApiProblem(exc.status_code, detail, headers=headers))


_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")


def _allowed_methods(request: Request) -> str:
    """Every method some route takes on this path: Starlette's own Allow names only the first
    route that matched the path (GET /articles, not POST /articles as well). Each method is tried
    against the routes through their public `matches`."""
    allowed = [m for m in _METHODS
               if any(route.matches({**request.scope, "method": m})[0] is Match.FULL
                      for route in request.app.router.routes)]
    return ", ".join(allowed)


async def _on_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiProblem)
    return render(request, exc)


def _unavailable(detail: str) -> ApiProblem:
    return ApiProblem(503, detail, title="Database unavailable", kind="database-unavailable",
                      headers={"Retry-After": "5"})


async def _on_ours(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ConflictKGError)
    if isinstance(exc, DatabaseUnavailable):
        return render(request, _unavailable(exc.message))
    if isinstance(exc, QueryTimeout):
        # A named query that overruns is the server's problem (load, a huge graph): 503.
        return render(request, ApiProblem(503, exc.message, title="Query timed out",
                                           kind="query-timeout", headers={"Retry-After": "5"}))
    if isinstance(exc, CypherTimeout):
        return render(request, ApiProblem(422, exc.message, title="Query exceeded the time limit",
                                          kind="query-time-limit"))
    if isinstance(exc, InvalidQuery):
        return render(request, ApiProblem(422, exc.message, title="Invalid Cypher query",
                                          kind="invalid-query"))
    if isinstance(exc, ReadOnlyViolation):
        return render(request, ApiProblem(403, exc.message, title="Read-only", kind="read-only"))
    if isinstance(exc, ExtractionTimeout):
        return render(request, ApiProblem(422, exc.message, title="Extraction time budget exceeded",
                                          kind="extraction-timeout"))
    if isinstance(exc, (InputError, DocumentError)):
        return render(request, ApiProblem(422, exc.message, title="Unreadable article",
                                           kind="invalid-article"))
    log.error("unhandled conflictkg error on %s: %s", request.url.path, exc)
    return render(request, ApiProblem(500, "an internal error occurred; see the server log"))


async def _on_driver(request: Request, exc: Exception) -> JSONResponse:
    translated = translate(exc, request.app.state.settings)
    if isinstance(translated, ConflictKGError):
        return await _on_ours(request, translated)
    log.exception("Neo4j error on %s", request.url.path, exc_info=exc)
    return render(request, ApiProblem(500, "an internal error occurred; see the server log"))


async def _on_anything(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s", request.url.path, exc_info=exc)
    return render(request, ApiProblem(500, "an internal error occurred; see the server log"))


def install_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(ApiProblem, _on_problem)
    app.add_exception_handler(ConflictKGError, _on_ours)
    app.add_exception_handler(Neo4jError, _on_driver)
    app.add_exception_handler(DriverError, _on_driver)
    app.add_exception_handler(OSError, _on_driver)  # sockets failing under the driver
    app.add_exception_handler(Exception, _on_anything)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for the error statuses a route may answer."""
    return {
        s: {"model": Problem, "description": HTTPStatus(s).phrase,
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        for s in statuses
    }

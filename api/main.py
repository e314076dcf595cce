"""The FastAPI application: settings, drivers in the lifespan, error handlers, routers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from conflictkg import __version__
from conflictkg.api.deps import ReadAccess, app_queries, unvalidated_queries
from conflictkg.api.errors import install_handlers
from conflictkg.api.etags import ETagMiddleware, GraphVersion
from conflictkg.api.fastpath import FastReads
from conflictkg.api.heap import settled_heap
from conflictkg.api.limits import BodySizeLimit
from conflictkg.api.queries import Queries
from conflictkg.api.routes import open_routers, read_routers, write_routers
from conflictkg.api.schema import ensure_schema, new_schema_state
from conflictkg.errors import ConfigurationError
from conflictkg.graph.connection import create_async_driver, create_driver
from conflictkg.ingest.service import Ingestor
from conflictkg.settings import DEFAULT_API_KEY, Settings, get_settings

log = logging.getLogger("conflictkg.api")

DESCRIPTION = """
Query the conflict-event knowledge graph: actors, agreements and their violations, attacks,
accusations, a timeline of all events, paths between actors, and the articles every fact was read
from. Every fact carries its evidence: the article id and the quote.

Errors are RFC 9457 problem details (`application/problem+json`). Writes (`POST /articles`,
`POST /cypher`) need the `X-API-Key` header.
"""


def _operation_id(route: APIRoute) -> str:
    # Stable, readable operation ids (list_actors, get_actor, …) for generated clients.
    return route.name


def check_settings(settings: Settings) -> None:
    """Refuse settings the API must not run with; warn about the development key."""
    if problem := settings.api_key_problem():
        raise ConfigurationError(problem)
    if DEFAULT_API_KEY in settings.api_key_scopes():
        log.warning("an API key is the development default %r (CONFLICTKG_API_KEY unless "
                    "CONFLICTKG_API_KEYS is set); set your own before exposing the API "
                    "(CONFLICTKG_ENV=production refuses to start without).", DEFAULT_API_KEY)


class _App(FastAPI):
    """FastAPI, with the compiled reads (api.fastpath) in front of its middleware stack."""

    fast_reads: list[APIRoute] | None = None
    direct: bool = False  # requests skip FastAPI's telemetry check (set when telemetry is off)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Without telemetry a request goes straight to the stack (the compiled reads in front), as
        # FastAPI's and Starlette's own calls would send it, without asking the telemetry layer
        # whether it is on at every request. (The app has no root_path of its own to set.)
        if self.direct and self.middleware_stack is not None and scope["type"] == "http":
            scope["app"] = self
            await self.middleware_stack(scope, receive, send)
            return
        await super().__call__(scope, receive, send)

    def build_middleware_stack(self) -> ASGIApp:
        stack = super().build_middleware_stack()
        if self.fast_reads is None:
            return stack
        return FastReads(stack, self.fast_reads, versions=lambda: getattr(self.state, "graph_version", None),
                         handlers=lambda: self.exception_handlers,
                         substitutes={app_queries: unvalidated_queries})


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    # Drivers connect lazily: the app starts while the database is down, and /health says 503.
    app.state.driver = create_async_driver(settings, fail_fast=True)
    app.state.writer = create_driver(settings, fail_fast=True)
    app.state.queries = Queries(app.state.driver, settings)
    app.state.unvalidated_queries = app.state.queries.unvalidated()
    app.state.ingestor = Ingestor.from_settings(app.state.writer, settings)
    app.state.graph_version = GraphVersion(app.state.driver, settings)
    new_schema_state(app)
    await ensure_schema(app)
    try:
        with settled_heap():
            yield
    finally:
        await app.state.driver.close()
        await run_in_threadpool(app.state.writer.close)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    check_settings(settings)
    app = _App(
        title="conflictkg",
        version=__version__,
        description=DESCRIPTION,
        lifespan=_lifespan,
        generate_unique_id_function=_operation_id,
        # FastAPI looks for an OpenTelemetry provider on every request unless told not to
        telemetry=None if settings.api_telemetry else {"tracing": False, "metrics": False, "logs": False},
    )
    app.state.settings = settings
    app.direct = not settings.api_telemetry and not app.root_path
    install_handlers(app)
    if settings.api_fast_reads and not settings.api_read_auth:
        # Compiled from the routers' own routes, which do not carry the key check that
        # `include_router` adds when reads need a key: so only with open reads.
        app.fast_reads = [route for router in read_routers for route in router.routes
                          if isinstance(route, APIRoute)]
    app.add_middleware(BodySizeLimit, max_bytes=settings.api_max_body_bytes)
    app.add_middleware(ETagMiddleware, versions=lambda: getattr(app.state, "graph_version", None),
                       open_reads=not settings.api_read_auth)
    for router in open_routers:
        app.include_router(router)
    for router in read_routers:
        app.include_router(router, dependencies=[ReadAccess] if settings.api_read_auth else None)
    for router in write_routers:
        app.include_router(router)
    _truthful_security(app, settings)
    return app


def _truthful_security(app: FastAPI, settings: Settings) -> None:
    """The OpenAPI document declares the API key on a read only when reads need it.

    With CONFLICTKG_API_READ_AUTH=true every read depends on `read_access`, which declares the key
    header, and a key without the `query` scope gets 403, which is added. With open reads (the
    default) the reads carry no such dependency, and the 401 their route declarations list would
    tell clients something untrue, so it is taken out.
    """
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = generate()
        for operations in schema.get("paths", {}).values():
            for method, operation in operations.items():
                if method != "get":
                    continue
                responses = operation.setdefault("responses", {})
                _declare_conditional_get(operation, responses)
                if settings.api_read_auth:
                    if "401" in responses:
                        responses.setdefault("403", {**responses["401"], "description": "Forbidden"})
                else:
                    responses.pop("401", None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _declare_conditional_get(operation: dict[str, Any], responses: dict[str, Any]) -> None:
    """A read answers with an ETag and takes If-None-Match (api.etags); /health does not."""
    if operation.get("operationId") in ("health", "openapi"):
        return
    operation.setdefault("parameters", []).append({
        "name": "If-None-Match", "in": "header", "required": False,
        "description": "The ETag of an earlier answer: 304 without a body while the graph is unchanged.",
        "schema": {"type": "string"},
    })
    if "200" in responses:
        responses["200"].setdefault("headers", {})["ETag"] = {
            "description": "Changes when the graph changes.", "schema": {"type": "string"}}
    responses["304"] = {"description": "Not Modified: the graph has not changed since that ETag."}

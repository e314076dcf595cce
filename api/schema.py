"""Applying cypher/schema.cypher from the API: at start-up, and after an outage at start-up."""

from __future__ import annotations

import asyncio
import logging

from fastapi import FastAPI
from neo4j.exceptions import DriverError, Neo4jError
from starlette.concurrency import run_in_threadpool

from conflictkg.graph.connection import is_unavailable
from conflictkg.graph.schema import apply_schema

log = logging.getLogger("conflictkg.api")


async def ensure_schema(app: FastAPI) -> None:
    """Apply the schema once per process, through the sync writer driver in a worker thread.

    An unreachable database leaves it pending (health checks try again); any other failure, such
    as a user without schema rights, is logged once and not retried.
    """
    state = app.state
    if state.schema_applied:
        return
    async with state.schema_lock:
        if state.schema_applied:
            return
        try:
            count = await run_in_threadpool(apply_schema, state.writer, state.settings.neo4j_database)
        except (DriverError, Neo4jError, OSError) as exc:
            if is_unavailable(exc):
                log.warning("Neo4j is not reachable, schema not applied yet: %s", exc)
                return
            log.error("could not apply the schema (continuing without it): %s", exc)
        else:
            log.info("schema applied (%d statements)", count)
        state.schema_applied = True


def new_schema_state(app: FastAPI) -> None:
    app.state.schema_applied = False
    app.state.schema_lock = asyncio.Lock()

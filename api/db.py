"""The translation of driver values and failures for the API.

The app creates (graph.connection, `fail_fast`) one async driver for reads and one sync driver for
the ingest service, which is sync and runs in a worker thread.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import neo4j
import neo4j.graph
import neo4j.spatial
import neo4j.time
from neo4j.exceptions import (
    ClientError,
    Neo4jError,
)

from conflictkg.errors import ConflictKGError, DatabaseUnavailable
from conflictkg.graph.connection import is_unavailable, unavailable
from conflictkg.settings import Settings


class QueryTimeout(ConflictKGError):
    """A query ran into its time limit."""


class ReadOnlyViolation(ConflictKGError):
    """A query tried to write in a read transaction."""


class InvalidQuery(ConflictKGError):
    """A client's own Cypher (POST /cypher) failed: syntax, types, parameters, or its time limit."""


class CypherTimeout(InvalidQuery):
    """A client's own Cypher ran into the time limit of POST /cypher."""


# Error codes of "the transaction hit its time limit" and of "this transaction may not write".
_TIMEOUT_CODES = (
    "Neo.ClientError.Transaction.TransactionTimedOut",
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
    "Neo.TransientError.Transaction.TransactionTimedOut",
    "Neo.TransientError.Transaction.Terminated",
)
_WRITE_DENIED_CODES = (
    "Neo.ClientError.Statement.AccessMode",
    "Neo.ClientError.Security.Forbidden",
)


def translate(exc: Exception, settings: Settings) -> Exception:
    """A driver failure as one of our errors (or the failure itself if it is none of those)."""
    if is_unavailable(exc):
        return unavailable(settings, exc)
    if isinstance(exc, Neo4jError) and exc.code in _TIMEOUT_CODES:
        return QueryTimeout(f"the query ran into its time limit ({exc.message})")
    if isinstance(exc, ClientError) and exc.code in _WRITE_DENIED_CODES:
        return ReadOnlyViolation(f"the query tried to write, which is not allowed here ({exc.message})")
    return exc


_SCALARS = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """Driver values as JSON-friendly Python: temporal types to datetime, graph types to maps."""
    kind = type(value)  # exact-type checks first: this runs for every value of every row
    if kind is dict:
        return {k: plain(v) for k, v in value.items()}
    if kind is list:
        return [plain(v) for v in value]
    if kind in _SCALARS:
        return value
    if isinstance(value, (neo4j.time.Date, neo4j.time.DateTime, neo4j.time.Time)):
        return value.to_native()
    if isinstance(value, neo4j.time.Duration):
        return value.iso_format()
    if isinstance(value, neo4j.graph.Node):
        return {"element_id": value.element_id, "labels": sorted(value.labels),
                "properties": plain(dict(value))}
    if isinstance(value, neo4j.graph.Relationship):
        return {
            "element_id": value.element_id,
            "type": value.type,
            "start": value.start_node.element_id if value.start_node else None,
            "end": value.end_node.element_id if value.end_node else None,
            "properties": plain(dict(value)),
        }
    if isinstance(value, neo4j.graph.Path):
        return {"nodes": [plain(n) for n in value.nodes],
                "relationships": [plain(r) for r in value.relationships]}
    if isinstance(value, neo4j.spatial.Point):
        return {"srid": value.srid, "coordinates": list(value)}
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    if isinstance(value, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        return value
    return str(value)


__all__ = [
    "CypherTimeout",
    "DatabaseUnavailable",
    "InvalidQuery",
    "QueryTimeout",
    "ReadOnlyViolation",
    "plain",
    "translate",
]

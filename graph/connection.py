"""Every Neo4j driver of the package is built here, and driver failures become clear errors.

The application creates one driver and passes it around; library code never builds its own. The
API asks for `fail_fast` drivers: short connection timeouts, so that a database outage becomes a
quick 503 instead of a request that hangs for the driver's default 30 s of retries.
"""

from __future__ import annotations

from typing import Any

import neo4j
from neo4j import AsyncGraphDatabase, GraphDatabase
from neo4j.exceptions import AuthError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired

from conflictkg.errors import DatabaseUnavailable
from conflictkg.settings import Settings


def _auth(settings: Settings) -> tuple[str, str]:
    return (settings.neo4j_user, settings.neo4j_password.get_secret_value())


def _config(settings: Settings, fail_fast: bool) -> dict[str, Any]:
    if not fail_fast:
        return {}
    t = settings.api_db_timeout
    return {
        "connection_timeout": t,
        "connection_acquisition_timeout": 2 * t,
        "max_transaction_retry_time": t,
        # Warnings such as "unknown label" on an empty database are not a client's business.
        "notifications_min_severity": "OFF",
    }


def create_driver(settings: Settings, *, fail_fast: bool = False, quiet: bool = False) -> neo4j.Driver:
    """`quiet`: no server notifications (a tool that prints its own output; warnings such as
    "unknown property" on a database that is still empty are noise there)."""
    config = _config(settings, fail_fast)
    if quiet:
        config["notifications_min_severity"] = "OFF"
    return GraphDatabase.driver(settings.effective_uri, auth=_auth(settings), **config)


def create_async_driver(settings: Settings, *, fail_fast: bool = False) -> neo4j.AsyncDriver:
    return AsyncGraphDatabase.driver(settings.effective_uri, auth=_auth(settings),
                                     **_config(settings, fail_fast))


def probe_driver(uri: str, auth: tuple[str, str], timeout: float) -> neo4j.Driver:
    """A driver for checking on a server (the local one starting up): one short connection try."""
    return GraphDatabase.driver(uri, auth=auth, connection_timeout=timeout)


# The server answers but its database is not online (starting, stopping, recovering).
_DATABASE_OFFLINE = "Neo.TransientError.General.DatabaseUnavailable"


def is_unavailable(exc: BaseException) -> bool:
    """A failure that says the server cannot be reached (or refused us, or its database is not
    online yet), not one of the query."""
    if isinstance(exc, AuthError):  # a Neo4jError too: check it first
        return True
    if isinstance(exc, Neo4jError):
        return exc.code == _DATABASE_OFFLINE
    return isinstance(exc, (ServiceUnavailable, SessionExpired, OSError, DriverError))


def unavailable(settings: Settings, exc: Exception) -> DatabaseUnavailable:
    """A DatabaseUnavailable that says where we looked and what to do."""
    where = settings.effective_uri
    if isinstance(exc, AuthError):
        return DatabaseUnavailable(
            f"Neo4j at {where} refused the credentials of user {settings.neo4j_user!r}: "
            "check NEO4J_USER and NEO4J_PASSWORD.",
            uri=where,
        )
    hint = (
        "start the local server with `conflictkg db start`"
        if settings.uses_local_server
        else "check NEO4J_URI and that the server is up"
    )
    return DatabaseUnavailable(f"Neo4j at {where} is not reachable ({exc}); {hint}.", uri=where)


def server_version(driver: neo4j.Driver, database: str | None = None) -> str:
    records, _, _ = driver.execute_query(
        "CALL dbms.components() YIELD name, versions RETURN versions[0] AS version",
        database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    return str(records[0]["version"])


def check_connection(driver: neo4j.Driver, settings: Settings) -> str:
    """Return the server version, or raise DatabaseUnavailable saying why not."""
    try:
        return server_version(driver, settings.neo4j_database)
    except (ServiceUnavailable, AuthError, OSError) as exc:
        raise unavailable(settings, exc) from exc

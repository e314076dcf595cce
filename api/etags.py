"""Conditional GETs: an ETag that changes when the graph changes, and 304 Not Modified.

Every write that changes the graph counts up one version number in its own transaction
(`graph.writer.mark_changed`). A read's ETag hashes that version, the request (path, query, the
Accept header, which picks the format) and the API's version. A client that sends the ETag back in
`If-None-Match` gets 304 without the query being run while the graph is unchanged.

The version is read at most once per `api_etag_ttl` seconds per process (one cheap query), and
forgotten at once after this process's own writes; a write by another process (the CLI, an
import) shows in ETags within that many seconds. When reads need a key, the request still goes
through the app (so a missing key is 401, not 304) and only the body is saved.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import time
from typing import Any

import neo4j
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from conflictkg import __version__
from conflictkg.graph.queries import query
from conflictkg.settings import Settings

# Reads whose answers follow the graph; /health and /openapi.json are not cached this way.
_SKIP = ("/health", "/openapi.json", "/docs", "/redoc")


class GraphVersion:
    """The graph's change counter, cached for a short time."""

    def __init__(self, driver: neo4j.AsyncDriver, settings: Settings) -> None:
        self._driver = driver
        self._database = settings.neo4j_database
        self._ttl = settings.api_etag_ttl
        self._value: int | None = None
        self._read_at = 0.0
        # The read under way: concurrent requests that find the value stale wait for that one read
        # instead of each sending its own (32 clients would send 32 at every expiry). A write by
        # this process starts a new generation: a read begun before it is neither joined nor kept.
        self._reading: asyncio.Future[int] | None = None
        self._generation = 0

    def forget(self) -> None:
        self._value, self._reading = None, None
        self._generation += 1

    async def get(self) -> int:
        if self._value is not None and time.monotonic() - self._read_at <= self._ttl:
            return self._value
        if self._reading is None:
            self._reading = reading = asyncio.ensure_future(self._read())
            reading.add_done_callback(functools.partial(self._read_done, generation=self._generation))
        # shield: a waiter cancelled (its client went away) does not cancel the others' read
        return await asyncio.shield(self._reading)

    def _read_done(self, task: asyncio.Future[int], *, generation: int) -> None:
        if generation != self._generation:
            return
        self._reading = None
        if not task.cancelled() and task.exception() is None:
            self._value, self._read_at = task.result(), time.monotonic()

    async def _read(self) -> int:
        records, _, _ = await self._driver.execute_query(
            query("graph_version").text, database_=self._database,
            routing_=neo4j.RoutingControl.READ)
        return int(records[0]["version"])


def _etag(version: int, scope: Scope, accept: str) -> str:
    key = "\n".join((__version__, str(version), scope["path"], scope.get("query_string", b"").decode("latin-1"),
                     accept))
    return '"' + hashlib.blake2b(key.encode(), digest_size=12).hexdigest() + '"'


def matches(if_none_match: str | None, etag: str, *, star: bool) -> bool:
    """Whether the client holds this ETag. `*` ("any current answer") counts only once the route
    has answered 200: a request that is invalid, or names nothing, has no answer to hold."""
    if not if_none_match:
        return False
    tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return etag in tags or (star and "*" in tags)


class ETagMiddleware:
    """Pure ASGI (no per-request task or body buffering), in front of the routes."""

    def __init__(self, app: ASGIApp, versions: Any, open_reads: bool) -> None:
        self.app = app
        self.versions = versions  # a callable returning the app's GraphVersion (made in the lifespan)
        self.open_reads = open_reads

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        version: GraphVersion | None = self.versions()
        if scope["method"] != "GET" or version is None or scope["path"].startswith(_SKIP):
            await self.app(scope, receive, send)
            if scope["method"] not in ("GET", "HEAD") and version is not None:
                version.forget()  # this process may just have changed the graph
            return
        answer = await conditional(version, scope, send, open_reads=self.open_reads)
        if answer is not None:
            await self.app(scope, receive, answer)


async def conditional(version: GraphVersion, scope: Scope, send: Send, *, open_reads: bool) -> Send | None:
    """The `send` a GET's answer goes through, with its ETag; None when the client held that ETag
    (with open reads) and the 304 went out already. When the graph's version cannot be read (the
    database is away) the plain `send`: the route answers (a 503 problem), without an ETag."""
    tagged = await request_etag(version, scope)
    if tagged is None:
        return send
    etag, if_none_match = tagged
    if open_reads and matches(if_none_match, etag, star=False):
        await send_304(send, etag)
        return None
    return with_etag(send, etag, matches(if_none_match, etag, star=True))


async def request_etag(version: GraphVersion, scope: Scope) -> tuple[str, str | None] | None:
    """This request's ETag and the If-None-Match it sent; None when the graph's version cannot be
    read (the database is away)."""
    accept, if_none_match = _conditional_headers(scope)
    try:
        return _etag(await version.get(), scope, accept), if_none_match
    except Exception:
        return None


def etag_headers(etag: str) -> list[tuple[bytes, bytes]]:
    """The headers a 200 with this ETag carries."""
    return [(b"etag", etag.encode()), (b"cache-control", b"no-cache")]


def _conditional_headers(scope: Scope) -> tuple[str, str | None]:
    """The request's Accept (which picks the format, so it is part of the ETag) and If-None-Match,
    in one pass over its headers (names arrive lower-cased; the first of a repeated one counts,
    as with starlette's Headers)."""
    accept: str | None = None
    if_none_match: str | None = None
    for name, value in scope["headers"]:
        if name == b"accept" and accept is None:
            accept = value.decode("latin-1")
        elif name == b"if-none-match" and if_none_match is None:
            if_none_match = value.decode("latin-1")
    return accept or "", if_none_match


async def send_304(send: Send, etag: str) -> None:
    await send({"type": "http.response.start", "status": 304, "headers": etag_headers(etag)})
    await send({"type": "http.response.body", "body": b""})


def with_etag(send: Send, etag: str, not_modified: bool) -> Send:
    """Add the ETag to a 200; when the client holds it already, answer 304 and drop the body."""
    state = {"ok": False}

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            state["ok"] = message["status"] == 200
            if state["ok"] and not_modified:
                await send_304(send, etag)
                return
            if state["ok"]:
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], *etag_headers(etag)]
        elif message["type"] == "http.response.body" and state["ok"] and not_modified:
            return  # the 304 went out already; the body is not sent
        await send(message)

    return wrapped

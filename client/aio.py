"""`AsyncClient`: the same methods as `Client`, awaited.

    from conflictkg.client import AsyncClient
    async with AsyncClient("http://localhost:8000") as kg:
        russia = await kg.actor("russia")
        first = await kg.attacks(method="drone")        # the first page
        async for attack in kg.attacks(method="drone"):  # every item
            ...

Only sending and waiting differ from `Client`; the calls, parsing, errors and retry policy are
the shared `BaseClient`'s. Each method's documentation is `Client`'s.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path as FilePath
from types import TracebackType
from typing import Any, TypeVar

import httpx

from conflictkg.api.models import (
    AccusationPublic,
    ActorDetailPublic,
    ActorPublic,
    AgreementPublic,
    ArticleCreated,
    ArticlePublic,
    ArticleSummary,
    AttackPublic,
    EventPublic,
    EventType,
    HealthPublic,
    LocationPublic,
    StatsPublic,
    ViolationsPublic,
)
from conflictkg.client.base import BaseClient, Id
from conflictkg.client.calls import Call
from conflictkg.client.config import Retry, RetryEvent
from conflictkg.client.pages import AsyncPager, AsyncPathPager
from conflictkg.client.results import CypherRows, Network
from conflictkg.client.sync import Client

T = TypeVar("T")
DateLike = str | date


class AsyncClient(BaseClient):
    """An asynchronous client of the conflictkg API (see `Client`); lists are `AsyncPager`s.

    `base_url` and `api_key` default to CONFLICTKG_URL and CONFLICTKG_API_KEY (the key is needed
    for `add_article` and `cypher`). `timeout` is in seconds. `retries` is how often a call is
    tried again on 503 or a connection error (or a `Retry` for the backoff too); `on_retry` is
    called before each retry. Lists come back as lazy `AsyncPager`s that fetch `page_size` items
    a page. `transport` is passed to httpx (e.g. `httpx.ASGITransport(app)` to call an app
    in-process). Use it as an async context manager, or `await aclose()`, to release its
    connections.
    """

    def __init__(
        self,
        base_url: str | None = None,
        api_key: str | None = None,
        *,
        timeout: float | httpx.Timeout | None = None,
        retries: int | Retry | None = None,
        page_size: int = 100,
        headers: Mapping[str, str] | None = None,
        on_retry: Callable[[RetryEvent], None] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        super().__init__(base_url, api_key, timeout=timeout, retries=retries, page_size=page_size,
                         headers=headers, on_retry=on_retry)
        self._http = httpx.AsyncClient(base_url=self.base_url, timeout=self.timeout,
                                       headers=self._headers, transport=transport)

    # -- where it waits -------------------------------------------------------------------------

    async def _send(self, call: Call[T]) -> T:
        retries = 0
        while True:
            try:
                response = await self._http.request(**self._request_args(call))
            except httpx.TransportError as exc:
                delay = self._retry_delay(call, retries, error=exc)
                if delay is None:
                    raise self._unreachable(call, exc, retries + 1) from exc
            else:
                delay = self._retry_delay(call, retries, response=response)
                if delay is None:
                    return self._read(call, response, retries + 1)
            await asyncio.sleep(delay)
            retries += 1

    async def aclose(self) -> None:
        """Close the client's connections."""
        await self._http.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.aclose()

    # -- the service ------------------------------------------------------------------------------

    async def health(self) -> HealthPublic:
        return await self._send(self._health())

    async def stats(self) -> StatsPublic:
        return await self._send(self._stats())

    # -- actors -----------------------------------------------------------------------------------

    def actors(
        self, q: str | None = None, *, kind: str | None = None,
        page_size: int | None = None, offset: int = 0, max_items: int | None = None,
    ) -> AsyncPager[ActorPublic]:
        return AsyncPager(self._send, self._actors(q, kind),
                          self._paging(page_size, offset, max_items))

    async def actor(self, actor_id: Id) -> ActorDetailPublic:
        return await self._send(self._actor(actor_id))

    async def network(self, actor_id: Id, *, depth: int = 1, max_nodes: int = 200) -> Network:
        return await self._send(self._network(actor_id, depth, max_nodes))

    def paths(
        self, source: Id, target: Id, *, max_hops: int = 4,
        page_size: int | None = None, offset: int = 0, max_items: int | None = None,
    ) -> AsyncPathPager:
        return AsyncPathPager(self._send, self._paths(source, target, max_hops),
                              self._paging(page_size, offset, max_items))

    # -- agreements -------------------------------------------------------------------------------

    def agreements(
        self, *, party: Id | None = None, mediator: Id | None = None, status: str | None = None,
        topic: str | None = None, since: DateLike | None = None, until: DateLike | None = None,
        page_size: int | None = None, offset: int = 0, max_items: int | None = None,
    ) -> AsyncPager[AgreementPublic]:
        return AsyncPager(self._send, self._agreements(
            party=party, mediator=mediator, status=status, topic=topic, since=since, until=until,
        ), self._paging(page_size, offset, max_items))

    async def agreement(self, agreement_id: Id) -> AgreementPublic:
        return await self._send(self._agreement(agreement_id))

    async def violations(self, agreement_id: Id) -> ViolationsPublic:
        return await self._send(self._violations(agreement_id))

    # -- events -----------------------------------------------------------------------------------

    def attacks(
        self, *, perpetrator: Id | None = None, location: Id | None = None,
        method: str | None = None, since: DateLike | None = None, until: DateLike | None = None,
        near: tuple[float, float] | None = None, radius_km: float | None = None,
        bbox: tuple[float, float, float, float] | None = None,
        page_size: int | None = None, offset: int = 0, max_items: int | None = None,
    ) -> AsyncPager[AttackPublic]:
        return AsyncPager(self._send, self._attacks(
            perpetrator=perpetrator, location=location, method=method, since=since, until=until,
            near=near, radius_km=radius_km, bbox=bbox,
        ), self._paging(page_size, offset, max_items))

    def accusations(
        self, *, accuser: Id | None = None, accused: Id | None = None,
        agreement: Id | None = None, since: DateLike | None = None,
        until: DateLike | None = None,
        page_size: int | None = None, offset: int = 0, max_items: int | None = None,
    ) -> AsyncPager[AccusationPublic]:
        return AsyncPager(self._send, self._accusations(
            accuser=accuser, accused=accused, agreement=agreement, since=since, until=until,
        ), self._paging(page_size, offset, max_items))

    def events(
        self, *, actor: Id | None = None, type: EventType | None = None,
        location: Id | None = None, since: DateLike | None = None, until: DateLike | None = None,
        near: tuple[float, float] | None = None, radius_km: float | None = None,
        bbox: tuple[float, float, float, float] | None = None,
        page_size: int | None = None, offset: int = 0, max_items: int | None = None,
    ) -> AsyncPager[EventPublic]:
        return AsyncPager(self._send,
                          self._events(actor=actor, type=type, location=location,
                                       since=since, until=until, near=near,
                                       radius_km=radius_km, bbox=bbox),
                          self._paging(page_size, offset, max_items))

    # -- places -----------------------------------------------------------------------------------

    def locations(
        self, q: str | None = None, *, within: Id | None = None,
        near: tuple[float, float] | None = None, radius_km: float | None = None,
        bbox: tuple[float, float, float, float] | None = None,
        page_size: int | None = None, offset: int = 0, max_items: int | None = None,
    ) -> AsyncPager[LocationPublic]:
        """Places by name (`q`: part of a name or alias), inside a place or country (`within`),
        near a point or inside a box; with coordinates, admin region and how many events
        happened there. `.to_geojson()` for a map."""
        return AsyncPager(self._send, self._locations(q=q, within=within, near=near, radius_km=radius_km,
                                                  bbox=bbox), self._paging(page_size, offset, max_items))

    # -- articles ---------------------------------------------------------------------------------

    def articles(
        self, *, language: str | None = None, since: DateLike | None = None,
        until: DateLike | None = None,
        page_size: int | None = None, offset: int = 0, max_items: int | None = None,
    ) -> AsyncPager[ArticleSummary]:
        return AsyncPager(self._send,
                          self._articles(language=language, since=since, until=until),
                          self._paging(page_size, offset, max_items))

    async def article(self, article_id: Id) -> ArticlePublic:
        return await self._send(self._article(article_id))

    async def add_article(
        self, text: str | FilePath, *, published: str | None = None,
        language: str | None = None, title: str | None = None, source: str | None = None,
    ) -> ArticleCreated:
        return await self._send(self._add_article(
            text, published=published, language=language, title=title, source=source))

    # -- power users ------------------------------------------------------------------------------

    async def cypher(self, query: str, parameters: Mapping[str, Any] | None = None) -> CypherRows:
        return await self._send(self._cypher(query, parameters))


# One documentation for both clients: each public method's is Client's.
for _name, _method in vars(AsyncClient).items():
    if not _name.startswith("_") and callable(_method) and _method.__doc__ is None:
        _method.__doc__ = getattr(Client, _name).__doc__

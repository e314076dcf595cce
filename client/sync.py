"""`Client`: the conflictkg API from plain Python and notebooks.

    from conflictkg.client import Client
    kg = Client("http://localhost:8000")     # or CONFLICTKG_URL; the key from CONFLICTKG_API_KEY
    kg.actor("russia").aliases
    for attack in kg.attacks(method="drone"): ...
"""

from __future__ import annotations

import time
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
from conflictkg.client.pages import Pager, PathPager
from conflictkg.client.results import CypherRows, Network

T = TypeVar("T")
DateLike = str | date


class Client(BaseClient):
    """A synchronous client of the conflictkg API.

    `base_url` and `api_key` default to CONFLICTKG_URL and CONFLICTKG_API_KEY (the key is needed
    for `add_article` and `cypher`). `timeout` is in seconds. `retries` is how often a call is
    tried again on 503 or a connection error (or a `Retry` for the backoff too); `on_retry` is
    called before each retry. Lists come back as lazy `Pager`s that fetch `page_size` items a
    page. `transport` is passed to httpx (e.g. `httpx.MockTransport` or a WSGI transport).
    Use it as a context manager, or call `close()`, to release its connections.
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
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        super().__init__(base_url, api_key, timeout=timeout, retries=retries, page_size=page_size,
                         headers=headers, on_retry=on_retry)
        self._http = httpx.Client(base_url=self.base_url, timeout=self.timeout,
                                  headers=self._headers, transport=transport)

    # -- where it waits -------------------------------------------------------------------------

    def _send(self, call: Call[T]) -> T:
        retries = 0
        while True:
            try:
                response = self._http.request(**self._request_args(call))
            except httpx.TransportError as exc:
                delay = self._retry_delay(call, retries, error=exc)
                if delay is None:
                    raise self._unreachable(call, exc, retries + 1) from exc
            else:
                delay = self._retry_delay(call, retries, response=response)
                if delay is None:
                    return self._read(call, response, retries + 1)
            time.sleep(delay)
            retries += 1

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- the service ------------------------------------------------------------------------------

    def health(self) -> HealthPublic:
        """The API's health: `status` "ok" and the Neo4j version (Unavailable while the database
        is away and the retries are spent)."""
        return self._send(self._health())

    def stats(self) -> StatsPublic:
        """How many nodes of each label and relationships of each type the graph holds."""
        return self._send(self._stats())

    # -- actors -----------------------------------------------------------------------------------

    def actors(
        self, q: str | None = None, *, kind: str | None = None,
        page_size: int | None = None, offset: int = 0, max_items: int | None = None,
    ) -> Pager[ActorPublic]:
        """Actors by name; `q` matches part of a name or alias (case and accents ignored),
        `kind` is country, person, organization, alliance, armed_group or group.

        Like every list: a lazy `Pager` (`.items`/`.total` of the first page, iteration over all
        pages of `page_size`, from `offset`, at most `max_items`)."""
        return Pager(self._send, self._actors(q, kind), self._paging(page_size, offset, max_items))

    def actor(self, actor_id: Id) -> ActorDetailPublic:
        """One actor (`russia`, `actor:russia` or a name): aliases, roles, affiliations, members
        and counts of what it took part in. NotFound when there is none."""
        return self._send(self._actor(actor_id))

    def network(self, actor_id: Id, *, depth: int = 1, max_nodes: int = 200) -> Network:
        """The actor's neighbourhood `depth` (1-3) relationships out, at most `max_nodes` nodes;
        `.to_networkx()` and `.plot()` for analysis."""
        return self._send(self._network(actor_id, depth, max_nodes))

    def paths(
        self, source: Id, target: Id, *, max_hops: int = 4,
        page_size: int | None = None, offset: int = 0, max_items: int | None = None,
    ) -> PathPager:
        """All shortest paths (at most `max_hops` long) between two actors, over the facts that
        join them; `.to_networkx()` joins them into one graph."""
        return PathPager(self._send, self._paths(source, target, max_hops),
                         self._paging(page_size, offset, max_items))

    # -- agreements -------------------------------------------------------------------------------

    def agreements(
        self, *, party: Id | None = None, mediator: Id | None = None, status: str | None = None,
        topic: str | None = None, since: DateLike | None = None, until: DateLike | None = None,
        page_size: int | None = None, offset: int = 0, max_items: int | None = None,
    ) -> Pager[AgreementPublic]:
        """Agreements by date (undated last), filtered by party, mediator, status (agreed,
        proposed, in_force, violated, …), topic (e.g. black_sea_shipping) and a date window
        (`since`/`until`: YYYY, YYYY-MM, YYYY-Www, YYYY-MM-DD or a date)."""
        return Pager(self._send, self._agreements(
            party=party, mediator=mediator, status=status, topic=topic, since=since, until=until,
        ), self._paging(page_size, offset, max_items))

    def agreement(self, agreement_id: Id) -> AgreementPublic:
        """One agreement: parties, mediators, status, date and evidence."""
        return self._send(self._agreement(agreement_id))

    def violations(self, agreement_id: Id) -> ViolationsPublic:
        """What speaks of the agreement being violated: accusations that it was, and attacks by
        its parties dated on or after it (`timing` says whether that is certain). Takes an id or
        the agreement itself."""
        return self._send(self._violations(agreement_id))

    # -- events -----------------------------------------------------------------------------------

    def attacks(
        self, *, perpetrator: Id | None = None, location: Id | None = None,
        method: str | None = None, since: DateLike | None = None, until: DateLike | None = None,
        near: tuple[float, float] | None = None, radius_km: float | None = None,
        bbox: tuple[float, float, float, float] | None = None,
        page_size: int | None = None, offset: int = 0, max_items: int | None = None,
    ) -> Pager[AttackPublic]:
        """Attacks by date (undated last), filtered by perpetrator, location (a location or a
        country; places inside it count too), method (drone, missile, shelling, airstrike, …), a date
        window, and a place with coordinates within `radius_km` of `near` (lat, lon) or inside
        `bbox` (min_lon, min_lat, max_lon, max_lat). `.to_csv()`, `.to_geojson()` export them all."""
        return Pager(self._send, self._attacks(
            perpetrator=perpetrator, location=location, method=method, since=since, until=until,
            near=near, radius_km=radius_km, bbox=bbox,
        ), self._paging(page_size, offset, max_items))

    def accusations(
        self, *, accuser: Id | None = None, accused: Id | None = None,
        agreement: Id | None = None, since: DateLike | None = None,
        until: DateLike | None = None,
        page_size: int | None = None, offset: int = 0, max_items: int | None = None,
    ) -> Pager[AccusationPublic]:
        """Accusations (mostly of violating an agreement) by date, filtered by accuser, accused,
        the agreement said to be violated and a date window."""
        return Pager(self._send, self._accusations(
            accuser=accuser, accused=accused, agreement=agreement, since=since, until=until,
        ), self._paging(page_size, offset, max_items))

    def events(
        self, *, actor: Id | None = None, type: EventType | None = None,
        location: Id | None = None, since: DateLike | None = None, until: DateLike | None = None,
        near: tuple[float, float] | None = None, radius_km: float | None = None,
        bbox: tuple[float, float, float, float] | None = None,
        page_size: int | None = None, offset: int = 0, max_items: int | None = None,
    ) -> Pager[EventPublic]:
        """The timeline: attacks, agreements, accusations, meetings, proposals and statements in
        one list ordered by the first day each date covers (undated last); filtered by an actor
        taking part, one `type` of event, a place (a location or a country: places inside it count
        too) and a date window."""
        call = self._events(actor=actor, type=type, location=location, since=since, until=until,
                            near=near, radius_km=radius_km, bbox=bbox)
        return Pager(self._send, call, self._paging(page_size, offset, max_items))

    # -- places -----------------------------------------------------------------------------------

    def locations(
        self, q: str | None = None, *, within: Id | None = None,
        near: tuple[float, float] | None = None, radius_km: float | None = None,
        bbox: tuple[float, float, float, float] | None = None,
        page_size: int | None = None, offset: int = 0, max_items: int | None = None,
    ) -> Pager[LocationPublic]:
        """Places by name (`q`: part of a name or alias), inside a place or country (`within`),
        near a point or inside a box; with coordinates, admin region and how many events
        happened there. `.to_geojson()` for a map."""
        return Pager(self._send, self._locations(q=q, within=within, near=near, radius_km=radius_km,
                                                  bbox=bbox), self._paging(page_size, offset, max_items))

    # -- articles ---------------------------------------------------------------------------------

    def articles(
        self, *, language: str | None = None, since: DateLike | None = None,
        until: DateLike | None = None,
        page_size: int | None = None, offset: int = 0, max_items: int | None = None,
    ) -> Pager[ArticleSummary]:
        """Loaded articles, newest publication date first, by language (nl, en) and window."""
        return Pager(self._send, self._articles(language=language, since=since, until=until),
                     self._paging(page_size, offset, max_items))

    def article(self, article_id: Id) -> ArticlePublic:
        """One article (`sha256:…`) with every fact and relationship read from it."""
        return self._send(self._article(article_id))

    def add_article(
        self, text: str | FilePath, *, published: str | None = None,
        language: str | None = None, title: str | None = None, source: str | None = None,
    ) -> ArticleCreated:
        """Extract the facts of an article and load them (needs the API key). `text` is the
        article (plain text or HTML, optionally with a header) or a `pathlib.Path` to read it
        from; `published` and `language` override the header. `created` is False when the same
        text was loaded before (the graph is then left as it was)."""
        return self._send(self._add_article(text, published=published, language=language,
                                            title=title, source=source))

    # -- power users ------------------------------------------------------------------------------

    def cypher(self, query: str, parameters: Mapping[str, Any] | None = None) -> CypherRows:
        """Run one read-only Cypher query with `$parameters` (needs the API key); write clauses
        raise Forbidden. `.rows`, `.columns`, `.truncated`, `.to_dataframe()`."""
        return self._send(self._cypher(query, parameters))

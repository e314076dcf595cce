"""The AsyncClient against the same real service (uvicorn in a thread over the seed article), and
in-process through httpx's ASGITransport."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import httpx
import neo4j
import pytest

from conflictkg.api.main import create_app
from conflictkg.api.models import ActorDetailPublic, AgreementPublic, AttackPublic, EventPublic
from conflictkg.client import (
    AsyncClient,
    AsyncPager,
    Client,
    Forbidden,
    Invalid,
    Network,
    NotFound,
    Page,
    Path,
    PayloadTooLarge,
    Unauthorized,
)
from conflictkg.settings import Settings
from tests.api_support import API_KEY, api_settings
from tests.client_support import MAX_BODY, SHORT, load_seed, serve

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)


@pytest.fixture(scope="module")
def base_url(driver: neo4j.Driver, settings: Settings) -> Iterator[str]:
    load_seed(driver, settings.neo4j_database)
    with serve(settings) as base:
        yield base


def test_every_method(base_url: str) -> None:
    async def scenario() -> None:
        async with AsyncClient(base_url, api_key=API_KEY, retries=0) as kg:
            assert (await kg.health()).status == "ok"
            assert (await kg.stats()).labels["Article"] == 1

            actors = await kg.actors("rusland")
            assert isinstance(actors, Page) and [a.id for a in actors.items] == ["actor:russia"]
            russia = await kg.actor("russia")
            assert isinstance(russia, ActorDetailPublic) and "Rusland" in russia.aliases
            network = await kg.network(russia, depth=2)
            assert isinstance(network, Network) and "actor:ukraine" in network.to_networkx()

            deals = await kg.agreements(topic="black_sea_shipping").to_list()
            assert len(deals) == 1 and isinstance(deals[0], AgreementPublic)
            deal = await kg.agreement(deals[0].id)
            assert deal == deals[0]
            violations = await kg.violations(deal)
            assert {a.accusers[0].id for a in violations.accusations} == \
                {"actor:russia", "actor:ukraine"}

            drones = [a async for a in kg.attacks(method="drone")]
            assert len(drones) == 1 and isinstance(drones[0], AttackPublic)
            assert (await kg.accusations(agreement=deal)).total == 2
            timeline = await kg.events(page_size=4).to_dataframe()
            assert len(timeline) == (await kg.events()).total >= 12
            assert "Black Sea shipping agreement" in set(timeline["title"])

            paths = kg.paths("russia", "united-states", max_hops=2)
            found = await paths.to_list()
            assert found and all(isinstance(p, Path) for p in found)
            assert "actor:united-states" in await paths.to_networkx()

            articles = await kg.articles()
            assert articles.total == 1
            article = await kg.article(articles.items[0].id)
            assert article.language == "nl"
            created = await kg.add_article(SHORT, language="en")
            assert created.created is True
            rows = await kg.cypher("MATCH (a:Article) RETURN count(a) AS n")
            assert rows.rows == [{"n": 2}] and rows.to_dataframe()["n"][0] == 2

    run(scenario())


def test_paging(base_url: str) -> None:
    async def scenario() -> None:
        async with AsyncClient(base_url, page_size=4) as kg:
            everything = await kg.events(page_size=1000).to_list()
            assert len(everything) >= 12

            events = kg.events()
            assert isinstance(events, AsyncPager)
            with pytest.raises(RuntimeError, match="await"):
                _ = events.total  # nothing fetched yet
            first = await events
            assert first is await events.first_page()  # fetched once
            assert events.total == len(everything) and events.items == first.items
            assert [e.id async for e in events] == [e.id for e in everything]
            sizes = [len(page) async for page in events.pages()]
            assert sum(sizes) == len(everything) and max(sizes) == 4 and len(sizes) >= 5

            some = await kg.events(offset=3, max_items=6).to_list()
            assert [e.id for e in some] == [e.id for e in everything[3:9]]
            assert all(isinstance(e, EventPublic) for e in some)

    run(scenario())


def test_errors(base_url: str) -> None:
    async def scenario() -> None:
        async with AsyncClient(base_url, api_key=API_KEY, retries=0) as kg:
            with pytest.raises(NotFound, match="no actor with id 'atlantis'"):
                await kg.actor("atlantis")
            with pytest.raises(Invalid) as caught:
                await kg.attacks(since="2025-13").first_page()
            assert set(caught.value.fields) == {"since"}
            with pytest.raises(Forbidden):
                await kg.cypher("CREATE (n:Actor {id: 'actor:x'})")
            with pytest.raises(PayloadTooLarge):
                await kg.add_article("x" * (MAX_BODY + 1))
        async with AsyncClient(base_url, api_key="") as anonymous:
            with pytest.raises(Unauthorized):
                await anonymous.cypher("RETURN 1")

    run(scenario())


def test_sync_and_async_give_the_same_results(base_url: str) -> None:
    with Client(base_url) as kg:
        expected = (kg.actor("ukraine"), kg.attacks().to_list(), kg.network("ukraine"))

    async def scenario() -> tuple[Any, ...]:
        async with AsyncClient(base_url) as kg:
            return (await kg.actor("ukraine"), await kg.attacks().to_list(),
                    await kg.network("ukraine"))

    assert run(scenario()) == expected


def test_in_process_through_asgi_transport(base_url: str, settings: Settings) -> None:
    """No socket: the app runs in the client's event loop (its lifespan opens the drivers);
    `base_url` only makes sure the seed is loaded."""
    app = create_app(api_settings(settings))

    async def scenario() -> None:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with AsyncClient("http://conflictkg.test", transport=transport) as kg:
                assert (await kg.health()).status == "ok"
                assert (await kg.actor("russia")).name == "Russia"
                with pytest.raises(NotFound):
                    await kg.agreement("0123456789abcdef")

    run(scenario())

"""Retries with backoff on 503 and connection errors, against real outages.

The 503 test stops a real Neo4j of its own (a throwaway local server) under a running API and
starts it again while the client retries; the connection test starts the API itself late.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import uvicorn

from conflictkg.api.main import create_app
from conflictkg.client import (
    AsyncClient,
    Client,
    Invalid,
    NotFound,
    Retry,
    RetryEvent,
    Unavailable,
)
from conflictkg.graph.connection import create_driver
from conflictkg.graph.writer import write_document
from conflictkg.localdb import LocalServer
from conflictkg.settings import Settings
from tests.api_support import api_settings
from tests.client_support import serve
from tests.neo4j_server import TEST_PASSWORD, free_port, local_test_settings
from tests.samples import sample_document

FAST = Retry(max_retries=2, backoff=0.01, max_delay=0.05)


@contextmanager
def api_started_late(app: Any, port: int, delay: float) -> Iterator[threading.Thread]:
    """Serve `app` on `port`, but only `delay` seconds from now."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))

    def later() -> None:
        time.sleep(delay)
        server.run()

    thread = threading.Thread(target=later, daemon=True)
    thread.start()
    try:
        yield thread
    finally:
        server.should_exit = True
        thread.join(timeout=15)


def test_backoff_grows_and_is_capped() -> None:
    policy = Retry(backoff=0.5, max_delay=3.0, jitter=False)
    assert [policy.delay(n) for n in range(5)] == [0.5, 1.0, 2.0, 3.0, 3.0]
    assert policy.delay(0, retry_after=2.0) == 2.0  # the server's Retry-After, when longer
    assert policy.delay(0, retry_after=60.0) == 3.0  # but never past max_delay
    assert Retry(backoff=0.5, respect_retry_after=False, jitter=False).delay(0, 60.0) == 0.5
    jittered = Retry(backoff=1.0, max_delay=100.0)
    assert all(2.0 <= jittered.delay(2) <= 4.0 for _ in range(50))
    with pytest.raises(ValueError):
        Retry(max_retries=-1)


@pytest.mark.slow
def test_retries_on_503_until_the_database_is_back(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    local = LocalServer(local_test_settings(tmp_path_factory, db_http_enabled=False,
                                            db_heap="256m", db_pagecache="64m"))
    local.start()
    restarted = threading.Event()
    try:
        database = Settings(neo4j_uri=local.uri, neo4j_user="neo4j", neo4j_password=TEST_PASSWORD,
                            neo4j_database="neo4j")
        with create_driver(database) as driver:
            write_document(driver, sample_document())
        with serve(database) as base:
            with Client(base, retries=0) as kg:
                assert kg.actor("russia").name == "Russia"

            local.stop()  # the database goes away under the running API
            with Client(base, retries=0) as impatient, pytest.raises(Unavailable) as caught:
                impatient.actor("russia")
            assert caught.value.status == 503 and caught.value.attempts == 1

            def restart() -> None:
                time.sleep(0.5)
                local.start()
                restarted.set()

            thread = threading.Thread(target=restart, daemon=True)
            thread.start()
            retries: list[RetryEvent] = []
            patient = Retry(max_retries=120, backoff=0.2, max_delay=1.0)
            started = time.monotonic()
            with Client(base, retries=patient, on_retry=retries.append) as kg:
                russia = kg.actor("russia")
            waited = time.monotonic() - started
            thread.join(timeout=120)

        assert restarted.is_set()
        assert russia.name == "Russia"
        assert retries, "the call had to be retried while the database was down"
        assert all(r.status == 503 and "not reachable" in r.reason for r in retries), [
            (r.status, r.reason) for r in retries]
        assert [r.retry for r in retries] == list(range(1, len(retries) + 1))
        assert all(r.delay <= 1.0 for r in retries)
        assert waited >= sum(r.delay for r in retries)
    finally:
        local.stop()


def test_retries_connection_errors_until_the_api_is_up(settings: Settings) -> None:
    port = free_port()
    retries: list[RetryEvent] = []
    app = create_app(api_settings(settings))
    with api_started_late(app, port, delay=1.0), Client(f"http://127.0.0.1:{port}", on_retry=retries.append,
                retries=Retry(max_retries=40, backoff=0.1, max_delay=0.3)) as kg:
        assert kg.health().status == "ok"
    assert retries and all(r.status is None and "ConnectError" in r.reason for r in retries)


def test_async_client_retries_connection_errors_too(settings: Settings) -> None:
    port = free_port()
    retries: list[RetryEvent] = []

    async def scenario() -> str:
        async with AsyncClient(f"http://127.0.0.1:{port}", on_retry=retries.append,
                               retries=Retry(max_retries=40, backoff=0.1, max_delay=0.3)) as kg:
            return (await kg.health()).status

    with api_started_late(create_app(api_settings(settings)), port, delay=1.0):
        assert asyncio.run(scenario()) == "ok"
    assert retries and all(r.status is None for r in retries)


def test_retries_are_bounded(settings: Settings) -> None:
    retries: list[RetryEvent] = []
    with (
        Client(f"http://127.0.0.1:{free_port()}", retries=FAST, on_retry=retries.append) as kg,
        pytest.raises(Unavailable, match="3 attempts") as caught,
    ):
        kg.stats()
    assert caught.value.attempts == 3 and len(retries) == 2

    retries.clear()
    closed = settings.model_copy(update={"neo4j_uri": f"bolt://127.0.0.1:{free_port()}"})
    with (
        serve(closed) as base,
        Client(base, retries=FAST, on_retry=retries.append) as kg,
        pytest.raises(Unavailable) as caught,
    ):
        kg.events().first_page()
    assert caught.value.status == 503 and caught.value.attempts == 3
    assert [r.status for r in retries] == [503, 503]
    # Retry-After: 5 from the API, capped by max_delay
    assert all(r.delay == FAST.max_delay for r in retries)

    async def also_async() -> None:
        async with AsyncClient(base_url, retries=FAST, on_retry=retries.append) as kg:
            await kg.stats()

    retries.clear()
    base_url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(Unavailable):
        asyncio.run(also_async())
    assert len(retries) == 2


def test_client_errors_are_not_retried(settings: Settings) -> None:
    retries: list[RetryEvent] = []
    with serve(settings) as base, Client(base, retries=FAST, on_retry=retries.append) as kg:
        with pytest.raises(NotFound) as missing:
            kg.actor("atlantis")
        with pytest.raises(Invalid):
            kg.events(since="never").first_page()
    assert missing.value.attempts == 1 and retries == []

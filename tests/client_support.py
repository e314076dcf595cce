"""Helpers for the client tests: the API served by uvicorn over a database holding the seed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import neo4j

from conflictkg.api.main import create_app
from conflictkg.ingest.service import Ingestor
from conflictkg.settings import Settings
from tests.api_support import ROOT, api_settings, uvicorn_thread
from tests.conftest import wipe

SEED = ROOT / "examples" / "seed-nl-paris-summit.txt"
# Small enough that a test can go past it without sending megabytes.
MAX_BODY = 64 * 1024
SHORT = ("date 2025-03-18\nRussia attacked Kherson with drones on Monday night, killing two "
         "people, Ukrainian officials said.")


def load_seed(driver: neo4j.Driver, database: str) -> None:
    """An empty database, then the seed article through the real extractor and writer."""
    wipe(driver, database)
    summary = Ingestor(driver, database=database).ingest_files([SEED], language="nl")
    assert summary.articles == 1 and not summary.errors, summary.errors


@contextmanager
def serve(settings: Settings, **overrides: Any) -> Iterator[str]:
    """The API (test key, small body limit) on a real port; yields its base URL."""
    values: dict[str, Any] = {"api_max_body_bytes": MAX_BODY}
    values.update(overrides)
    with uvicorn_thread(create_app(api_settings(settings, **values))) as base:
        yield base

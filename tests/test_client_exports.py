"""The client's exports, geo filters and conditional GETs, against the API on a real socket."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import httpx
import neo4j
import pandas as pd
import pytest

from conflictkg.client import AsyncClient, Client
from conflictkg.graph.writer import write_document
from conflictkg.settings import Settings
from tests.api_support import API_KEY
from tests.client_support import serve
from tests.conftest import wipe
from tests.test_api_exports import STRIKES, strike_document


@pytest.fixture(scope="module")
def base_url(driver: neo4j.Driver, settings: Settings) -> Iterator[str]:
    wipe(driver, settings.neo4j_database)
    for strike in STRIKES:
        write_document(driver, strike_document(*strike), database=settings.neo4j_database)
    with serve(settings, api_etag_ttl=0.0) as base:
        yield base


def test_geo_filters_and_exports(base_url: str, tmp_path: Path) -> None:
    with Client(base_url, API_KEY) as kg:
        near = kg.attacks(near=(46.6354, 32.6169), radius_km=100)
        assert sorted(t.name for a in near for t in a.targets) == ["Kherson", "Mykolaiv"]
        boxed = kg.events(bbox=(28.0, -3.0, 30.0, 0.0), type="attack")
        assert [p.name for e in boxed for p in e.places] == ["Goma"]
        text = kg.attacks(method="shelling").to_csv(tmp_path / "shelling.csv")
        frame = pd.read_csv(io.StringIO(text))
        assert sorted(frame["location"]) == ["Goma", "Kherson"]
        assert (tmp_path / "shelling.csv").read_text(encoding="utf-8") == text
        collection = kg.attacks(near=(46.6354, 32.6169), radius_km=10).to_geojson()
        assert collection["type"] == "FeatureCollection"
        assert [f["geometry"]["coordinates"] for f in collection["features"]] == [[32.6169, 46.6354]]
        places = kg.locations(near=(46.6354, 32.6169), radius_km=100)
        assert sorted(p.name for p in places) == ["Kherson", "Mykolaiv"]
        assert all(p.lat is not None and p.lon is not None for p in places)


def test_the_client_revalidates_with_etags(base_url: str, driver: neo4j.Driver, settings: Settings) -> None:
    statuses: list[int] = []

    def record(response: httpx.Response) -> None:
        statuses.append(response.status_code)

    with Client(base_url, API_KEY) as kg:
        kg._http.event_hooks["response"].append(record)
        first = kg.attacks(method="drone").items
        again = kg.attacks(method="drone").items
        assert statuses == [200, 304] and again == first  # the kept body, not re-sent
        write_document(driver, strike_document("Odesa", 46.4825, 30.7233, "Ukraine", "drone", 1),
                       database=settings.neo4j_database)
        changed = kg.attacks(method="drone").items
        assert statuses[-1] == 200 and len(changed) == len(first) + 1


@pytest.mark.anyio
async def test_async_client_exports(base_url: str) -> None:
    async with AsyncClient(base_url, API_KEY) as kg:
        text = await kg.events(near=(-1.68, 29.22), radius_km=5).to_csv()
        assert text.splitlines()[0].startswith("id,type,") and "Goma" in text
        collection = await kg.locations(q="kher").to_geojson()
        assert [f["properties"]["name"] for f in collection["features"]] == ["Kherson"]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"

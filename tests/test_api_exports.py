"""Exports (CSV, GeoJSON, GraphML), geo filters and conditional GETs, on a real Neo4j; the
streaming test runs on a real socket."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import httpx
import neo4j
import networkx as nx
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from conflictkg.api.main import create_app
from conflictkg.graph.ids import article_id, entity_id, event_id
from conflictkg.graph.writer import write_document
from conflictkg.settings import Settings
from tests.api_support import API_KEY, api_settings, uvicorn_thread
from tests.conftest import wipe
from tests.samples import evidence

# (place, lat, lon, country, method, killed)
STRIKES = [
    ("Kherson", 46.6354, 32.6169, "Ukraine", "shelling", 2),
    ("Mykolaiv", 46.9750, 31.9946, "Ukraine", "missile", 1),
    ("Kyiv", 50.4501, 30.5234, "Ukraine", "drone", 3),
    ("Goma", -1.6792, 29.2228, "DR Congo", "shelling", 5),
]
BULK = 1200  # more than a JSON page can hold


def strike_document(place: str, lat: float, lon: float, country: str, method: str, killed: int) -> dict[str, Any]:
    text = f"Russia's {method} on {place} killed {killed} people."
    perpetrator, loc, land = entity_id("actor", "Russia"), entity_id("location", place), entity_id("actor", country)
    attack = event_id("attack", method=method, place=loc)
    ev = evidence(0, text)
    return {
        "article": {"id": article_id(text), "language": "en", "published": "2025-03-18"},
        "nodes": [
            {"id": perpetrator, "label": "Actor", "properties": {"name": "Russia", "kind": "country"}, "evidence": ev},
            {"id": land, "label": "Actor", "properties": {"name": country, "kind": "country"}, "evidence": ev},
            {"id": loc, "label": "Location", "evidence": ev, "properties": {
                "name": place, "kind": "city", "lat": lat, "lon": lon, "admin1": f"{place} Oblast"}},
            {"id": attack, "label": "Attack", "evidence": ev, "properties": {
                "method": method, "killed": killed, "killed_qualifier": "exact", "date": "2025-03-18"}},
        ],
        "relationships": [
            {"type": "PERPETRATED", "start": perpetrator, "end": attack, "evidence": ev},
            {"type": "TARGETED", "start": attack, "end": loc, "evidence": ev},
            {"type": "LOCATED_IN", "start": loc, "end": land},
        ],
    }


@pytest.fixture(scope="module")
def graph(driver: neo4j.Driver, settings: Settings) -> neo4j.Driver:
    wipe(driver, settings.neo4j_database)
    for strike in STRIKES:
        write_document(driver, strike_document(*strike), database=settings.neo4j_database)
    # many undated attacks with no place: an export is not capped like a page
    driver.execute_query("UNWIND range(1, $n) AS i CREATE (:Attack {id: 'attack:bulk-' + i, method: 'drone'})",
                         n=BULK, database_=settings.neo4j_database)
    return driver


@pytest.fixture(scope="module")
def client(graph: neo4j.Driver, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(api_settings(settings, api_etag_ttl=0.0)), raise_server_exceptions=False) as c:
        yield c


def test_attacks_csv_has_acled_columns_and_every_row(client: TestClient) -> None:
    response = client.get("/attacks", params={"format": "csv"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="attacks.csv"' in response.headers["content-disposition"]
    frame = pd.read_csv(io.StringIO(response.text))
    assert len(frame) == BULK + len(STRIKES)  # not capped at a page's 1000
    for column in ("event_id_cnty", "event_date", "time_precision", "actor1", "location", "latitude",
                   "longitude", "fatalities", "admin1", "notes"):
        assert column in frame.columns, column
    kherson = frame[frame["location"] == "Kherson"].iloc[0]
    assert (kherson["actor1"], kherson["fatalities"], kherson["time_precision"]) == ("Russia", 2, 1)
    assert kherson["latitude"] == pytest.approx(46.6354) and kherson["country"] == "Ukraine"
    assert kherson["admin1"] == "Kherson Oblast" and kherson["event_date"] == "2025-03-18"
    # the same filters as the JSON list
    shelling = pd.read_csv(io.StringIO(client.get("/attacks", params={"format": "csv", "method": "shelling"}).text))
    assert sorted(shelling["location"]) == ["Goma", "Kherson"]


def test_accept_header_picks_the_format(client: TestClient) -> None:
    as_csv = client.get("/events", headers={"Accept": "text/csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    preferred = client.get("/attacks", headers={"Accept": "application/json;q=0.5, application/geo+json"})
    assert preferred.headers["content-type"] == "application/geo+json"
    browser = client.get("/attacks", headers={"Accept": "text/html,*/*;q=0.8"})
    assert browser.headers["content-type"] == "application/json" and browser.json()["total"] == BULK + 4
    for path in ("/accusations", "/agreements"):
        assert client.get(path, params={"format": "csv"}).text.splitlines()[0].startswith("id,")
    assert client.get("/accusations", params={"format": "geojson"}).status_code == 422


def test_geojson_features_have_points_where_places_have_coordinates(client: TestClient) -> None:
    response = client.get("/attacks", params={"format": "geojson", "method": "shelling"})
    assert response.headers["content-type"] == "application/geo+json"
    collection = json.loads(response.text)
    assert collection["type"] == "FeatureCollection"
    by_place = {f["properties"]["location"]: f for f in collection["features"]}
    assert set(by_place) == {"Kherson", "Goma"}
    for feature in collection["features"]:
        assert feature["type"] == "Feature" and set(feature) == {"type", "id", "geometry", "properties"}
    assert by_place["Goma"]["geometry"] == {"type": "Point", "coordinates": [29.2228, -1.6792]}
    places = json.loads(client.get("/locations", params={"format": "geojson"}).text)["features"]
    assert {f["properties"]["name"] for f in places} == {"Kherson", "Mykolaiv", "Kyiv", "Goma"}
    assert all(f["geometry"]["type"] == "Point" for f in places)
    # unlocated events are features without geometry, as GeoJSON allows
    undated = json.loads(client.get("/events", params={"format": "geojson", "type": "attack"}).text)["features"]
    assert sum(f["geometry"] is None for f in undated) == BULK


def test_near_and_bbox_select_attacks_by_distance(client: TestClient) -> None:
    def places(**params: Any) -> list[str]:
        items = client.get("/attacks", params={**params, "limit": 1000}).json()["items"]
        return sorted(t["name"] for a in items for t in a["targets"])

    assert places(near="46.6354,32.6169", radius_km=10) == ["Kherson"]
    assert places(near="46.6354,32.6169", radius_km=100) == ["Kherson", "Mykolaiv"]  # 59 km apart
    assert places(near="46.6354,32.6169", radius_km=600) == ["Kherson", "Kyiv", "Mykolaiv"]
    assert places(bbox="22.0,44.0,40.5,52.5") == ["Kherson", "Kyiv", "Mykolaiv"]  # Ukraine's box
    assert places(bbox="28.0,-3.0,30.0,0.0") == ["Goma"]
    assert places(bbox="28.0,-3.0,30.0,0.0", method="drone") == []
    events = client.get("/events", params={"near": "-1.68,29.22", "radius_km": 5}).json()
    assert [p["name"] for e in events["items"] for p in e["places"]] == ["Goma"]
    assert events["items"][0]["places"][0]["lat"] == pytest.approx(-1.6792)
    located = client.get("/locations", params={"near": "46.6354,32.6169", "radius_km": 100}).json()
    assert sorted(i["name"] for i in located["items"]) == ["Kherson", "Mykolaiv"]
    out_of_range = client.get("/attacks", params={"near": "95,30"})
    assert out_of_range.status_code == 422 and "near" in out_of_range.text


def test_network_graphml_opens_in_networkx(client: TestClient) -> None:
    response = client.get("/actors/russia/network", params={"depth": 2, "format": "graphml"})
    assert response.headers["content-type"].startswith("application/graphml+xml")
    graph = nx.read_graphml(io.BytesIO(response.content))
    as_json = client.get("/actors/russia/network", params={"depth": 2}).json()
    assert set(graph.nodes) == {n["id"] for n in as_json["nodes"]}
    assert graph.number_of_edges() == len(as_json["edges"])
    assert graph.nodes["actor:russia"]["name"] == "Russia"
    assert {d["type"] for _, _, d in graph.edges(data=True)} >= {"PERPETRATED", "TARGETED"}


def test_conditional_get_answers_304_until_the_graph_changes(
    client: TestClient, graph: neo4j.Driver, settings: Settings
) -> None:
    first = client.get("/attacks", params={"limit": 5})
    etag = first.headers["etag"]
    again = client.get("/attacks", params={"limit": 5}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    # another query, another format: another ETag
    assert client.get("/attacks", params={"limit": 6}).headers["etag"] != etag
    assert client.get("/attacks", params={"limit": 5}, headers={"Accept": "text/csv"}).headers["etag"] != etag
    # a write by another process (here: the writer on its own driver) changes every ETag
    write_document(graph, strike_document("Odesa", 46.4825, 30.7233, "Ukraine", "drone", 1),
                   database=settings.neo4j_database)
    changed = client.get("/attacks", params={"limit": 5}, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    # reloading the same document changes nothing, so the ETag holds
    write_document(graph, strike_document("Odesa", 46.4825, 30.7233, "Ukraine", "drone", 1),
                   database=settings.neo4j_database)
    held = client.get("/attacks", params={"limit": 5}, headers={"If-None-Match": changed.headers["etag"]})
    assert held.status_code == 304


def test_closed_reads_check_the_key_before_answering_304(graph: neo4j.Driver, settings: Settings) -> None:
    app = create_app(api_settings(settings, api_read_auth=True, api_etag_ttl=0.0))
    with TestClient(app, raise_server_exceptions=False) as c:
        ok = c.get("/locations", headers={"X-API-Key": API_KEY})
        etag = ok.headers["etag"]
        assert c.get("/locations", headers={"If-None-Match": etag}).status_code == 401
        assert c.get("/locations", headers={"If-None-Match": etag, "X-API-Key": API_KEY}).status_code == 304


def test_exports_stream_over_a_real_socket(graph: neo4j.Driver, settings: Settings) -> None:
    with uvicorn_thread(create_app(api_settings(settings))) as base, \
            httpx.stream("GET", f"{base}/attacks", params={"format": "csv"}, timeout=60) as response:
        assert response.status_code == 200
        assert "content-length" not in response.headers  # chunked: written while Neo4j sends rows
        chunks = list(response.iter_raw())
    assert len(chunks) > 1
    assert b"".join(chunks).count(b"\n") >= BULK + 4 + 1


@pytest.mark.anyio
async def test_unfiltered_pages_off_the_date_index_keep_the_full_lists_order(graph: neo4j.Driver,
                                                                              settings: Settings) -> None:
    """Unfiltered /attacks and /events read pages in date order off the index; every page is the
    slice of the full sorted list (dated first, then the undated by id) the filtered path gives."""
    from conflictkg.api.queries import NO_GEO, Queries
    from conflictkg.graph.connection import create_async_driver

    driver = create_async_driver(settings)
    try:
        queries = Queries(driver, settings)
        for listing, full_query, filters in (
            (queries.attacks, "attacks_list", {"perpetrator": None, "places": None, "method": None}),
            (queries.events, "events_timeline", {"actor": None, "label": None, "places": None}),
        ):
            window = {"since": None, "until": None}
            full = (await queries._read(full_query, **filters, **window, **NO_GEO, limit=5000, offset=0))[0]
            ids = [item["id"] for item in full["items"]]
            assert full["total"] == len(ids) > BULK
            for offset in (0, 2, 3, 7, len(ids) - 3, len(ids) - 1, len(ids) + 5):
                page = await listing(**filters, **window, limit=5, offset=offset)
                assert page.total == full["total"]
                assert [item.id for item in page.items] == ids[offset:offset + 5], (full_query, offset)
    finally:
        await driver.close()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.anyio
async def test_concurrent_requests_share_one_read_of_the_graph_version(graph: neo4j.Driver,
                                                                        settings: Settings) -> None:
    """When the cached version expires, 32 requests at once wait for one read, not 32; a write by
    this process during a read makes the next request read again instead of keeping that value."""
    import asyncio

    from conflictkg.api.etags import GraphVersion
    from conflictkg.graph.connection import create_async_driver

    driver = create_async_driver(settings)
    try:
        version = GraphVersion(driver, api_settings(settings, api_etag_ttl=60.0))
        reads = 0
        real_read = version._read

        async def counted() -> int:
            nonlocal reads
            reads += 1
            return await real_read()

        version._read = counted  # type: ignore[method-assign]
        values = await asyncio.gather(*(version.get() for _ in range(32)))
        assert reads == 1 and len(set(values)) == 1
        assert await version.get() == values[0] and reads == 1  # cached within the TTL

        version.forget()
        started = asyncio.ensure_future(version.get())
        await asyncio.sleep(0)  # that read is under way
        version.forget()  # as after a POST: the read begun before it must not be kept
        await started
        assert reads == 2
        await version.get()
        assert reads == 3
        await version.get()
        assert reads == 3
    finally:
        await driver.close()

"""The read endpoints against a real Neo4j holding the seed and the twelve test articles.

Assertions are about what the articles say (Russia is called Rusland, the US mediated the Black Sea
deal), not about exact counts, so they hold while the extractor improves.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import neo4j
import pytest
from fastapi.testclient import TestClient

from conflictkg.api.main import create_app
from conflictkg.settings import Settings
from tests.api_support import api_settings, assert_problem, evidence_ok, load_articles
from tests.conftest import wipe


@pytest.fixture(scope="module")
def seeded(driver: neo4j.Driver, settings: Settings) -> neo4j.Driver:
    wipe(driver, settings.neo4j_database)
    load_articles(driver, settings.neo4j_database)
    return driver


@pytest.fixture(scope="module")
def client(seeded: neo4j.Driver, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(api_settings(settings)), raise_server_exceptions=False) as c:
        yield c


def get(client: TestClient, path: str, **params: Any) -> Any:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    return response.json()


def page_ok(body: dict[str, Any]) -> list[dict[str, Any]]:
    assert set(body) == {"items", "total"}
    assert body["total"] >= len(body["items"])
    return body["items"]


# -- service ------------------------------------------------------------------------------------


def test_health_and_stats(client: TestClient) -> None:
    health = get(client, "/health")
    assert health["status"] == "ok" and health["neo4j"].startswith("5.")
    stats = get(client, "/stats")
    assert stats["labels"]["Article"] == 13
    assert stats["labels"]["Actor"] > 10 and stats["relationships"]["REPORTED_IN"] > 100
    assert stats["nodes_total"] == sum(stats["labels"].values())
    assert set(stats["relationships"]) >= {"PARTY_TO", "MEDIATED", "PERPETRATED", "REPORTED_IN"}


def test_openapi_and_docs(client: TestClient) -> None:
    spec = get(client, "/openapi.json")
    ops = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert {"list_actors", "get_actor", "actor_network", "list_agreements", "get_agreement",
            "agreement_violations", "list_attacks", "list_accusations", "list_events",
            "actor_paths", "list_articles", "get_article", "create_article", "run_cypher",
            "health", "stats"} <= ops
    assert "Problem" in spec["components"]["schemas"]
    assert "X-API-Key" in str(spec["components"]["securitySchemes"])
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


# -- actors -------------------------------------------------------------------------------------


def test_actor_search_folds_case_and_accents(client: TestClient) -> None:
    by_alias = page_ok(get(client, "/actors", q="RUSLAND"))
    assert "actor:russia" in {a["id"] for a in by_alias}
    # "Oekraïne" is an alias of Ukraine; the query without the diaeresis still finds it
    assert "actor:ukraine" in {a["id"] for a in page_ok(get(client, "/actors", q="oekraine"))}
    assert page_ok(get(client, "/actors", q="no such actor anywhere")) == []


def test_actor_list_filters_and_pages(client: TestClient) -> None:
    countries = get(client, "/actors", kind="country", limit=1000)
    assert all(a["kind"] == "country" for a in countries["items"])
    assert countries["total"] == len(countries["items"]) > 3
    first = get(client, "/actors", kind="country", limit=2, offset=0)
    second = get(client, "/actors", kind="country", limit=2, offset=2)
    assert first["total"] == second["total"] == countries["total"]
    assert [a["id"] for a in first["items"] + second["items"]] == \
        [a["id"] for a in countries["items"][:4]]


def test_actor_detail(client: TestClient) -> None:
    russia = get(client, "/actors/russia")
    assert russia["id"] == "actor:russia" and russia["kind"] == "country"
    assert "Rusland" in russia["aliases"]
    assert russia["activity"]["party_to"] >= 1 and russia["activity"]["perpetrated"] >= 1
    assert russia["evidence"] and evidence_ok(russia["evidence"])
    assert russia["evidence_total"] >= len(russia["evidence"])
    # the prefixed id and the display name find the same actor
    assert get(client, "/actors/actor:russia")["id"] == "actor:russia"
    macron = get(client, "/actors/Emmanuel Macron")
    assert macron["id"] == "actor:emmanuel-macron" and "president" in macron["roles"]
    assert "actor:france" in {a["id"] for a in macron["affiliations"]}
    assert all(evidence_ok(a["evidence"]) for a in macron["affiliations"])
    france = get(client, "/actors/france")
    assert "actor:emmanuel-macron" in {m["id"] for m in france["members"]}


def test_actor_network(client: TestClient) -> None:
    one = get(client, "/actors/russia/network", depth=1)
    assert one["root"] == "actor:russia" and one["depth"] == 1
    ids = {n["id"] for n in one["nodes"]}
    assert "actor:russia" in ids and any(i.startswith("agreement:") for i in ids)
    assert not any(n["label"] == "Article" for n in one["nodes"])
    for e in one["edges"]:
        assert e["source"] in ids and e["target"] in ids and e["type"] != "REPORTED_IN"
    two = get(client, "/actors/russia/network", depth=2)
    assert len(two["nodes"]) > len(one["nodes"])
    assert "actor:ukraine" in {n["id"] for n in two["nodes"]}  # a party to the same agreements
    capped = get(client, "/actors/russia/network", depth=3, limit=5)
    assert len(capped["nodes"]) == 5 and capped["truncated"] is True


def test_paths_between_actors(client: TestClient) -> None:
    found = get(client, "/paths", source="russia", target="united-states", max_hops=2)
    paths = page_ok(found)
    assert paths, "Russia and the US are parties to or mediators of the same agreements"
    shortest = paths[0]["length"]
    for p in paths:
        assert p["length"] == shortest <= 2
        assert p["nodes"][0]["id"] == "actor:russia" and p["nodes"][-1]["id"] == "actor:united-states"
        assert len(p["edges"]) == p["length"]
        assert all(evidence_ok(e["evidence"]) and e["evidence"] for e in p["edges"])
    assert page_ok(get(client, "/paths", source="russia", target="united-states", max_hops=1)) == [] \
        or shortest == 1
    # from an actor to itself: the actor alone, length 0
    itself = page_ok(get(client, "/paths", source="russia", target="actor:russia"))
    assert itself == [{"length": 0, "nodes": [{"id": "actor:russia", "label": "Actor", "name": "Russia"}],
                       "edges": []}]


# -- agreements ---------------------------------------------------------------------------------


def _agreements(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    return page_ok(get(client, "/agreements", limit=1000, **params))


def test_black_sea_agreement_mediated_by_the_us(client: TestClient) -> None:
    black_sea = _agreements(client, topic="black_sea_shipping")
    assert black_sea and all(g["topic"] == "black_sea_shipping" for g in black_sea)
    mediated = [g for g in black_sea if "actor:united-states" in {m["id"] for m in g["mediators"]}]
    assert mediated, "the seed: 'Door de VS bemiddelde akkoorden … Zwarte Zee'"
    one = get(client, f"/agreements/{mediated[0]['id']}")
    assert {"actor:russia", "actor:ukraine"} <= {p["id"] for p in one["parties"]}
    assert evidence_ok(one["evidence"]) and one["evidence"]
    assert all(evidence_ok(m["evidence"]) and m["evidence"] for m in one["mediators"])
    # the id works without its prefix too
    assert get(client, f"/agreements/{one['id'].split(':', 1)[1]}")["id"] == one["id"]


def test_agreement_filters(client: TestClient) -> None:
    by_mediator = _agreements(client, mediator="united-states")
    assert by_mediator
    assert all("actor:united-states" in {m["id"] for m in g["mediators"]} for g in by_mediator)
    by_party = _agreements(client, party="russia")
    assert all("actor:russia" in {p["id"] for p in g["parties"]} for g in by_party)
    dated = _agreements(client, since="2025-03", until="2025-06")
    assert dated and all(g["date_start"] <= "2025-06-30" and g["date_end"] >= "2025-03-01"
                         for g in dated)
    starts = [g["date_start"] for g in _agreements(client) if g["date_start"]]
    assert starts == sorted(starts)


def test_agreement_violations(client: TestClient) -> None:
    accused_somewhere = False
    attacks_after = 0
    for g in _agreements(client):
        v = get(client, f"/agreements/{g['id']}/violations")
        assert v["agreement"] == g["id"]
        parties = {p["id"] for p in g["parties"]}
        for acc in v["accusations"]:
            assert evidence_ok(acc["evidence"]) and evidence_ok(acc["violation_evidence"])
            accused_somewhere |= ("actor:ukraine" in {a["id"] for a in acc["accusers"]}
                                  and "actor:russia" in {a["id"] for a in acc["accused"]})
        for attack in v["attacks"]:
            attacks_after += 1
            assert attack["date"], "an undated attack is never 'after'"
            assert attack["date_end"] >= g["date_start"]
            assert {p["id"] for p in attack["perpetrators"]} <= parties
            assert attack["perpetrators"] and evidence_ok(attack["evidence"])
            if attack["timing"] == "on_or_after":
                assert attack["date_start"] >= g["date_end"]
        if not g["date"]:
            assert v["attacks"] == []
    assert accused_somewhere, "the seed: Ukraine and Russia accuse each other of violations"
    assert attacks_after > 0


# -- events -------------------------------------------------------------------------------------


def test_attacks_and_filters(client: TestClient) -> None:
    everything = get(client, "/attacks", limit=1000)
    attacks = page_ok(everything)
    assert everything["total"] == len(attacks) > 5
    for a in attacks:
        assert evidence_ok(a["evidence"]) and a["evidence"]
        assert all(evidence_ok(p["evidence"]) for p in a["perpetrators"] + a["targets"])
    by_russia = page_ok(get(client, "/attacks", perpetrator="russia", limit=1000))
    assert by_russia and all("actor:russia" in {p["id"] for p in a["perpetrators"]}
                             for a in by_russia)
    drones = page_ok(get(client, "/attacks", method="drone", limit=1000))
    assert drones and all(a["method"] == "drone" for a in drones)
    kherson = page_ok(get(client, "/attacks", location="Cherson", limit=1000))  # Dutch spelling
    # "Cherson" slugs to another id than Kherson: location ids are English names
    assert kherson == [] or all("location:cherson" in {t["id"] for t in a["targets"]} for a in kherson)
    at_kherson = page_ok(get(client, "/attacks", location="kherson", limit=1000))
    assert at_kherson, "the seed: shelling in Kherson"
    assert all("location:kherson" in {t["id"] for t in a["targets"]} for a in at_kherson)
    window = page_ok(get(client, "/attacks", since="2025-04", until="2025-04", limit=1000))
    assert window and all(a["date_end"] >= "2025-04-01" and a["date_start"] <= "2025-04-30"
                          for a in window)
    dated = [a["date_start"] for a in attacks if a["date_start"]]
    assert dated == sorted(dated)
    assert all(a["date"] for a in attacks[: len(dated)]), "undated attacks come last"


def test_place_hierarchy_is_in_the_graph(seeded: neo4j.Driver) -> None:
    rows, _, _ = seeded.execute_query(
        "MATCH p = (:Location {name: 'Kherson'})-[:LOCATED_IN*]->(:Actor {name: 'Ukraine'}) "
        "RETURN [n IN nodes(p) | n.name] AS chain")
    assert [r["chain"] for r in rows] == [["Kherson", "Kherson Oblast", "Ukraine"]]
    rows, _, _ = seeded.execute_query(
        "MATCH (:Location {name: 'Élysée Palace'})-[r:LOCATED_IN]->(:Location {name: 'Paris'}) "
        "RETURN r.source AS source")
    assert [r["source"] for r in rows] == ["gazetteer"]


def test_country_filters_find_events_in_its_cities(client: TestClient) -> None:
    """A country is an Actor, its cities are Locations: `location=ukraine` finds the attacks on
    Kherson (city -> oblast -> country), and so does the timeline."""
    in_ukraine = page_ok(get(client, "/attacks", location="ukraine", limit=1000))
    at_kherson = page_ok(get(client, "/attacks", location="kherson", limit=1000))
    assert at_kherson and {a["id"] for a in at_kherson} <= {a["id"] for a in in_ukraine}
    assert not [a for a in in_ukraine if "actor:russia" in {t["id"] for t in a["targets"]}]
    by_prefix = page_ok(get(client, "/attacks", location="actor:ukraine", limit=1000))
    assert {a["id"] for a in by_prefix} == {a["id"] for a in in_ukraine}
    only_places = page_ok(get(client, "/attacks", location="location:ukraine", limit=1000))
    assert only_places == []  # no Location is called Ukraine: the prefix narrows to places

    timeline = page_ok(get(client, "/events", location="ukraine", limit=1000))
    assert {a["id"] for a in at_kherson} <= {e["id"] for e in timeline}
    assert all(e["places"] for e in timeline)
    in_france = page_ok(get(client, "/events", location="france", type="meeting", limit=1000))
    assert in_france and all(e["type"] == "meeting" for e in in_france)
    assert any("location:elysee-palace" in {p["id"] for p in e["places"]} for e in in_france)
    elsewhere = page_ok(get(client, "/events", location="kherson", type="meeting", limit=1000))
    assert not {e["id"] for e in in_france} & {e["id"] for e in elsewhere}


def test_accusations(client: TestClient) -> None:
    all_acc = page_ok(get(client, "/accusations", limit=1000))
    assert all_acc and all(evidence_ok(a["evidence"]) for a in all_acc)
    against_russia = page_ok(get(client, "/accusations", accuser="ukraine", accused="russia"))
    assert against_russia
    for a in against_russia:
        assert "actor:ukraine" in {x["id"] for x in a["accusers"]}
        assert "actor:russia" in {x["id"] for x in a["accused"]}
    linked = [a for a in all_acc if a["agreements"]]
    assert linked
    agreement = linked[0]["agreements"][0]["id"]
    about = page_ok(get(client, "/accusations", agreement=agreement))
    assert about and all(agreement in {g["id"] for g in a["agreements"]} for a in about)


def test_events_timeline(client: TestClient) -> None:
    timeline = get(client, "/events", limit=1000)
    events = page_ok(timeline)
    kinds = {e["type"] for e in events}
    assert {"attack", "agreement", "accusation", "meeting", "statement"} <= kinds
    starts = [e["date_start"] for e in events if e["date_start"]]
    assert starts == sorted(starts), "ordered by the first day each date covers"
    for e in events:
        assert evidence_ok(e["evidence"])
        if e["date"]:
            assert e["date_precision"] in {"year", "month", "week", "day"}
    assert any(e["date_precision"] == "month" for e in events)
    assert any(e["date_precision"] == "day" for e in events)
    russia = page_ok(get(client, "/events", actor="russia", limit=1000))
    assert russia and all("actor:russia" in {a["id"] for a in e["actors"]} for e in russia)
    attacks = page_ok(get(client, "/events", actor="russia", type="attack", limit=1000))
    assert attacks and {e["type"] for e in attacks} == {"attack"}
    week = page_ok(get(client, "/events", since="2025-W12", until="2025-W13", limit=1000))
    assert week and all(e["date_end"] >= "2025-03-17" and e["date_start"] <= "2025-03-30"
                        for e in week)
    # a window that ends before it starts holds nothing, even for events a year long
    for path in ("/events", "/attacks", "/agreements", "/accusations", "/articles"):
        inverted = get(client, path, since="2025-05", until="2025-01")
        assert inverted["items"] == [] and inverted["total"] == 0, path


# -- articles -----------------------------------------------------------------------------------


def test_articles(client: TestClient) -> None:
    listing = get(client, "/articles", limit=1000)
    articles = page_ok(listing)
    assert listing["total"] == 13
    assert {a["language"] for a in articles} == {"nl", "en"}
    published = [a["published"] for a in articles if a["published"]]
    assert len(published) == 13
    dutch = page_ok(get(client, "/articles", language="nl", limit=1000))
    assert len(dutch) == 7 and all(a["language"] == "nl" for a in dutch)
    seed = next(a for a in articles if a["published"] == "2025-05")
    one = get(client, f"/articles/{seed['id']}")
    assert one["id"] == seed["id"] and one["language"] == "nl"
    labels = {f["label"] for f in one["facts"]}
    assert {"Actor", "Agreement", "Attack"} <= labels
    assert all(evidence_ok(f["evidence"]) and f["evidence"] for f in one["facts"])
    assert all(e["article"] == seed["id"] for f in one["facts"] for e in f["evidence"])
    assert one["relationships"] and all(r["evidence"] for r in one["relationships"])
    assert "search" not in next(f for f in one["facts"] if f["label"] == "Actor")["properties"]
    # the bare hex digest works as well
    assert get(client, f"/articles/{seed['id'][7:]}")["id"] == seed["id"]


# -- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/actors/nobody-at-all", "/actors/nobody-at-all/network",
                                  "/agreements/0000000000000000",
                                  "/agreements/0000000000000000/violations",
                                  "/articles/sha256:" + "0" * 64])
def test_unknown_ids_are_404(client: TestClient, path: str) -> None:
    body = assert_problem(client.get(path), 404)
    assert body["instance"] == path


def test_unknown_actor_in_paths_is_404(client: TestClient) -> None:
    body = assert_problem(client.get("/paths", params={"source": "russia", "target": "nobody"}), 404)
    assert "nobody" in body["detail"]


@pytest.mark.parametrize(("path", "params", "name"), [
    ("/actors", {"limit": 1001}, "limit"),
    ("/actors", {"limit": 0}, "limit"),
    ("/actors", {"offset": -1}, "offset"),
    ("/actors", {"limit": "many"}, "limit"),
    ("/attacks", {"since": "2025-13"}, "since"),
    ("/attacks", {"since": "last year"}, "since"),
    ("/events", {"type": "war"}, "type"),
    ("/actors/russia/network", {"depth": 4}, "depth"),
    ("/paths", {"source": "russia"}, "target"),
    ("/attacks", {"since": "2025-02-29"}, "since"),
    ("/accusations", {"agreement": "agreement:Not An Id"}, "agreement"),
    ("/paths", {"source": "russia", "target": "ukraine", "max_hops": 7}, "max_hops"),
    ("/articles/not-an-article", {}, "article_id"),
    ("/articles", {"language": "dutch"}, "language"),
    ("/agreements/has spaces!", {}, "agreement_id"),
    ("/attacks", {"perpetrator": "!!!"}, "perpetrator"),
])
def test_invalid_parameters_are_422_naming_them(client: TestClient, path: str,
                                                params: dict[str, Any], name: str) -> None:
    body = assert_problem(client.get(path, params=params), 422)
    assert name in [e["name"] for e in body["errors"]]
    assert name in body["detail"]


def test_unknown_route_and_method(client: TestClient) -> None:
    assert_problem(client.get("/no/such/route"), 404)
    assert_problem(client.delete("/actors"), 405)


@pytest.mark.anyio
async def test_in_process_async_client(seeded: neo4j.Driver, settings: Settings) -> None:
    """The same app through httpx.AsyncClient and ASGITransport, lifespan included."""
    app = create_app(api_settings(settings))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            r = await c.get("/actors/russia")
            assert r.status_code == 200 and "Rusland" in r.json()["aliases"]
            r = await c.get("/actors/nobody-at-all")
            assert r.status_code == 404
            assert r.headers["content-type"] == "application/problem+json"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


ODD_VALUES = ["", "\x00", "🙂", "a" * 300, "actor:", "-1", "1e309", "2025-W54", "2025-02-30",
              "'; MATCH (n) DETACH DELETE n //"]


def test_odd_input_never_answers_500(client: TestClient) -> None:
    from urllib.parse import quote

    lists = {"/actors": ["q", "kind", "limit", "offset"],
             "/attacks": ["perpetrator", "location", "method", "since", "until"],
             "/accusations": ["accuser", "accused", "agreement"],
             "/events": ["actor", "type", "location", "since", "until"],
             "/agreements": ["party", "mediator", "status", "topic"],
             "/articles": ["language", "since"],
             "/paths": ["source", "max_hops"],
             "/actors/russia/network": ["depth", "limit"]}
    for value in ODD_VALUES:
        for template in ("/actors/{}", "/agreements/{}/violations", "/articles/{}"):
            r = client.get(template.format(quote(value, safe="")))
            assert r.status_code in (200, 404, 422), (template, value, r.text)  # "" = the list
        for path, names in lists.items():
            for name in names:
                params = {"target": "ukraine", "source": "russia"} if path == "/paths" else {}
                r = client.get(path, params={**params, name: value})
                assert r.status_code in (200, 404, 422), (path, name, value, r.text)
    assert get(client, "/stats")["labels"]["Article"] == 13, "and nothing was changed"


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, the sphere Neo4j's WGS-84 distance uses)."""
    from math import asin, cos, radians, sin, sqrt

    dlat, dlon = radians(lat2 - lat1), radians(lon2 - lon1)
    a = sin(dlat / 2) ** 2 + cos(radians(lat1)) * cos(radians(lat2)) * sin(dlon / 2) ** 2
    return 2 * 6378.14 * asin(sqrt(a))


def test_geo_query_on_loaded_articles_returns_the_attacks_within_the_radius(client: TestClient) -> None:
    """The extractor placed the articles' towns with GeoNames coordinates: a radius around Kherson
    finds the attacks on places within it, and not those on Kharkiv or Kyiv."""
    everything = page_ok(get(client, "/attacks", limit=1000))
    kherson = next(t for a in everything for t in a["targets"] if t["id"] == "location:kherson")
    lat, lon = kherson["lat"], kherson["lon"]
    assert lat == pytest.approx(46.64, abs=0.05) and lon == pytest.approx(32.61, abs=0.05)
    for radius in (30, 250):
        expected = {a["id"] for a in everything if any(
            t.get("lat") is not None and _km(lat, lon, t["lat"], t["lon"]) <= radius for t in a["targets"])}
        found = {a["id"] for a in page_ok(get(client, "/attacks", near=f"{lat},{lon}", radius_km=radius,
                                              limit=1000))}
        assert found == expected and found, radius
        far = {a["id"] for a in everything if any(t["id"] in ("location:kharkiv", "location:kyiv")
                                                  for t in a["targets"])}
        assert far and not (found & far), radius
    # a box around Kherson oblast's towns, and the same through /events
    boxed = page_ok(get(client, "/events", bbox=f"{lon - 0.5},{lat - 0.5},{lon + 0.5},{lat + 0.5}", limit=1000))
    assert boxed and all(any(p["id"] == "location:kherson" for p in e["places"]) for e in boxed)

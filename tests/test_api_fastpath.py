"""Compiled reads (api.fastpath) answer exactly what FastAPI answers, byte for byte, and take the
common case away from FastAPI's per-request parameter solving; the serving app settles its heap
(api.heap). Against a real Neo4j holding the seed and the twelve test articles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import fastapi.routing
import neo4j
import pytest
from fastapi.testclient import TestClient

from conflictkg.api.heap import YOUNG_THRESHOLD, settled_heap
from conflictkg.api.limits import BodySizeLimit
from conflictkg.api.main import create_app
from conflictkg.api.queries import Queries
from conflictkg.api.shapes import Shape, ShapeMismatch
from conflictkg.settings import Settings
from tests.api_support import api_settings, load_articles
from tests.conftest import wipe


# First in the module: no app of this module is serving yet.
def test_the_collector_settings_are_undone_when_serving_ends() -> None:
    before = gc.get_threshold()
    with settled_heap():
        assert gc.get_threshold() == (YOUNG_THRESHOLD, *before[1:])
        with settled_heap():  # a second app in the same process
            pass
        assert gc.get_threshold()[0] == YOUNG_THRESHOLD
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


@pytest.fixture(scope="module")
def clients(driver: neo4j.Driver, settings: Settings) -> Iterator[tuple[TestClient, TestClient]]:
    wipe(driver, settings.neo4j_database)
    load_articles(driver, settings.neo4j_database)
    fast = create_app(api_settings(settings, api_etag_ttl=60.0))
    plain = create_app(api_settings(settings, api_etag_ttl=60.0, api_fast_reads=False))
    with (TestClient(fast, raise_server_exceptions=False) as f,
          TestClient(plain, raise_server_exceptions=False) as p):
        yield f, p


@pytest.fixture
def solved(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths FastAPI solved parameters for (the fast path does not)."""
    seen: list[str] = []
    original = fastapi.routing.solve_dependencies

    async def counting(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs["request"].url.path)
        return await original(*args, **kwargs)

    monkeypatch.setattr(fastapi.routing, "solve_dependencies", counting)
    return seen


def _ids(client: TestClient) -> dict[str, str]:
    first = {name: client.get(path, params={"limit": 1}).json()["items"][0]["id"]
             for name, path in (("agreement", "/agreements"), ("article", "/articles"))}
    return {"agreement": first["agreement"].removeprefix("agreement:"), "article": first["article"]}


COMMON = [
    "/stats", "/actors", "/actors?q=rusland&limit=5", "/actors?q=Zelensky%C3%AF", "/actors?kind=country",
    "/actors/russia", "/actors/actor:russia", "/actors/Emmanuel%20Macron", "/actors/russia/network?depth=2",
    "/locations", "/locations?near=46.6354,32.6169&radius_km=500",
    "/agreements", "/agreements?mediator=united-states&topic=black_sea_shipping",
    "/agreements/{agreement}", "/agreements/agreement:{agreement}", "/agreements/{agreement}/violations",
    "/attacks", "/attacks?perpetrator=russia&since=2025-03&until=2025", "/attacks?location=ukraine&limit=3&offset=1",
    "/attacks?bbox=22.0,44.0,40.5,52.5", "/attacks?near=50.45,30.52&radius_km=800&method=drone",
    "/accusations", "/accusations?accuser=ukraine&agreement={agreement}",
    "/events", "/events?type=attack&actor=russia&since=2025-W13", "/events?until=2025-03-01&since=2025-04",
    "/paths?source=russia&target=ukraine", "/articles", "/articles/{article}",
    "/attacks?unknown=1&limit=2",
]
# FastAPI decides these: values that fail validation, and an empty or repeated parameter.
INVALID = ["/attacks?limit=0", "/attacks?since=2025-13", "/agreements/not%20an%20id",
           "/articles/sha256:xyz", "/events?type=parade", "/attacks?near=91,0"]
UNUSUAL = ["/actors?q=", "/attacks?limit=2&limit=3"]
NOT_FOUND = ["/actors/nobody-at-all", "/agreements/ffffffffffffffff", "/actors/nobody-at-all/network",
             "/articles/sha256:" + "0" * 64]
FORMATS = ["/attacks?format=csv", "/events?format=geojson", "/accusations?format=csv",
           "/locations?format=geojson", "/actors/russia/network?format=graphml"]


def _same(fast: TestClient, plain: TestClient, url: str, **headers: str) -> int:
    a, b = fast.get(url, headers=headers), plain.get(url, headers=headers)
    assert (a.status_code, a.content) == (b.status_code, b.content), url
    for header in ("content-type", "content-length", "etag", "allow", "retry-after"):
        assert a.headers.get(header) == b.headers.get(header), (url, header)
    return a.status_code


def test_common_reads_are_answered_the_same_without_fastapi_solving_them(
        clients: tuple[TestClient, TestClient], solved: list[str]) -> None:
    fast, plain = clients
    ids = _ids(plain)
    solved.clear()
    statuses = [_same(fast, plain, url.format(**ids)) for url in COMMON]
    assert statuses == [200] * len(COMMON)
    # Every plain request was solved by FastAPI, none of the fast ones.
    assert len(solved) == len(COMMON)


def test_common_reads_are_written_from_their_rows_not_validated(
        clients: tuple[TestClient, TestClient], monkeypatch: pytest.MonkeyPatch) -> None:
    """The same bytes as above, and every answer written by its model's shape (api.shapes): no row
    of the real articles needs the validating way round."""
    fast, plain = clients
    ids = _ids(plain)
    written: list[str] = []
    original = Shape.json

    def recording(self: Shape, row: Any) -> bytes:
        try:
            return original(self, row)
        except ShapeMismatch as exc:
            written.append(f"mismatch: {exc}")
            raise
        finally:
            written.append(self.model.__name__)

    monkeypatch.setattr(Shape, "json", recording)
    for url in COMMON:
        _same(fast, plain, url.format(**ids))
    assert not [w for w in written if w.startswith("mismatch")]
    # every read but /stats (a model built in Python) and the network (models built per hop)
    assert len(written) == len(COMMON) - 2
    assert set(written) >= {"EventsPublic", "AttacksPublic", "AgreementPublic", "ArticlePublic", "PathsPublic",
                            "ActorDetailPublic", "LocationsPublic", "ViolationsPublic"}


def test_a_row_that_does_not_fit_its_shape_is_validated_as_before(
        clients: tuple[TestClient, TestClient], monkeypatch: pytest.MonkeyPatch) -> None:
    fast, plain = clients
    original = Queries._read

    async def without_ids(self: Queries, name: str, **params: Any) -> list[dict[str, Any]]:
        rows = await original(self, name, **params)
        for row in rows:
            for item in row.get("items", ()):
                item.pop("id", None)
        return rows

    monkeypatch.setattr(Queries, "_read", without_ids)
    assert _same(fast, plain, "/events?type=attack&actor=russia&since=2025-W13") == 500
    assert _same(fast, plain, "/events?limit=0") == 422


def test_what_the_fast_path_hands_on_is_fastapis_answer(
        clients: tuple[TestClient, TestClient], solved: list[str]) -> None:
    fast, plain = clients
    solved.clear()
    assert {_same(fast, plain, url) for url in INVALID} == {422}
    assert {_same(fast, plain, url) for url in UNUSUAL} == {200}
    assert len(solved) == 2 * (len(INVALID) + len(UNUSUAL))


def test_route_errors_come_from_the_apps_handlers(clients: tuple[TestClient, TestClient]) -> None:
    fast, plain = clients
    assert {_same(fast, plain, url) for url in NOT_FOUND} == {404}
    response = fast.get(NOT_FOUND[0])
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["instance"] == NOT_FOUND[0]


def test_an_answer_that_fails_its_model_is_the_apps_500_on_both_paths(
        clients: tuple[TestClient, TestClient], monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(self: Queries, actor_id: str) -> dict[str, Any]:
        return {"id": actor_id, "evidence_total": "not a number"}

    monkeypatch.setattr(Queries, "actor", broken)
    fast, plain = clients
    assert _same(fast, plain, "/actors/russia") == 500
    assert fast.get("/actors/russia").headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("url", FORMATS)
def test_exports_stream_the_same(clients: tuple[TestClient, TestClient], url: str) -> None:
    fast, plain = clients
    assert _same(fast, plain, url) == 200
    assert _same(fast, plain, url.split("?")[0], accept="text/csv") in (200, 406)


def test_conditional_gets_and_other_methods_are_unchanged(clients: tuple[TestClient, TestClient]) -> None:
    fast, plain = clients
    etag = fast.get("/attacks").headers["etag"]
    assert _same(fast, plain, "/attacks", **{"if-none-match": etag}) == 304
    for method in ("HEAD", "DELETE"):
        a, b = fast.request(method, "/actors"), plain.request(method, "/actors")
        assert (a.status_code, a.content, a.headers.get("allow")) == (b.status_code, b.content, b.headers.get("allow"))


def test_common_reads_go_past_the_middleware_stack(clients: tuple[TestClient, TestClient],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The compiled reads stand in front of every layer; what they hand on goes through all of them."""
    fast, plain = clients
    seen: list[str] = []
    original = BodySizeLimit.__call__

    async def counting(self: BodySizeLimit, scope: Any, receive: Any, send: Any) -> None:
        seen.append(scope["path"])
        await original(self, scope, receive, send)

    monkeypatch.setattr(BodySizeLimit, "__call__", counting)
    assert fast.get("/actors/russia").status_code == 200
    assert seen == []
    assert plain.get("/actors/russia").status_code == 200
    assert fast.get("/attacks?limit=0").status_code == 422
    assert fast.request("GET", "/actors", content=b"{}").status_code == 200  # a body: the stack decides
    assert seen == ["/actors/russia", "/attacks", "/actors"]


def test_reads_behind_a_key_are_never_compiled(settings: Settings) -> None:
    app = create_app(api_settings(settings, api_read_auth=True))
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get("/actors").status_code == 401


def test_the_serving_app_freezes_its_start_up_heap(clients: tuple[TestClient, TestClient]) -> None:
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD
    assert gc.get_freeze_count() > 10_000

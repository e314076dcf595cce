"""Response models as shapes (api.shapes): an answer written from its row is the JSON pydantic
writes after validating that row, byte for byte, and a row or a model a shape cannot take is
left to validation. Rows against a real database: tests/test_api_fastpath.py."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

import neo4j
import pytest
from fastapi.routing import APIRoute
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, field_validator

from conflictkg.api import models as m
from conflictkg.api.db import plain
from conflictkg.api.routes import read_routers
from conflictkg.api.shapes import ShapeMismatch, shape_of

ARTICLE = "sha256:" + "ab" * 32
STORED = json.dumps({"article": ARTICLE, "end": 40, "quote": "Drones struck the port.", "sentence": 3,
                     "start": 10, "kept_by_nobody": True})
EVENT = {
    "id": "attack:1", "type": "attack", "title": "drone", "date": "2025-03", "date_precision": "month",
    "date_start": "2025-03-01", "date_end": dt.date(2025, 3, 31), "plover": None, "reports": 2,
    "actors": [{"id": "actor:russia", "name": "Rusland", "kind": "country", "relation": "PERPETRATED",
                "evidence": [STORED, STORED]}],
    "places": [{"id": "location:odesa", "name": "Odesa", "kind": "city", "lat": 46, "lon": 30.7233,
                "evidence": [STORED], "element_id": "4:x:1"}],
    "evidence": [{"article": ARTICLE, "sentence": 3, "start": 10, "end": 40, "quote": "Drones struck."}],
    "internal": "a key the model does not have",
}


def _pydantic(model: type[BaseModel], row: dict[str, Any]) -> bytes:
    return model.model_validate(row).model_dump_json().encode()


def _shaped(model: type[BaseModel], row: dict[str, Any]) -> bytes:
    shape = shape_of(model)
    assert shape is not None, model
    return shape.json(row)


def test_every_read_answer_has_a_shape() -> None:
    """A read whose model had none would be validated on every request, silently slower."""
    models = {route.response_model for router in read_routers for route in router.routes
              if isinstance(route, APIRoute) and route.methods == {"GET"}}
    missing = [model.__name__ for model in models if model is not None and shape_of(model) is None]
    assert missing == []


@pytest.mark.parametrize("row", [
    {"items": [EVENT, {**EVENT, "id": "attack:2", "actors": [], "title": None}], "total": 2},
    {"items": [{"id": "meeting:1", "type": "meeting"}], "total": 1},  # every other field its default
], ids=["full", "defaults"])
def test_a_page_is_written_as_pydantic_writes_the_validated_row(row: dict[str, Any]) -> None:
    assert _shaped(m.EventsPublic, row) == _pydantic(m.EventsPublic, row)


def test_fields_keep_the_models_order_and_the_rows_other_keys_are_dropped() -> None:
    written = json.loads(_shaped(m.EventPublic, EVENT))
    assert list(written) == list(m.EventPublic.model_fields)
    assert "internal" not in written and "element_id" not in written["places"][0]
    assert written["actors"][0]["evidence"][0] == {"article": ARTICLE, "quote": "Drones struck the port.",
                                                   "sentence": 3, "start": 10, "end": 40}
    assert written["places"][0]["lat"] == 46.0 and b'"lat":46.0' in _shaped(m.EventPublic, EVENT)


def test_article_facts_hide_bookkeeping_properties_and_parse_evidence() -> None:
    row = {
        "id": ARTICLE, "language": "en", "published": "2025-03-18", "length": 1200,
        "loaded_at": dt.datetime(2025, 3, 19, 8, 30, 1, 250, tzinfo=dt.UTC),
        "facts": [{"id": "actor:russia", "label": "Actor", "name": "Russia",
                   "properties": {"kind": "country", "search": "russia", "search_keys": ["russia"], "id": "x",
                                  "aliases": ["Rusland"], "since": dt.date(2022, 2, 24)},
                   "evidence": [STORED]}],
        "relationships": [{"type": "PERPETRATED", "source": "actor:russia", "target": "attack:1",
                           "properties": {"evidence": [STORED], "confidence": 0.8}, "evidence": [STORED]}],
    }
    written = _shaped(m.ArticlePublic, row)
    assert written == _pydantic(m.ArticlePublic, row)
    facts = json.loads(written)["facts"]
    assert facts[0]["properties"] == {"kind": "country", "aliases": ["Rusland"], "since": "2022-02-24"}
    assert json.loads(written)["loaded_at"] == "2025-03-19T08:30:01.000250Z"


def test_a_nested_default_model_is_written_as_its_json() -> None:
    row = {"id": "actor:russia", "name": "Russia", "evidence": []}
    assert _shaped(m.ActorDetailPublic, row) == _pydantic(m.ActorDetailPublic, row)
    assert json.loads(_shaped(m.ActorDetailPublic, row))["activity"]["perpetrated"] == 0


@pytest.mark.parametrize(("row", "message"), [
    ({"total": 1}, "items: missing"),
    ({"items": [], "total": None}, "total: null"),
    ({"items": ["attack:1"], "total": 1}, "expected a map"),
    ({"items": [{"type": "attack"}], "total": 1}, "id: missing"),
    ({"items": [{**EVENT, "places": None}], "total": 1}, "places: null"),  # pydantic refuses it too
    ({"items": [{**EVENT, "actors": [{"relation": "MADE"}]}], "total": 1}, "EventActor.id: missing"),
])
def test_a_row_that_does_not_fit_is_a_mismatch(row: dict[str, Any], message: str) -> None:
    with pytest.raises(ShapeMismatch, match=message):
        _shaped(m.EventsPublic, row)


def test_a_value_orjson_cannot_write_is_a_mismatch() -> None:
    with pytest.raises(ShapeMismatch):
        _shaped(m.StatsPublic, {"labels": {"Actor": 1}, "relationships": {}, "nodes_total": 1,
                                "relationships_total": dt.timedelta(days=1)})


class _Validated(BaseModel):
    name: str

    @field_validator("name")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()


class _Aliased(BaseModel):
    kind: str = Field(alias="type")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str


class _Serialized(BaseModel):
    name: Annotated[str, PlainSerializer(lambda v: v.upper())]


class _Transformed(BaseModel):
    name: Annotated[str, BeforeValidator(str.strip)]


class _Checked(BaseModel):
    name: Annotated[str, AfterValidator(lambda v: v)]


class _Nested(BaseModel):
    inner: list[_Validated]


class _Constrained(BaseModel):
    count: Annotated[int, Field(ge=0)] = 0
    names: list[Annotated[str, Field(max_length=5)]] = []


@pytest.mark.parametrize("model", [_Validated, _Aliased, _Strict, _Serialized, _Transformed, _Checked, _Nested])
def test_a_model_that_does_more_than_copy_fields_has_no_shape(model: type[BaseModel]) -> None:
    assert shape_of(model) is None


def test_constraints_and_schema_notes_do_not_stop_a_shape() -> None:
    row = {"count": 3, "names": ["a", "b"]}
    assert _shaped(_Constrained, row) == _pydantic(_Constrained, row)
    assert shape_of(m.EventPublic) is not None  # its type has a check and a schema note


def test_driver_values_are_written_as_the_typed_layer_has_them() -> None:
    """Rows come straight from the driver: its dates, times and points are made plain on writing."""
    row = {
        "id": ARTICLE, "loaded_at": neo4j.time.DateTime(2025, 3, 19, 8, 30, 1, 250_000, tzinfo=dt.UTC),
        "facts": [{"id": "location:odesa", "label": "Location",
                   "properties": {"since": neo4j.time.Date(2022, 2, 24),
                                  "point": neo4j.spatial.WGS84Point((30.72, 46.48))},
                   "evidence": [STORED]}],
    }
    assert _shaped(m.ArticlePublic, row) == _pydantic(m.ArticlePublic, plain(row))
    written = json.loads(_shaped(m.ArticlePublic, row))
    assert written["facts"][0]["properties"] == {"since": "2022-02-24",
                                                 "point": {"srid": 4326, "coordinates": [30.72, 46.48]}}

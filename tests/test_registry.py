"""The schema registry: it checks itself, the design notes show it, and a new label declared in it
reaches the database, the validation, /stats, the /events timeline and its enum with no other edit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import neo4j
import pytest

from conflictkg.graph import registry as r
from conflictkg.graph.schema import compare_schema
from conflictkg.settings import Settings
from tests.conftest import neo4j_env

ROOT = Path(__file__).parent.parent


def test_design_notes_show_the_current_registry() -> None:
    design = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    start, end = "<!-- registry:start -->\n", "<!-- registry:end -->"
    shown = design[design.index(start) + len(start) : design.index(end)].strip()
    assert shown == r.markdown().strip(), (
        "docs/design.md shows an old model: paste the output of `python -m conflictkg.graph.registry` "
        "between the registry markers")


def test_the_registry_refuses_contradictions() -> None:
    actor = r.REGISTRY.node("Actor")
    with pytest.raises(ValueError, match="declared twice"):
        r._check((*r.NODES, actor), r.RELATIONSHIPS)
    bad = r.RelSpec("LIKES", (("Actor", "Unicorn"),), "?")
    with pytest.raises(ValueError, match="unknown label"):
        r._check(r.NODES, (*r.RELATIONSHIPS, bad))
    undated = r.NodeSpec("Rally", "rally", "?", "?", (r.Prop("name", "string", "?"),), event=True)
    with pytest.raises(ValueError, match="date properties"):
        r._check((*r.NODES, undated), r.RELATIONSHIPS)
    with pytest.raises(KeyError, match="unknown label 'Unicorn'"):
        r.REGISTRY.node("Unicorn")


def test_derived_views() -> None:
    assert r.REGISTRY.event_types == ("attack", "agreement", "accusation", "meeting", "proposal", "statement",
                                      "demonstration", "development")
    assert r.REGISTRY.place_types == ("TARGETED", "HELD_AT")
    assert "REPORTED_IN" not in r.REGISTRY.fact_types
    assert r.REGISTRY.allows("Actor", "PERPETRATED", "Attack")
    assert not r.REGISTRY.allows("Attack", "PERPETRATED", "Actor")


# A label declared in a subprocess, as a contributor would add it to graph/registry.py: nothing
# else is edited, and the schema, validation, writer, stats and timeline take it up.
_NEW_LABEL = r'''
import json, sys
from dataclasses import replace
from conflictkg.graph import registry as r

r.REGISTRY.nodes["Protest"] = r.NodeSpec(
    "Protest", "protest", "hash of place and date", "A demonstration.",
    (r.Prop("size", "integer", "People taking part."), *r._DATE),
    r._event_indexes("Protest"), event=True, category="protests", plover="PROTEST")
held = r.REGISTRY.relationships["HELD_AT"]
r.REGISTRY.relationships["HELD_AT"] = replace(held, patterns=(*held.patterns, ("Protest", "Location")))
r.REGISTRY.relationships["ATTENDED"] = replace(
    r.REGISTRY.relationships["ATTENDED"], patterns=(("Actor", "Meeting"), ("Actor", "Protest")))

from fastapi.testclient import TestClient
from conflictkg.api.main import create_app
from conflictkg.errors import DocumentError
from conflictkg.evaluation.scoring import CATEGORIES
from conflictkg.graph.connection import create_driver
from conflictkg.graph.schema import apply_schema, compare_schema
from conflictkg.graph.writer import write_document
from conflictkg.settings import Settings
from tests.conftest import neo4j_env

text = "Thousands protested in Kherson on 3 May 2025."
ev = [{"sentence": 0, "start": 0, "end": len(text), "quote": text}]
doc = {"article": {"id": "sha256:" + "ab" * 32, "language": "en", "published": "2025-05-03"},
       "nodes": [
         {"id": "protest:1", "label": "Protest", "properties": {"size": 3000, "date": "2025-05-03"},
          "evidence": ev},
         {"id": "location:kherson", "label": "Location", "properties": {"name": "Kherson", "kind": "city"},
          "evidence": ev},
         {"id": "actor:ukraine", "label": "Actor", "properties": {"name": "Ukraine", "kind": "country"},
          "evidence": ev}],
       "relationships": [
         {"type": "HELD_AT", "start": "protest:1", "end": "location:kherson", "evidence": ev},
         {"type": "LOCATED_IN", "start": "location:kherson", "end": "actor:ukraine"}]}
settings = Settings()
driver = create_driver(settings)
apply_schema(driver)
out = {"schema_matches": compare_schema(driver).matches, "categories": list(CATEGORIES)}
bad = json.loads(json.dumps(doc))
bad["relationships"].append({"type": "TARGETED", "start": "protest:1", "end": "location:kherson", "evidence": ev})
try:
    write_document(driver, bad)
except DocumentError as exc:
    out["refused"] = str(exc)
out["written"] = write_document(driver, doc).status
with TestClient(create_app(settings)) as client:
    out["stats"] = client.get("/stats").json()["labels"].get("Protest")
    events = client.get("/events", params={"type": "protest", "location": "ukraine"}).json()
    out["events"] = [(e["type"], [p["id"] for p in e["places"]]) for e in events["items"]]
    enum = client.get("/openapi.json").json()["components"]["schemas"]["EventPublic"]["properties"]["type"]
    out["enum"] = enum["enum"]
driver.close()
print(json.dumps(out))
'''


@pytest.mark.slow
def test_a_new_label_is_one_registry_entry(db: neo4j.Driver, settings: Settings) -> None:
    env = {**os.environ, **neo4j_env(settings), "CONFLICTKG_API_KEY": "test-key-1234"}
    try:
        run = subprocess.run([sys.executable, "-c", _NEW_LABEL], capture_output=True, text=True, env=env,
                             timeout=300, check=False)
        assert run.returncode == 0, run.stderr[-3000:]
        out = json.loads(run.stdout.strip().splitlines()[-1])
        assert out["schema_matches"] is True  # protest_id and protest_date created, nothing else
        assert "protests" in out["categories"]
        assert "TARGETED joins only (Attack)-[:TARGETED]->(Location)" in out["refused"]
        assert out["written"] == "created"
        assert out["stats"] == 1
        assert out["events"] == [["protest", ["location:kherson"]]]
        assert "protest" in out["enum"]
        names, _, _ = db.execute_query("SHOW INDEXES YIELD name WHERE name STARTS WITH 'protest' RETURN name")
        assert {x["name"] for x in names} == {"protest_id", "protest_date"}
    finally:
        db.execute_query("DROP CONSTRAINT protest_id IF EXISTS")
        db.execute_query("DROP INDEX protest_date IF EXISTS")
    assert compare_schema(db).matches  # this process's registry: back to what it declares

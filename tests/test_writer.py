"""The schema and the writer against a real Neo4j."""

from __future__ import annotations

import threading
from typing import Any

import neo4j
import pytest

from conflictkg.errors import DocumentError
from conflictkg.graph import queries
from conflictkg.graph.registry import REGISTRY
from conflictkg.graph.schema import apply_schema, compare_schema, declared, schema_statements
from conflictkg.graph.writer import write_document
from tests.conftest import counts
from tests.samples import sample_document


def _schema_names(drv: neo4j.Driver) -> set[str]:
    cons, _, _ = drv.execute_query("SHOW CONSTRAINTS YIELD name RETURN name")
    idx, _, _ = drv.execute_query("SHOW INDEXES YIELD name RETURN name")
    return {r["name"] for r in cons} | {r["name"] for r in idx}


def test_schema_is_idempotent(db: neo4j.Driver) -> None:
    before = _schema_names(db)
    assert {"actor_id", "attack_id", "actor_search", "attack_date"} <= before
    assert apply_schema(db) == len(schema_statements())
    apply_schema(db)
    assert _schema_names(db) == before


def test_database_schema_is_the_registrys(db: neo4j.Driver) -> None:
    """SHOW CONSTRAINTS / SHOW INDEXES hold exactly what the registry declares: one unique id per
    label, and each declared index with its kind, label and property."""
    diff = compare_schema(db)
    assert diff.matches, diff
    cons, _, _ = db.execute_query("SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties "
                                  "RETURN name, labelsOrTypes[0] AS label, properties[0] AS prop")
    assert {(r["name"], r["label"], r["prop"]) for r in cons} == {
        (i.name, i.label, "id") for i in declared() if i.kind == "constraint"}
    assert len(cons) == len(REGISTRY.labels)
    idx, _, _ = db.execute_query("SHOW INDEXES YIELD name, type WHERE name = 'actor_search' RETURN type")
    assert idx[0]["type"] == "TEXT"
    # an index the registry does not declare is reported, and a dropped one is missing
    db.execute_query("CREATE INDEX stray_index IF NOT EXISTS FOR (n:Actor) ON (n.role)")
    db.execute_query("DROP INDEX attack_method")
    try:
        diff = compare_schema(db)
        assert [i.name for i in diff.unexpected] == ["stray_index"]
        assert [i.name for i in diff.missing] == ["attack_method"]
    finally:
        db.execute_query("DROP INDEX stray_index IF EXISTS")
        apply_schema(db)
    assert compare_schema(db).matches


def test_writing_twice_changes_nothing(db: neo4j.Driver) -> None:
    doc = sample_document()
    first = write_document(db, doc)
    assert first.nodes_created == 4  # three facts and the article
    after_first = counts(db)
    second = write_document(db, doc)
    assert counts(db) == after_first
    assert second.nodes_created == 0 and second.relationships_created == 0
    assert not second.changed


def test_evidence_becomes_reported_in_edges(db: neo4j.Driver) -> None:
    write_document(db, sample_document())
    rows, _, _ = db.execute_query(
        "MATCH (n)-[r:REPORTED_IN]->(a:Article) RETURN labels(n)[0] AS label, r.quote AS quote ORDER BY label"
    )
    assert [r["label"] for r in rows] == ["Actor", "Attack", "Location"]
    rels, _, _ = db.execute_query("MATCH ()-[r:PERPETRATED]->() RETURN r.evidence AS ev")
    assert '"article": "sha256:' in rels[0]["ev"][0]


def test_aliases_merge_across_articles(db: neo4j.Driver) -> None:
    write_document(db, sample_document("Russia attacked Kherson.", aliases=["Rusland"]))
    write_document(db, sample_document("Moscow shelled Kherson again.", aliases=["Moskou", "Rusland"]))
    rows, _, _ = db.execute_query(
        "MATCH (a:Actor {id: 'actor:russia'}) RETURN a.aliases AS aliases, a.search AS search"
    )
    assert len(rows) == 1
    assert sorted(rows[0]["aliases"]) == ["Moskou", "Rusland"]
    assert "|moskou|" in rows[0]["search"] and "|russia|" in rows[0]["search"]
    actors, _, _ = db.execute_query("MATCH (a:Actor) RETURN count(a) AS n")
    assert actors[0]["n"] == 1


def test_invalid_document_writes_nothing(db: neo4j.Driver) -> None:
    doc = sample_document()
    doc["relationships"].append({"type": "PERPETRATED", "start": "actor:nobody", "end": doc["nodes"][2]["id"]})
    with pytest.raises(DocumentError, match="actor:nobody"):
        write_document(db, doc)
    bad_label = sample_document()
    bad_label["nodes"][0]["label"] = "Actor) DETACH DELETE (n"
    with pytest.raises(DocumentError, match="label"):
        write_document(db, bad_label)
    bad_date = sample_document()
    bad_date["nodes"][2]["properties"]["date"] = "2025-13"
    with pytest.raises(DocumentError, match="2025-13"):
        write_document(db, bad_date)
    assert counts(db) == (0, 0)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # a relationship type between labels the registry does not join, in either direction
        (lambda d: d["relationships"].append({"type": "PERPETRATED", "start": d["nodes"][2]["id"],
                                              "end": d["nodes"][0]["id"]}),
         r"\(Attack attack:\w+\)-\[:PERPETRATED\]->\(Actor actor:russia\) is not in the schema; "
         r"PERPETRATED joins only \(Actor\)-\[:PERPETRATED\]->\(Attack\)"),
        (lambda d: d["relationships"].append({"type": "HELD_AT", "start": d["nodes"][2]["id"],
                                              "end": d["nodes"][1]["id"]}),
         "HELD_AT joins only"),
        (lambda d: d["relationships"].append({"type": "REPORTED_IN", "start": d["nodes"][0]["id"],
                                              "end": d["nodes"][1]["id"]}),
         "made by the writer"),
        (lambda d: d["nodes"][2]["properties"].update(casualties=3), "'casualties' is not declared for Attack"),
        (lambda d: d["nodes"][2]["properties"].update(killed="three"), "'killed' must be integer"),
        (lambda d: d["nodes"][2]["properties"].update(date_start="2025-03-01"), "is set by the writer"),
        (lambda d: d["nodes"][0].update(id="location:russia"), "ids of label Actor start with actor:"),
        (lambda d: d["relationships"][0].update(properties={"role": "x"}), "'role' is not declared for PERPETRATED"),
        (lambda d: d["nodes"][1]["properties"].update(lat=46.6), "'lat' without 'lon'"),
        (lambda d: d["nodes"][1]["properties"].update(lat=146.6, lon=32.6), r"lat 146.6 is outside -90\.\.90"),
        (lambda d: d["nodes"][1]["properties"].update(point=[1, 2]), "'point' is set by the writer"),
        # values are checked by the type the registry declares, not by the JSON schema's union
        (lambda d: d["nodes"][1]["properties"].update(name={"en": "Kherson"}), "'name' must be string, got"),
        (lambda d: d["nodes"][0]["properties"].update(aliases=["Rusland", 3]), "'aliases' must be string list"),
        (lambda d: d["nodes"][0].update(properties=["name"]), "properties"),
    ],
)
def test_documents_are_checked_against_the_registry(db: neo4j.Driver, change: Any, message: str) -> None:
    doc = sample_document()
    change(doc)
    with pytest.raises(DocumentError, match=message):
        write_document(db, doc)
    assert counts(db) == (0, 0)


def test_failure_mid_transaction_rolls_back(db: neo4j.Driver, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nodes are written before relationships; a failing relationship query undoes them all."""
    real = queries.query

    def broken(name: str) -> queries.NamedQuery:
        q = real(name)
        if name == "upsert_relationships":
            return q.model_copy(update={"text": q.text + "\nRETURN 1 / 0 AS boom"})
        return q

    monkeypatch.setattr("conflictkg.graph.writer.query", broken)
    with pytest.raises(neo4j.exceptions.Neo4jError):
        write_document(db, sample_document())
    assert counts(db) == (0, 0)


def test_concurrent_writers_create_no_duplicates(db: neo4j.Driver) -> None:
    docs = [sample_document(f"Russia attacked Kherson, report {i}.", extra_actor="Ukraine") for i in range(12)]
    errors: list[BaseException] = []

    def run(chunk: list[dict]) -> None:
        try:
            for d in chunk:
                write_document(db, d)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(docs[i::4],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    rows, _, _ = db.execute_query("MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n ORDER BY label")
    by_label = {r["label"]: r["n"] for r in rows}
    # twelve reports of one shelling of Kherson in March by Russia: one attack (resolution), whose
    # blocks (February-March and the year) the writers locked
    assert by_label == {"Actor": 2, "Article": 12, "Attack": 1, "Location": 1, "GraphState": 1, "ResolutionBlock": 3}
    dup, _, _ = db.execute_query(
        "MATCH (a)-[r]->(b) WITH a, b, type(r) AS t, count(r) AS n WHERE n > 1 RETURN count(*) AS dups"
    )
    assert dup[0]["dups"] == 0


def test_coordinates_become_a_point_the_point_index_finds(db: neo4j.Driver) -> None:
    doc = sample_document()
    doc["nodes"][1]["properties"].update(lat=46.6354, lon=32.6169, country_code="UA", geonames_id=706448)
    write_document(db, doc)
    records, _, _ = db.execute_query(
        "MATCH (l:Location) WHERE point.distance(l.point, point({latitude: 46.65, longitude: 32.6})) < 5000 "
        "RETURN l.id AS id, l.point.latitude AS lat, l.point.longitude AS lon, l.geonames_id AS gid"
    )
    found = [(r["id"], r["lat"], r["lon"], r["gid"]) for r in records]
    assert found == [("location:kherson", 46.6354, 32.6169, 706448)]
    far, _, _ = db.execute_query(
        "MATCH (l:Location) WHERE point.distance(l.point, point({latitude: 50.45, longitude: 30.52})) < 5000 RETURN l"
    )
    assert far == []

"""`conflictkg import acled` on a real Neo4j: the codebook's columns, one event per row with counts
per event_type round-tripping, actors with the extractor's ids, places and their hierarchy,
provenance, idempotent re-import, newer exports, bad rows with their line numbers, gzip."""

from __future__ import annotations

import csv
import gzip
import importlib.util
import json
import shutil
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import neo4j
import pytest
from typer.testing import CliRunner

from conflictkg.cli import app
from conflictkg.errors import InputError
from conflictkg.graph.model import GraphDocument
from conflictkg.graph.registry import REGISTRY
from conflictkg.imports import codebook
from conflictkg.imports.acled import import_acled
from conflictkg.imports.mapping import RowMapper
from conflictkg.settings import Settings
from tests.conftest import counts

ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "tests" / "data" / "acled_sample.csv"
runner = CliRunner()

# The codebook's columns in export order, as ACLED's documentation lists them.
CODEBOOK = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]


def _synthetic() -> ModuleType:
    spec = importlib.util.spec_from_file_location("acled_synthetic", ROOT / "bench" / "acled_synthetic.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _one(db: neo4j.Driver, cypher: str, **params: object) -> list[dict[str, object]]:
    records, _, _ = db.execute_query(cypher, params)
    return [r.data() for r in records]


def _sample_rows() -> list[dict[str, str]]:
    with SAMPLE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# -- the codebook ----------------------------------------------------------------------------------

def test_columns_are_the_codebooks() -> None:
    assert list(codebook.NAMES) == CODEBOOK
    assert list(_synthetic().COLUMNS) == CODEBOOK
    with SAMPLE.open(encoding="utf-8") as f:
        assert next(csv.reader(f)) == CODEBOOK
    assert set(codebook.REQUIRED) <= set(CODEBOOK)
    assert codebook.check_header(CODEBOOK)["timestamp"] == 30
    # the order does not matter, nor an extra column; a missing required one is named
    assert codebook.check_header(["iso3", *reversed(CODEBOOK)])["event_id_cnty"] == 31
    with pytest.raises(InputError, match="missing column\\(s\\) latitude, timestamp"):
        codebook.check_header([c for c in CODEBOOK if c not in ("latitude", "timestamp")])
    # optional columns of older exports may be absent
    codebook.check_header([c for c in CODEBOOK if c not in ("tags", "civilian_targeting", "disorder_type")])


def test_mapped_rows_are_valid_graph_documents() -> None:
    """What the importer writes obeys the registry: each good row as a GraphDocument validates."""
    mapper = RowMapper()
    for i, row in enumerate(_sample_rows()[:13], start=2):
        g = mapper.map(row, i)
        props = {k: v for k, v in g.properties.items() if k not in ("id", "date_start", "date_end",
                                                                   "date_precision")}
        nodes = {g.id: {"id": g.id, "label": g.label, "properties": props}}
        for a in g.actors:
            nodes.setdefault(a.id, {"id": a.id, "label": "Actor", "properties": {**a.properties(),
                                                                                   "aliases": a.aliases}})
        for p in g.places:
            nodes.setdefault(p.id, {"id": p.id, "label": "Location", "properties": {
                "name": p.name, "kind": p.kind, "lat": p.lat, "lon": p.lon, "country_code": p.country_code,
                "admin1": p.admin1, "admin2": p.admin2}})
        rels = [{"type": t, "start": s, "end": e, "properties": props}
                for (_, t, _), s, e, props in g.links + g.context if t != "RECORDED_IN"]
        GraphDocument.model_validate({"article": {"id": "sha256:" + "0" * 64, "language": "en"},
                                      "nodes": list(nodes.values()), "relationships": rels})
        (shape, _, end, prov), = [x for x in g.links if x[0][1] == "RECORDED_IN"]
        assert REGISTRY.allows(*shape) and end == "dataset:acled"
        assert set(prov) <= {p.name for p in REGISTRY.relationship("RECORDED_IN").properties}


# -- the import --------------------------------------------------------------------------------------

def test_sample_import(db: neo4j.Driver, cli_env: object) -> None:
    result = runner.invoke(app, ["import", "acled", str(SAMPLE), "--json"])
    assert result.exit_code == 1, result.output  # the sample has bad rows
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert (summary["rows"], summary["created"], summary["updated"], summary["unchanged"], summary["bad"]) == (
        17, 13, 0, 0, 4)

    # bad rows: their line numbers (a row with a two-line note before them shifts them by one)
    assert [(b["line"], b["id"]) for b in summary["bad_rows"]] == [
        (16, None), (17, "UKR160007"), (18, "UKR160008"), (19, "UKR160009")]
    errors = [b["error"] for b in summary["bad_rows"]]
    assert "event_id_cnty is missing" in errors[0]
    assert "latitude 150.2905 is outside" in errors[1]
    assert "fatalities 'two' is not an integer" in errors[2]
    assert "event_date '2024-02-31' is not a date" in errors[3]
    assert not _one(db, "MATCH (e) WHERE e.acled_id IN ['UKR160007', 'UKR160008', 'UKR160009'] RETURN e")

    # every good row is one event, and the counts per event_type round-trip
    good = [r for r in _sample_rows() if r["event_id_cnty"] in {
        "UKR160001", "UKR160002", "RUS70001", "DRC35001", "SUD28001", "PSE61001", "LBN9001", "UKR160003",
        "KEN12001", "UKR160004", "SUD28002", "UKR160005", "UKR160006"}]
    expected = Counter(r["event_type"] for r in good)
    stored = _one(db, "MATCH (e)-[:RECORDED_IN]->(:Dataset {id: 'dataset:acled'}) "
                      "RETURN e.acled_event_type AS type, count(*) AS n")
    assert {r["type"]: r["n"] for r in stored} == expected == summary["by_event_type"]
    labels = _one(db, "MATCH (e)-[:RECORDED_IN]->(:Dataset) RETURN labels(e)[0] AS label, count(*) AS n")
    assert {r["label"]: r["n"] for r in labels} == {"Attack": 8, "Demonstration": 2, "Agreement": 1,
                                                    "Development": 2}
    assert _one(db, "MATCH (e) WHERE e.acled_id IS NOT NULL RETURN sum(e.killed) AS k")[0]["k"] == sum(
        int(r["fatalities"]) for r in good)

    # Russia's forces are Russia, as the extractor names "Russian troops"; civilians are not Ukraine
    shelling = _one(db, """
        MATCH (a:Attack {id: 'attack:acled-ukr160001'})
        RETURN a.method AS method, a.killed AS killed, a.date AS date, a.date_precision AS precision,
               a.civilian_targeting AS civ, a.notes AS notes, a.acled_sub_event_type AS sub,
               [(p)-[:PERPETRATED]->(a) | p.id] AS perpetrators,
               [(a)-[:TARGETED]->(t) | t.id] AS targets""")[0]
    assert shelling["perpetrators"] == ["actor:russia"]
    assert sorted(shelling["targets"]) == ["actor:civilians-ukraine", "location:kherson"]
    assert (shelling["method"], shelling["killed"], shelling["date"], shelling["precision"], shelling["civ"]) == (
        "shelling", 2, "2024-03-15", "day", True)
    assert shelling["notes"].startswith("On 15 March 2024, Russian forces shelled Kherson")
    russia = _one(db, "MATCH (a:Actor {id: 'actor:russia'}) RETURN a.kind AS kind, a.country_code AS cc, "
                      "a.aliases AS aliases")[0]
    assert russia["kind"] == "country" and russia["cc"] == "RU"
    assert "Military Forces of Russia (2000-)" in russia["aliases"]
    assert "Government of Russia (2000-)" in russia["aliases"]
    civilians = _one(db, "MATCH (a:Actor {id: 'actor:civilians-ukraine'}) RETURN a.kind AS kind, a.name AS name, "
                         "a.aliases AS aliases, EXISTS { (a)-[:AFFILIATED_WITH]->() } AS affiliated")[0]
    assert civilians == {"kind": "civilians", "name": "Civilians (Ukraine)", "aliases": ["Civilians (Ukraine)"],
                         "affiliated": False}

    # a rebel group, an organization from the gazetteer, the police as a body of the state
    clash = _one(db, "MATCH (a:Attack {id: 'attack:acled-drc35001'}) RETURN a.method AS method, "
                     "[(p)-[:PERPETRATED]->(a) | p.id] AS by, [(a)-[:TARGETED]->(t:Actor) | t.id] AS against")[0]
    assert clash["method"] == "ground_assault" and clash["by"] == ["actor:m23"]
    assert sorted(clash["against"]) == ["actor:democratic-republic-of-the-congo", "actor:wazalendo-militia"]
    m23 = _one(db, "MATCH (a:Actor {id: 'actor:m23'}) RETURN a.kind AS kind, a.aliases AS aliases")[0]
    # the lexicon knows M23 (its own names stay), and ACLED's name is added to them
    assert m23["kind"] == "armed_group" and "M23: March 23 Movement" in m23["aliases"]
    assert _one(db, "MATCH (:Actor {id: 'actor:rapid-support-forces'})-[:PERPETRATED]->(a:Attack) "
                    "RETURN a.acled_id AS id") == [{"id": "SUD28001"}]
    hamas = _one(db, "MATCH (a:Attack {id: 'attack:acled-pse61001'})-[:TARGETED]->(h:Actor {id: 'actor:hamas'}) "
                     "RETURN h.kind AS kind, h.aliases AS aliases, a.date AS date, a.date_precision AS p")
    assert hamas == [{"kind": "armed_group", "aliases": ["Hamas Movement"], "date": "2024-01", "p": "month"}]
    assert _one(db, "MATCH (:Actor {id: 'actor:hezbollah'})-[:PERPETRATED]->(a) RETURN a.method AS m") == [
        {"m": "missile"}]
    police = _one(db, "MATCH (p:Actor {id: 'actor:police-forces-of-kenya'})-[r:AFFILIATED_WITH]->(c:Actor) "
                      "RETURN p.kind AS kind, r.role AS role, c.id AS country")
    assert police == [{"kind": "government_body", "role": "police", "country": "actor:kenya"}]
    assert _one(db, "MATCH (a:Attack {id: 'attack:acled-rus70001'}) RETURN a.method AS m, a.date AS d") == [
        {"m": "drone", "d": "2024-03-16"}]
    week = _one(db, "MATCH (a:Attack {id: 'attack:acled-ukr160002'}) RETURN a.date AS d, a.date_precision AS p, "
                    "toString(a.date_start) AS s, toString(a.date_end) AS e")
    assert week == [{"d": "2024-W11", "p": "week", "s": "2024-03-11", "e": "2024-03-17"}]

    # the other labels: Agreement, Demonstration (protests and riots), Development
    agreement = _one(db, "MATCH (g:Agreement {id: 'agreement:acled-ukr160004'}) RETURN g.status AS status, "
                         "[(p)-[:PARTY_TO]->(g) | p.id] AS parties, [(g)-[:HELD_AT]->(l) | l.id] AS at")[0]
    assert sorted(agreement["parties"]) == ["actor:russia", "actor:ukraine"]
    assert agreement["status"] == "agreed" and agreement["at"] == ["location:sumy"]
    protest = _one(db, "MATCH (d:Demonstration {id: 'demonstration:acled-ukr160003'}) RETURN d.tags AS tags, "
                       "d.acled_event_type AS type, [(p)-[:INVOLVED]->(d) | p.id] AS who")[0]
    assert protest["type"] == "Protests" and protest["tags"] == ["crowd size=around 300"]
    assert sorted(protest["who"]) == ["actor:protesters-ukraine", "actor:women-ukraine"]
    riot = _one(db, "MATCH (d:Demonstration {id: 'demonstration:acled-ken12001'}) RETURN d.acled_event_type AS t, "
                    "d.killed AS k")
    assert riot == [{"t": "Riots", "k": 1}]
    arrests = _one(db, "MATCH (d:Development {id: 'development:acled-ukr160005'}) RETURN d.notes AS notes, "
                       "[(p)-[:INVOLVED]->(d) | p.id] AS who")[0]
    assert arrests["who"] == ["actor:police-forces-of-ukraine"]
    assert "targets\nfor Russian missile strikes" in arrests["notes"]  # the two-line note, whole

    # places: coordinates, country code, admin regions, and the hierarchy to the country Actor
    kherson = _one(db, "MATCH (l:Location {id: 'location:kherson'}) RETURN l.lat AS lat, l.lon AS lon, "
                       "l.country_code AS cc, l.admin1 AS a1, l.admin2 AS a2, l.point.latitude AS plat, "
                       "[(l)-[:LOCATED_IN]->(r)-[:LOCATED_IN]->(c) | [r.id, c.id]] AS up")[0]
    assert (kherson["lat"], kherson["lon"], kherson["cc"], kherson["a1"], kherson["a2"]) == (
        46.6354, 32.6169, "UA", "Kherson", "Khersonskyi")
    assert kherson["plat"] == pytest.approx(46.6354)
    assert kherson["up"] == [["location:kherson-oblast", "actor:ukraine"]]
    village = _one(db, "MATCH (l:Location {id: 'location:novoselivka-donetsk'})-[:LOCATED_IN]->(r)"
                       "-[:LOCATED_IN]->(c:Actor) RETURN l.name AS name, r.id AS region, c.id AS country")
    assert village == [{"name": "Novoselivka", "region": "location:donetsk-oblast", "country": "actor:ukraine"}]
    geneina = _one(db, "MATCH (l:Location {id: 'location:el-geneina-west-darfur'})-[:LOCATED_IN]->(r)"
                       "-[:LOCATED_IN]->(c:Actor) RETURN r.id AS region, r.name AS name, c.id AS country")
    assert geneina == [{"region": "location:west-darfur-sudan", "name": "West Darfur", "country": "actor:sudan"}]
    assert _one(db, "MATCH (l:Location {id: 'location:sake-nord-kivu'})-[:LOCATED_IN*2]->(c:Actor) "
                    "RETURN c.id AS c, l.lat AS lat") == [
        {"c": "actor:democratic-republic-of-the-congo", "lat": -1.5736}]
    # the API's "in a place" filter finds the imported attacks in Ukraine
    in_ukraine = _one(db, "MATCH (a:Attack)-[:TARGETED]->()-[:LOCATED_IN*0..4]->(:Actor {id: 'actor:ukraine'}) "
                          "RETURN count(DISTINCT a) AS n")
    assert in_ukraine == [{"n": 3}]

    # provenance: the dataset, and per event its row id, sources and their scale
    provenance = _one(db, "MATCH (:Attack {id: 'attack:acled-ukr160001'})-[r:RECORDED_IN]->(d:Dataset) "
                          "RETURN d.id AS d, d.name AS name, d.file AS file, d.importer AS importer, d.rows AS rows, "
                          "r.row AS row, r.source AS source, r.source_scale AS scale")
    assert provenance == [{"d": "dataset:acled", "name": "ACLED", "file": "acled_sample.csv",
                           "importer": provenance[0]["importer"], "rows": 13, "row": "UKR160001",
                           "source": "Suspilne Media; Ukrinform", "scale": "National"}]
    assert str(provenance[0]["importer"]).startswith("conflictkg-acled ")
    assert not _one(db, "MATCH (e)-[:REPORTED_IN]->() WHERE e.acled_id IS NOT NULL RETURN e")

    # re-importing the same file changes nothing
    before = counts(db)
    again = runner.invoke(app, ["import", "acled", str(SAMPLE)])
    assert again.exit_code == 1
    assert counts(db) == before
    assert "unchanged" in again.stdout and "13" in again.stdout


def _write_rows(path: Path, rows: list[dict[str, str]]) -> Path:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8", newline="") as f:  # type: ignore[operator]
        w = csv.DictWriter(f, fieldnames=CODEBOOK, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return path


def test_two_imports_of_one_file_at_once_write_each_row_once(db: neo4j.Driver, settings: Settings,
                                                             tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from conflictkg.graph.connection import create_driver

    export = _synthetic().write(tmp_path / "export.csv.gz", 1200, seed=9)
    import_acled(db, export, batch_size=200)
    alone = counts(db)
    _one(db, "MATCH (n) DETACH DELETE n")
    # two drivers, so the imports really run side by side; the second reads the rows in the
    # opposite order, so the two meet in the middle and each writes part of the rows
    with gzip.open(export, "rt", encoding="utf-8", newline="") as f:
        backwards = _write_rows(tmp_path / "backwards.csv", list(csv.DictReader(f))[::-1])
    other = create_driver(settings)
    mappers = RowMapper(), RowMapper()
    try:
        with ThreadPoolExecutor(2) as pool:
            first = pool.submit(import_acled, db, export, batch_size=100, mapper=mappers[0])
            second = pool.submit(import_acled, other, backwards, batch_size=100, mapper=mappers[1])
            a, b = first.result(), second.result()
    finally:
        other.close()
    assert a.created + b.created == 1200 and a.created > 0 and b.created > 0, (a, b)
    assert a.unchanged + b.unchanged == 1200
    assert counts(db) == alone
    doubled = _one(db, "MATCH (e)-[r]->(x) WITH e, type(r) AS t, x, count(r) AS n WHERE n > 1 RETURN count(*) AS n")
    assert doubled == [{"n": 0}]


def test_a_newer_export_updates_the_rows_whose_timestamp_changed(db: neo4j.Driver, tmp_path: Path) -> None:
    rows = _sample_rows()[:13]
    first = import_acled(db, _write_rows(tmp_path / "old.csv", rows), batch_size=4)
    assert (first.created, first.updated, first.unchanged, first.bad) == (13, 0, 0, 0)
    before = counts(db)
    newer = [dict(r) for r in rows]
    newer[0].update(timestamp="1712000000", fatalities="3", notes="Corrected: three killed.")
    # recoded from a clash to a looting event: another label, still one node for the row
    newer[1].update(timestamp="1712000001", event_type="Strategic developments",
                    sub_event_type="Looting/property destruction", actor2="")
    newer[4].update(notes="changed, but the timestamp did not: ACLED did not revise it")
    second = import_acled(db, _write_rows(tmp_path / "new.csv.gz", newer), batch_size=5)
    assert (second.created, second.updated, second.unchanged, second.bad) == (0, 2, 11, 0)
    shelling = _one(db, "MATCH (a:Attack {id: 'attack:acled-ukr160001'}) RETURN a.killed AS k, a.notes AS n, "
                        "a.acled_timestamp AS ts, [(a)-[r]-() | type(r)] AS rels")[0]
    assert (shelling["k"], shelling["n"], shelling["ts"]) == (3, "Corrected: three killed.", 1712000000)
    assert sorted(shelling["rels"]) == ["PERPETRATED", "RECORDED_IN", "TARGETED", "TARGETED"]
    moved = _one(db, "MATCH (e {acled_id: 'UKR160002'}) RETURN labels(e) AS labels, e.id AS id, "
                     "[(x)-[r]-(e) | type(r)] AS rels")
    assert moved == [{"labels": ["Development"], "id": "development:acled-ukr160002",
                      "rels": moved[0]["rels"]}]
    assert sorted(moved[0]["rels"]) == ["HELD_AT", "INVOLVED", "RECORDED_IN"]
    assert counts(db)[0] == before[0]  # same nodes: the moved row is still one
    third = import_acled(db, tmp_path / "new.csv.gz")
    assert (third.created, third.updated, third.unchanged) == (0, 0, 13)


def test_header_without_required_columns_writes_nothing(db: neo4j.Driver, tmp_path: Path,
                                                       cli_env: object) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    broken = tmp_path / "broken.csv"
    broken.write_text(text.replace("latitude,longitude", "lat,lon", 1), encoding="utf-8")
    result = runner.invoke(app, ["import", "acled", str(broken)])
    assert result.exit_code == 1
    assert "missing column(s) latitude, longitude" in result.output
    assert counts(db) == (0, 0)


def test_gzip_export_from_the_generator(db: neo4j.Driver, tmp_path: Path, cli_env: object) -> None:
    synthetic = _synthetic()
    path = synthetic.write(tmp_path / "export.csv.gz", 1500, seed=3)
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 1500 and list(rows[0]) == CODEBOOK
    result = runner.invoke(app, ["import", "acled", str(path), "--batch", "400", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert (summary["rows"], summary["created"], summary["bad"]) == (1500, 1500, 0)
    stored = _one(db, "MATCH (e)-[:RECORDED_IN]->(:Dataset) RETURN e.acled_event_type AS t, count(*) AS n")
    assert {r["t"]: r["n"] for r in stored} == Counter(r["event_type"] for r in rows)
    assert set(Counter(r["event_type"] for r in rows)) == set(codebook.EVENT_TYPES)
    # coordinates lie in the row's country: every place's country code is its row's
    wrong = _one(db, "MATCH (e)-[:TARGETED|HELD_AT]->(l:Location) WHERE e.acled_id IS NOT NULL "
                     "AND NOT (l)-[:LOCATED_IN*1..2]->(:Actor {country_code: l.country_code}) RETURN l.id AS id")
    assert wrong == []
    # a newer export of the same data: exactly the bumped rows are updated
    newer = synthetic.write(tmp_path / "export-newer.csv.gz", 1500, seed=3, bump=37)
    shutil.copy(newer, tmp_path / "copy.csv.gz")
    summary2 = import_acled(db, tmp_path / "copy.csv.gz", batch_size=500)
    assert (summary2.created, summary2.updated, summary2.unchanged) == (0, 37, 1463)


def test_imported_events_through_the_api(db: neo4j.Driver, settings: Settings) -> None:
    from fastapi.testclient import TestClient

    from conflictkg.api.main import create_app
    from tests.api_support import api_settings

    import_acled(db, SAMPLE)
    with TestClient(create_app(api_settings(settings))) as client:
        attacks = client.get("/attacks", params={"perpetrator": "russia", "location": "ukraine"}).json()
        assert sorted(a["id"] for a in attacks["items"]) == [
            "attack:acled-ukr160001", "attack:acled-ukr160002", "attack:acled-ukr160006"]
        shelling = next(a for a in attacks["items"] if a["id"] == "attack:acled-ukr160001")
        assert shelling["acled_sub_event_type"] == "Shelling/artillery/missile attack"
        assert shelling["evidence"] == [] and shelling["perpetrators"][0]["evidence"] == []
        protests = client.get("/events", params={"type": "demonstration", "location": "ukraine"}).json()
        assert [(e["id"], e["title"], [p["id"] for p in e["places"]]) for e in protests["items"]] == [
            ("demonstration:acled-ukr160003", "Peaceful protest", ["location:kyiv"])]
        developments = client.get("/events", params={"type": "development"}).json()
        assert {e["title"] for e in developments["items"]} == {"Arrests", "Looting/property destruction"}
        stats = client.get("/stats").json()["labels"]
        assert (stats["Demonstration"], stats["Development"], stats["Dataset"]) == (2, 2, 1)


def test_time_precision_gives_the_writers_partial_dates() -> None:
    from datetime import date, timedelta

    from conflictkg.graph.dates import PartialDate
    from conflictkg.imports.mapping import partial_date

    day = date(2023, 12, 25)
    for _ in range(400):
        for precision in (1, 2, 3):
            text, first, last, kept = partial_date(day, precision)
            pd = PartialDate.parse(text)
            assert (pd.start, pd.end, pd.precision.value) == (first, last, kept)
            assert first <= day <= last
        day += timedelta(days=1)


def _without_import_time(graph: tuple[dict[str, str], list[str]]) -> tuple[dict[str, str], list[str]]:
    """A snapshot with the dataset's import time (the one property two imports cannot share) removed."""
    nodes, rels = graph
    labels, props = json.loads(nodes[DATASET])
    props.pop("imported_at", None)
    return {**nodes, DATASET: json.dumps([labels, props], sort_keys=True)}, rels


DATASET = "dataset:acled"


@pytest.mark.slow
@pytest.mark.timeout(1200)  # two imports and a server stopped and started again
def test_bulk_import_equals_the_transactional_one_and_refuses_a_non_empty_database(
    db: neo4j.Driver, cli_env: object, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from conflictkg.graph.connection import create_driver
    from conflictkg.localdb import LocalServer
    from conflictkg.settings import get_settings
    from tests.neo4j_server import TEST_PASSWORD, running_local_server
    from tests.test_load_corpus import snapshot

    # the generator's rows (every event type) and the sample's (bad rows, a two-line note, assoc actors)
    export = _synthetic().write(tmp_path / "export.csv.gz", 600, seed=5)
    with gzip.open(export, "rt", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    combined = _write_rows(tmp_path / "combined.csv", rows + _sample_rows())
    normal = runner.invoke(app, ["import", "acled", str(combined), "--batch", "300"])
    assert normal.exit_code == 1, normal.output  # the sample's bad rows
    expected = _without_import_time(snapshot(db))

    with running_local_server(tmp_path_factory) as server:
        local = server.settings
        monkeypatch.delenv("NEO4J_URI")
        for key, value in {"CONFLICTKG_DB_DIR": str(local.db_dir), "CONFLICTKG_DB_BOLT_PORT": str(local.db_bolt_port),
                           "CONFLICTKG_DB_HTTP_PORT": str(local.db_http_port), "NEO4J_PASSWORD": TEST_PASSWORD,
                           "CONFLICTKG_DB_HEAP": local.db_heap, "CONFLICTKG_DB_PAGECACHE": local.db_pagecache}.items():
            monkeypatch.setenv(key, value)
        get_settings.cache_clear()
        bulk = runner.invoke(app, ["import", "acled", str(combined), "--bulk", "--json"])
        assert bulk.exit_code == 1, bulk.output  # the same bad rows, listed the same way
        summary = json.loads(bulk.stdout.strip().splitlines()[-1])
        assert (summary["rows"], summary["created"], summary["bad"]) == (600 + 17, 600 + 13, 4)
        assert LocalServer(local).running_pid() is not None  # started again after the import
        with create_driver(local.model_copy(update={"neo4j_uri": server.uri})) as driver:
            imported = _without_import_time(snapshot(driver))
            points, _, _ = driver.execute_query("MATCH (l:Location) WHERE l.lat IS NOT NULL AND l.point IS NULL "
                                                "RETURN count(l) AS n")
            booleans, _, _ = driver.execute_query("MATCH (e:Attack) RETURN DISTINCT e.civilian_targeting AS t")
        assert points[0]["n"] == 0
        assert {r["t"] for r in booleans} == {True, False}  # both values of a boolean column come through
        assert len(imported[0]) > 600 and len(imported[1]) > 1500
        assert imported[0] == expected[0]  # every node, every property, typed
        assert imported[1] == expected[1]  # every relationship and its properties

        again = runner.invoke(app, ["import", "acled", str(combined), "--bulk"])
        assert again.exit_code == 2, again.output
        assert "not empty" in again.output
    get_settings.cache_clear()


def test_bulk_import_refuses_a_remote_database(monkeypatch: pytest.MonkeyPatch) -> None:
    from conflictkg.settings import get_settings

    monkeypatch.setenv("NEO4J_URI", "neo4j://db.example.org:7687")
    get_settings.cache_clear()
    try:
        result = runner.invoke(app, ["import", "acled", str(SAMPLE), "--bulk"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2, result.output
    assert "local server only" in result.output and "NEO4J_URI" in result.output

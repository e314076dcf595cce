"""A writer's resolution cache (graph.resolution_cache): the graph it makes is the one resolving
against the database makes, and it is dropped when another writer comes in between."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import neo4j
import pytest

from conflictkg.graph.ids import article_id
from conflictkg.graph.matching import Profile, search_keys, touches, touching
from conflictkg.graph.resolution_cache import ResolutionCache, _located, _merged_days
from conflictkg.graph.schema import apply_schema
from conflictkg.graph.writer import PreparedDocument, prepare_document, write_new, write_prepared
from conflictkg.loaders.extract import extract_source
from conflictkg.loaders.source import read_article
from tests.conftest import event_graph as graph
from tests.conftest import wipe

CROSSDOC = Path(__file__).parent / "crossdoc"


@pytest.fixture(scope="module")
def prepared() -> list[PreparedDocument]:
    """The cross-article set's real reports, several of the same deals and attacks."""
    out = []
    for path in sorted(CROSSDOC.glob("*.txt")):
        src = read_article(path)
        out.append(prepare_document(extract_source(src), text_length=len(src.text)))
    return out


def load(drv: neo4j.Driver, database: str, docs: list[PreparedDocument], cache: ResolutionCache | None,
         *, foreign: PreparedDocument | None = None) -> None:
    """Batches of four; `foreign`: one more article written in the middle by another writer."""
    wipe(drv, database)
    apply_schema(drv, database)
    half = len(docs) // 2
    for i in range(0, len(docs), 4):
        if foreign is not None and i == half - half % 4:
            write_prepared(drv, [foreign], database=database)  # no cache: another writer
            if cache is not None:
                version = drv.execute_query("MATCH (s:GraphState) RETURN s.version").records[0][0]
                assert cache.version is not None and cache.version < version  # stale now
        write_new(drv, docs[i:i + 4], database=database, cache=cache)


def test_a_load_with_the_cache_makes_the_graph_resolving_against_the_database_makes(
        db: neo4j.Driver, settings: Any, prepared: list[PreparedDocument]) -> None:
    database = settings.neo4j_database
    load(db, database, prepared, None)
    expected = graph(db)
    cache = ResolutionCache()
    load(db, database, prepared, cache)
    assert graph(db) == expected
    merged = [r for r in expected[1] if r[3] and r[3] not in ("new", "same-id")]
    assert len(merged) >= 10  # the set's reports do merge
    # the cache is valid at the graph's version and holds every event that lives in a block
    assert cache.version == db.execute_query("MATCH (s:GraphState) RETURN s.version").records[0][0]
    blocked = {r[1] for r in expected[0] if r[-1]}
    assert blocked and blocked <= set(cache.nodes)


def test_a_batched_load_derives_the_figures_one_article_per_transaction_derives(
        db: neo4j.Driver, settings: Any, prepared: list[PreparedDocument]) -> None:
    """A batch sends what a merged node's claims decide on its last row; one article per
    transaction reads the claims back from the database (`refresh`): the graphs are the same."""
    country, town, _, _ = arcadia()
    tolls = [_doc(f"A drone strike killed {k} people in Eastbrook on 2 May.",
                  [country, town, (f"attack:t{k}", "Attack", {"method": "drone", "date": "2025-05-02", "killed": k,
                                                                 "killed_qualifier": "exact"})],
                  [("LOCATED_IN", town[0], country[0]), ("TARGETED", f"attack:t{k}", town[0])],
                  published=f"2025-05-0{k - 2}") for k in (5, 7, 6)]
    docs = [*prepared, *tolls]
    database = settings.neo4j_database
    wipe(db, database)
    apply_schema(db, database)
    for doc in docs:
        write_prepared(db, [doc], database=database)
    expected = graph(db)
    load(db, database, docs, ResolutionCache())
    assert graph(db) == expected
    toll = [r for r in expected[0] if r[1] == "attack:t5"]
    assert toll and toll[0][4:7] == (7, 5, 7)  # the latest article's figure (7, 5 May) and the range


def test_another_writer_in_between_drops_the_cache(db: neo4j.Driver, settings: Any,
                                                    prepared: list[PreparedDocument]) -> None:
    database = settings.neo4j_database
    *docs, foreign = prepared
    load(db, database, docs, None, foreign=foreign)
    expected = graph(db)
    cache = ResolutionCache()
    load(db, database, docs, cache, foreign=foreign)
    assert graph(db) == expected


def test_a_new_located_in_forgets_what_is_above_the_place_and_below_it() -> None:
    ups = {"town": frozenset({"region", "country"}), "village": frozenset({"town", "region", "country"}),
           "region": frozenset({"country"}), "country": frozenset(), "other": frozenset({"country"})}
    _located(ups, "town", "region")  # known already: nothing changes
    assert set(ups) == {"town", "village", "region", "country", "other"}
    del ups["country"]
    _located(ups, "region", "country")  # known, though what is above the country was never read
    assert set(ups) == {"town", "village", "region", "other"}
    ups["country"] = frozenset()
    _located(ups, "town", "district")  # new: the town and the village below it are read again
    assert set(ups) == {"region", "country", "other"}
    _located(ups, "hamlet", "other")  # a place it never read: nothing to forget
    assert set(ups) == {"region", "country", "other"}


def test_a_new_located_in_between_known_places_extends_the_chains_below_it() -> None:
    ups = {"town": frozenset({"region", "country"}), "village": frozenset({"town", "region", "country"}),
           "region": frozenset({"country"}), "country": frozenset(), "district": frozenset({"province"}),
           "province": frozenset()}
    _located(ups, "town", "district")  # a second parent, whose own chain is known
    assert ups["town"] == {"region", "country", "district", "province"}
    assert ups["village"] == {"town", "region", "country", "district", "province"}
    assert ups["region"] == {"country"} and ups["district"] == {"province"}  # above: unchanged


NodeRow = tuple[str, str, dict[str, Any]]


class Arcadia(NamedTuple):
    """The fictional country, town, region and armed group the resolution tests report on."""

    country: NodeRow
    town: NodeRow
    region: NodeRow
    group: NodeRow


def arcadia() -> Arcadia:
    """Fresh rows (a test may change their properties) of Arcadia, its town Eastbrook, its region
    North Province and the Arcadian Front."""
    return Arcadia(("actor:arcadia", "Actor", {"name": "Arcadia", "kind": "country"}),
                   ("location:eastbrook", "Location", {"name": "Eastbrook", "kind": "city"}),
                   ("location:north-province", "Location", {"name": "North Province", "kind": "region"}),
                   ("actor:arcadian-front", "Actor", {"name": "Arcadian Front", "kind": "armed_group"}))


def _doc(text: str, nodes: list[NodeRow], rels: list[tuple[str, str, str]],
         published: str | None = "2025-05-03") -> PreparedDocument:
    ev = [{"sentence": 0, "start": 0, "end": len(text), "quote": text}]
    return prepare_document({
        "article": {"id": article_id(text), "language": "en", "published": published, "title": text,
                    "extractor": "test"},
        "nodes": [{"id": i, "label": label, "properties": props, "evidence": ev} for i, label, props in nodes],
        "relationships": [{"type": t, "start": s, "end": e, "evidence": ev} for t, s, e in rels]})


def test_a_town_put_in_a_region_by_a_later_article_is_inside_it_for_the_cache_too(
        db: neo4j.Driver, settings: Any) -> None:
    """The cache holds an attack in a town; a later article says the town lies in a region; an
    attack reported "in the region" on that day then joins the one in the town, as it does when
    the candidates are read from the database."""
    *places, group = arcadia()
    country, town, region = (p[0] for p in places)
    first = _doc("Drones of the Arcadian Front hit Eastbrook on 2 May.",
                 [places[0], places[1], group, ("attack:a1", "Attack", {"method": "drone", "date": "2025-05-02"})],
                 [("LOCATED_IN", town, country), ("PERPETRATED", group[0], "attack:a1"),
                  ("TARGETED", "attack:a1", town)])
    chain = _doc("Eastbrook lies in North Province; talks there were held on 10 April.",
                 [*places, ("meeting:m1", "Meeting", {"kind": "talks", "date": "2025-04-10"})],
                 [("LOCATED_IN", town, region), ("LOCATED_IN", region, country), ("HELD_AT", "meeting:m1", town)])
    second = _doc("The Arcadian Front struck North Province with drones on 2 May.",
                  [places[0], places[2], group, ("attack:a2", "Attack", {"method": "drone", "date": "2025-05-02"})],
                  [("LOCATED_IN", region, country), ("PERPETRATED", group[0], "attack:a2"),
                   ("TARGETED", "attack:a2", region)])
    database = settings.neo4j_database
    results = []
    for cache in (None, ResolutionCache()):
        wipe(db, database)
        apply_schema(db, database)
        for doc in (first, chain, second):
            write_new(db, [doc], database=database, cache=cache)
        results.append(graph(db))
    assert results[0] == results[1]
    attacks = [r for r in results[1][0] if r[0] == "Attack"]
    assert len(attacks) == 1, attacks  # one attack, reported twice


def test_a_node_an_undated_report_joined_by_id_has_its_figures_from_every_claim(
        db: neo4j.Driver, settings: Any) -> None:
    """A deal made in a batch and joined by id by an undated report that says it collapsed: a
    later report in the same batch sees the collapse (a new deal), as when each is written in a
    transaction of its own."""
    sides = [("actor:arcadia", "Actor", {"name": "Arcadia", "kind": "country"}),
             ("actor:borduria", "Actor", {"name": "Borduria", "kind": "country"})]

    def deal(text: str, props: dict[str, Any], published: str | None) -> PreparedDocument:
        return _doc(text, [*sides, ("agreement:x", "Agreement", {"topic": "ceasefire", **props})],
                    [("PARTY_TO", "actor:arcadia", "agreement:x"), ("PARTY_TO", "actor:borduria", "agreement:x")],
                    published=published)

    docs = [deal("Arcadia and Borduria agreed a ceasefire on 1 May.", {"date": "2025-05-01", "status": "agreed"},
                 "2025-05-02"),
            deal("The Arcadia-Borduria ceasefire has collapsed.", {"status": "collapsed"}, None),
            deal("The ceasefire between Arcadia and Borduria held on 3 May.", {"date": "2025-05-03"}, "2025-05-04")]
    database = settings.neo4j_database
    results = []
    for batches in ([[d] for d in docs], [docs]):
        wipe(db, database)
        apply_schema(db, database)
        for batch in batches:
            write_new(db, batch, database=database, cache=ResolutionCache())
        results.append(graph(db))
    assert results[0] == results[1]
    assert [n[1] == "agreement:x" for n in results[1][0]].count(True) == 1 and len(results[1][0]) == 2
    assert len([r for r in results[1][1] if r[0].startswith("agreement:")]) == 3


def test_a_blocks_probes_merge_into_disjoint_periods() -> None:
    d = [date(2025, 5, x) for x in range(1, 10)]
    assert _merged_days([(d[4], d[7]), (d[0], d[2]), (d[1], d[4])]) == [(d[0], d[7])]
    assert _merged_days([(d[0], d[1]), (d[5], d[6])]) == [(d[0], d[1]), (d[5], d[6])]
    assert _merged_days([(d[0], d[1]), (None, None)]) == [(None, None)]


def test_a_held_candidate_touches_the_days_the_candidates_query_would_read() -> None:
    attack = Profile(label="Attack", id="attack:a", start=date(2025, 5, 2), end=date(2025, 5, 2))
    assert touches(attack, date(2025, 5, 1), date(2025, 5, 3))
    assert not touches(attack, date(2025, 5, 3), date(2025, 5, 9))
    assert touches(attack, None, None)
    # an agreement's life: from its date to the last day a report covers, within the probe's window
    deal = Profile(label="Agreement", id="agreement:a", start=date(2025, 3, 1), end=date(2025, 3, 1),
                   reported=date(2025, 3, 2), seen_until=date(2025, 4, 30))
    assert touches(deal, date(2025, 4, 20), date(2025, 9, 1))
    assert not touches(deal, date(2025, 5, 1), date(2025, 9, 1))
    assert touches(replace(deal, seen_until=None), date(2025, 5, 1), date(2025, 9, 1))  # life unknown


def test_a_blocks_held_events_are_filtered_as_touches_filters_them_one_by_one() -> None:
    day = [date(2025, 5, x) for x in range(1, 20)]
    events = [Profile(label="Attack", id=f"attack:{i}", start=day[i], end=day[i]) for i in range(0, 18, 3)]
    events.append(Profile(label="Attack", id="attack:undated"))  # reaches no probe's days
    events.append(Profile(label="Agreement", id="agreement:life-unknown", start=day[0], end=day[0]))
    for spans in ([(day[1], day[4])], [(day[0], day[0]), (day[8], day[10])], [(day[18], day[18])],
                  [(None, None)]):
        one_by_one = [c for c in events if any(touches(c, first, last) for first, last in spans)]
        assert touching(events, spans) == one_by_one
    assert [c.id for c in touching(events, [(day[1], day[4])])] == ["attack:3", "agreement:life-unknown"]


def test_a_mentions_search_keys_are_made_once_and_a_replaced_profile_makes_its_own() -> None:
    may = Profile(label="Attack", id="attack:a", start=date(2025, 5, 20), end=date(2025, 5, 20))
    keys = search_keys(may)
    assert search_keys(may) is keys and keys == ["attack|-|2025", "attack|-|2025-05"]
    june = replace(may, start=date(2025, 6, 20), end=date(2025, 6, 20))
    assert search_keys(june) == ["attack|-|2025", "attack|-|2025-06"]

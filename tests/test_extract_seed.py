"""The seed article yields what the article-loader issue lists, with evidence on every item."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictkg.graph.model import GraphDocument
from conflictkg.loaders.extract import extract_file

SEED = Path(__file__).parent.parent / "examples" / "seed-nl-paris-summit.txt"


@pytest.fixture(scope="module")
def doc() -> GraphDocument:
    return extract_file(SEED)


def _nodes(doc: GraphDocument, label: str) -> list:
    return [n for n in doc.nodes if n.label == label]


def _rels(doc: GraphDocument, rel: str, start: str | None = None, end: str | None = None) -> list:
    return [r for r in doc.relationships if r.type == rel and start in (None, r.start) and end in (None, r.end)]


def test_article_meta(doc: GraphDocument) -> None:
    assert doc.article.language == "nl"
    assert doc.article.published == "2025-05"
    assert doc.article.id.startswith("sha256:")


def test_actors(doc: GraphDocument) -> None:
    actors = {n.id: n.properties for n in _nodes(doc, "Actor")}
    for aid in ("france", "united-kingdom", "ukraine", "russia", "united-states", "nato", "european-union"):
        assert f"actor:{aid}" in actors
    assert "Rusland" in actors["actor:russia"]["aliases"] and "Moskou" in actors["actor:russia"]["aliases"]
    people = {
        "emmanuel-macron": ("president", "france"),
        "keir-starmer": ("prime minister", "united-kingdom"),
        "volodymyr-zelensky": ("president", "ukraine"),
        "donald-trump": ("president", "united-states"),
    }
    for pid, (role, country) in people.items():
        assert actors[f"actor:{pid}"]["kind"] == "person"
        assert actors[f"actor:{pid}"]["role"] == role
        assert _rels(doc, "AFFILIATED_WITH", f"actor:{pid}", f"actor:{country}")
    # one actor per real entity, and nothing named after a sentence-initial word
    names = {p["name"] for p in actors.values()}
    assert not names & {"Maar", "De", "Het", "Macron", "Europa", "Diplomatieke"}
    assert len([n for n in names if "Macron" in n]) == 1


def test_us_mediated_deals_with_parties(doc: GraphDocument) -> None:
    deals = {n.properties["topic"]: n for n in _nodes(doc, "Agreement")}
    for topic in ("black_sea_shipping", "energy_strikes"):
        deal = deals[topic]
        assert _rels(doc, "MEDIATED", "actor:united-states", deal.id)
        parties = {r.start for r in _rels(doc, "PARTY_TO", end=deal.id)}
        assert {"actor:ukraine", "actor:russia"} <= parties
        assert deal.properties["date"] == "2025-05"  # "deze week" under a month header stays a month


def test_mutual_accusations(doc: GraphDocument) -> None:
    pairs = set()
    for acc in _nodes(doc, "Accusation"):
        accuser = {r.start for r in _rels(doc, "MADE", end=acc.id)}
        accused = {r.end for r in _rels(doc, "AGAINST", start=acc.id)}
        violated = {r.end for r in _rels(doc, "ALLEGES_VIOLATION_OF", start=acc.id)}
        assert violated, "each accusation names the deals it says were violated"
        pairs |= {(a, b) for a in accuser for b in accused}
    assert {("actor:ukraine", "actor:russia"), ("actor:russia", "actor:ukraine")} <= pairs


def test_attacks(doc: GraphDocument) -> None:
    attacks = _nodes(doc, "Attack")
    assert len(attacks) == 2, [a.properties for a in attacks]
    by_method = {a.properties["method"]: a for a in attacks}
    drone = by_method["drone"].properties
    assert (drone["injured"], drone["injured_qualifier"]) == (20, "more_than")
    assert _rels(doc, "PERPETRATED", "actor:russia", by_method["drone"].id)
    shelling = by_method["shelling"]
    assert (shelling.properties["killed"], shelling.properties["killed_qualifier"]) == (1, "exact")
    assert "power_outage" in shelling.properties["effects"]
    assert _rels(doc, "TARGETED", shelling.id, "location:kherson")
    assert "Oekraïense functionarissen" in shelling.properties["reported_by"]
    assert shelling.properties["acled_sub_event_type"] == "Shelling/artillery/missile attack"
    assert drone["acled_sub_event_type"] == "Air/drone strike" and drone["plover"] == "ASSAULT"
    assert all(a.properties["modality"] == "reported" for a in attacks)


def test_summit(doc: GraphDocument) -> None:
    (summit,) = _nodes(doc, "Meeting")
    assert summit.properties["kind"] == "summit"
    assert (summit.properties["participant_count"], summit.properties["participant_count_qualifier"]) == (30, "about")
    assert _rels(doc, "HELD_AT", summit.id, "location:elysee-palace")
    guests = {r.start for r in _rels(doc, "ATTENDED", end=summit.id)}
    assert {"actor:nato", "actor:european-union"} <= guests


def test_reassurance_force(doc: GraphDocument) -> None:
    (force,) = [p for p in _nodes(doc, "Proposal") if p.properties["topic"] == "reassurance_force"]
    assert (force.properties["size_min"], force.properties["size_max"]) == (10000, 30000)
    leaders = {r.start for r in _rels(doc, "LEADS", end=force.id)}
    assert {"actor:france", "actor:united-kingdom"} <= leaders
    assert force.properties["plover"] == "MOBILIZE"


def test_places_lead_up_to_their_country(doc: GraphDocument) -> None:
    up = {r.start: r.end for r in _rels(doc, "LOCATED_IN")}
    assert up["location:kherson"] == "location:kherson-oblast"
    assert up["location:kherson-oblast"] == "actor:ukraine"
    oblast = doc.node("location:kherson-oblast")
    assert oblast is not None and oblast.properties["kind"] == "region" and not oblast.evidence


def test_statements_have_speakers(doc: GraphDocument) -> None:
    said = {
        (r.start, n.properties["quote"][:20])
        for n in _nodes(doc, "Statement")
        for r in _rels(doc, "SAID", end=n.id)
    }
    assert ("actor:emmanuel-macron", "Het is niet unaniem") in said


def test_evidence_everywhere(doc: GraphDocument) -> None:
    """Every fact has evidence; only the gazetteer's place hierarchy (LOCATED_IN marked
    source: gazetteer, and the parents it adds) is context without it."""
    text = SEED.read_text(encoding="utf-8")
    context = [r for r in doc.relationships if r.type == "LOCATED_IN"]
    assert context and all(r.properties == {"source": "gazetteer"} and not r.evidence for r in context)
    parents = {r.end for r in context}
    for item in [*doc.nodes, *doc.relationships]:
        if item in context or getattr(item, "id", None) in parents:
            continue
        assert item.evidence, item
        for ev in item.evidence:
            assert text[ev.start : ev.end] == ev.quote

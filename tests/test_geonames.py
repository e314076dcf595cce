"""Places from GeoNames: exonyms, coordinates, disambiguation by the article's context, common
words that are not towns, the LOCATED_IN chain, and the speed of building and matching."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from conflictkg.graph.model import GraphDocument, Node
from conflictkg.loaders.extract import extract_text
from conflictkg.loaders.geonames import GeoNames, _cache_file, _load_or_build, geonames
from conflictkg.loaders.segment import tokenize
from conflictkg.settings import get_settings


def _doc(body: str, lang: str) -> GraphDocument:
    return extract_text(f"date 2025-03-27\nTitel\n\n{body}", language=lang)


def _places(doc: GraphDocument) -> dict[str, Node]:
    """Locations read in the article (not the gazetteer's parents), by name."""
    return {str(n.properties["name"]): n for n in doc.nodes if n.label == "Location" and n.evidence}


def _located_in(doc: GraphDocument) -> dict[str, str]:
    return {r.start: r.end for r in doc.relationships if r.type == "LOCATED_IN"}


def test_dutch_exonym_resolves_with_coordinates() -> None:
    # Pokrovsk's Dutch/German spelling "Pokrowsk" is in no lexicon row: only GeoNames knows it
    doc = _doc("Bij een Russische aanval op Pokrowsk zijn drie mensen omgekomen, meldt Oekraïne.", "nl")
    place = _places(doc)["Pokrovsk"]
    assert place.properties["aliases"] == ["Pokrowsk"]
    assert place.properties["geonames_id"] == 704422
    assert place.properties["lat"] == pytest.approx(48.28, abs=0.01)
    assert place.properties["lon"] == pytest.approx(37.18, abs=0.01)
    assert place.properties["country_code"] == "UA"
    assert place.properties["admin1"] == "Donetsk Oblast"


def test_curated_exonym_gets_coordinates_from_places_tsv() -> None:
    doc = _doc("Bij een Russische aanval op Cherson en Charkiv zijn drie mensen omgekomen.", "nl")
    places = _places(doc)
    assert places["Kherson"].properties["geonames_id"] == 706448
    assert places["Kharkiv"].properties["lat"] == pytest.approx(49.98, abs=0.01)
    assert "Cherson" in places["Kherson"].properties["aliases"]


def test_town_no_lexicon_names_has_coordinates() -> None:
    doc = _doc("The RSF shelled El Fasher in Sudan on Sunday, killing five people, activists said.", "en")
    place = _places(doc)["El Fasher"]
    assert place.properties["country_code"] == "SD"
    assert isinstance(place.properties["lat"], float) and isinstance(place.properties["lon"], float)


def test_ambiguous_name_resolves_by_article_context() -> None:
    # Tripoli: Libya's is the largest, but a story about Lebanon means Lebanon's
    lebanon = _places(_doc("An Israeli strike hit Tripoli, Lebanese officials said. Lebanon condemned it.", "en"))
    libya = _places(_doc("Fighting broke out in Tripoli, the Libyan government said.", "en"))
    assert lebanon["Tripoli"].properties["country_code"] == "LB"
    assert libya["Tripoli"].properties["country_code"] == "LY"


def test_without_context_the_most_populous_large_place_is_taken() -> None:
    places = _places(_doc("Talks were held in Tripoli on Monday.", "en"))
    assert places["Tripoli"].properties["country_code"] == "LY"


def test_small_town_without_context_is_not_a_place() -> None:
    # Suzemka-sized towns abroad are not taken unless the article is about their country
    doc = _doc("Officials met Bergama on Monday to talk about the harvest.", "en")
    assert "Bergama" not in _places(doc)


def test_another_name_of_a_small_town_is_not_enough() -> None:
    # GeoNames lists "Belaya" among Gudermes's names; a Russian air base of that name is not Gudermes
    doc = _doc("Ukraine hit bombers at Belaya, the Russian defence ministry said.", "en")
    assert "Gudermes" not in _places(doc)


def test_prank_alternate_names_are_not_places() -> None:
    # GeoNames lists "Google" among Topeka's names; a US story does not make it Topeka
    doc = _doc("Google said on Monday that Washington had asked it for data, President Trump said.", "en")
    assert "Topeka" not in _places(doc)


def test_common_words_are_not_places() -> None:
    # Police (Poland), Mobile (Alabama), Split (Croatia), Best and Born (the Netherlands)
    en = _doc("Police said the strike killed two. Mobile networks were down in Kharkiv. "
              "Split between the two sides, the council did not vote.", "en")
    nl = _doc("Best is het als iedereen naar huis gaat. Born werd ook genoemd in Kharkiv.", "nl")
    for doc in (en, nl):
        assert not set(_places(doc)) & {"Police", "Mobile", "Split", "Best", "Born"}


def test_person_names_are_not_places() -> None:
    doc = _doc("US Defense Secretary Lloyd Austin visited Kyiv. Austin said more aid would come.", "en")
    assert "Austin" not in _places(doc)


def test_located_in_chain_city_region_country() -> None:
    doc = _doc("Bij een Russische aanval op Pokrowsk zijn drie mensen omgekomen, meldt Oekraïne.", "nl")
    up = _located_in(doc)
    assert up["location:pokrovsk"] == "location:donetsk-oblast"  # the places.tsv region of that admin1
    assert up["location:donetsk-oblast"] == "actor:ukraine"
    doc = _doc("The RSF shelled El Fasher in Sudan on Sunday, killing five people, activists said.", "en")
    up = _located_in(doc)
    region = up["location:el-fasher"]  # GeoNames' own region name
    assert region.startswith("location:") and up[region] == "actor:sudan"
    parent = next(n for n in doc.nodes if n.id == region)
    assert parent.properties["kind"] == "region" and parent.properties["source"] == "gazetteer"
    assert not parent.evidence


def test_first_level_region_from_geonames() -> None:
    doc = _doc("Drones hit El Fasher, the capital of North Darfur State, in western Sudan.", "en")
    region = _places(doc)["Northern Darfur"]  # GeoNames' name; the text's is kept as an alias
    assert region.properties["kind"] == "region" and region.properties["aliases"] == ["North Darfur"]
    assert region.properties["country_code"] == "SD"
    up = _located_in(doc)
    assert up["location:el-fasher"] == "location:northern-darfur"
    assert up["location:northern-darfur"] == "actor:sudan"


def test_region_needs_its_country_in_the_article() -> None:
    assert "Kachin State" not in _places(_doc("Fighting spread in Kachin State on Monday.", "en"))
    places = _places(_doc("Fighting spread in Kachin State, in the north of Myanmar.", "en"))
    assert places["Kachin State"].properties["country_code"] == "MM"


def test_place_nouns_pick_town_or_region() -> None:
    # "de regio Sagaing" is the region, not the town of that name; "de stad Goma" the town
    places = _places(_doc("In de regio Sagaing in Myanmar en in de stad Goma vielen doden.", "nl"))
    assert places["Sagaing Region"].properties["kind"] == "region"
    assert places["Sagaing Region"].properties["country_code"] == "MM"
    assert places["Goma"].properties["country_code"] == "CD" and "lat" in places["Goma"].properties
    # a village of GeoNames' larger list takes its coordinates in the article's country; one
    # GeoNames does not know stays a place, without coordinates
    village = _places(_doc("Het dorp Bilozerka in Oekraïne werd beschoten.", "nl"))["Bilozerka"]
    assert village.properties["country_code"] == "UA" and round(float(village.properties["lat"])) == 47
    unknown = _places(_doc("Het dorp Zvarkivtsi in Oekraïne werd beschoten.", "nl"))["Zvarkivtsi"]
    assert "lat" not in unknown.properties


def test_matching_is_bounded() -> None:
    start = time.process_time()
    index = GeoNames()
    built = time.process_time() - start
    assert built < 15, f"building the GeoNames index took {built:.1f} s"
    assert len(index.places) > 20000
    toks = tokenize("Bij aanvallen op Cherson, Charkiv, El Fasher en Goma vielen doden. " * 50, 0, "nl")
    start = time.process_time()
    for _ in range(20):
        hits = index.find(toks)
    per_mb = (time.process_time() - start) / (20 * 50 * 70 / 1e6)
    assert per_mb < 5, f"matching takes {per_mb:.1f} s per MB"
    names = {index.places[hits[i].candidates[0]].name for i in hits}
    assert {"Kherson", "Kharkiv", "El Fasher", "Goma"} <= names


def test_a_run_met_again_is_found_from_the_cache_where_it_now_stands() -> None:
    index = geonames()
    first = tokenize("Raketten troffen Charkiv en El Fasher.", 0, "en")
    again = tokenize("Gisteren meldden bewoners van Charkiv en El Fasher nieuwe aanvallen.", 0, "en")
    shouting = tokenize("Raketten troffen CHARKIV.", 0, "en")
    index._runs.clear()
    fresh = [index.find(toks) for toks in (first, again, shouting)]
    runs = dict(index._runs)
    assert ("Charkiv",) in runs and ("CHARKIV", ".") in runs  # keyed by the words as written
    cached = [index.find(toks) for toks in (first, again, shouting)]
    assert cached == fresh and index._runs == runs  # nothing scanned a second time
    # the same names, at the tokens where they stand in each sentence
    at = {t.text: t.i for t in again}
    assert {i: h.end for i, h in cached[1].items()} == {at["Charkiv"]: at["Charkiv"] + 1, at["El"]: at["El"] + 2}
    assert cached[2] == {}  # an all-capitals word is not a place name, cached or not


def test_index_is_built_once() -> None:
    assert geonames() is geonames()


def test_the_index_is_built_once_and_read_back_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFLICTKG_CACHE_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        path = _cache_file()
        assert path.is_relative_to(tmp_path) and not path.exists()
        built = _load_or_build()
        assert path.exists()
        start = time.perf_counter()
        read = _load_or_build()
        assert time.perf_counter() - start < 5
        assert read is not built and len(read.places) == len(built.places)
        assert read.find(tokenize("Raketten troffen Charkiv.", 0, "nl")) == built.find(
            tokenize("Raketten troffen Charkiv.", 0, "nl"))
        path.write_bytes(b"not a pickle")  # a damaged cache is rebuilt, not an error
        assert len(_load_or_build().places) == len(built.places)
        assert path.read_bytes() != b"not a pickle"
    finally:
        monkeypatch.delenv("CONFLICTKG_CACHE_DIR")
        get_settings.cache_clear()

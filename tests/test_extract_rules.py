"""Extraction rules for real news, one or more tests per rule and in both languages: lexicon gaps
of other conflicts, institutions as actors, countries as places, group references, unilateral
truces, counted attacks, accusations without "accuse", perpetrators from the agent, and event
coreference inside an article. Extraction only: no database."""

from __future__ import annotations

import pytest

from conflictkg.graph.model import GraphDocument, Node
from conflictkg.loaders.extract import extract_text


def _doc(body: str, lang: str, date: str = "2025-03-27") -> GraphDocument:
    return extract_text(f"date {date}\nTitel\n\n{body}", language=lang)


def _actors(doc: GraphDocument) -> dict[str, Node]:
    return {str(n.properties["name"]): n for n in doc.nodes if n.label == "Actor" and n.evidence}


def _places(doc: GraphDocument) -> dict[str, Node]:
    return {str(n.properties["name"]): n for n in doc.nodes if n.label == "Location" and n.evidence}


def _events(doc: GraphDocument, label: str) -> list[Node]:
    return [n for n in doc.nodes if n.label == label]


def _ends(doc: GraphDocument, start: str, rel: str) -> set[str]:
    names = {n.id: str(n.properties.get("name")) for n in doc.nodes}
    return {names.get(r.end, r.end) for r in doc.relationships if r.start == start and r.type == rel}


def _starts(doc: GraphDocument, end: str, rel: str) -> set[str]:
    names = {n.id: str(n.properties.get("name")) for n in doc.nodes}
    return {names.get(r.start, r.start) for r in doc.relationships if r.end == end and r.type == rel}


# -- lexicon gaps: countries, demonyms and armed groups of other conflicts ------------------------

def test_the_ethiopia_tigray_pack_names_the_tplf_nl_en() -> None:
    for body, lang in (("Tigrayan authorities on Friday accused Ethiopia's government of carrying out a drone "
                        "strike on a market in Mekele.", "en"),
                       ("De Tigrese rebellen beschuldigden vrijdag de Ethiopische regering van een droneaanval op "
                        "een markt in Mekele.", "nl")):
        doc = _doc(body, lang, date="2022-11-04")
        assert _actors(doc)["Tigray People's Liberation Front"].properties["kind"] == "armed_group", body
        assert _accusations(doc) == {("Tigray People's Liberation Front", "Ethiopia")}, body


def test_a_headlines_govt_is_the_government_en() -> None:
    # "Gov't", the headline's short form of "government", after a demonym names the country
    for body in ("Tigrayan Forces Accuse Ethiopian Gov't of New Airstrikes in Mekelle",
                 "Tigrayan forces accused the Ethiopian gov’t of new airstrikes in Mekelle."):
        doc = _doc(body, "en", date="2021-10-20")
        assert _accusations(doc) == {("Tigray People's Liberation Front", "Ethiopia")}, body


def test_tigray_forces_are_the_tplf_en() -> None:
    # the news calls the TPLF's fighters "Tigray forces" as often as "Tigrayan forces"
    doc = _doc("Tigray Forces Accuse Ethiopian Gov't of New Airstrikes in Mekelle", "en", date="2021-10-20")
    assert _actors(doc)["Tigray People's Liberation Front"].properties["kind"] == "armed_group"
    assert _accusations(doc) == {("Tigray People's Liberation Front", "Ethiopia")}


def test_conflict_packs_name_the_leaders_who_accuse_nl_en() -> None:
    for body, lang, accuser in (("Netanyahu accused Hamas of violating the ceasefire.", "en", "Israel"),
                                ("Netanjahoe beschuldigde Hamas van schending van het bestand.", "nl", "Israel"),
                                ("Pashinyan accused Azerbaijan of shelling Armenian villages.", "en", "Armenia"),
                                ("Pasjinjan beschuldigde Azerbeidzjan van beschietingen op Armeense dorpen.", "nl",
                                 "Armenia")):
        assert accuser in {a for a, _ in _accusations(_doc(body, lang))}, body
    # and the leader accused, with the state
    for body, lang in (("Hamas accused Netanyahu of blocking the talks.", "en"),
                       ("Hamas beschuldigde Netanjahoe van het blokkeren van de gesprekken.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Hamas", "Israel"), ("Hamas", "Benjamin Netanyahu")}, body


def test_the_libya_pack_names_haftars_forces_and_the_tripoli_government_nl_en() -> None:
    for body, lang in (("The Government of National Accord said Haftar's forces had violated the ceasefire.", "en"),
                       ("De GNA beschuldigde de troepen van Haftar van schending van het bestand.", "nl")):
        doc = _doc(body, lang, date="2020-01-26")
        assert _actors(doc)["Libyan National Army"].properties["kind"] == "armed_group", body
        assert _accusations(doc) == {("Government of National Accord", "Libyan National Army")}, body


def test_the_south_sudan_pack_names_the_army_and_the_splm_io_nl_en() -> None:
    for body, lang in (("The SPLM-IO accused the SPLA of attacking its positions, breaking the ceasefire.", "en"),
                       ("De SPLM-IO beschuldigde het Zuid-Soedanese leger ervan het bestand te hebben geschonden.",
                        "nl")):
        doc = _doc(body, lang, date="2018-06-30")
        assert _actors(doc)["SPLM-IO"].properties["kind"] == "armed_group", body
        assert _accusations(doc) == {("SPLM-IO", "Sudan People's Liberation Army")}, body


def test_the_armenia_azerbaijan_pack_names_the_karabakh_army_and_places_nl_en() -> None:
    for body, lang in (("The Artsakh Defense Army said Azerbaijani units opened fire near Stepanakert.", "en"),
                       ("Het leger van Nagorno-Karabach meldde dat Azerbeidzjaanse eenheden het vuur openden bij "
                        "Stepanakert.", "nl")):
        doc = _doc(body, lang, date="2022-02-21")
        assert "Artsakh Defense Army" in _actors(doc), body
        assert _places(doc)["Stepanakert"].properties.get("lat") is not None, body


def test_the_colombia_pack_names_the_eln_and_the_president_nl_en() -> None:
    for body, lang in (("Petro accused the ELN of violating the ceasefire.", "en"),
                       ("Petro beschuldigde het ELN van schending van het bestand.", "nl")):
        doc = _doc(body, lang, date="2024-08-05")
        actors = _actors(doc)
        assert actors["National Liberation Army"].properties["kind"] == "armed_group", body
        assert actors["Gustavo Petro"].properties["affiliation"] == "Colombia", body
        assert ("Gustavo Petro", "National Liberation Army") in _accusations(doc), body


def test_the_philippines_pack_names_the_npa_and_the_defence_secretary_nl_en() -> None:
    for body, lang in (("Teodoro accused the New People's Army of violating the truce.", "en"),
                       ("Teodoro beschuldigde het Nieuwe Volksleger van schending van het bestand.", "nl")):
        doc = _doc(body, lang, date="2023-12-20")
        actors = _actors(doc)
        assert actors["New People's Army"].properties["kind"] == "armed_group", body
        assert actors["Gilberto Teodoro"].properties["affiliation"] == "Philippines", body
        assert ("Gilberto Teodoro", "New People's Army") in _accusations(doc), body


def test_the_central_african_republic_pack_names_the_rebel_coalition_and_the_president_nl_en() -> None:
    for body, lang in (("Touadera accused the Coalition of Patriots for Change of violating the peace agreement.",
                        "en"),
                       ("Touadéra beschuldigde de Coalitie van Patriotten voor Verandering van schending van het "
                        "vredesakkoord.", "nl")):
        doc = _doc(body, lang, date="2021-01-14")
        actors = _actors(doc)
        assert actors["Coalition of Patriots for Change"].properties["kind"] == "armed_group", body
        assert actors["Faustin-Archange Touadéra"].properties["affiliation"] == "Central African Republic", body
        assert ("Faustin-Archange Touadéra", "Coalition of Patriots for Change") in _accusations(doc), body


def test_the_haiti_pack_names_the_gang_coalition_and_the_prime_minister_nl_en() -> None:
    for body, lang in (("Fils-Aime accused Viv Ansanm of attacking the police.", "en"),
                       ("Fils-Aimé beschuldigde Viv Ansanm van aanvallen op de politie.", "nl")):
        doc = _doc(body, lang, date="2025-03-12")
        actors = _actors(doc)
        assert actors["Viv Ansanm"].properties["kind"] == "armed_group", body
        assert actors["Alix Didier Fils-Aimé"].properties["affiliation"] == "Haiti", body
        assert ("Alix Didier Fils-Aimé", "Viv Ansanm") in _accusations(doc), body


def test_the_iraq_pack_names_the_militias_and_the_prime_minister_nl_en() -> None:
    for body, lang in (("Al-Sudani accused Kataib Hezbollah of attacking the Ain al-Asad air base.", "en"),
                       ("Al-Sudani beschuldigde Kataib Hezbollah van de aanval op de luchtmachtbasis Ain al-Asad.",
                        "nl")):
        doc = _doc(body, lang, date="2024-02-02")
        actors = _actors(doc)
        assert actors["Kataib Hezbollah"].properties["kind"] == "armed_group", body
        assert actors["Mohammed Shia al-Sudani"].properties["affiliation"] == "Iraq", body
        assert ("Mohammed Shia al-Sudani", "Kataib Hezbollah") in _accusations(doc), body
        assert "Ain al-Asad Air Base" in _places(doc), body


def test_the_mozambique_pack_names_renamo_and_the_president_nl_en() -> None:
    for body, lang in (("Nyusi accused Renamo of violating the peace agreement.", "en"),
                       ("Nyusi beschuldigde Renamo van schending van het vredesakkoord.", "nl")):
        doc = _doc(body, lang, date="2019-10-28")
        actors = _actors(doc)
        assert actors["Renamo"].properties["kind"] == "armed_group", body
        assert actors["Filipe Nyusi"].properties["affiliation"] == "Mozambique", body
        assert ("Filipe Nyusi", "Renamo") in _accusations(doc), body


def test_the_thailand_cambodia_pack_names_the_prime_minister_army_and_temples_nl_en() -> None:
    for body, lang in (("Hun Manet accused the Royal Thai Army of shelling the Ta Muen Thom temple.", "en"),
                       ("Hun Manet beschuldigde het Thaise leger van beschietingen op de tempel Ta Muen Thom.", "nl")):
        doc = _doc(body, lang, date="2025-07-26")
        actors = _actors(doc)
        assert actors["Hun Manet"].properties["affiliation"] == "Cambodia", body
        assert ("Hun Manet", "Royal Thai Army") in _accusations(doc), body
        assert "Ta Muen Thom temple" in _places(doc), body


def test_arabic_surname_with_its_article_nl_en() -> None:
    for text, lang in (("Legerleider Abdel Fattah al-Burhan stemde in met gesprekken.", "nl"),
                       ("Army chief Abdel Fattah al-Burhan agreed to talks.", "en")):
        assert "Abdel Fattah al-Burhan" in _actors(_doc(text, lang))


def test_a_person_named_with_a_possessive_is_the_person_en() -> None:
    doc = _doc("A spokesman alleged that Prime Minister Abiy Ahmed's government carried out attacks. "
               "Later, the People's Defence Force said it would respond.", "en")
    assert "Abiy Ahmed" in _actors(doc) and "Abiy Ahmed's" not in _actors(doc)
    assert "People's Defence Force" in _actors(doc)  # a body's name keeps its possessive


def test_news_outlets_cited_are_actors_but_an_agency_credit_is_none_nl_en() -> None:
    nl = _doc("KABUL (ANP/AFP/RTR) - Afghanistan zegt Pakistan te hebben aangevallen. Dat meldt persbureau "
              "Reuters.\n\n(ANP /upday)", "nl")
    # the wire agency that wrote the copy is no actor of the story either (it reports no attack here)
    assert {"Afghanistan", "Pakistan"} <= set(_actors(nl)) and not {"ANP", "AFP", "Reuters"} & set(_actors(nl))
    en = _doc("HODEIDA (AFP) — Strikes killed 16 people, according to the Syrian Arab News Agency.", "en")
    assert "SANA" in _actors(en) and "AFP" not in _actors(en)
    assert "France" not in _actors(en)  # an outlet brings no country into the story


def test_an_outlet_is_no_party_and_no_speaker_it_was_told_en() -> None:
    doc = _doc("Hamas accused Israel of violating the truce, as quoted by the Quds News Network.", "en")
    assert _accusations(doc) == {("Hamas", "Israel")}
    told = _doc("“We lost six soldiers in the attack,” an officer told AFP.", "en")
    assert all(n.properties.get("speaker") != "AFP" for n in _events(told, "Statement"))


def test_belgian_spelling_and_a_dutch_adjective_of_place_nl() -> None:
    doc = _doc("De onderhandelingen in Saudi-Arabië boeken weinig vooruitgang. Het geweld dat in het Afrikaanse "
               "land uitbrak, gaat door in de Saudische kuststad Jeddah.", "nl")
    assert set(_places(doc)) == {"Saudi Arabia", "Jeddah"}  # no place "Afrikaanse" or "Saudische"


def test_the_generals_of_sudan_and_the_pakistani_taliban_en() -> None:
    doc = _doc("Mohammed Hamdan Dagalo leads the RSF. Tehrik-i-Taliban Pakistan (TTP) attacked the office.", "en")
    assert _affiliation(doc, "Mohamed Hamdan Dagalo") == "Rapid Support Forces"
    assert _actors(doc)["Tehrik-i-Taliban Pakistan"].properties["kind"] == "armed_group"


def test_a_name_with_an_appositive_role_after_an_unknown_acronym_en() -> None:
    doc = _doc("Kindeya Gebrehiwot, a TPLF spokesman, said the drone hit civilians.", "en")
    assert _actors(doc)["Kindeya Gebrehiwot"].properties["kind"] == "person"


def test_drc_names_and_canonical_name_en() -> None:
    actors = _actors(_doc("The DRC accused Rwanda of backing the M23 rebels, Congolese officials said.", "en"))
    assert "Democratic Republic of the Congo" in actors and "Rwanda" in actors
    assert "M23" in actors


def test_drc_names_and_canonical_name_nl() -> None:
    actors = _actors(_doc("Congo beschuldigt Rwanda van steun aan de M23-rebellen, zeggen Congolese functionarissen.",
                          "nl"))
    assert "Democratic Republic of the Congo" in actors and "Rwanda" in actors


def test_sudanese_demonym_and_rsf_en() -> None:
    actors = _actors(_doc("The RSF shelled the camp, Sudanese officials said on Sunday.", "en"))
    assert "Rapid Support Forces" in actors and "Sudan" in actors


def test_sudanese_demonym_and_rsf_nl() -> None:
    actors = _actors(_doc("De RSF beschoot het kamp, zeiden Soedanese functionarissen zondag.", "nl"))
    assert "Rapid Support Forces" in actors and "Sudan" in actors


# -- institutions: armies, ministries, general staffs, police as actors of their state ------------

def _affiliation(doc: GraphDocument, name: str) -> str | None:
    value = _actors(doc)[name].properties.get("affiliation")
    return str(value) if value else None


def test_institution_from_demonym_possessive_and_country_en() -> None:
    doc = _doc("Russia's defence ministry said the Indian army fired first. The Pakistan Army denied it, "
               "and the army said so again.", "en")
    actors = _actors(doc)
    assert _affiliation(doc, "Russian Ministry of Defence") == "Russia"
    assert _affiliation(doc, "Indian Army") == "India"
    assert _affiliation(doc, "Pakistani Army") == "Pakistan"
    # a bare "the army" is the army last named in full
    assert any(a.lower() == "the army" for a in actors["Pakistani Army"].properties["aliases"])


def test_institution_from_demonym_and_body_of_country_nl() -> None:
    doc = _doc("Het Indiase leger meldt dat het leger van Pakistan het vuur opende. Het leger zegt dat er "
               "twee doden zijn. Het Russische ministerie van Defensie zweeg.", "nl")
    assert _affiliation(doc, "Indian Army") == "India"
    assert _affiliation(doc, "Pakistani Army") == "Pakistan"
    assert _affiliation(doc, "Russian Ministry of Defence") == "Russia"


def test_troops_and_officials_stay_their_country() -> None:
    en = _actors(_doc("Russian troops advanced, Ukrainian officials said.", "en"))
    nl = _actors(_doc("Russische troepen rukten op, zeiden Oekraïense functionarissen.", "nl"))
    assert set(en) == {"Russia", "Ukraine"} and set(nl) == {"Russia", "Ukraine"}


def test_an_unnamed_office_holder_stands_for_the_state_en_nl() -> None:
    # "the Ukrainian president", "de Israëlische premier" with no name after the title
    for body, lang, pair in (("The Ukrainian president accused Russia of terror.", "en", ("Ukraine", "Russia")),
                             ("The Israeli prime minister accused Hamas of violating the ceasefire.", "en",
                              ("Israel", "Hamas")),
                             ("The Russian governor blamed Ukraine for the strike.", "en", ("Russia", "Ukraine")),
                             ("De Oekraïense president beschuldigde Rusland van terreur.", "nl", ("Ukraine", "Russia")),
                             ("De Israëlische premier beschuldigde Hamas van schending van het bestand.", "nl",
                              ("Israel", "Hamas")),
                             ("De Russische minister van Buitenlandse Zaken beschuldigde Oekraïne van sabotage.", "nl",
                              ("Russia", "Ukraine"))):
        assert _accusations(_doc(body, lang)) == {pair}, body
    # with the name after it, the title is the person's
    for body, lang in (("The Ukrainian president Volodymyr Zelensky accused Russia of terror.", "en"),
                       ("De Oekraïense president Volodymyr Zelensky beschuldigde Rusland van terreur.", "nl")):
        doc = _doc(body, lang)
        assert _actors(doc)["Volodymyr Zelensky"].properties["kind"] == "person", body
        assert _accusations(doc) == {("Ukraine", "Russia"), ("Volodymyr Zelensky", "Russia")}, body


# -- countries as places, and the parts a compass word names ---------------------------------------

def test_country_as_place_and_its_south_en() -> None:
    places = _places(_doc("Israeli strikes in southern Lebanon killed two people. A tanker was hit near Yanbu, "
                          "Saudi Arabia. Lebanon's army said nothing.", "en"))
    assert places["southern Lebanon"].properties["kind"] == "region"
    assert places["Lebanon"].properties["kind"] == "country"
    assert "Saudi Arabia" in places


def test_country_as_place_and_its_south_nl() -> None:
    places = _places(_doc("Israël viel doelen aan in het zuiden van Libanon en in Zuid-Libanon. In het noorden "
                          "van Burkina Faso vielen doden.", "nl"))
    assert "Zuid-Libanon" in places["southern Lebanon"].properties["aliases"]
    assert {"Lebanon", "northern Burkina Faso", "Burkina Faso"} <= set(places)


def test_country_possessive_before_a_place_is_a_place_en() -> None:
    places = _places(_doc("A drone operated by Sudan's RSF struck a market in Sudan's El Fasher. A missile hit "
                          "Ukraine's eastern town of Kramatorsk.", "en"))
    assert {"Sudan", "Ukraine"} <= set(places)
    assert places["Sudan"].properties["kind"] == "country"


def test_country_possessive_before_no_place_is_no_place_en() -> None:
    places = _places(_doc("Sudan's RSF denied it. The ball is in Russia's court, Syria's 23-month-old crisis "
                          "goes on.", "en"))
    assert not {"Sudan", "Russia", "Syria"} & set(places)


def _parents(doc: GraphDocument, place: str) -> set[str]:
    return {r.end for r in doc.relationships if r.type == "LOCATED_IN" and r.start == place}


def test_an_unknown_village_is_in_the_one_country_the_article_places_things_in() -> None:
    for body, lang in (("Ten soldiers were killed in an attack on an army post in Kowéla, in the north of "
                        "Burkina Faso.", "en"),
                       ("Tien soldaten kwamen om bij een aanval op een legerpost in Kowéla, in het noorden van "
                        "Burkina Faso.", "nl")):
        assert _parents(_doc(body, lang), "location:kowela") == {"actor:burkina-faso"}, body


def test_an_unknown_village_among_two_countries_stays_unplaced() -> None:
    doc = _doc("Ten soldiers were killed in an attack on an army post in Kowéla. Attacks in Mali and in "
               "Burkina Faso have risen this year.", "en")
    assert "Kowéla" in _places(doc) and _parents(doc, "location:kowela") == set()


def test_country_as_actor_only_is_no_place() -> None:
    assert "Russia" not in _places(_doc("Russia said the ball is in Russia's court.", "en"))
    assert "Russia" not in _places(_doc("Rusland zei dat het geen bestand wil.", "nl"))



def test_the_named_country_an_attack_struck_is_a_place_nl_en() -> None:
    for body, lang in (("An air strike hit a market in Mekelle on Monday, killing three people. The Ethiopian "
                        "government later confirmed the attack. Eritrea denied any role.", "en"),
                       ("Bij een luchtaanval op een markt in Mekelle kwamen maandag drie mensen om. De Ethiopische "
                        "regering bevestigde later de aanval. Eritrea ontkende elke betrokkenheid.", "nl")):
        doc = _doc(body, lang, date="2021-10-20")
        places = _places(doc)
        assert places["Ethiopia"].properties["kind"] == "country", body
        assert "Ethiop" in places["Ethiopia"].evidence[0].quote, body  # where the text names it
        assert "Eritrea" not in places, body  # named, but no attack lies in it
    # not named: the country a place lies in stays the gazetteer's context
    assert "Ethiopia" not in _places(_doc("An air strike hit a market in Mekelle on Monday, killing three.", "en"))

def test_leaders_chiefs_generals_and_counterparts_are_titles_nl_en() -> None:
    for body, lang, name in (
        ("On Wednesday, the UN human rights chief Navi Pillay placed the toll at 70,000.", "en", "Navi Pillay"),
        ("Mirzoyan spoke with his Azerbaijani counterpart Jeyhun Bayramov.", "en", "Jeyhun Bayramov"),
        ("General Edward Buba said the troops had repelled the attack.", "en", "Edward Buba"),
        ("De spanningen lopen op sinds de Iraanse generaal Qassem Soleimani werd gedood.", "nl", "Qassem Soleimani"),
        ("Zelensky sprak met zijn Franse ambtgenoot Emmanuel Macron.", "nl", "Emmanuel Macron"),
    ):
        assert _actors(_doc(body, lang))[name].properties["kind"] == "person", body
    # a body's name that starts with a title word stays the body
    actors = _actors(_doc("The General Staff of the Armed Forces of Ukraine said 40 drones were downed.", "en"))
    assert "Staff" not in actors and not any(a.properties["kind"] == "person" for a in actors.values())


def test_an_organisation_of_several_words_before_a_hyphen_is_an_actor_en() -> None:
    for body in ("Even as the African Union-led negotiations began in Pretoria, fighting went on.",
                 "The Intergovernmental Authority on Development-brokered truce held."):
        actors = _actors(_doc(body, "en"))
        assert len(actors) == 1 and next(iter(actors.values())).properties["kind"] == "organization", body
    assert not _actors(_doc("The Monday-night talks went on.", "en"))


def test_rescue_services_and_mediating_groups_are_actors_nl_en() -> None:
    civil_defence = "Palestinian Civil Defence"
    for body, lang, name in (("Gaza civil defence says at least 11 people were killed.", "en", civil_defence),
                             ("De Palestijnse burgerbescherming meldde 22 doden.", "nl", civil_defence),
                             ("Magen David Adom medics treated 20 people.", "en", "Magen David Adom"),
                             ("De Minsk-groep bemiddelt al jaren.", "nl", "OSCE Minsk Group"),
                             ("The rebels would report it to IGAD, the regional bloc.", "en",
                              "Intergovernmental Authority on Development")):
        assert name in _actors(_doc(body, lang)), body


def test_a_body_named_as_the_source_keeps_its_demonym_nl_en() -> None:
    for body, lang in (("Additionally, the Sudanese Doctors Network reported a second strike on the market.", "en"),
                       ("Five people were killed, according to the Sudanese Doctors Network.", "en")):
        actors = _actors(_doc(body, lang))
        assert actors["Sudanese Doctors Network"].properties["kind"] == "organization", body
        assert "Doctors Network" not in actors, body
    # a body named in passing, with no report of its own, is no actor
    assert "Doctors Network" not in _actors(_doc("The Doctors Network building was empty.", "en"))


def test_a_group_noun_called_a_name_is_that_armed_group_nl_en() -> None:
    for body, lang in (("A gang called “Ti Makak,” which means Little Macaques, killed three officers in Laboule.",
                        "en"),
                       ("Een bende genaamd Ti Makak doodde dinsdag drie agenten in Laboule.", "nl")):
        doc = _doc(body, lang)
        assert _actors(doc)["Ti Makak"].properties["kind"] == "armed_group", body
        assert [_starts(doc, a.id, "PERPETRATED") for a in _events(doc, "Attack")] == [{"Ti Makak"}], body
    # a name after "called" that the text calls something else is left alone
    assert "Ti Makak" not in _actors(_doc("Officers called Ti Makak leaders to talks.", "en"))


def test_a_minister_accuses_for_the_country_both_make_it_nl_en() -> None:
    for body, lang in (("Yemen's foreign minister Khaled al-Yamani accused the Houthis of irresponsible behaviour.",
                        "en"),
                       ("De Jemenitische minister van Buitenlandse Zaken Khaled al-Yamani beschuldigde de Houthi's van "
                        "onverantwoordelijk gedrag.", "nl")):
        doc = _doc(body, lang)
        accusation = _events(doc, "Accusation")[0]
        assert _starts(doc, accusation.id, "MADE") == {"Yemen", "Khaled al-Yamani"}, body
        assert _ends(doc, accusation.id, "AGAINST") == {"Houthis"}, body


def test_a_country_possessive_and_former_before_a_title_give_the_affiliation_nl_en() -> None:
    for body, lang in (("Kenya's former leader Uhuru Kenyatta led the talks.", "en"),
                       ("De voormalige Keniaanse president Uhuru Kenyatta leidde de gesprekken.", "nl")):
        person = _actors(_doc(body, lang))["Uhuru Kenyatta"]
        assert person.properties["affiliation"] == "Kenya", body


def test_denying_an_accusation_accuses_no_one_nl_en() -> None:
    en = _doc("Moscow-backed separatists breached the ceasefire, the Ukrainian army said, but the separatists denied "
              "the accusation.", "en")
    nl = _doc("Door Moskou gesteunde separatisten schonden het bestand, zei het Oekraïense leger, maar de separatisten "
              "ontkenden de beschuldiging.", "nl")
    for doc in (en, nl):
        assert all("Russia" not in _starts(doc, a.id, "MADE") for a in _events(doc, "Accusation"))
        assert any("Ukrainian Army" in _starts(doc, a.id, "MADE") for a in _events(doc, "Accusation"))


def test_an_acronym_with_its_possessive_is_the_group_en() -> None:
    # English only: Dutch writes "de strijders van de RSF"
    for fighters in ("RSF's fighters", "RSF’s fighters"):
        doc = _doc(f"Fighting continued in Sudan. The army said the {fighters} shelled a camp near El Fasher. The RSF "
                   "said the army bombed Nyala.", "en")
        assert ("Sudanese Armed Forces", "Rapid Support Forces") in _accusations(doc), fighters
    # a lower-case word is still no acronym
    assert "Sudanese Armed Forces" not in _actors(_doc("The saf's report was late.", "en"))


def test_security_forces_after_a_demonym_are_their_state_nl_en() -> None:
    for body, lang in (("Pakistani security forces pointed fingers at the Tehrik-i-Taliban Pakistan.", "en"),
                       ("Pakistaanse veiligheidstroepen beschuldigden de TTP van de aanval.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Pakistan", "Tehrik-i-Taliban Pakistan")}, body


def test_a_surname_with_its_article_transliterated_short_nl() -> None:
    doc = _doc("De Jemenitische minister van Buitenlandse Zaken Khaled a-Yamani beschuldigde de Houthi's.", "nl")
    assert "Khaled a-Yamani" in _actors(doc)


def test_a_first_name_that_is_a_place_opens_a_name_after_a_title_nl_en() -> None:
    for body, lang in (("Defensieminister Israel Katz zei zondag dat de strijders zich niet hebben teruggetrokken.",
                        "nl"),
                       ("Defence Minister Israel Katz said the fighters had not withdrawn.", "en")):
        actors = _actors(_doc(body, lang))
        assert actors["Israel Katz"].properties["kind"] == "person", body
    # a country after a title with no surname after it stays the country
    assert "Russia" in _actors(_doc("The minister Russia sent was absent.", "en"))


def test_a_name_set_off_by_commas_after_a_title_is_the_person_en() -> None:
    actors = _actors(_doc("Rebel spokesman, Dickson Gatluak, said on Sunday that a convoy was attacked.", "en"))
    assert actors["Dickson Gatluak"].properties["kind"] == "person"


def test_a_country_after_from_is_a_place_a_capital_is_its_government_nl_en() -> None:
    for body, lang in (("Fighting went on, backed by soldiers from neighbouring Eritrea. There was no reply "
                        "from Washington.", "en"),
                       ("De drones kwamen vanuit Eritrea. Congo trok zijn diplomaten terug uit Rwanda. Er kwam "
                        "geen reactie uit Washington.", "nl")):
        places = _places(_doc(body, lang))
        assert places["Eritrea"].properties["kind"] == "country", body
        assert "Washington" not in places, body
    assert "Rwanda" in _places(_doc("Congo trok zijn diplomaten terug uit Rwanda.", "nl"))


def test_a_demonym_before_territory_is_the_country_as_a_place_nl_en() -> None:
    for body, lang in (("The militants operate freely inside Afghan territory.", "en"),
                       ("De drones stortten neer op Russisch grondgebied.", "nl")):
        places = _places(_doc(body, lang))
        assert len(places) == 1 and next(iter(places.values())).properties["kind"] == "country", body
    assert "Russian army" not in _places(_doc("The Russian army advanced.", "en"))
    assert not _places(_doc("The Russian army advanced.", "en"))


def test_a_place_after_a_country_possessive_is_in_the_sentence_en() -> None:
    doc = _doc("Warring sides in the conflict in Ethiopia's Tigray opened talks on Tuesday.", "en")
    assert {"Ethiopia", "Tigray"} <= set(_places(doc))


def test_an_unknown_adjective_before_city_or_country_is_no_place_en() -> None:
    places = _places(_doc("Attacks hit civilians in the Tigrayan city of Maychew. Fighting erupted in the landlocked "
                          "African country.", "en", date="2022-11-04"))
    assert "Maychew" in places and not {"Tigrayan", "African"} & set(places)
    assert "Shejaia" in _places(_doc("Shelling hit homes in Shejaia on Monday.", "en"))


def test_an_unknown_name_before_area_or_township_is_the_place_itself_nl_en() -> None:
    for body, lang, name in (("Haftar's forces attacked the Abu Gurain area on Sunday.", "en", "Abu Gurain"),
                             ("A mine exploded in the Buthidaung township on Friday.", "en", "Buthidaung"),
                             ("The attack hit a camp in Borno State's Damboa area.", "en", "Damboa"),
                             ("Rebellen vielen het Tabora gebied aan.", "nl", "Tabora")):
        places = _places(_doc(body, lang))
        assert places[name].properties["kind"] == "area", body
    assert not _places(_doc("Fighting in the area went on.", "en"))


def test_the_part_of_the_country_the_article_is_about_nl_en() -> None:
    for body, lang, part in (
        ("Oekraïne meldde nieuwe aanvallen op Oekraïne. Raketten troffen doelen in het oosten van het land.", "nl",
         "eastern Ukraine"),
        ("Libya's government said the truce held in Libya. Rebels held the north of the country.", "en",
         "northern Libya"),
        ("Libya's government said the truce held in Libya. Haftar's forces attacked the country's northwest.", "en",
         "northwestern Libya"),
    ):
        places = _places(_doc(body, lang))
        assert places[part].properties["kind"] == "region", body
    # two countries named as often: which one "the country" is stays open
    assert not _places(_doc("Russia and Ukraine traded blame. Fighting went on in the east of the country.", "en"))


def test_the_province_of_x_and_the_detachment_of_x_name_places_en() -> None:
    places = _places(_doc("Jihadists targeted the military detachment of Madjoari. Gunmen attacked a bus in the "
                          "northern province of Séno.", "en", date="2022-05-20"))
    assert places["Séno"].properties["kind"] == "region"
    assert "Madjoari" in places


def test_a_bare_name_of_a_region_the_article_named_is_that_region_nl_en() -> None:
    for body, lang in (("The Houthis have besieged Yemen's oil-rich province of Marib since February. A missile hit a "
                        "house in Marib on Sunday.", "en"),
                       ("De Houthi's belegeren sinds februari de olierijke provincie Marib. Een raket trof zondag een "
                        "huis in Marib.", "nl")):
        places = _places(_doc(body, lang, date="2021-06-07"))
        assert places["Marib"].properties["kind"] == "region", body
        assert "Ma'rib" not in places, body
    # "the city of" names the town, beside the province
    places = _places(_doc("Fighting went on in Yemen's province of Marib. A missile hit the city of Marib.", "en"))
    assert {"Marib", "Ma'rib"} <= set(places)


def test_an_agency_credit_after_a_written_dateline_is_no_actor_en() -> None:
    actors = _actors(_doc("Yerevan, May 11, (dpa/GNA) – Armenia’s Defence Ministry said Azerbaijani forces opened "
                          "fire.", "en"))
    assert "Government of National Accord" not in actors and "DPA" not in actors
    assert "Armenian Ministry of Defence" in actors


def test_the_donbas_peoples_republics_are_actors_nl_en() -> None:
    for body, lang in (("Representatives of the self-proclaimed Donetsk People’s Republic (DPR) denied it.", "en"),
                       ("De zelfverklaarde Volksrepubliek Donetsk ontkende de beschuldiging.", "nl")):
        assert "Donetsk People's Republic" in _actors(_doc(body, lang)), body


def test_al_qaeda_is_an_armed_group_nl_en() -> None:
    for body, lang in (("Movements affiliated with al-Qaeda have killed thousands.", "en"),
                       ("Bewegingen die gelieerd zijn aan Al-Qaida doodden duizenden mensen.", "nl")):
        assert _actors(_doc(body, lang))["al-Qaeda"].properties["kind"] == "armed_group", body


def test_a_compass_word_names_the_part_of_a_region_nl_en() -> None:
    for body, lang in (("An Israeli strike killed three people in northern Gaza.", "en"),
                       ("Een Israëlische aanval doodde drie mensen in het noorden van de Gazastrook.", "nl")):
        places = _places(_doc(body, lang))
        assert places["northern Gaza Strip"].properties["kind"] == "region", body
    # a city's north is a district, not a region to add
    assert not any(p.startswith("northern") for p in _places(_doc("Shelling hit northern Kharkiv.", "en")))


# -- accusations without "accuse" -----------------------------------------------------------------

def _accusations(doc: GraphDocument) -> set[tuple[str, str]]:
    return {(a, b) for n in _events(doc, "Accusation")
            for a in _starts(doc, n.id, "MADE") for b in _ends(doc, n.id, "AGAINST")}


def test_a_threat_after_the_report_leaves_the_reported_breach_nl_en() -> None:
    for body, lang in (("Pakistan carried out strikes in Paktika late Friday, breaking a ceasefire that had brought "
                        "calm to the border, a senior Taliban official told AFP, warning that Kabul would retaliate.",
                        "en"),
                       ("Pakistan heeft het bestand geschonden, zei een Taliban-functionaris tegen AFP, die "
                        "waarschuwde dat Kabul zou terugslaan.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Taliban", "Pakistan")}, body
    # a condition before the reported breach still makes it no accusation
    for body, lang in (("Pakistan said it would retaliate if the Taliban violated the ceasefire.", "en"),
                       ("Pakistan zei dat het zou terugslaan als de Taliban het bestand schenden.", "nl")):
        assert _accusations(_doc(body, lang)) == set(), body


def test_a_violation_after_denied_accusations_is_the_speakers_accusation_nl_en() -> None:
    en = _doc("The Artsakh Ministry of Defense said the Azerbaijani accusations are false, and Azerbaijani units "
              "themselves violated the ceasefire.", "en", date="2022-02-21")
    nl = _doc("Artsachs ministerie van Defensie zei dat de beschuldigingen onwaar zijn, en dat de Azerbeidzjaanse "
              "eenheden zelf het bestand hebben geschonden.", "nl", date="2022-02-21")
    for doc in (en, nl):
        assert _accusations(doc) == {("Artsakh Ministry of Defense", "Azerbaijan")}


def test_who_denies_the_other_sides_accusations_is_the_accused_nl_en() -> None:
    for body, lang in (("Russia rejected Ukraine's accusations.", "en"),
                       ("Moscow dismissed Kyiv's latest accusations that Russian troops shelled the plant.", "en"),
                       ("Rusland ontkent de beschuldigingen van Oekraïne dat het de kerncentrale beschoot.", "nl"),
                       ("Moskou wees de Oekraïense beschuldigingen van de hand.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Ukraine", "Russia")}, body
    # accusations told before are not told again; a denial of no one's accusations accuses no one
    for body, lang in (("Ukraine accused Russia of shelling the plant. Russia rejected Ukraine's accusations.", "en"),
                       ("Rusland verwierp de beschuldigingen.", "nl")):
        assert len(_events(_doc(body, lang), "Accusation")) == (1 if lang == "en" else 0), body


def test_allegations_are_accusations_nl_en() -> None:
    for body, lang in (("Russia rejected Ukraine's allegations.", "en"),
                       ("Moscow dismissed Kyiv's allegations that Russian troops shelled the plant.", "en"),
                       ("Rusland verwierp de aantijgingen van Oekraïne.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Ukraine", "Russia")}, body
    # denying no one's allegations accuses no one
    for body, lang in (("Russia denied the allegations.", "en"), ("Rusland ontkende de aantijgingen.", "nl")):
        assert not _accusations(_doc(body, lang)), body


def test_the_one_a_violation_was_reported_to_does_not_allege_it_nl_en() -> None:
    en = _doc("Azerbaijan violated the ceasefire overnight. The Azerbaijani ceasefire violation was reported to the "
              "Russian peacekeeping contingent.", "en", date="2022-02-21")
    nl = _doc("Azerbeidzjan schond vannacht het bestand. De Azerbeidzjaanse schending van het bestand werd gemeld "
              "aan de Russische vredesmacht.", "nl", date="2022-02-21")
    for doc in (en, nl):
        assert not any(a == "Russian peacekeeping contingent" for a, _ in _accusations(doc))


def test_attacks_reported_despite_a_truce_are_the_speakers_accusation_nl_en() -> None:
    nl = _doc("Ondanks het bestand dat Moskou had afgekondigd, meldt Kyiv drie bestormingen en 40 beschietingen.", "nl")
    en = _doc("The Government of National Accord said on Sunday that Haftar's forces had launched attacks in the "
              "northwest despite a call for a ceasefire.", "en", date="2020-01-26")
    assert _accusations(nl) == {("Ukraine", "Russia")}
    assert _accusations(en) == {("Government of National Accord", "Libyan National Army")}
    # the speaker's own strike accuses no one
    for body, lang in (("Despite the ceasefire, Israel said it struck Hezbollah targets in southern Lebanon.", "en"),
                       ("Ondanks het bestand zei Israël dat het doelen van Hezbollah in Zuid-Libanon aanviel.", "nl")):
        assert not _accusations(_doc(body, lang)), body


def test_the_name_before_a_late_speaker_does_not_say_it_nl_en() -> None:
    # "..., meldden de strijdkrachten": the speaker follows the verb; Lebanon, ending the clause
    # before the comma, said nothing
    nl = _doc("Hun acties waren een schending van de overeenkomst tussen Israël en Libanon, meldden de "
              "strijdkrachten.", "nl")
    en = _doc("The strikes violated the truce with Lebanon, said the army.", "en")
    for doc in (nl, en):
        assert not any(a == "Lebanon" for a, _ in _accusations(doc))


def test_the_ministry_that_speaks_is_the_ministry_named_before_nl_en() -> None:
    for body, lang in (("The Defence Ministry of Azerbaijan said a soldier was wounded on Thursday. \"Once again, "
                        "Armenia violated the ceasefire,\" the ministry added.", "en"),
                       ("Het Azerbeidzjaanse ministerie van Defensie meldde dat donderdag een soldaat gewond raakte. "
                        "\"Armenië heeft het bestand opnieuw geschonden\", aldus het ministerie.", "nl")):
        assert _accusations(_doc(body, lang, date="2023-05-11")) == {("Azerbaijani Ministry of Defence", "Armenia")}
    # with no ministry named before, "the ministry" speaks for no one
    for body, lang in (("Armenia violated the ceasefire, the ministry said.", "en"),
                       ("Armenië heeft het bestand geschonden, aldus het ministerie.", "nl")):
        assert not _accusations(_doc(body, lang)), body


def test_a_name_after_a_verb_with_its_subject_is_what_is_said_en() -> None:
    # "the minister said Russia had …": Russia is the subject of what is said, the speaker is the
    # state whose unnamed official speaks
    for body in ("Ukraine's foreign minister said Russia had violated the truce.",
                 "Ukraine's foreign minister said Russia was responsible for the attack."):
        assert _accusations(_doc(body, "en")) == {("Ukraine", "Russia")}, body
    # a late speaker after a comma, or after "according to", still says it
    for body in ("Russia violated the truce on Sunday, said Ukraine.",
                 "Russia violated the truce on Sunday according to Ukraine."):
        assert _accusations(_doc(body, "en")) == {("Ukraine", "Russia")}, body


def test_the_speaker_is_the_name_nearest_its_verb_not_a_place_or_what_is_said_nl_en() -> None:
    en = _doc("South Sudan rebels say the army forces have violated the newly-signed ceasefire agreement.", "en")
    assert _accusations(en) == {("armed group in South Sudan", "Sudan People's Liberation Army")}
    nl = _doc("Rebellen in Zuid-Soedan zeggen dat Zuid-Soedan het bestand heeft geschonden.", "nl")
    assert not any(a == "South Sudan" for a, _ in _accusations(nl))


def test_a_country_after_the_accuser_says_where_it_is_nl_en() -> None:
    # "Police in Haiti blame …": Haiti is where the police are, not who blames
    for body, lang in (("Police in Haiti blamed the 400 Mawozo gang for the killings.", "en"),
                       ("Police in Haiti held the 400 Mawozo gang responsible for the killings.", "en"),
                       ("De politie in Haïti beschuldigt de bende 400 Mawozo van de moorden.", "nl"),
                       ("De politie in Haïti geeft de bende 400 Mawozo de schuld van de moorden.", "nl")):
        accusers = {a for a, _ in _accusations(_doc(body, lang))}
        assert accusers == {"Haitian National Police"}, body


def test_a_breach_that_is_the_reason_for_the_subjects_act_is_not_the_subjects_nl_en() -> None:
    # "X targeted the ship for violating the ban": the ship broke it, not X
    for body, lang in (("\"The Yemeni armed forces carried out an operation targeting the ship for violating the "
                        "ban,\" a Houthi spokesperson said.", "en"),
                       ("\"De Jemenitische strijdkrachten vielen het schip aan wegens schending van het verbod\", "
                        "zei een woordvoerder van de Houthi's.", "nl")):
        assert not _accusations(_doc(body, lang)), body
    # the side it acts on broke the deal
    for body, lang in (("Israel struck Hezbollah for violating the truce, the army said.", "en"),
                       ("Israël viel Hezbollah aan wegens schending van het bestand, zei het leger.", "nl")):
        assert ("Israel Defense Forces", "Hezbollah") in _accusations(_doc(body, lang)), body


def test_trading_accusations_is_mutual_en() -> None:
    doc = _doc("Despite the ceasefire, Israel and the Lebanese armed faction Hezbollah are trading accusations "
               "of violations.", "en")
    assert _accusations(doc) == {("Israel", "Hezbollah"), ("Hezbollah", "Israel")}


def test_said_did_not_respect_the_ceasefire_en() -> None:
    assert _accusations(_doc("Kyiv said Moscow did not respect the ceasefire.", "en")) == {("Ukraine", "Russia")}


def test_give_each_other_the_blame_nl() -> None:
    doc = _doc("Het bestand wordt vaak geschonden en India en Pakistan geven elkaar de schuld.", "nl")
    assert _accusations(doc) == {("India", "Pakistan"), ("Pakistan", "India")}


def test_inverted_accuser_nl() -> None:
    doc = _doc("Na de gevechten beschuldigde het Indiase leger Pakistan van een schending van het bestand.", "nl")
    assert _accusations(doc) == {("Indian Army", "Pakistan")}


def test_a_relative_clause_whose_subject_accuses_nl_en() -> None:
    # "Russia, which Ukraine accuses of …": Ukraine accuses the name the relative stands for
    for body, lang in (("Russia, which Ukraine accuses of shelling the plant, denied it.", "en"),
                       ("Rusland, dat Oekraïne beschuldigt van de beschietingen, ontkent.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Ukraine", "Russia")}, body
    # with no relative the accuser still comes first
    for body, lang in (("Kyiv held Moscow responsible.", "en"),
                       ("Oekraïne geeft Rusland de schuld van de aanval op de brug.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Ukraine", "Russia")}, body


def test_peoples_named_by_their_plural_accuse_and_are_accused_nl_en() -> None:
    for body, lang in (("The Russians accused the Ukrainians of shelling the plant.", "en"),
                       ("De Russen beschuldigen de Oekraïners van beschietingen.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Russia", "Ukraine")}, body
    # an adjective names no people of its own: "Russian drones" are not the accused
    for body, lang in (("Ukraine accused Russia of launching Iranian drones.", "en"),
                       ("Oekraïne beschuldigt Rusland van aanvallen met Iraanse drones.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Ukraine", "Russia")}, body


def test_a_people_named_by_its_plural_reports_a_breach_nl_en() -> None:
    for body, lang in (("The Ukrainians said the Russians violated the truce.", "en"),
                       ("Volgens de Oekraïners hebben de Russen het bestand geschonden.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Ukraine", "Russia")}, body


def test_an_object_pronoun_is_the_side_named_before_nl_en() -> None:
    for body, lang in (("The RSF shelled the camp on Sunday. The Sudanese army accused them of killing civilians.",
                        "en"),
                       ("De RSF beschoot zondag het kamp. Het Soedanese leger beschuldigde hen van het doden van "
                        "burgers.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Sudanese Armed Forces", "Rapid Support Forces")}, body
    # with no accuser named, the pronoun object accuses no one
    for body, lang in (("The RSF shelled the camp on Sunday. Many accused them of killing civilians.", "en"),
                       ("De RSF beschoot zondag het kamp. Velen beschuldigden hen van het doden van burgers.", "nl")):
        assert not _accusations(_doc(body, lang)), body


def test_attributing_an_attack_or_naming_the_culprit_blames_nl() -> None:
    for body in ("Oekraïne schreef de aanval toe aan Rusland.", "Kyiv wees Rusland aan als dader van de aanval."):
        assert _accusations(_doc(body, "nl")) == {("Ukraine", "Russia")}, body
    # an attack attributed by no one named accuses no one
    assert not _accusations(_doc("Bij een aanval die wordt toegeschreven aan de ADF-rebellen zijn zes burgers gedood "
                                 "in Ituri, in het oosten van Congo.", "nl"))


def test_a_name_after_that_opens_a_clause_not_a_place_nl_en() -> None:
    # "said in a statement that India …": "in" governs the statement, India is the subject of what is said
    for body, lang in (("Pakistan said in a statement that India had violated the ceasefire.", "en"),
                       ("Pakistan zei in een verklaring dat India het bestand had geschonden.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Pakistan", "India")}, body
    # a name right after "in" is still where something happened
    for body, lang in (("Pakistan said in a statement that fighting went on in India.", "en"),
                       ("Pakistan zei in een verklaring dat de gevechten in India doorgingen.", "nl")):
        assert "India" in _places(_doc(body, lang)) and not _accusations(_doc(body, lang)), body


def test_a_broker_fused_to_its_participle_is_no_side_nl_en() -> None:
    # "the US-brokered truce", "het VS-bemiddelde bestand": the broker did not carry out the attack
    for body, lang in (("Russian missiles struck Odesa on Monday, despite the US-brokered truce. Ukraine said the "
                        "attack was a violation of the truce.", "en"),
                       ("Russische raketten troffen maandag Odesa, ondanks het VS-bemiddelde bestand. Oekraïne zei "
                        "dat de aanval een schending van het bestand was.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Ukraine", "Russia")}, body
    # a backed group is still the side that attacked
    doc = _doc("The Iran-backed Houthis fired missiles at Israel. Israel said the attack was a violation of the truce.",
               "en")
    assert _accusations(doc) == {("Israel", "Houthis")}


def test_calling_an_attack_a_breach_reports_the_breach_nl_en() -> None:
    for body, lang in (("Lebanon called the Israeli strike a blatant violation of the ceasefire.", "en"),
                       ("Libanon noemde de Israëlische aanval een flagrante schending van het bestand.", "nl"),
                       ("Israeli strikes killed 20 people in Gaza on Sunday. Lebanon called the strike a flagrant "
                        "violation of the ceasefire.", "en"),
                       ("Israëlische aanvallen doodden zondag twintig mensen. Libanon sprak van een schending van het "
                        "bestand door Israël.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Lebanon", "Israel")}, body
    # a call for an end to violations names no one who broke the truce
    for body in ("Lebanon called for an end to violations of the ceasefire.",
                 "Lebanon called on both sides to stop violations of the ceasefire."):
        assert not _accusations(_doc(body, "en")), body


def test_a_source_with_its_article_after_volgens_is_not_the_attacker_nl() -> None:
    # "Volgens het Thaise leger openden …": the verb comes next, then the side that attacked
    for body, pair in (("Volgens het Thaise leger openden Cambodjaanse troepen als eerste het vuur.",
                        ("Royal Thai Army", "Cambodia")),
                       ("Volgens het Soedanese leger heeft de RSF het kamp zonder aanleiding aangevallen.",
                        ("Sudanese Armed Forces", "Rapid Support Forces"))):
        assert _accusations(_doc(body, "nl")) == {pair}, body
    # a lone report of the enemy's strikes is still no accusation
    assert not _accusations(_doc("Volgens het Thaise leger vuurde Cambodja raketten af op burgerdoelen.", "nl"))


def test_a_reporting_verb_after_and_shares_the_opening_subject_en_nl() -> None:
    for body, lang in (("Cambodia denied the claim and said Thai troops had violated the ceasefire.", "en"),
                       ("Cambodja ontkende dat en zei dat Thaise troepen het bestand hadden geschonden.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Cambodia", "Thailand")}, body
    # a sentence that no side opens leaves the speaker of the coordinated verb unknown
    doc = _doc("The drones hit Kyiv and officials said Russia had violated the truce.", "en")
    assert not _accusations(doc)


def test_blame_given_to_the_second_nl() -> None:
    assert _accusations(_doc("Rusland geeft Oekraïne de schuld van de aanval op de brug.", "nl")) == {
        ("Russia", "Ukraine")}


def test_violations_by_an_agent_nl_en() -> None:
    nl = _doc("Volgens Israël waren de aanvallen reacties op schendingen van het bestand door Hamas.", "nl")
    en = _doc("Israel said the strikes answered violations of the truce by Hamas.", "en")
    assert _accusations(nl) == _accusations(en) == {("Israel", "Hamas")}


def test_a_described_speaker_and_a_violation_by_attacking_a_city_nl_en() -> None:
    nl = _doc("Volgens de paramilitaire groep RSF heeft het Soedanese leger de wapenstilstand geschonden door "
              "Khartoem te blijven aanvallen met vliegtuigen.", "nl")
    assert _accusations(nl) == {("Rapid Support Forces", "Sudanese Armed Forces")}
    en = _doc("Ukraine said Russia violated the truce by attacking Kyiv.", "en")
    assert _accusations(en) == {("Ukraine", "Russia")}


def _deals(doc: GraphDocument) -> list[tuple[str, str, set[str]]]:
    return [(str(n.properties["topic"]), str(n.properties.get("status")), _starts(doc, n.id, "PARTY_TO"))
            for n in _events(doc, "Agreement")]


def test_a_dutch_compound_deal_noun_and_a_signing_told_now_are_an_agreement_nl_en() -> None:
    parties = {"Democratic Republic of the Congo", "Rwanda"}
    for body, lang in (("Congo en Rwanda hebben een vredesovereenkomst ondertekend in het Witte Huis.", "nl"),
                       ("Congo en Rwanda ondertekenen vredesakkoord.", "nl"),
                       ("Congo and Rwanda sign peace deal.", "en")):
        assert _deals(_doc(body, lang)) == [("peace", "agreed", parties)], body


def test_a_deal_still_to_be_signed_is_proposed_nl_en() -> None:
    for body, lang in (("Russia and Ukraine will sign the ceasefire on Monday.", "en"),
                       ("Russia and Ukraine are expected to sign a ceasefire next week.", "en"),
                       ("Rusland en Oekraïne willen volgende week een bestand ondertekenen.", "nl"),
                       ("Rusland en Oekraïne zullen het bestand tekenen.", "nl")):
        assert [status for _, status, _ in _deals(_doc(body, lang))] == ["proposed"], body
    # "to" before the clause, not before the verb: the deal was signed
    doc = _doc("According to the ceasefire Russia and Ukraine signed, both sides withdraw.", "en")
    assert [status for _, status, _ in _deals(doc)] == ["agreed"]


def test_both_countries_are_the_parties_of_the_truce_just_named_nl_en() -> None:
    # one "ceasefire" node gathers both truces; "beide landen" are the parties of the second
    nl = _doc("Israël beschuldigt Hamas van schending van het bestand. Armenië en Azerbeidzjan sloten een "
              "wapenstilstand. Kort daarna was het bestand gebroken, waarvoor beide landen elkaar de schuld gaven.",
              "nl")
    en = _doc("Israel accused Hamas of violating the truce. Armenia and Azerbaijan agreed a ceasefire. "
              "It collapsed within hours, and the two countries blamed each other.", "en")
    for doc in (nl, en):
        assert _accusations(doc) == {("Israel", "Hamas"), ("Armenia", "Azerbaijan"), ("Azerbaijan", "Armenia")}


def test_announced_truce_and_its_earlier_mediator_nl() -> None:
    doc = _doc("Armenië en Azerbeidzjan hebben opnieuw een staakt-het-vuren aangekondigd. Een week geleden was "
               "er al een wapenstilstand aangekondigd, na bemiddeling van Moskou. Kort daarna was het bestand "
               "al gebroken, waarvoor beide landen elkaar de schuld gaven.", "nl")
    [ag] = _events(doc, "Agreement")
    assert _starts(doc, ag.id, "PARTY_TO") == {"Armenia", "Azerbaijan"}
    assert _starts(doc, ag.id, "MEDIATED") == {"Russia"}
    assert _accusations(doc) == {("Armenia", "Azerbaijan"), ("Azerbaijan", "Armenia")}


def test_held_responsible_behind_the_attack_and_blame_of_two_nl_en() -> None:
    cases = [
        ("Kyiv held Moscow responsible for the strike.", "en", {("Ukraine", "Russia")}),
        ("Kyiv houdt Moskou verantwoordelijk voor de aanval.", "nl", {("Ukraine", "Russia")}),
        ("Israel said Hamas was behind the attack.", "en", {("Israel", "Hamas")}),
        ("Israël zegt dat Hamas achter de aanval zit.", "nl", {("Israel", "Hamas")}),
        ("The Houthis blamed the United States and Britain for the strikes.", "en",
         {("Houthis", "United States"), ("Houthis", "United Kingdom")}),
        ("De Houthi's gaven de Verenigde Staten en Groot-Brittannië de schuld van de aanvallen.", "nl",
         {("Houthis", "United States"), ("Houthis", "United Kingdom")}),
    ]
    for text, lang, expected in cases:
        assert _accusations(_doc(text, lang)) == expected, text
    # a relative clause describes, it does not accuse
    doc = _doc("Het Israëlische leger liet weten dat een aanval is uitgevoerd op een Hamas-terrorist die "
               "verantwoordelijk was voor het plannen van aanslagen.", "nl")
    assert not _accusations(doc)


def test_held_accountable_blames_as_held_responsible_does_en() -> None:
    # Dutch says "verantwoordelijk houden" / "aansprakelijk stellen" for both (see above)
    for body in ("Kyiv held Moscow accountable for the strike.",
                 "Ukraine said it holds Russia fully accountable for the attack on the hospital."):
        assert _accusations(_doc(body, "en")) == {("Ukraine", "Russia")}, body
    # those to be held accountable, named by no side, are no one's accusation
    assert not _accusations(_doc("Ukraine said those responsible must be held accountable.", "en"))


def test_each_accused_the_other_and_in_strijd_met_nl_en() -> None:
    en = _doc("Israel and Hamas have each accused the other of violating the truce.", "en")
    assert _accusations(en) == {("Israel", "Hamas"), ("Hamas", "Israel")}
    nl = _doc("Rusland zei dat Oekraïne energie-installaties had aangevallen in strijd met het moratorium.", "nl")
    assert _accusations(nl) == {("Russia", "Ukraine")}


def test_condemned_violations_and_stelt_dat_and_a_state_army_by_possessive_nl_en() -> None:
    assert _accusations(_doc("Hamas denounced Israel's violations of the ceasefire.", "en")) == {("Hamas", "Israel")}
    assert _accusations(_doc("Hamas hekelde de Israëlische schendingen van het staakt-het-vuren.", "nl")) == {
        ("Hamas", "Israel")}
    stelt = _doc("Oekraïne stelt dat Rusland het bestand heeft geschonden.", "nl")
    assert _accusations(stelt) == {("Ukraine", "Russia")}
    # "Sudan's army" is the pack's Sudanese Armed Forces, as "het Soedanese leger" is
    en = _doc("Sudan's army accused the RSF of attacking a camp.", "en")
    nl = _doc("Het Soedanese leger beschuldigde de RSF van een aanval op een kamp.", "nl")
    assert _accusations(en) == _accusations(nl) == {("Sudanese Armed Forces", "Rapid Support Forces")}


def test_a_dutch_accusing_verb_at_the_end_of_its_clause_has_both_sides_before_it_nl_en() -> None:
    # "heeft X beschuldigd van steun aan Y", "nadat X Y beschuldigde van": the subject and the accused
    # come before the verb; the side named after it is what the accused did
    for body in ("De Soedanese regering heeft de Verenigde Arabische Emiraten beschuldigd van steun aan de RSF.",
                 "Soedan heeft de VAE ervan beschuldigd de RSF te steunen.",
                 "Het leger meldde dat Soedan de VAE beschuldigde van steun aan de RSF."):
        assert _accusations(_doc(body, "nl")) == {("Sudan", "United Arab Emirates")}, body
    # a subject of two joined names: Iran is accused, not Hamas
    found = _accusations(_doc("De VS en Israël hebben Iran beschuldigd van steun aan Hamas.", "nl"))
    assert ("Israel", "Iran") in found and not any(b == "Hamas" for _, b in found), found
    # the verb second: its object follows it, in Dutch as in English
    for body, lang in (("Soedan beschuldigt de VAE van steun aan de RSF.", "nl"),
                       ("Sudan has accused the UAE of supporting the RSF.", "en")):
        assert _accusations(_doc(body, lang)) == {("Sudan", "United Arab Emirates")}, body


def test_each_clause_with_a_word_of_blame_tells_its_own_accusation_en_nl() -> None:
    for body, lang in (("Israel blamed Hamas for the breakdown of the ceasefire, while Hamas accused Israel of "
                        "stalling.", "en"),
                       ("Israël gaf Hamas de schuld van het mislukken van het bestand, terwijl Hamas Israël "
                        "beschuldigde van vertraging.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Israel", "Hamas"), ("Hamas", "Israel")}, body
    # one clause, one accusation: the denial after it accuses no one
    for body, lang in (("Israel blamed Hamas for the breakdown of the ceasefire, while Hamas denied it.", "en"),
                       ("Israël gaf Hamas de schuld van het mislukken van het bestand, terwijl Hamas dat "
                        "ontkende.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Israel", "Hamas")}, body


def test_not_complying_with_a_truce_and_a_broken_truce_are_breaches_en_nl() -> None:
    for body, lang in (("Hamas said Israel was not abiding by the ceasefire.", "en"),
                       ("Hamas said Israel did not comply with the ceasefire.", "en"),
                       ("Hamas zegt dat Israël het bestand heeft gebroken.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Hamas", "Israel")}, body
    # a truce that holds accuses no one
    for body, lang in (("Hamas said Israel was abiding by the ceasefire.", "en"),
                       ("Hamas zegt dat Israël zich aan het bestand houdt.", "nl")):
        assert not _accusations(_doc(body, lang)), body


def test_a_claimed_attack_the_named_side_denies_is_an_accusation_en_nl() -> None:
    for body, lang in (("Russia said Ukrainian forces shelled the plant. Kyiv denied involvement.", "en"),
                       ("Russia said Ukrainian forces shelled the plant, a claim Kyiv denied.", "en"),
                       ("Rusland zegt dat Oekraïense troepen de kerncentrale beschoten. Kyiv ontkent elke "
                        "betrokkenheid.", "nl"),
                       ("Rusland zegt dat Oekraïense troepen de kerncentrale beschoten. Dat ontkent Kyiv.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Russia", "Ukraine")}, body
    # a lone claim, or a denial by the claimant, is still news
    for body, lang in (("Russia said Ukrainian forces shelled the plant. Kyiv has not commented.", "en"),
                       ("Russia said Ukrainian forces shelled the plant. Moscow denied shelling it itself.", "en"),
                       ("Rusland zegt dat Oekraïense troepen de kerncentrale beschoten. Moskou ontkent zelf te "
                        "hebben geschoten.", "nl")):
        assert not _accusations(_doc(body, lang)), body


# -- unilateral and declared truces: agreements with their one party ------------------------------

@pytest.mark.parametrize(("en", "nl", "topic", "parties"), [
    ("India and Pakistan agreed to stop all firing and military action.",
     "India en Pakistan kwamen overeen alle beschietingen te staken.", "ceasefire", {"India", "Pakistan"}),
    ("Armenia and Azerbaijan initialled a peace agreement.",
     "Armenië en Azerbeidzjan parafeerden een akkoord over vrede.", "peace", {"Armenia", "Azerbaijan"}),
])
def test_agreeing_to_stop_firing_or_initialling_makes_an_agreement_nl_en(
        en: str, nl: str, topic: str, parties: set[str]) -> None:
    for doc in (_doc(en, "en"), _doc(nl, "nl")):
        ag, party_names = _agreement(doc)
        assert ag.properties["topic"] == topic and party_names == parties


def _agreement(doc: GraphDocument) -> tuple[Node, set[str]]:
    [ag] = _events(doc, "Agreement")
    return ag, _starts(doc, ag.id, "PARTY_TO")


def test_declared_unilateral_ceasefire_en() -> None:
    ag, parties = _agreement(_doc("The M23 rebels declared a unilateral ceasefire on Monday.", "en"))
    assert ag.properties["topic"] == "ceasefire" and parties == {"M23"}


def test_truce_declared_by_one_side_nl() -> None:
    doc = _doc("Ondanks het bestand dat Moskou had afgekondigd, meldt Kyiv drie bestormingen.", "nl")
    ag, parties = _agreement(doc)
    assert ag.properties["topic"] == "ceasefire" and parties == {"Russia"}


def test_the_side_that_declared_a_truce_is_its_one_party_nl_en() -> None:
    for body, lang in (("Kyiv reported three assaults despite the truce Moscow had declared.", "en"),
                       ("Kyiv meldt drie bestormingen, ondanks het bestand dat Moskou had afgekondigd.", "nl")):
        _, parties = _agreement(_doc(body, lang))
        assert parties == {"Russia"}, body
    # a deal two sides made keeps both
    _, parties = _agreement(_doc("Israël en Hamas sloten een bestand dat door Qatar was bemiddeld.", "nl"))
    assert parties == {"Israel", "Hamas"}


def test_who_counts_the_attacks_reports_them_nl_en() -> None:
    for body, lang in (("Ondanks het bestand dat Moskou had afgekondigd, meldt Kyiv drie bestormingen en 40 "
                        "beschietingen.", "nl"),
                       ("Despite the truce Moscow had declared, Kyiv reported three assaults and 40 shellings.", "en")):
        doc = _doc(body, lang)
        assert [perps for _, perps, _ in _attacks(doc)] == [set()], body
        assert any(r.type == "REPORTED" for r in doc.relationships), body


def test_main_clause_agree_verbs_nl() -> None:
    for body in ("Rusland en Oekraïne gingen akkoord met een wapenstilstand.",
                 "Rusland en Oekraïne kwamen overeen een wapenstilstand in te stellen."):
        ag, parties = _agreement(_doc(body, "nl"))
        assert ag.properties["status"] == "agreed" and {"Russia", "Ukraine"} <= parties, body


def test_resumed_after_truce_collapsed_nl_en() -> None:
    ag, _ = _agreement(_doc("Israël hervatte in maart na een wekenlang bestand de luchtaanvallen.", "nl"))
    assert ag.properties["status"] == "collapsed"
    ag, _ = _agreement(_doc("Israel resumed air strikes after a weeks-long truce.", "en"))
    assert ag.properties["status"] == "collapsed"


def test_a_truce_named_after_a_holiday_takes_that_name() -> None:
    for body, lang in (("Putin declared a 30-hour Easter truce on Saturday.", "en"),
                       ("Poetin kondigde zaterdag een paasbestand af.", "nl"),
                       ("Rusland kondigde een bestand met Pasen af.", "nl"),
                       ("The army declared a ceasefire for Eid al-Fitr.", "en")):
        ag, _ = _agreement(_doc(body, lang))
        assert ag.properties["topic"] == "ceasefire", body
        assert ag.properties["name"] in ("Easter truce", "Eid truce"), body


def test_a_holiday_far_from_the_truce_names_nothing() -> None:
    for body, lang in (("After Easter, Russia and Ukraine agreed to a ceasefire.", "en"),
                       ("Na Pasen sloten Rusland en Oekraïne een wapenstilstand.", "nl")):
        ag, _ = _agreement(_doc(body, lang))
        assert ag.properties["name"] != "Easter truce", body


# -- event coreference: "the strike" / "de aanval" in a later sentence is the attack told ---------

def _attacks(doc: GraphDocument) -> list[tuple[object, set[str], set[str]]]:
    return [(n.properties.get("killed"), _starts(doc, n.id, "PERPETRATED"), _ends(doc, n.id, "TARGETED"))
            for n in _events(doc, "Attack")]


def _perpetrator_targets(doc: GraphDocument) -> set[tuple[str, str]]:
    """(perpetrator, target) of every attack."""
    return {(p, t) for _, perps, targets in _attacks(doc) for p in perps for t in targets}


def test_a_place_naming_a_meeting_is_no_place_of_the_attack_en() -> None:
    doc = _doc("Haftar's forces shelled Tripoli on Sunday, despite calls for a truce by the Berlin conference.",
               "en", date="2020-01-26")
    assert _attacks(doc) == [(None, {"Libyan National Army"}, {"Tripoli"})]


def test_the_venue_after_a_meeting_word_is_no_place_of_the_attack_nl() -> None:
    # Dutch names a meeting by its venue after the noun ("de conferentie in Berlijn"), the rule
    # of the venue that follows a meeting word
    doc = _doc("De troepen van Haftar beschoten zondag Tripoli, ondanks de oproep van de conferentie in Berlijn "
               "tot een bestand.", "nl", date="2020-01-26")
    assert _attacks(doc) == [(None, {"Libyan National Army"}, {"Tripoli"})]


def test_a_town_with_a_possessive_is_the_town_nl_en() -> None:
    doc = _doc("Haftar's forces in Libya fired rockets at Tripoli’s Mitiga Airport.", "en", date="2020-01-26")
    assert {"Tripoli", "Mitiga Airport"} <= set(_places(doc)), _places(doc)
    assert _places(doc)["Tripoli"].properties.get("lat") is not None
    doc = _doc("Troepen van Haftar in Libië vuurden raketten af op Tripoli's luchthaven.", "nl", date="2020-01-26")
    assert "Tripoli" in _places(doc) and not any("Tripoli'" in p for p in _places(doc)), _places(doc)


def test_the_strike_gives_the_place_of_the_attack_en() -> None:
    doc = _doc("Five people died in a Russian missile strike on a market on Sunday. The strike hit the centre "
               "of the town of Kostiantynivka.", "en")
    assert _attacks(doc) == [(5, {"Russia"}, {"Kostiantynivka"})]


def test_de_aanval_gives_the_place_of_the_attack_nl() -> None:
    doc = _doc("Vijf mensen kwamen om bij een Russische raketaanval op een markt. De aanval trof het centrum "
               "van de stad Kostjantynivka.", "nl")
    assert _attacks(doc) == [(5, {"Russia"}, {"Kostiantynivka"})]


def test_a_toll_of_people_named_by_their_demonym_nl_en() -> None:
    en = _doc("Russian forces fired a missile at the city of Mykolaiv. At least 40 Ukrainian soldiers were "
              "killed in the attack.", "en")
    nl = _doc("Het Russische leger vuurde een raket af op de stad Mykolajiv. Bij die aanval zijn zeker veertig "
              "Oekraïense soldaten omgekomen.", "nl")
    for doc in (en, nl):
        assert [k for k, _, _ in _attacks(doc)] == [40]


def test_one_person_killed_nl() -> None:
    doc = _doc("Eén persoon kwam om bij een drone-aanval op de stad Al-Fakhari.", "nl")
    assert [k for k, _, _ in _attacks(doc)] == [1]


def test_a_separable_verb_around_its_subject_is_a_toll_nl() -> None:
    died = _doc("Bij een drone-aanval op Charkiv kwamen zeker twee mensen om bij hun huis.", "nl")
    assert [k for k, _, _ in _attacks(died)] == [2]
    for text in ("Na een drone-aanval op Charkiv kwamen zeker twee ministers om tien uur bijeen.",
                 "Na een drone-aanval op Charkiv kwamen twee ministers samen om te praten."):
        assert all(k is None for k, _, _ in _attacks(_doc(text, "nl")))


def test_who_condemns_the_attack_did_not_carry_it_out_nl_en() -> None:
    en = _doc("Gunmen killed seven people in an armed attack on an office in Bannu. Prime Minister Shehbaz "
              "Sharif, in a statement, condemned the attack.", "en")
    nl = _doc("Schutters doodden zeven mensen bij een gewapende aanval op een kantoor in Bannu. Premier Shehbaz "
              "Sharif veroordeelde de aanval in een verklaring.", "nl")
    for doc in (en, nl):
        [attack] = _events(doc, "Attack")
        assert attack.properties["method"] == "ground_assault"
        assert "Shehbaz Sharif" not in _starts(doc, attack.id, "PERPETRATED")


def test_the_same_province_is_the_province_named_last_nl_en() -> None:
    nl = _doc("Tien soldaten kwamen om bij een aanval in Hallalé. De aanval deed zich voor in de provincie Soum. "
              "In dezelfde provincie was dinsdag ook al een aanval op een ander detachement. Daarbij kwamen 42 "
              "mensen om.", "nl")
    en = _doc("Ten soldiers were killed in an attack in Hallale. The attack took place in Soum province. In the "
              "same province, another detachment was attacked on Tuesday. 42 people were killed there.", "en")
    for doc in (nl, en):
        assert sorted((k, sorted(p)) for k, _, p in _attacks(doc))[-1] in ((42, ["Soum"]), (42, ["Soum province"]))


def test_the_same_dead_told_by_country_then_by_village_are_one_attack_nl() -> None:
    doc = _doc("Tien militairen zijn in Burkina Faso gedood bij een nieuwe aanval. Een patrouille is 's nachts "
               "overvallen in Alelé in de provincie Soum en tien militairen zijn gedood.", "nl")
    assert [k for k, _, _ in _attacks(doc)] == [10]


def test_a_news_outlet_is_no_perpetrator_en() -> None:
    doc = _doc("A junta airstrike killed ten people in Pale Township. BBC Burmese also reported the air "
               "strikes, with some outlets saying nine people had been killed.", "en")
    assert all("BBC" not in perps for _, perps, _ in _attacks(doc))


def test_bombers_bombs_and_dutch_ways_of_dying_nl_en() -> None:
    cases = [
        ("A suicide bomber blew himself up at a mosque in Peshawar, killing 59 people.", "en", "explosion", 59),
        ("Een zelfmoordterrorist heeft zichzelf opgeblazen in een moskee in Peshawar, waarbij 59 doden vielen.",
         "nl", "explosion", 59),
        ("Twee soldaten kwamen om toen hun voertuig op een bermbom reed.", "nl", "explosion", 2),
        ("De RSF beschoot een vluchtelingenkamp bij El Fasher, waarbij veertien burgers omkwamen.", "nl",
         "shelling", 14),
        ("Gewapende mannen hebben bij een aanval in de deelstaat Zamfara twaalf dorpelingen gedood.", "nl",
         "unknown", 12),
        ("Israëlische luchtaanvallen op de Gazastrook hebben zeker dertig Palestijnen gedood.", "nl", "airstrike", 30),
    ]
    for text, lang, method, killed in cases:
        [attack] = _events(_doc(text, lang), "Attack")
        assert (attack.properties["method"], attack.properties.get("killed")) == (method, killed), text
        assert attack.properties.get("methods") in (None, [method]), text  # "bomber" is no airstrike here


def test_a_new_attack_with_another_toll_stays_apart_en() -> None:
    doc = _doc("Five people died in a Russian missile strike on Sumy. Later the missile strike on Kharkiv "
               "killed two people.", "en")
    assert len(_events(doc, "Attack")) == 2


# -- group references: "the two sides", "beide partijen", "elkaar" are the parties last named ------

def test_the_two_sides_agreed_en() -> None:
    doc = _doc("Russian and Ukrainian delegations met in Istanbul on Friday. The two sides agreed to swap "
               "500 prisoners.", "en")
    _, parties = _agreement(doc)
    assert parties == {"Russia", "Ukraine"}


def test_beide_partijen_nl() -> None:
    doc = _doc("Rusland en Oekraïne spraken vrijdag in Istanboel. Beide partijen kwamen een gevangenenruil overeen.",
               "nl")
    _, parties = _agreement(doc)
    assert parties == {"Russia", "Ukraine"}


def test_elkaar_after_demonyms_nl() -> None:
    doc = _doc("Thaise en Cambodjaanse troepen vochten bij de grens. Ze beschuldigen elkaar van het schenden "
               "van het bestand.", "nl")
    assert _accusations(doc) == {("Thailand", "Cambodia"), ("Cambodia", "Thailand")}


# -- perpetrators from the agent --------------------------------------------------------------------

def test_by_country_possessive_group_is_the_group_en_nl() -> None:
    en = _doc("Five civilians were killed in a drone strike by Sudan's RSF in El Fasher on Thursday.", "en")
    nl = _doc("Vijf burgers kwamen om bij een drone-aanval door Soedans RSF in El Fasher.", "nl")
    assert {p for _, perp, _ in _attacks(en) for p in perp} == {"Rapid Support Forces"}
    assert {p for _, perp, _ in _attacks(nl) for p in perp} == {"Rapid Support Forces"}


def test_the_attack_was_by_names_the_perpetrator_nl_en() -> None:
    nl = _doc("Bij een luchtaanval in Myanmar zijn veertig mensen omgekomen. Volgens de rebellengroep werd de "
              "aanval uitgevoerd door het leger van Myanmar.", "nl")
    assert _attacks(nl) == [(40, {"Myanmar military"}, {"Myanmar"})]
    en = _doc("Forty people were killed in an airstrike in Myanmar. The attack was launched by the Myanmar military.",
              "en")
    assert _attacks(en) == [(40, {"Myanmar military"}, {"Myanmar"})]


def test_who_a_killing_verb_names_after_it_died_en() -> None:
    doc = _doc("The Saudi-led coalition said it killed 95 Houthis by aerial bombardment in Marib.", "en")
    assert [(k, perps) for k, perps, _ in _attacks(doc)] == [(95, {"Saudi-led coalition"})]
    assert [n.properties["method"] for n in _events(doc, "Attack")] == ["airstrike"]
    # the agent before the verb stays the agent; a Dutch verb comes before its subject
    doc = _doc("Houthi fighters killed 13 people in a missile attack on Marib.", "en")
    assert [(k, perps) for k, perps, _ in _attacks(doc)] == [(13, {"Houthis"})]
    doc = _doc("Volgens de bronnen doodde het Soedanese leger in een reactie op de aanval meerdere militanten.", "nl")
    assert [perps for _, perps, _ in _attacks(doc)] == [{"Sudanese Armed Forces"}]


def test_the_agent_of_a_killing_verb_and_its_counted_victims_nl_en() -> None:
    """"12 soldiers were killed by suspected jihadists in an attack": the agent of the killing
    verb carried the attack out; "jihadists killed at least 12 Malian soldiers": the soldiers
    after the verb and its count died, they did not attack."""
    for body, lang in (("At least 12 Malian soldiers were killed on Sunday by suspected jihadists in an attack on "
                        "an army base.", "en"),
                       ("Minstens 12 Malinese soldaten zijn zondag gedood door vermoedelijke jihadisten bij een "
                        "aanval op een legerbasis.", "nl"),
                       ("Suspected jihadists killed at least 12 Malian soldiers in an attack on an army base on "
                        "Sunday.", "en")):
        assert [(k, perps) for k, perps, _ in _attacks(_doc(body, lang))] == [(12, {"armed group in Mali"})], body


def test_an_aerial_bombardment_is_an_airstrike_nl_en() -> None:
    for body, lang in (("Bij luchtbombardementen op Marib kwamen zaterdag 95 Houthi-strijders om.", "nl"),
                       ("95 Houthi fighters were killed in an aerial bombardment of Marib on Saturday.", "en")):
        assert [n.properties["method"] for n in _events(_doc(body, lang), "Attack")] == ["airstrike"], body


def test_fighters_of_a_group_name_the_group_as_perpetrator_nl_en() -> None:
    for body, lang in (("Strijders van Boko Haram hebben zaterdag zeker 110 mensen gedood tijdens een aanval op "
                        "een dorp in Borno.", "nl"),
                       ("Fighters of Boko Haram killed at least 110 people in an attack on a village in Borno on "
                        "Saturday.", "en")):
        assert _attacks(_doc(body, lang)) == [(110, {"Boko Haram"}, {"Borno State"})], body
    # "van" before a name still keeps the name from being the agent where no member noun precedes it
    nl = _doc("Na een oproep van Nigeria vielen jihadisten zaterdag een dorp in Borno aan.", "nl")
    assert all("Nigeria" not in perps for _, perps, _ in _attacks(nl))


def test_the_massacre_is_the_attack_told_before_nl_en() -> None:
    for body, lang in (("Bij een aanval op een dorp in Nigeria zijn zaterdag zeker 110 mensen gedood. De slachting "
                        "vond plaats in het dorp Koshobe.", "nl"),
                       ("At least 110 people were killed in an attack on a village in Nigeria on Saturday. The "
                        "massacre took place in the village of Koshobe.", "en")):
        attacks = _attacks(_doc(body, lang))
        assert len(attacks) == 1 and "Koshobe" in attacks[0][2], body


# -- words whose lemma misleads, topics near their noun, brokered deals, clashes -----------------

def test_according_to_is_no_accord() -> None:
    # simplemma gives "accord" for "according"; with "between" in the sentence that was a deal
    doc = _doc("According to the health agency, 900 people were killed in fighting between the M23 rebels "
               "and Congolese forces in Goma.", "en")
    assert _events(doc, "Agreement") == []


def test_a_ceasefire_keeps_its_topic_when_a_specific_word_stands_far_from_it() -> None:
    far = _doc("The M23 movement announced a unilateral ceasefire in eastern Congo starting on Tuesday, "
               "citing humanitarian concerns.", "en")
    assert [g.properties["topic"] for g in _events(far, "Agreement")] == ["ceasefire"]
    near = _doc("Russia and Ukraine agreed a ceasefire on energy infrastructure on Tuesday.", "en")
    assert [g.properties["topic"] for g in _events(near, "Agreement")] == ["energy_strikes"]


def test_talks_are_held_where_they_were_not_where_what_followed_them_was() -> None:
    cases = (("Russia and Ukraine announced a ceasefire in eastern Ukraine after talks with Turkish mediators in "
              "Istanbul on Monday.", "en", "Istanbul"),
             ("Rusland en Oekraïne kondigden maandag een staakt-het-vuren in Oost-Oekraïne aan na gesprekken in "
              "Istanbul.", "nl", "Istanbul"),
             ("Een delegatie van Hamas is zondag aangekomen in Caïro voor gesprekken met bemiddelaars.", "nl", "Cairo"))
    for body, lang, venue in cases:
        doc = _doc(body, lang)
        talks = _events(doc, "Meeting")
        assert len(talks) == 1 and _ends(doc, talks[0].id, "HELD_AT") == {venue}, body


def test_the_country_a_violation_happened_in_is_not_who_broke_the_truce() -> None:
    for body, lang in (("Two civilians were killed in a Russian drone strike in northern Georgia, in violation of "
                        "the ceasefire, the European Union said.", "en"),
                       ("Twee burgers kwamen om bij een Russische droneaanval in het noorden van Georgië, in strijd "
                        "met het staakt-het-vuren, zei de Europese Unie.", "nl")):
        assert not any(accused == "Georgia" for _, accused in _accusations(_doc(body, lang))), body
    for body, lang in (("Russia violated the ceasefire in northern Georgia, the European Union said.", "en"),
                       ("Volgens de Europese Unie schond Rusland het staakt-het-vuren in het noorden van Georgië.",
                        "nl")):
        assert _accusations(_doc(body, lang)) == {("European Union", "Russia")}, body


def test_a_toll_of_a_whole_period_is_no_attack() -> None:
    for body, lang in (("More than 400 soldiers have been killed in attacks by the militants so far this year, "
                        "officials said.", "en"),
                       ("Since the war began, Russian drones have killed more than 3,000 civilians in the "
                        "region.", "en"),
                       ("Dit jaar al zijn meer dan 400 soldaten gedood bij aanvallen van de militanten, aldus "
                        "functionarissen.", "nl"),
                       ("Sinds het begin van de oorlog hebben Russische drones in de regio meer dan 3000 burgers "
                        "gedood.", "nl"),
                       ("In recent years more than 36,000 people have been killed in attacks by the group.", "en"),
                       ("In de afgelopen jaren zijn door aanvallen al meer dan 36.000 mensen om het leven gekomen.",
                        "nl")):
        assert _events(_doc(body, lang), "Attack") == [], body
    news = _doc("Militants killed four soldiers in an attack on a checkpoint near Bannu on Tuesday.", "en")
    assert [a.properties["killed"] for a in _events(news, "Attack")] == [4]


def test_civilians_or_children_name_a_deals_topic_only_next_to_it() -> None:
    cases = (("Israel and Hamas signed a deal on Monday, two days after an air strike killed twelve civilians "
              "in the south.", "en", "other"),
             ("Russia and Ukraine agreed a deal on the return of children on Monday.", "en", "humanitarian"),
             ("Israël en Hamas tekenden maandag een akkoord, twee dagen nadat een luchtaanval twaalf burgers in "
              "het zuiden doodde.", "nl", "other"),
             ("Rusland en Oekraïne sloten maandag een akkoord over de terugkeer van kinderen.", "nl", "humanitarian"))
    for body, lang, topic in cases:
        assert [g.properties["topic"] for g in _events(_doc(body, lang), "Agreement")] == [topic], body


def test_the_agreement_is_the_one_deal_the_article_names_but_an_agreement_is_another() -> None:
    for body, lang in (("Armenia and Azerbaijan agreed a ceasefire on Saturday. The agreement was violated within "
                        "hours, Baku said.", "en"),
                       ("Armenië en Azerbeidzjan sloten zaterdag een staakt-het-vuren. De overeenkomst werd binnen "
                        "enkele uren geschonden, zei Bakoe.", "nl")):
        deals = _events(_doc(body, lang), "Agreement")
        assert [g.properties["topic"] for g in deals] == ["ceasefire"], body
        assert len(deals[0].evidence) == 2  # both sentences
    for body, lang in (("Armenia and Azerbaijan agreed a ceasefire on Saturday. On Monday Russia and Turkey signed "
                        "an agreement brokered by Qatar.", "en"),
                       ("Armenië en Azerbeidzjan sloten zaterdag een staakt-het-vuren. Maandag tekenden Rusland en "
                        "Turkije een akkoord, bemiddeld door Qatar.", "nl")):
        assert sorted(g.properties["topic"] for g in _events(_doc(body, lang), "Agreement")) == [
            "ceasefire", "other"], body


def test_a_brokered_agreement_is_one_without_known_mediators() -> None:
    for body, lang in (("In 2012 the rebels withdrew from the city after an agreement brokered by neighbouring "
                        "countries.", "en"),
                       ("In 2012 trokken de rebellen zich terug na een akkoord, bemiddeld door buurlanden.", "nl")):
        assert len(_events(_doc(body, lang), "Agreement")) == 1, body


def test_clashes_are_ground_fighting() -> None:
    for body, lang in (("Clashes between Thai and Cambodian troops near the border town of Surin killed two "
                        "soldiers on Thursday.", "en"),
                       ("Bij vuurgevechten tussen Thaise en Cambodjaanse troepen bij de grensstad Surin kwamen "
                        "donderdag twee soldaten om.", "nl")):
        attacks = _events(_doc(body, lang), "Attack")
        assert [a.properties["method"] for a in attacks] == ["ground_assault"], body


# -- proposals ------------------------------------------------------------------------------------

def test_forces_fighting_against_each_other_are_no_initiative_nl_en() -> None:
    nl = _doc("Daar strijden het leger en het AA al langer tegen elkaar om de macht.", "nl")
    en = _doc("The Rapid Support Forces, led by Mohamed Hamdan Dagalo, fought against the army.", "en")
    assert not _events(nl, "Proposal") and not _events(en, "Proposal")


def test_a_proposed_initiative_is_a_proposal_en() -> None:
    doc = _doc("Turkey proposed a new initiative to end the fighting, and Qatar supported it.", "en")
    assert [n.properties["topic"] for n in _events(doc, "Proposal")] == ["initiative"]


# -- background: a war told since a date, and its toll -------------------------------------------

def test_a_war_since_a_past_date_is_no_attack_en_nl() -> None:
    en = _doc("The army and the RSF have been fighting a war since April 2023 that has killed more than 20,000 "
              "people.", "en", date="2025-10-24")
    nl = _doc("Het leger en de RSF vechten sinds april 2023 een oorlog uit die meer dan 20.000 doden heeft "
              "gekost.", "nl", date="2025-10-24")
    assert not _events(en, "Attack") and not _events(nl, "Attack")


def test_the_first_attack_since_a_date_is_news_nl_en() -> None:
    nl = _doc("Het was de eerste raketaanval van de Houthi's op Israël sinds januari.", "nl", date="2025-03-20")
    en = _doc("It was the first missile attack by the Houthis on Israel since January.", "en", date="2025-03-20")
    assert len(_events(nl, "Attack")) == 1 and len(_events(en, "Attack")) == 1


def test_firing_on_a_place_is_an_attack_nl_en() -> None:
    en = _doc("The Armenian armed forces fired on Azerbaijani positions in the direction of Zod settlement.", "en")
    [attack] = _events(en, "Attack")
    assert _ends(en, attack.id, "TARGETED") == {"Zod"}
    assert _starts(en, attack.id, "PERPETRATED") == {"Armenian Armed Forces"}
    nl = _doc("Soldaten schoten op demonstranten in Khartoem.", "nl")
    assert [_ends(nl, a.id, "TARGETED") for a in _events(nl, "Attack")] == [{"Khartoum"}]


def test_a_country_right_after_an_attack_verb_is_its_target_nl_en() -> None:
    for body, lang in (("Israël bombardeerde Libanon.", "nl"), ("Russia shelled Ukraine overnight.", "en")):
        doc = _doc(body, lang)
        attack = _events(doc, "Attack")[0]
        target = {"nl": "Lebanon", "en": "Ukraine"}[lang]
        assert _ends(doc, attack.id, "TARGETED") == {target}, body
        assert target not in _starts(doc, attack.id, "PERPETRATED"), body
    # where the attack came from is not what it hit
    doc = _doc("Russia launched drones from Belarus.", "en")
    assert all("Belarus" not in _ends(doc, a.id, "TARGETED") for a in _events(doc, "Attack"))


def test_a_second_strike_and_a_response_are_other_attacks_nl_en() -> None:
    en = _doc("The RSF shelled El Fasher, killing 32 people. The network reported a second RSF strike on the "
              "Zamzam camp near El Fasher.", "en", date="2025-04-12")
    assert len(_events(en, "Attack")) == 2
    nl = _doc("Tien militairen kwamen om bij een aanval op een legerbasis in Hallalé. Volgens AFP doodde het leger in "
              "een reactie op de aanval meerdere militanten.", "nl", date="2019-12-26")
    first = next(a for a in _events(nl, "Attack") if a.properties.get("killed") == 10)
    assert not _starts(nl, first.id, "PERPETRATED")  # the army answered the attack; it did not carry it out
    # without the word, the strike told again is the same attack
    same = _doc("The RSF shelled El Fasher, killing 32 people. The RSF strike on El Fasher was condemned.", "en")
    assert len(_events(same, "Attack")) == 1


def test_a_part_of_the_country_is_the_attacks_place_only_without_a_named_one_nl() -> None:
    doc = _doc("Tien militairen zijn in Burkina Faso gedood bij een aanval in de plaats Hallalé, in het noorden van "
               "het land. Burkina Faso wordt vaak aangevallen.", "nl", date="2019-12-26")
    attack = _events(doc, "Attack")[0]
    assert "Hallalé" in _ends(doc, attack.id, "TARGETED")
    assert "northern Burkina Faso" not in _ends(doc, attack.id, "TARGETED")
    assert "northern Burkina Faso" in _places(doc)
    vague = _doc("Tien militairen zijn in Burkina Faso gedood bij een aanval in het noorden van het land. Burkina "
                 "Faso wordt vaak aangevallen.", "nl", date="2019-12-26")
    assert "northern Burkina Faso" in _ends(vague, _events(vague, "Attack")[0].id, "TARGETED")


def test_a_toll_since_a_bare_year_is_the_wars_nl_en() -> None:
    en = _doc("Since 2015, jihadist attacks have killed more than 2,000 people.", "en", date="2022-05-20")
    nl = _doc("Sinds 2009 heeft Boko Haram zeker 36.000 mensen gedood bij aanslagen.", "nl", date="2020-06-10")
    assert not _events(en, "Attack") and not _events(nl, "Attack")
    # the year of the article itself may hold the news
    assert _events(_doc("Since 2022, when the attack on Djibo killed 20 soldiers, the town has been cut off.", "en",
                        date="2022-05-20"), "Attack")


def test_the_deadliest_attack_since_a_year_is_news_nl_en() -> None:
    en = _doc("Jihadists killed 20 soldiers in Djibo, the deadliest attack since 2019.", "en", date="2022-05-20")
    nl = _doc("Jihadisten doodden twintig soldaten in Djibo, de dodelijkste aanval sinds 2019.", "nl",
              date="2022-05-20")
    assert [a.properties.get("killed") for a in _events(en, "Attack") + _events(nl, "Attack")] == [20, 20]


def test_the_wars_toll_is_not_the_attacks_en() -> None:
    doc = _doc("A drone strike killed five people in El Fasher on Thursday. Over 29,683 lives have been lost "
               "in the conflict, the monitors said.", "en", date="2025-04-12")
    attacks = _events(doc, "Attack")
    assert [a.properties.get("killed") for a in attacks] == [5]


# -- agents, reporters and the same toll told twice ----------------------------------------------

def test_the_agent_after_a_later_trigger_en() -> None:
    doc = _doc("Five civilians were killed when a drone strike by Sudan's Rapid Support Forces hit a market in "
               "El Fasher.", "en")
    assert [perp for _, perp, _ in _attacks(doc)] == [{"Rapid Support Forces"}]


def test_a_name_after_by_and_a_comma_is_no_agent_en() -> None:
    doc = _doc("A fire broke out in an apartment building in Kyiv after it was hit by drone debris, Vitali "
               "Klitschko said.", "en")
    assert all("Vitali Klitschko" not in perp for _, perp, _ in _attacks(doc))


def test_who_reports_the_attack_did_not_carry_it_out_unless_it_says_so_en() -> None:
    reported = _doc("Local sources confirmed the deaths, and the Sudan Tribune reported that the attack occurred "
                    "in El Fasher.", "en")
    claimed = _doc("The Houthis said they had attacked a ship in the Red Sea with two drones.", "en")
    assert all("Sudan" not in perp for _, perp, _ in _attacks(reported))
    assert [perp for _, perp, _ in _attacks(claimed)] == [{"Houthis"}]


def test_the_same_toll_told_twice_is_one_attack_en() -> None:
    doc = _doc("At least five civilians were killed and 10 others injured when an RSF drone struck a market in "
               "El Fasher. A suicide drone exploded in the city's central market, killing five people and "
               "wounding 10 others.", "en")
    assert len(_events(doc, "Attack")) == 1


# -- sentence openers and demonyms ---------------------------------------------------------------

def test_a_known_word_opening_a_sentence_is_a_town_of_a_country_in_the_article_en_nl() -> None:
    # simplemma's dictionaries hold "maputo": at a sentence's start it needs Mozambique in the article
    en = _places(_doc("Maputo — Insurgents killed five Mozambican fishermen on Tuesday.", "en"))
    nl = _places(_doc("Maputo is de hoofdstad. Opstandelingen hebben dinsdag vijf Mozambikaanse vissers gedood.", "nl"))
    alone = _places(_doc("Maputo — Insurgents killed five fishermen on Tuesday.", "en"))
    assert "Maputo" in en and "Maputo" in nl and "Maputo" not in alone


def test_demonyms_of_more_states_en_nl() -> None:
    en = _actors(_doc("Colombian troops and Mozambican police said the attackers fled.", "en"))
    nl = _actors(_doc("Colombiaanse troepen en de Mozambikaanse politie zeiden dat de aanvallers vluchtten.", "nl"))
    assert {"Colombia", "Mozambique"} <= set(en) and {"Colombia", "Mozambique"} <= set(nl)


def test_a_gathering_an_attack_hit_is_its_target_not_a_meeting_en() -> None:
    doc = _doc("Five civilians were killed when an RSF drone struck a civilian gathering in El Fasher.", "en")
    assert not _events(doc, "Meeting")
    assert [places for _, _, places in _attacks(doc)] == [{"El Fasher"}]


def _venues(doc: GraphDocument) -> list[set[str]]:
    return [_ends(doc, n.id, "HELD_AT") for n in _events(doc, "Meeting")]


def test_a_place_right_before_for_talks_is_their_venue_nl_en() -> None:
    nl = _doc("De gezanten zijn in de Zwitserse stad Genève voor gesprekken over de crisis in de Gazastrook.", "nl")
    en = _doc("The envoys arrived in the Swiss city of Geneva for talks on the crisis in the Gaza Strip.", "en")
    assert _venues(nl) == _venues(en) == [{"Geneva"}]


def test_the_place_of_the_war_is_not_the_venue_of_talks_about_it_nl_en() -> None:
    nl = _doc("Zuid-Afrika is gastheer van de gesprekken om het conflict in de regio Tigray te beëindigen.", "nl")
    en = _doc("South Africa is hosting peace talks to end the conflict in the Tigray region.", "en")
    assert _venues(nl) == _venues(en) == [set()]


def test_talks_in_a_city_then_in_its_country_are_one_meeting_nl_en() -> None:
    nl = _doc("De gesprekken in Pretoria begonnen dinsdag. Zuid-Afrika is gastheer van de gesprekken in "
              "Zuid-Afrika, zei de woordvoerder.", "nl")
    en = _doc("Peace talks opened in Pretoria on Tuesday. The talks in South Africa will last a week, the "
              "spokesman said.", "en")
    assert _venues(nl) == _venues(en) == [{"Pretoria"}]
    # two cities are two meetings
    two = _doc("Talks were held in Istanbul on Monday. Further talks were held in Ankara on Friday.", "en")
    assert sorted(map(sorted, _venues(two))) == [["Ankara"], ["Istanbul"]]


def test_talks_in_a_country_then_in_its_city_are_held_in_the_city_nl_en() -> None:
    nl = _doc("De onderhandelingen in Saudi-Arabië boeken weinig vooruitgang. De delegaties zitten sinds zaterdag "
              "samen in de Saudische kuststad Jeddah voor wat beide partijen inleidende gesprekken noemen.", "nl")
    en = _doc("The talks in Saudi Arabia have made little progress. The delegations have met since Saturday in "
              "the Saudi coastal city of Jeddah for what both sides call preliminary talks.", "en")
    assert _venues(nl) == _venues(en) == [{"Jeddah"}]


def test_the_delegations_of_two_countries_met_in_a_city_nl_en() -> None:
    en = _doc("The delegations of Russia and Ukraine met in Istanbul for talks.", "en")
    nl = _doc("De delegaties van Rusland en Oekraïne kwamen in Istanboel bijeen voor gesprekken.", "nl")
    for doc in (en, nl):
        [meeting] = _events(doc, "Meeting")
        assert _ends(doc, meeting.id, "HELD_AT") == {"Istanbul"}
        assert _starts(doc, meeting.id, "ATTENDED") == {"Russia", "Ukraine"}


def test_talks_told_after_an_attack_keep_their_delegations_nl() -> None:
    doc = _doc("De aanval komt twee dagen nadat delegaties van Rusland en Oekraïne rechtstreekse gesprekken met "
               "elkaar voerden over een mogelijk bestand.", "nl")
    [meeting] = _events(doc, "Meeting")
    assert _starts(doc, meeting.id, "ATTENDED") == {"Russia", "Ukraine"}


def test_met_for_talks_are_talks_apart_from_the_call_before_en() -> None:
    en = _doc("In a rare phone call, the foreign ministers of Armenia and Azerbaijan discussed a peace treaty. "
              "The conversation came a week after Nikol Pashinyan and Ilham Aliyev met in Brussels for talks.",
              "en")
    kinds = {n.properties["kind"]: _ends(en, n.id, "HELD_AT") for n in _events(en, "Meeting")}
    assert kinds == {"phone_call": set(), "talks": {"Brussels"}}


def test_spoke_with_someone_by_phone_is_a_call_en() -> None:
    doc = _doc("Trump spoke with Putin by phone for two hours.", "en")
    [call] = _events(doc, "Meeting")
    assert call.properties["kind"] == "phone_call"
    assert _starts(doc, call.id, "ATTENDED") == {"Donald Trump", "Vladimir Putin"}


def test_a_meeting_word_that_names_no_one_and_no_place_is_no_meeting_nl_en() -> None:
    for body, lang in (("The airport received its first civilian passenger flight on Wednesday.", "en"),
                       ("Er was woensdag een bijeenkomst.", "nl"), ("The talks collapsed last year.", "en"),
                       ("De onderhandelingen liepen vorig jaar vast.", "nl")):
        assert not _events(_doc(body, lang), "Meeting"), body
    # who met, or where, makes it one
    for body, lang in (("Zelensky received Macron on Wednesday.", "en"),
                       ("Er was woensdag een bijeenkomst in Genève.", "nl")):
        assert len(_events(_doc(body, lang), "Meeting")) == 1, body


def test_the_negotiating_table_is_talks_nl_en() -> None:
    nl = _doc("De partijen keren terug naar de onderhandelingstafel in Jeddah.", "nl")
    en = _doc("The warring parties return to the negotiating table in Jeddah.", "en")
    assert [n.properties["kind"] for n in _events(nl, "Meeting") + _events(en, "Meeting")] == ["talks", "talks"]
    assert _venues(nl) == _venues(en) == [{"Jeddah"}]


def test_who_intercepts_drones_is_no_perpetrator_nl_en() -> None:
    nl = _doc("88 drones werden door de Oekraïense luchtmacht onderschept boven Kyiv.", "nl")
    en = _doc("Dozens of drones were shot down by the Ukrainian air force over Kyiv.", "en")
    assert all(not perp for _, perp, _ in _attacks(nl) + _attacks(en))


def test_security_forces_and_observers_propose_nothing_en() -> None:
    for text in ("Security forces on Friday pointed fingers at the TTP, which has long operated in the area. "
                 "The government said more security forces would follow.",
                 "But observers say that key details of the deal are absent, and monitors say distrust runs deep."):
        assert not _events(_doc(text, "en"), "Proposal"), text
    # a force proposed is one
    doc = _doc("France proposed a European reassurance force of 20,000 troops for Ukraine.", "en")
    assert [p.properties["topic"] for p in _events(doc, "Proposal")] == ["reassurance_force"]


# -- statements: who says a quote -------------------------------------------------------------------

def _said(doc: GraphDocument) -> set[tuple[str, str]]:
    return {(str(n.properties["speaker"]), str(n.properties["quote"])[:20]) for n in _events(doc, "Statement")}


def test_a_middle_name_later_is_the_person_named_in_full_nl_en() -> None:
    for body, lang, quote in (
        ('Lul Ruai Koang, the spokesperson of the army, said rebels attacked the town.\n\nRuai said they have '
         'launched an investigation.\n\n"We have started a manhunt for the attackers," said Ruai.', "en",
         "We have started a ma"),
        ('Lul Ruai Koang, de woordvoerder van het leger, zei dat rebellen de stad aanvielen.\n\nRuai zei dat ze een '
         'onderzoek zijn begonnen.\n\n"We zijn een klopjacht op de aanvallers begonnen", zei Ruai.', "nl",
         "We zijn een klopjach")):
        assert _said(_doc(body, lang)) == {("Lul Ruai Koang", quote)}, body
    # a lower-case particle is no name: sentence-initial "De" stays the article
    doc = _doc('President Charles de Gaulle spoke in Paris.\n\n"De oorlog is voorbij", zei De Gaulle.', "nl")
    assert {a for a in _actors(doc) if a != "Charles de Gaulle"} <= {"France"}


def test_a_spokesman_for_a_body_speaks_for_it_nl_en() -> None:
    for body, lang in (('"This is a war crime," said a spokesman for the Sudanese army.', "en"),
                       ('"Dit is een oorlogsmisdaad", zei een woordvoerder van het Soedanese leger.', "nl")):
        assert {s for s, _ in _said(_doc(body, lang))} == {"Sudanese Armed Forces"}, body
    # a named spokesman speaks himself
    doc = _doc('"We will respond," said Igor Konashenkov, a spokesman for the Russian army.', "en")
    assert {s for s, _ in _said(doc)} == {"Igor Konashenkov"}


def test_an_unnamed_spokesman_or_military_official_speaks_for_the_country_nl_en() -> None:
    for body, lang, country in (('"We will respond," a Russian spokesman said.', "en", "Russia"),
                                ('"De stad werd beschoten", aldus een Russische woordvoerder.', "nl", "Russia"),
                                ('"We verloren vijf soldaten", zei een Somalische militaire functionaris.', "nl",
                                 "Somalia")):
        assert {s for s, _ in _said(_doc(body, lang))} == {country}, body


def test_said_the_statement_and_it_added_are_the_body_that_announced_nl_en() -> None:
    en = _doc('The Burkinabe army has announced the death of 11 soldiers.\n\n"A complex attack targeted the '
              'detachment," said the statement, released Thursday evening.\n\n"Eleven soldiers lost their lives," '
              'it added.', "en")
    assert {s for s, _ in _said(en)} == {"Burkinabe Army"} and len(_said(en)) == 2
    nl = _doc('Het Soedanese leger meldde dinsdag tien doden.\n\n"De aanval was laf", aldus de verklaring.', "nl")
    assert {s for s, _ in _said(nl)} == {"Sudanese Armed Forces"}
    # no announcer before: the quote stays unattributed
    assert not _said(_doc('"The attack was cowardly," said the statement.', "en"))


def test_a_quoted_name_or_label_is_no_statement_nl_en() -> None:
    en = _doc('The police said a gang called "Ti Makak" killed the officers, which the statement called an '
              '"odious and repugnant" act.', "en")
    nl = _doc('De politie zei dat een bende genaamd "Ti Makak" de agenten doodde.', "nl")
    assert not _said(en) and not _said(nl)
    assert _said(_doc('"The gang killed them," police chief Frantz Elbé said.', "en"))


def test_bare_armed_forces_are_the_forces_last_named_in_full_nl() -> None:
    doc = _doc("Het Israëlische leger heeft luchtaanvallen uitgevoerd op Hezbollah in Libanon. Libanon protesteerde. "
               "Er vielen twee doden, meldden de strijdkrachten.", "nl")
    actors = _actors(doc)
    assert "Lebanese Armed Forces" not in actors and "Israel Defense Forces" in actors


def test_military_before_a_noun_is_an_adjective_en() -> None:
    doc = _doc("Jihadists attacked a military detachment in eastern Burkina Faso. The Burkinabe army said so.", "en")
    assert "Burkinabe military" not in _actors(doc) and "Burkinabe Army" in _actors(doc)


def test_a_named_resident_or_witness_speaks_nl_en() -> None:
    for body, lang in (('Ahmed Hassan, a resident, said: "We heard explosions all night."', "en"),
                       ('"It is over," said resident Ahmed Hassan.', "en"),
                       ('"We hoorden de hele nacht explosies", zei bewoner Ahmed Hassan.', "nl")):
        assert {s for s, _ in _said(_doc(body, lang))} == {"Ahmed Hassan"}, body
    # a place described after a comma is no speaker
    assert not _actors(_doc("Kharkiv Oblast, the region of Ukraine, said nothing.", "en")).get("Kharkiv Oblast")


def test_the_speaker_before_an_appositive_en() -> None:
    doc = _doc('Mahmud Bassal, a spokesman for the agency, which operates under Hamas authority, said an Israeli '
               'strike targeted a "group of civilians" in northern Gaza.', "en")
    assert {s for s, _ in _said(doc)} == {"Mahmud Bassal"}


def test_a_quote_of_two_sentences_takes_the_speaker_after_it_en() -> None:
    doc = _doc('Ukrainian President Volodymyr Zelensky rejected the plan. "Ukraine will not recognise the '
               'occupation. There is nothing to discuss here," he told reporters.', "en")
    assert {s for s, _ in _said(doc)} == {"Volodymyr Zelensky"}


def test_he_said_is_the_spokesman_not_the_president_he_speaks_for_en_nl() -> None:
    en = _doc("“The talks have started,” Vincent Magwenya, spokesman for President Cyril Ramaphosa, told "
              "reporters. The talks “will proceed constructively and bring peace,” he said.", "en")
    nl = _doc("„De gesprekken zijn begonnen”, zei Vincent Magwenya, woordvoerder van president Cyril Ramaphosa. "
              "„Ze zullen constructief verlopen en vrede brengen”, zei hij.", "nl")
    for doc in (en, nl):
        assert {s for s, _ in _said(doc)} == {"Vincent Magwenya"}


def test_a_diplomat_of_a_country_speaks_for_it_en_nl() -> None:
    en = _doc("“The talks were constructive,” a Saudi diplomat told AFP.", "en")
    nl = _doc("„De gesprekken waren constructief”, zei een Saudische diplomaat tegen AFP.", "nl")
    for doc in (en, nl):
        assert {s for s, _ in _said(doc)} == {"Saudi Arabia"}


def test_according_to_a_ministry_is_the_ministry_speaking_en() -> None:
    for text in ("According to the Syrian Defence Ministry, “the SDF violated the ceasefire ten times.”",
                 "“The SDF violated the ceasefire ten times,” according to the Syrian Defence Ministry."):
        assert {s for s, _ in _said(_doc(text, "en"))} == {"Syrian Ministry of Defence"}, text


def test_a_quote_after_its_source_is_named_en_nl() -> None:
    en = _doc("Major General Edward Buba, spokesman for Defence Headquarters, confirmed the assault.\n\n"
              "“We have confirmed that troops experienced setbacks.”", "en")
    nl = _doc("Generaal-majoor Edward Buba bevestigde de aanval.\n\n„We hebben een onderzoek ingesteld.”", "nl")
    assert {s for s, _ in _said(en)} == {"Edward Buba"} and {s for s, _ in _said(nl)} == {"Edward Buba"}


def test_a_news_outlet_that_reports_a_quote_is_not_its_speaker_en_nl() -> None:
    for body, lang in (("According to Reuters, the Sudanese army said: “We will respond to every attack.”", "en"),
                       ("Volgens persbureau Reuters zei het Soedanese leger: „We zullen op elke aanval reageren.”",
                        "nl")):
        assert {s for s, _ in _said(_doc(body, lang))} == {"Sudanese Armed Forces"}, body


def test_he_said_stays_the_speaker_over_the_persons_he_speaks_of_en_nl() -> None:
    for body, lang in (("“The talks have started,” Vincent Magwenya told reporters. The talks are facilitated by "
                        "Nigeria’s former President Olusegun Obasanjo and Kenya’s former leader Uhuru Kenyatta, he "
                        "said. “They will bring peace,” he said.", "en"),
                       ("„De gesprekken zijn begonnen”, zei Vincent Magwenya. De gesprekken worden geleid door de "
                        "Keniaanse president Uhuru Kenyatta, zei hij. „Ze brengen vrede”, zei hij.", "nl")):
        assert {s for s, _ in _said(_doc(body, lang))} == {"Vincent Magwenya"}, body


def test_the_source_follows_according_to_en_nl() -> None:
    for body, lang in (("The talks take place “in partnership” with the African Union, led by Kenya, according to "
                        "Riyadh.", "en"),
                       ("De gesprekken vinden plaats „in samenwerking” met de Afrikaanse Unie, geleid door Kenia, "
                        "aldus Riyad.", "nl")):
        assert {s for s, _ in _said(_doc(body, lang))} == {"Saudi Arabia"}, body


def test_it_or_the_statement_as_subject_is_the_body_that_announced_en_nl() -> None:
    en = _doc("The Armenian Foreign Ministry said the talks went well. It also said Armenia will defend the right to a "
              "“free, secure, dignified life in their homeland.”", "en")
    nl = _doc("Het Armeense ministerie van Buitenlandse Zaken meldde dat de gesprekken goed verliepen. Het communiqué "
              "stelt dat Armenië het recht op een „vrij, veilig en waardig leven” zal verdedigen.", "nl")
    for doc in (en, nl):
        assert {s for s, _ in _said(doc)} == {"Armenian Ministry of Foreign Affairs"}
    # the statement stays with the one that announced it, not with an actor named in it
    doc = _doc("Myanmar's commander-in-chief Min Aung Hlaing posted a statement on Facebook.\n\n“The terrorists blew "
               "up the bomb,” the army chief's statement said.\n\n“It is the act of ARSA,” it added.", "en")
    assert {s for s, _ in _said(doc)} == {"Min Aung Hlaing"} and len(_said(doc)) == 2


def test_the_ministry_is_the_ministry_last_named_in_full_en_nl() -> None:
    en = _doc("The Syrian Defence Ministry reported clashes near Aleppo.\n\n“The SDF continues its attacks on our "
              "positions,” the ministry said.", "en")
    nl = _doc("Het Oekraïense ministerie van Defensie meldde beschietingen in Donetsk.\n\n„De separatisten schieten "
              "nog steeds op onze posities”, aldus het ministerie.", "nl")
    assert {s for s, _ in _said(en)} == {"Syrian Ministry of Defence"}
    assert {s for s, _ in _said(nl)} == {"Ukrainian Ministry of Defence"}
    # no ministry named before: the quote stays unattributed
    assert not _said(_doc("“The SDF continues its attacks on our positions,” the ministry said.", "en"))


def test_tweeted_and_laat_weten_introduce_a_quote_en_nl() -> None:
    for body, lang, speaker in (("“Our troops are taking protective measures,” the Armenian Defence Ministry tweeted.",
                                 "en", "Armenian Ministry of Defence"),
                                ("„Er is versterking gestuurd”, laat het Malinese leger weten.", "nl", "Malian Army"),
                                ("„Er is versterking gestuurd”, tweette het Malinese leger.", "nl", "Malian Army")):
        assert {s for s, _ in _said(_doc(body, lang))} == {speaker}, body


def test_an_actor_after_said_that_is_what_is_said_not_the_speaker_en_nl() -> None:
    for body, lang in (("The spokesman said that Russian troops carried out “chaotic shelling” overnight.", "en"),
                       ("De woordvoerder meent dat Russische troepen een „zware gezamenlijke aanval” lanceerden.",
                        "nl")):
        assert not _said(_doc(body, lang)), body
    # the speaker right after the verb still speaks
    assert {s for s, _ in _said(_doc("“We will respond to every attack,” said the Ukrainian army.", "en"))} == {
        "Ukrainian Army"}


def test_he_with_no_person_named_speaks_for_the_body_en_nl() -> None:
    en = _doc('A member of the Hamas political bureau told AFP a new truce was needed. He said there were "no new '
              'proposals so far".', "en")
    nl = _doc('Een lid van het politieke bureau van Hamas zei tegen persbureau AFP dat er een nieuw bestand nodig is. '
              'Hij stelde dat er "tot nu toe geen nieuwe voorstellen zijn".', "nl")
    for doc in (en, nl):
        assert {s for s, _ in _said(doc)} == {"Hamas"}


def test_the_subject_before_said_speaks_a_quote_after_it_en() -> None:
    doc = _doc("The Armenian Foreign Ministry said Foreign Minister Ararat Mirzoyan and his counterpart “exchanged "
               "views on the border commission.”", "en")
    assert {s for s, _ in _said(doc)} == {"Armenian Ministry of Foreign Affairs"}
    # a quote before the verb is the person's after it
    doc = _doc("“We exchanged views on the border commission,” said Foreign Minister Ararat Mirzoyan.", "en")
    assert {s for s, _ in _said(doc)} == {"Ararat Mirzoyan"}


def test_both_sides_are_two_sides_not_a_state_and_its_army_nl() -> None:
    doc = _doc("Het Israëlische leger heeft het bestand hervat. Israël voerde aanvallen uit op Gaza, nadat Hamas "
               "Israëlische troepen zou hebben aangevallen. Beide partijen beschuldigen elkaar ervan zich niet aan "
               "het bestand te houden.", "nl")
    assert _accusations(doc) == {("Israel", "Hamas"), ("Hamas", "Israel")}


def test_the_countries_accuse_each_other_takes_countries_nl() -> None:
    doc = _doc("Door een Pakistaanse aanval zijn volgens de Afghaanse autoriteiten vier burgers en een lid van de "
               "Taliban omgekomen. "
               "De landen beschuldigen elkaar ervan verantwoordelijk te zijn.", "nl")
    assert _accusations(doc) == {("Pakistan", "Afghanistan"), ("Afghanistan", "Pakistan")}


def test_drones_only_intercepted_are_no_attack_but_launched_ones_are_nl_en() -> None:
    nl = _doc("Het Russische leger meldde zondag dat het 25 Oekraïense drones had onderschept.", "nl")
    en = _doc("Army air defences intercepted drones launched by the RSF over Khartoum airport.", "en")
    assert not _events(nl, "Attack")
    assert [perp for _, perp, _ in _attacks(en)] == [{"Rapid Support Forces"}]


# -- armed groups the text does not name ------------------------------------------------------------

def test_unnamed_group_of_the_articles_country_one_per_article_en() -> None:
    doc = _doc("Terrorists murdered five Mozambican fishermen on Tuesday. Later, the insurgents attacked a "
               "village and killed three people.", "en")
    groups = {n for n, rec in _actors(doc).items() if rec.properties["kind"] == "armed_group"}
    assert groups == {"armed group in Mozambique"}
    assert {p for _, perp, _ in _attacks(doc) for p in perp} == {"armed group in Mozambique"}
    aliases = set(_actors(doc)["armed group in Mozambique"].properties["aliases"])
    assert {"Terrorists", "insurgents"} <= aliases


def test_a_group_noun_is_the_armed_group_the_article_names_nl_en() -> None:
    en = _doc("ISWAP fighters raided a military base in Borno. The militants killed six soldiers.", "en")
    nl = _doc("De M23-rebellen namen Goma in. De rebellen rukten daarna op naar Bukavu.", "nl")
    assert not [n for n in _actors(en) if " in " in n] and not [n for n in _actors(nl) if " in " in n]
    assert {p for _, perp, _ in _attacks(en) for p in perp} == {"ISWAP"}


def test_the_paramilitary_group_is_the_group_named_before_en_nl() -> None:
    """"Het Soedanese leger beschuldigt de paramilitaire groep ervan ...": the RSF, named before."""
    for body, lang in (("Sudan's army suspended talks with the Rapid Support Forces. The army accused the "
                        "paramilitary group of violating the truce.", "en"),
                       ("De Soedanese strijdkrachten hebben de onderhandelingen met de Rapid Support Forces (RSF) "
                        "opgeschort. Het Soedanese leger beschuldigt de paramilitaire groep ervan de afspraken over "
                        "tijdelijke wapenstilstanden te schenden.", "nl")):
        assert ("Sudanese Armed Forces", "Rapid Support Forces") in _accusations(_doc(body, lang)), body


def test_a_demonym_gives_the_groups_country_en_nl() -> None:
    en = _actors(_doc("Syrian rebels stormed the company, the observatory said.", "en"))
    nl = _actors(_doc("Jihadisten vielen in Burkina Faso een konvooi aan.", "nl"))
    assert "armed group in Syria" in en and "armed group in Burkina Faso" in nl


def test_an_acronym_a_group_noun_named_is_that_group_alone_later_en_nl() -> None:
    # "FRV rebels", "FRV-rebellen" make the FRV (a group no pack names) an armed group; "the FRV"
    # later is that group
    for body, lang in (("FRV rebels attacked a military base. The Colombian government accused the FRV of "
                        "violating the ceasefire.", "en"),
                       ("FRV-rebellen vielen een legerbasis aan. De Colombiaanse regering beschuldigt het FRV van "
                        "schending van het bestand.", "nl")):
        doc = _doc(body, lang)
        assert _actors(doc)["FRV"].properties["kind"] == "armed_group", body
        assert _accusations(doc) == {("Colombia", "FRV")}, body
    # an acronym no group noun introduced stays no actor
    doc = _doc("The Colombian government accused the FRV of violating the ceasefire.", "en")
    assert "FRV" not in _actors(doc)


# -- places no gazetteer knows ---------------------------------------------------------------------

def test_an_unknown_name_after_a_place_preposition_is_a_place_nl_en() -> None:
    nl = _places(_doc("De aanval trof een gebouw in Shejaia. Azerbeidzjan veroverde plaatsen in het betwiste "
                      "Sugovushan.", "nl"))
    en = _places(_doc("Five people were killed in Simbolongo on Tuesday.", "en"))
    assert {"Shejaia", "Sugovushan"} <= set(nl) and "Simbolongo" in en
    assert nl["Shejaia"].properties["kind"] == "area"


def test_no_place_from_months_compounds_adjectives_or_speakers_nl_en() -> None:
    nl = _places(_doc("Dat staat in het X-bericht. Het geweld in West-Afrikaanse landen nam toe in maart.", "nl"))
    en = _places(_doc("It was reported in Wednesday's issue. Talks resumed in March. Officials in Moscow "
                      "said so, and in Borno State's Damboa area troops fled.", "en"))
    assert not {"X-bericht", "West-Afrikaanse"} & set(nl)
    assert not {"Wednesday's", "March", "Borno State's Damboa"} & set(en)


def test_said_the_president_is_the_president_last_named_nl() -> None:
    doc = _doc("De Amerikaanse president Donald Trump sprak met Poetin. Er zijn volgens president Volodymyr "
               "Zelensky diverse gewonden. Zelensky vindt dat Rusland sancties moet krijgen.\n\n"
               "\"Alleen een gevoel van totale straffeloosheid kan Rusland hiertoe brengen\", aldus de president.",
               "nl")
    assert {s for s, _ in _said(doc)} == {"Volodymyr Zelensky"}


def test_an_exchange_of_fire_is_no_exchange_agreement_en() -> None:
    doc = _doc("The missile strike was part of a larger exchange of fire between Israel and Iran.", "en")
    assert not _events(doc, "Agreement")
    swap = _doc("Russia and Ukraine agreed an exchange of 500 prisoners.", "en")
    assert [n.properties["topic"] for n in _events(swap, "Agreement")] == ["prisoner_exchange"]


def test_place_nouns_after_a_name_and_inside_it_en() -> None:
    places = _places(_doc("Gunmen raided the Sabon Gari camp and Nangade town. Casualties were treated at Soroka "
                          "Hospital, and drones flew over Khartoum International Airport.", "en"))
    assert {"Sabon Gari camp", "Nangade", "Soroka Hospital", "Khartoum International Airport"} <= set(places)
    assert places["Soroka Hospital"].properties["kind"] == "building"


def test_a_plural_place_noun_makes_each_name_of_its_list_a_place_en_nl() -> None:
    en = _places(_doc("Fire was opened near the villages of Shosh and Taghavard. The Karari and Wad al-Bakhit "
                      "neighbourhoods were shelled.", "en"))
    assert {"Shosh", "Taghavard", "Karari", "Wad al-Bakhit"} <= set(en)
    assert en["Taghavard"].properties["kind"] == "village" and en["Wad al-Bakhit"].properties["kind"] == "area"
    nl = _places(_doc("Het leger beschoot de dorpen Shosh, Taghavard en Karmir.", "nl"))
    assert {"Shosh", "Taghavard", "Karmir"} <= set(nl)
    # names joined without a plural place noun are no list of places
    assert not _places(_doc("Karari and Wad al-Bakhit said the talks had failed.", "en"))


def test_a_demonym_before_a_place_noun_makes_its_country_a_place_en_nl() -> None:
    en = _places(_doc("Israeli jets bombed two southern Lebanese villages. A delegation arrived in the Egyptian "
                      "capital Cairo.", "en"))
    assert {"southern Lebanon", "Lebanon", "Egypt", "Cairo"} <= set(en)
    nl = _places(_doc("Een delegatie kwam aan in de Egyptische hoofdstad Caïro.", "nl"))
    assert {"Egypt", "Cairo"} <= set(nl)
    # a base may stand abroad; a minister is no place
    assert not _places(_doc("Jets took off from a Russian air base, the Russian minister said.", "en"))


def test_the_credit_word_of_a_closing_credit_line_is_no_place_nl() -> None:
    # "Bron" is also a town in France, which the article names
    places = _places(_doc("De interventie werd in 2013 door Frankrijk gestart in Mali.\n\nBron: Belga", "nl"))
    assert "Bron" not in places and "Mali" in places


def test_a_name_before_base_is_a_place_but_not_in_a_title_case_headline_en() -> None:
    places = _places(_doc("Sixty soldiers were killed in the attack at the Engineers Corps base.", "en"))
    assert places["Engineers Corps base"].properties["kind"] == "building"
    headline = _places(_doc("Raid Kills Six Soldiers at Borno Military Base\nThe raid was repelled.", "en"))
    assert "Borno Military Base" not in headline


def test_peninsulas_forests_and_army_bases_introduce_places_en_nl() -> None:
    en = _places(_doc("The attackers came from the Wagadou forest and fled to the Ramree peninsula.", "en"))
    assert {"Wagadou forest", "Ramree peninsula"} <= set(en)
    nl = _places(_doc("Een dorp op het schiereiland Ramree en de legerbasis Guiré werden aangevallen.", "nl"))
    assert {"Ramree", "Guiré"} <= set(nl)
    assert not _places(_doc("Het schiereiland werd niet aangevallen, zei het leger.", "nl"))


def test_an_unknown_name_an_attack_hit_is_a_place_en_nl() -> None:
    en = _doc("One person was killed in a drone strike on Deir Seryan, the health ministry said.", "en")
    nl = _places(_doc("Bij een luchtaanval op Kyar Si vielen drie doden.", "nl"))
    assert [places for _, _, places in _attacks(en)] == [{"Deir Seryan"}] and "Kyar Si" in nl
    assert "Ukraine" not in _places(_doc("Russia said the strike on Monday was a mistake.", "en"))


def test_a_toll_broken_down_into_two_attacks_is_their_sum_en() -> None:
    doc = _doc("Israeli strikes on two southern Lebanese villages killed six people, the health ministry said.\n"
               "Five people were killed in an attack on Beit Lif village while one person was killed in a drone "
               "strike on Deir Seryan.", "en")
    assert sorted((k, tuple(perp), tuple(places)) for k, perp, places in _attacks(doc)) == [
        (1, ("Israel",), ("Deir Seryan",)), (5, ("Israel",), ("Beit Lif",))]


def test_two_tolls_that_do_not_add_up_stay_three_attacks_en() -> None:
    doc = _doc("Russian strikes killed ten people in Kharkiv. Five people were killed in an attack on Izium "
               "while one person was killed in a drone strike on Kupiansk.", "en")
    assert sorted(k for k, _, _ in _attacks(doc)) == [1, 5, 10]


def test_telephoned_is_a_phone_call_nl() -> None:
    doc = _doc("De Russische minister Sergej Lavrov heeft zijn collega's in Bakoe en Jerevan getelefoneerd.", "nl")
    assert [n.properties["kind"] for n in _events(doc, "Meeting")] == ["phone_call"]


def test_a_town_the_text_introduces_finds_its_coordinates_in_its_country_en_nl() -> None:
    en = _places(_doc("A Ukrainian missile hit the village of Suzemka in Russia's Bryansk region.", "en"))
    nl = _places(_doc("Bij een aanval in Spin Boldak kwamen volgens de Afghaanse autoriteiten vier burgers om.", "nl"))
    assert round(float(en["Suzemka"].properties["lat"]), 1) == 52.3 and en["Suzemka"].properties["geonames_id"]
    assert nl["Spin Boldak"].properties["kind"] == "town" and nl["Spin Boldak"].properties["country_code"] == "AF"
    # no country of the article has a town of that name: no coordinates
    assert "lat" not in _places(_doc("Gunmen attacked the village of Kareto on Monday.", "en"))["Kareto"].properties


# -- lines -----------------------------------------------------------------------------------------

def test_a_headline_line_is_a_sentence_of_its_own() -> None:
    doc = extract_text("date 2025-10-24\nFive killed in drone strike in El Fasher\nArmy air defences intercepted "
                       "drones launched by the RSF over Khartoum airport.", language="en")
    quotes = {e.quote for n in _events(doc, "Attack") for e in n.evidence}
    assert "Five killed in drone strike in El Fasher" in quotes
    assert len(_events(doc, "Attack")) == 2


def test_hard_wrapped_text_keeps_its_sentences() -> None:
    doc = extract_text("date 2025-10-24\nFive civilians were killed on Thursday when a drone operated\nby the "
                       "paramilitary forces struck a market in El Fasher.", language="en")
    quotes = [e.quote for n in _events(doc, "Attack") for e in n.evidence]
    assert any("operated\nby the paramilitary" in q for q in quotes)


def test_a_rough_number_far_from_its_participle_is_the_toll_nl() -> None:
    doc = _doc("Een tiental militairen is in de nacht van dinsdag op woensdag in het noorden van Burkina Faso "
               "gedood bij een aanval op een legerbasis.", "nl")
    attacks = _events(doc, "Attack")
    assert [(a.properties.get("killed"), a.properties.get("killed_qualifier")) for a in attacks] == [(10, "about")]


def test_van_right_after_an_attack_noun_names_its_agent_nl() -> None:
    doc = _doc("Bij een aanslag van militante strijders op een legerbasis in Burkina Faso zijn zeven militairen "
               "gedood.", "nl")
    assert [perp for _, perp, _ in _attacks(doc)] == [{"armed group in Burkina Faso"}]
    near = _doc("Bij een aanval ten noorden van Kyiv kwamen drie mensen om.", "nl")
    assert all(not perp for _, perp, _ in _attacks(near))


def test_a_passive_accusation_goes_from_the_agent_to_the_subject_en_nl() -> None:
    en = _doc("Russia was accused by Ukraine of violating the energy ceasefire.", "en")
    nl = _doc("Het leger van Myanmar en de rebellengroep Arakan Army vechten om de macht. Beide worden door de "
              "Verenigde Naties beschuldigd van mensenrechtenschendingen.", "nl")
    assert _accusations(en) == {("Ukraine", "Russia")}
    assert ("United Nations", "Arakan Army") in _accusations(nl)


def test_both_accused_by_a_third_are_the_two_named_before_nl_en() -> None:
    """"Both" are the two sides named before, not the one that accuses them."""
    en = _doc("In Rakhine, Myanmar's military and the Arakan Army are fighting for control. Both have been accused "
              "by the United Nations of human rights abuses.", "en")
    nl = _doc("In Rakhine vechten het leger van Myanmar en de rebellengroep Arakan Army om de macht. Beide worden door "
              "de Verenigde Naties beschuldigd van mensenrechtenschendingen.", "nl")
    for doc in (en, nl):
        assert _accusations(doc) == {("United Nations", "Arakan Army"), ("United Nations", "Myanmar military")}


def test_an_accusing_word_used_as_an_adjective_accuses_nobody_en_nl() -> None:
    """"The alleged sanctuaries", "de beschuldigde partij": nobody accuses anyone there; the
    verb still does."""
    for body, lang in (("Pakistan urged the Afghan Taliban to dismantle the alleged sanctuaries of the TTP.", "en"),
                       ("Pakistan vroeg de Afghaanse Taliban de beschuldigde TTP niet langer te beschermen.", "nl")):
        assert not _accusations(_doc(body, lang)), body
    for body, lang in (("Pakistan accused the Afghan Taliban of sheltering the TTP.", "en"),
                       ("Pakistan beschuldigde de Afghaanse Taliban van steun aan de TTP.", "nl")):
        assert ("Pakistan", "Taliban") in _accusations(_doc(body, lang)), body


# -- meetings asked for or denied are not held ----------------------------------------------------

def test_talks_called_for_or_denied_are_no_meeting_nl_en() -> None:
    for body, lang in (("Zelensky called for talks with Russia.", "en"),
                       ("No talks are planned between Israel and Hamas.", "en"),
                       ("Zelensky riep op tot onderhandelingen met Rusland.", "nl"),
                       ("Er zijn geen gesprekken gepland tussen Israël en Hamas.", "nl")):
        assert not _events(_doc(body, lang), "Meeting"), body
    # a meeting that calls for something is held
    for body, lang in (("The Berlin conference called for a ceasefire in Libya.", "en"),
                       ("De top in Berlijn riep op tot een bestand in Libië.", "nl")):
        assert _events(_doc(body, lang, date="2020-01-19"), "Meeting"), body


# -- a bare "the army" is the army of the country the article is about ----------------------------

def test_a_bare_army_is_the_army_of_the_articles_country_nl_en() -> None:
    en = _doc("Fighting continued in South Sudan. Rebels said the army had shelled their positions near Bor.", "en",
              date="2015-08-30")
    nl = _doc("In Zuid-Soedan gaan de gevechten door. De rebellen zeggen dat het leger hun posities bij Bor heeft "
              "beschoten.", "nl", date="2015-08-30")
    for doc in (en, nl):
        assert ("Sudan People's Liberation Army", "Bor") in _perpetrator_targets(doc)


def test_a_bare_army_is_the_subject_of_what_is_said_nl_en() -> None:
    # "het leger" is one mention with its article, after "dat" as much as after "said that"
    for body, lang in (("Fighting continued in Sudan. The army said the RSF shelled a camp near El Fasher. The RSF "
                        "said that the army, on Sunday, shelled Nyala.", "en"),
                       ("In Soedan gaan de gevechten door. Het leger zegt dat de RSF een kamp bij El Fasher heeft "
                        "beschoten. De RSF zegt dat het leger Nyala heeft gebombardeerd.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Sudanese Armed Forces", "Rapid Support Forces"),
                                                  ("Rapid Support Forces", "Sudanese Armed Forces")}, body


def test_government_forces_are_the_army_of_the_articles_country_nl_en() -> None:
    en = _doc("Fighting continued in South Sudan. Rebels said government forces had shelled their positions near "
              "Bor.", "en", date="2015-08-30")
    nl = _doc("In Zuid-Soedan gaan de gevechten door. De rebellen zeggen dat regeringstroepen hun posities bij Bor "
              "hebben beschoten.", "nl", date="2015-08-30")
    for doc in (en, nl):
        assert ("Sudan People's Liberation Army", "Bor") in _perpetrator_targets(doc)
    for body, lang in (("Russia and Ukraine traded strikes. Government forces said they shot down ten drones.", "en"),
                       ("Rusland en Oekraïne vielen elkaar aan. Regeringstroepen zeiden tien drones te hebben "
                        "neergeschoten.", "nl")):
        assert not [n for n in _actors(_doc(body, lang)) if "Army" in n or "military" in n], body


def test_the_police_alone_are_the_police_of_the_articles_country_nl_en() -> None:
    for body, lang in (("Fighting continued in Somalia. Police blamed al-Shabaab for the bombing in Mogadishu.", "en"),
                       ("Fighting continued in Somalia. The police blamed al-Shabaab for the bombing in Mogadishu.",
                        "en"),
                       ("In Somalië gaan de gevechten door. De politie geeft al-Shabaab de schuld van de aanslag in "
                        "Mogadishu.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Somali Police", "al-Shabaab")}, body
    # "a police station" is a building, not the police
    doc = _doc("Fighting continued in Somalia. Al-Shabaab attacked a police station in Mogadishu.", "en")
    assert "Somali Police" not in _actors(doc)


def test_the_government_is_the_articles_country_nl_en() -> None:
    for body, lang in (("Fighting continued in Sudan. The RSF accused the government of shelling Nyala.", "en"),
                       ("In Soedan gaan de gevechten door. De RSF beschuldigde de regering van beschietingen op "
                        "Nyala.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Rapid Support Forces", "Sudan")}, body
    # "the government of Russia" names its own country
    for body, lang in (("Fighting continued in Ukraine. The government of Russia accused Kyiv of shelling the plant.",
                        "en"),
                       ("In Oekraïne gaan de gevechten door. De regering van Rusland beschuldigt Kyiv van de aanval.",
                        "nl")):
        assert _accusations(_doc(body, lang)) == {("Russia", "Ukraine")}, body
    # an article that names no country does not say whose government it is
    for body, lang in (("The RSF accused the government of shelling Nyala.", "en"),
                       ("De RSF beschuldigde de regering van beschietingen op Nyala.", "nl")):
        assert not _accusations(_doc(body, lang)), body


def test_a_dutch_army_or_government_spokesman_speaks_for_it_nl_en() -> None:
    # "legerwoordvoerder", "regeringswoordvoerder": one Dutch word for English "army/government spokesman"
    for who, accuser in (("Een legerwoordvoerder", "Sudanese Armed Forces"), ("Een regeringswoordvoerder", "Sudan")):
        doc = _doc(f"In Soedan gaan de gevechten door. {who} zegt dat de RSF het kamp heeft beschoten. De RSF zegt "
                   "dat het leger Nyala heeft gebombardeerd.", "nl")
        assert (accuser, "Rapid Support Forces") in _accusations(doc), who
    for who, accuser in (("An army spokesman", "Sudanese Armed Forces"), ("A government spokesman", "Sudan")):
        doc = _doc(f"Fighting continued in Sudan. {who} said the RSF shelled the camp. The RSF said the army bombed "
                   "Nyala.", "en")
        assert (accuser, "Rapid Support Forces") in _accusations(doc), who
    # a spokesman of no body is no side
    doc = _doc("In Soedan gaan de gevechten door. Een woordvoerder zegt dat de RSF het kamp heeft beschoten.", "nl")
    assert not _accusations(doc)


def test_the_opposition_is_the_armed_group_the_article_names_nl_en() -> None:
    for body, lang in (("Fighting continued in South Sudan. The SPLM-IO said the army attacked. The opposition accused "
                        "government forces of attacking its base.", "en"),
                       ("In Zuid-Soedan gaan de gevechten door. De SPLM-IO meldt gevechten. De oppositie beschuldigt "
                        "regeringstroepen van een aanval op haar basis.", "nl")):
        assert _accusations(_doc(body, lang)) == {("SPLM-IO", "Sudan People's Liberation Army")}, body
    # without an armed group named it is no actor: an opposition party is no armed group
    for body, lang in (("Protests continued in Georgia. The opposition party accused the government of fraud.", "en"),
                       ("In Georgië gaan de protesten door. De oppositie beschuldigt de regering van fraude.", "nl")):
        assert not [n for n, a in _actors(_doc(body, lang)).items() if a.properties["kind"] == "armed_group"], body


def test_a_junta_is_no_rebel_army_named_before_nl_en() -> None:
    for body, lang in (("The Kachin Independence Army accused the junta of bombing a camp in Myanmar.", "en"),
                       ("Het Kachin Independence Army beschuldigde de junta van een bombardement op een kamp in "
                        "Myanmar.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Kachin Independence Army", "Myanmar military")}, body
    for body, lang in (("Fighting continued in Syria. The Free Syrian Army accused the military regime of bombing a "
                        "camp.", "en"),
                       ("In Syrië gaan de gevechten door. Het Vrije Syrische Leger beschuldigde het militaire regime "
                        "van een bombardement op een kamp.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Free Syrian Army", "Syrian military")}, body
    # a state's military named in full is still the one "the junta" stands for
    for body, lang in (("Myanmar's military bombed a camp. The KIA accused the junta of the attack.", "en"),
                       ("Het leger van Myanmar bombardeerde een kamp. Het KIA beschuldigde de junta van de aanval.",
                        "nl")):
        assert _accusations(_doc(body, lang)) == {("Kachin Independence Army", "Myanmar military")}, body


def test_a_junta_or_military_regime_is_the_countrys_military_nl_en() -> None:
    en = [_doc("Fighting continued in Myanmar's Sagaing region. Villagers said the junta had bombed a school near "
               "Monywa.", "en", date="2025-05-12"),
          _doc("Fighting continued in Myanmar's Sagaing region. Villagers said the military regime had bombed a "
               "school near Monywa.", "en", date="2025-05-12")]
    nl = [_doc("In de Myanmarese regio Sagaing gaan de gevechten door. Dorpelingen zeggen dat de junta een school bij "
               "Monywa heeft gebombardeerd.", "nl", date="2025-05-12"),
          _doc("In de Myanmarese regio Sagaing gaan de gevechten door. Dorpelingen zeggen dat het militaire regime een "
               "school bij Monywa heeft gebombardeerd.", "nl", date="2025-05-12")]
    for doc in (*en, *nl):
        assert ("Myanmar military", "Monywa") in _perpetrator_targets(doc)


def test_a_bare_army_of_no_dominant_country_is_no_actor_nl_en() -> None:
    for body, lang in (("Russia and Ukraine traded strikes. The army said it shot down ten drones.", "en"),
                       ("Rusland en Oekraïne vielen elkaar aan. Het leger zei tien drones te hebben neergeschoten.",
                        "nl")):
        assert not [n for n in _actors(_doc(body, lang)) if "Army" in n or "military" in n or "leger" in n], body


def test_the_myanmar_pack_names_arsa_nl_en() -> None:
    for body, lang in (("Myanmar's army chief blamed the Arakan Rohingya Salvation Army for the blast.", "en"),
                       ("De legerleider van Myanmar gaf ARSA de schuld van de explosie.", "nl")):
        assert _actors(_doc(body, lang, date="2017-09-25"))["Arakan Rohingya Salvation Army"].properties["kind"] \
            == "armed_group", body


# -- counted attacks: "40 beschietingen", "a dozen drones", "hundreds of attacks" --------------------

def _counted(doc: GraphDocument) -> list[tuple[object, object]]:
    return [(n.properties.get("method"), n.properties.get("attack_count")) for n in _events(doc, "Attack")]


def test_counted_attacks_are_one_attack_with_their_count_nl_en() -> None:
    nl = _doc("Ondanks het bestand dat Moskou had afgekondigd, meldt Kyiv drie bestormingen en 40 beschietingen.", "nl")
    en = _doc("Kyiv reported three assaults and 40 shellings despite the truce Moscow had declared.", "en")
    for doc in (nl, en):
        assert _counted(doc) == [("ground_assault", 43)]
        assert [n.properties.get("methods") for n in _events(doc, "Attack")] == [["ground_assault", "shelling"]]
    assert _counted(_doc("A dozen drones targeted the city of Kharkiv overnight.", "en")) == [("drone", 12)]
    assert _counted(_doc("Het Russische leger voerde honderden aanvallen uit aan het front.", "nl"))[0][1] == 200


def test_a_single_attack_is_no_count_nl_en() -> None:
    for body, lang in (("De oppositie beweert dat regeringstroepen bij Bor een aanval hebben uitgevoerd.", "nl"),
                       ("The opposition says government troops carried out an attack near Bor.", "en")):
        assert all(count is None for _, count in _counted(_doc(body, lang, date="2018-06-30"))), body


def test_speaking_with_someone_is_a_meeting_nl_en() -> None:
    for body, lang in (("Maandag spreekt de Russische president Vladimir Poetin met zijn Amerikaanse collega Donald "
                        "Trump.", "nl"),
                       ("On Monday Russian President Vladimir Putin will speak with US President Donald Trump.", "en")):
        doc = _doc(body, lang, date="2025-05-18")
        [meeting] = _events(doc, "Meeting")
        assert _starts(doc, meeting.id, "ATTENDED") == {"Vladimir Putin", "Donald Trump"}, body


def test_claims_that_the_other_side_attacked_are_accusations_when_both_sides_blame_nl_en() -> None:
    en = _doc("Russia said Ukrainian forces shelled the prison camp in Olenivka. Ukraine said Russian troops "
              "shelled the camp themselves.", "en", date="2022-07-29")
    nl = _doc("Rusland zegt dat Oekraïense troepen het kamp in Olenivka beschoten. Oekraïne zegt dat Russische "
              "troepen het kamp zelf beschoten.", "nl", date="2022-07-29")
    for doc in (en, nl):
        assert _accusations(doc) == {("Russia", "Ukraine"), ("Ukraine", "Russia")}
    # a lone report of the other side's strikes is no accusation
    for body, lang in (("Ukraine's air force said Russian troops launched 145 drones overnight.", "en"),
                       ("De Oekraïense luchtmacht zegt dat Russische troepen 145 drones lanceerden.", "nl")):
        assert not _accusations(_doc(body, lang)), body



# -- the speaker of a report is not the perpetrator of what it reports --------------------------

def test_the_speaker_of_a_report_does_not_carry_out_the_attack_it_reports_en_nl() -> None:
    """"Ukraine's foreign minister told reporters that a drone strike killed three": the speaker's
    country is named before the verb, not as the attack's agent; a speaker that says it attacked
    ("Israel said it struck") still did."""
    for body, lang in (("Ukraine's foreign minister told reporters on Tuesday that a drone strike on Odesa "
                        "killed three people.", "en"),
                       ("De Oekraïense minister van Buitenlandse Zaken vertelde dinsdag aan journalisten dat "
                        "bij een drone-aanval op Odesa drie mensen zijn omgekomen.", "nl")):
        attacks = _attacks(_doc(body, lang))
        assert attacks and all(not perps for _, perps, _ in attacks), (body, attacks)
    for body, lang in (("Israel said on Sunday it struck Hezbollah targets in southern Lebanon.", "en"),
                       ("Israël zei zondag dat het doelen van Hezbollah in Zuid-Libanon heeft aangevallen.", "nl")):
        assert any("Israel" in perps for _, perps, _ in _attacks(_doc(body, lang))), body


def test_a_press_conference_is_no_meeting_en_nl() -> None:
    for body, lang in (("At a press conference in Kyiv on Tuesday, Zelensky said Russia was not serious about "
                        "peace.", "en"),
                       ("Tijdens een persconferentie in Kyiv zei Zelensky dinsdag dat Rusland niet serieus is "
                        "over vrede.", "nl")):
        assert not _events(_doc(body, lang), "Meeting"), body
    for body, lang in (("Zelensky and Macron held talks in Paris on Tuesday.", "en"),
                       ("Zelensky en Macron voerden dinsdag gesprekken in Parijs.", "nl")):
        assert _events(_doc(body, lang), "Meeting"), body


# -- a wire agency wrote the copy: an actor only where it is cited for a fact --------------------

def test_a_wire_agency_is_an_actor_only_as_the_source_of_a_fact_en_nl() -> None:
    for body, lang in (("Sudan's army suspended the talks with the RSF, Reuters reported.", "en"),
                       ("Het Soedanese leger heeft de gesprekken met de RSF opgeschort, meldt persbureau Reuters.",
                        "nl")):
        doc = _doc(body, lang)
        assert "Reuters" not in _actors(doc), body
        # an outlet reports; it never attends the meeting it reports on
        assert all(_starts(doc, m.id, "ATTENDED") == {"Sudanese Armed Forces", "Rapid Support Forces"}
                   for m in _events(doc, "Meeting")), body
    for body, lang in (("Sudan's army suspended the talks with the RSF, Al Jazeera reported.", "en"),
                       ("Het Soedanese leger heeft de gesprekken met de RSF opgeschort, schrijft Al Jazeera.", "nl")):
        assert "Al Jazeera" in _actors(_doc(body, lang)), body  # a broadcaster it names is kept
    doc = _doc("Bij een Russische drone-aanval op Charkiv zijn drie mensen omgekomen, meldt persbureau Reuters.", "nl")
    assert "Reuters" in _actors(doc)
    assert any("Reuters" in _starts(doc, a.id, "REPORTED") for a in _events(doc, "Attack"))


def test_fire_from_a_side_is_that_sides_attack_en_nl() -> None:
    """"Shells from the Armenian side", "beschietingen vanaf Pakistaanse zijde": the side fired."""
    for body, lang, side in (("Shells from the Armenian side fell on residential buildings in Ganja, Azerbaijan, "
                              "killing five civilians.", "en", "Armenia"),
                             ("Bij beschietingen vanaf Pakistaanse zijde kwamen maandag in het Indiase Poonch twee "
                              "soldaten om het leven.", "nl", "Pakistan")):
        attacks = _attacks(_doc(body, lang))
        assert attacks and all(perps == {side} for _, perps, _ in attacks), (body, attacks)


def test_a_title_case_headline_names_no_unknown_place_en_nl() -> None:
    """The capitals of "RSF Launch Drone Strikes on Civilian Targets in Sudan" say nothing about
    names; an unknown place after "on"/"op" in a sentence-case headline or sentence still counts."""
    doc = _doc("RSF Launch Drone Strikes on Civilian Targets in Sudan\n\nThe RSF attacked El-Obeid on Saturday.", "en")
    assert "Civilian Targets" not in _places(doc)
    for body, lang in (("RSF drone strike on Abu Shouk camp in Sudan\n\nThe RSF attacked the camp.", "en"),
                       ("Drone-aanval van de RSF op Abu Shouk in Soedan\n\nDe RSF viel het kamp aan.", "nl")):
        assert any(name.startswith("Abu Shouk") for name in _places(_doc(body, lang))), body


def test_talks_as_a_process_are_no_meeting_but_talks_held_are_en_nl() -> None:
    """"The talks have stalled", "ondanks de lopende onderhandelingen": the process, no round of
    talks; talks with a place, a day or someone holding them are one."""
    for body, lang in (("Talks between Israel and Hamas have stalled.", "en"),
                       ("Despite ongoing negotiations, tensions remain between Thailand and Cambodia.", "en"),
                       ("De onderhandelingen tussen Israël en Hamas zitten vast.", "nl"),
                       ("Ondanks de lopende gesprekken blijven de spanningen tussen Thailand en Cambodja hoog.", "nl")):
        assert not _events(_doc(body, lang), "Meeting"), body
    for body, lang in (("Russia and Ukraine held talks.", "en"),
                       ("Talks between Israel and Hamas resumed in Cairo.", "en"),
                       ("Rusland en Oekraïne voerden gesprekken.", "nl"),
                       ("De onderhandelingen tussen Israël en Hamas zijn dinsdag hervat.", "nl")):
        assert _events(_doc(body, lang), "Meeting"), body


def test_an_exchange_without_prisoners_is_no_prisoner_exchange_en_nl() -> None:
    """"Heated exchanges", "een verhitte uitwisseling" trade words, not prisoners; "agreed to swap
    500 prisoners" is a prisoner exchange."""
    def topics(doc: GraphDocument) -> set[object]:
        return {n.properties.get("topic") for n in _events(doc, "Agreement")}
    for body, lang in (("The discussions ended after heated exchanges over the issue.", "en"),
                       ("De gesprekken eindigden na een verhitte uitwisseling over de kwestie.", "nl")):
        assert "prisoner_exchange" not in topics(_doc(body, lang)), body
    for body, lang in (("Russia and Ukraine agreed to swap 500 prisoners on Friday.", "en"),
                       ("Rusland en Oekraïne kwamen vrijdag overeen 500 gevangenen te ruilen.", "nl")):
        assert "prisoner_exchange" in topics(_doc(body, lang)), body


def test_mediators_are_not_the_sides_that_blame_each_other_en_nl() -> None:
    for body, lang in (("Talks between Afghanistan and Pakistan in Istanbul, mediated by Turkey and Qatar, ended on "
                        "Friday. Each side blamed the other for the failure.", "en"),
                       ("De gesprekken tussen Afghanistan en Pakistan in Istanbul, onder bemiddeling van Turkije en "
                        "Qatar, eindigden vrijdag. Beide partijen gaven elkaar de schuld.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Afghanistan", "Pakistan"), ("Pakistan", "Afghanistan")}, body


def test_a_failure_to_reach_an_agreement_is_no_agreement_en_nl() -> None:
    for body, lang in (("Afghanistan and Pakistan blamed each other for the failure to reach an agreement.", "en"),
                       ("Afghanistan en Pakistan slaagden er niet in een akkoord te bereiken.", "nl")):
        assert not _events(_doc(body, lang), "Agreement"), body


def test_a_groups_country_from_the_lexicon_is_no_mention_of_it_en_nl() -> None:
    """Hamas is affiliated with the Palestinian territories in the lexicon; a text that names only
    Hamas does not name them: the country is a node without evidence, no actor read in the text."""
    for body, lang in (("Hamas said Israeli strikes killed 11 people in Gaza City.", "en"),
                       ("Hamas zei dat bij Israëlische aanvallen in Gaza-stad 11 mensen zijn omgekomen.", "nl")):
        doc = _doc(body, lang)
        assert "Palestinian Territories" not in _actors(doc), body
        assert _ends(doc, "actor:hamas", "AFFILIATED_WITH") == {"Palestinian Territories"}, body


def test_an_attack_after_a_conditional_is_told_as_its_cause_en_nl() -> None:
    """"It would suspend the talks after the LNA shelled the port": "after" tells why, the shelling
    happened; "would retaliate if Ukraine attacked" stays hypothetical."""
    for body, lang in (("The government said it would suspend its participation after the LNA shelled Tripoli.", "en"),
                       ("De regering zei dat ze haar deelname zou opschorten nadat het LNA Tripoli had beschoten.",
                        "nl")):
        assert any("Libyan National Army" in perps for _, perps, _ in _attacks(_doc(body, lang))), body
    for body, lang in (("Russia would retaliate if Ukraine attacked Belgorod.", "en"),
                       ("Rusland zou vergelding nemen als Oekraïne Belgorod zou aanvallen.", "nl")):
        assert not _attacks(_doc(body, lang)), body


def test_each_side_saying_the_others_army_attacked_accuses_it_en_nl() -> None:
    """"Russia says the Ukrainian army shelled the camp", "Ukraine says Russian troops did": each
    accuses the other, whether the text names the state or its army; Dutch puts an article
    between "dat" and the army."""
    for body, lang in (("Russia says the Ukrainian army shelled the camp. Ukraine says Russian troops shelled the camp "
                        "themselves.", "en"),
                       ("Rusland zegt dat het Oekraïense leger het kamp heeft beschoten. Oekraïne zegt dat de "
                        "Russische troepen het kamp zelf hebben beschoten.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Russia", "Ukrainian Army"), ("Ukraine", "Russia")}, body


def test_a_claim_answered_by_an_outright_accusation_is_mutual_blame_en_nl() -> None:
    """"The army said the RSF shelled Karari … The RSF accused the Sudanese army of bombarding Nyala": the
    outright accusation is the other side's word, so the army's claim accuses the RSF; the claim
    may name the attacker as the agent of the attack or a few words after "said"."""
    for body, lang in (("The Sudanese army said 16 civilians were killed in an attack by the Rapid Support Forces in "
                        "Khartoum. The RSF accused the Sudanese army of bombarding Nyala.", "en"),
                       ("The Sudanese army said on Sunday that the Rapid Support Forces shelled Omdurman. "
                        "The RSF accused the Sudanese army of bombarding Nyala.", "en"),
                       ("Het Soedanese leger zei dat zestien burgers omkwamen bij een aanval door de Rapid Support "
                        "Forces in Khartoem. De RSF beschuldigde het Soedanese leger van bombardementen op Nyala.",
                        "nl")):
        assert _accusations(_doc(body, lang)) == {("Sudanese Armed Forces", "Rapid Support Forces"),
                                                  ("Rapid Support Forces", "Sudanese Armed Forces")}, body
    # a claim of the pair an outright accusation already names is that accusation, not a second one
    for body, lang in (("Ukraine accused Russia of breaking the truce. Ukrainian officials said Russian drones "
                        "attacked Odesa. Russia accused Ukraine of violating the ceasefire.", "en"),
                       ("Oekraïne beschuldigde Rusland van schending van het bestand. Volgens Oekraïense "
                        "functionarissen vielen Russische drones Odesa aan. Rusland beschuldigde Oekraïne van "
                        "schendingen.", "nl")):
        accusations = _events(_doc(body, lang), "Accusation")
        assert len(accusations) == 2, (body, [a.properties for a in accusations])


def test_each_sides_tally_of_the_others_drones_accuses_nobody_en_nl() -> None:
    for body, lang in (("The Ukrainian air force said Russia launched 273 drones overnight. The Russian army said it "
                        "had intercepted 25 Ukrainian drones.", "en"),
                       ("De Oekraïense luchtmacht zei dat Rusland 273 drones lanceerde. Het Russische leger meldde dat "
                        "het 25 Oekraïense drones had onderschept.", "nl")):
        assert not _accusations(_doc(body, lang)), body


def test_opening_fire_is_an_attack_without_a_fire_en_nl() -> None:
    for body, lang in (("Pakistani troops opened fire on Indian posts in Poonch, killing two soldiers.", "en"),
                       ("Pakistaanse troepen openden het vuur op Indiase posten in Poonch, waarbij twee soldaten "
                        "omkwamen.", "nl")):
        doc = _doc(body, lang)
        assert [(killed, perps) for killed, perps, _ in _attacks(doc)] == [(2, {"Pakistan"})], body
        assert all("fire" not in (n.properties.get("effects") or []) for n in _events(doc, "Attack")), body


def test_an_attack_called_unprovoked_accuses_on_its_own_en_nl() -> None:
    """A lone claim that the other side attacked is no accusation, unless it calls the attack
    unprovoked."""
    for body, lang in (("India said Pakistani troops opened fire without provocation along the Line of Control.", "en"),
                       ("India zei dat Pakistaanse troepen bij een niet-uitgelokte aanval dorpen beschoten.", "nl")):
        assert _accusations(_doc(body, lang)) == {("India", "Pakistan")}, body
    for body, lang in (("India said Pakistani troops opened fire along the Line of Control.", "en"),
                       ("India zei dat Pakistaanse troepen dorpen beschoten.", "nl")):
        assert not _accusations(_doc(body, lang)), body


def test_a_state_body_does_not_accuse_its_own_state_en_nl() -> None:
    """The army or a ministry speaks for its state: naming the state in what it reports accuses
    the state of nothing."""
    for body, lang in (("The Israeli army said Israel was hit by rockets in a violation of the ceasefire.", "en"),
                       ("Hun acties vormden een bedreiging voor Israël en waren een schending van het bestand, meldde "
                        "het Israëlische leger.", "nl")):
        assert not _accusations(_doc(body, lang)), body
    # another state named there is still accused
    for body, lang in (("The Israeli army said Hezbollah violated the ceasefire.", "en"),
                       ("Het Israëlische leger meldde dat Hezbollah het bestand had geschonden.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Israel Defense Forces", "Hezbollah")}, body


def test_blame_without_accuse_stelt_verantwoordelijk_beticht_wijt_attributed_nl_en() -> None:
    """More words of blame: "stelt ... verantwoordelijk", "houdt ... aansprakelijk", "beticht",
    "wijt ... aan", "attributed ... to", and "is Hamas verantwoordelijk voor" with the verb first."""
    for body, lang in (("Israël stelt Hamas verantwoordelijk voor de aanval.", "nl"),
                       ("Israël houdt Hamas aansprakelijk voor de aanval.", "nl"),
                       ("Israël beticht Hamas van een aanval op de grensovergang.", "nl"),
                       ("Israël wijt de aanval aan Hamas.", "nl"),
                       ("Volgens Israël is Hamas verantwoordelijk voor de aanval.", "nl"),
                       ("Israel attributed the attack to Hamas.", "en")):
        assert _accusations(_doc(body, lang)) == {("Israel", "Hamas")}, body
    # nobody says it: a duty, no blame
    for body, lang in (("Hamas is verantwoordelijk voor het bestuur van Gaza.", "nl"),
                       ("The attack was attributed to Hamas.", "en")):
        assert not _accusations(_doc(body, lang)), body


def test_volgens_x_then_verb_then_subject_is_the_claimed_attacker_nl_en() -> None:
    """"Volgens Armenië beschoot Azerbeidzjan ...": after an opening "volgens X" the verb comes
    first, then the side said to attack; each side saying it of the other is mutual blame."""
    for body, lang in (("Volgens Armenië beschoot Azerbeidzjan de grensposten bij Sotk. Volgens Azerbeidzjan heeft "
                        "Armenië zijn posities beschoten.", "nl"),
                       ("According to Armenia, Azerbaijan shelled the border posts near Sotk. According to "
                        "Azerbaijan, Armenia shelled its positions.", "en")):
        assert _accusations(_doc(body, lang)) == {("Armenia", "Azerbaijan"), ("Azerbaijan", "Armenia")}, body
    assert _accusations(_doc("Volgens India beschoten Pakistaanse troepen zonder aanleiding dorpen in Poonch.",
                             "nl")) == {("India", "Pakistan")}
    # a lone claim is no accusation
    assert not _accusations(_doc("Volgens Armenië beschoot Azerbeidzjan de grensposten bij Sotk.", "nl"))


def test_a_side_said_to_fire_first_is_blamed_on_its_own_en_nl() -> None:
    """"fired first", "als eerste het vuur": who opened the fighting is blamed, as with "unprovoked",
    even when the other side makes no claim back."""
    for body, lang in (("According to Armenia, Azerbaijan fired first.", "en"),
                       ("Armenia said Azerbaijani forces opened fire first near the border.", "en"),
                       ("Volgens Armenië opende Azerbeidzjan als eerste het vuur.", "nl"),
                       ("Armenië zegt dat Azerbeidzjaanse troepen als eerste het vuur openden bij de grens.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Armenia", "Azerbaijan")}, body
    for body, lang in (("According to Armenia, Azerbaijan fired at the border posts.", "en"),
                       ("Volgens Armenië opende Azerbeidzjan het vuur.", "nl")):
        assert not _accusations(_doc(body, lang)), body


def test_an_attack_marked_by_a_demonym_that_broke_the_deal_accuses_its_country_en_nl() -> None:
    for body, lang in (("Ukraine said the Russian attack on Kharkiv violated the ceasefire.", "en"),
                       ("Oekraïne zegt dat de Russische aanval op Charkiv het bestand schendt.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Ukraine", "Russia")}, body
    # an aside after the attack is the reporter's words, not the speaker's
    for body, lang in (("Two people were killed in a Russian airstrike in Kharkiv, in the latest violation of the "
                        "ceasefire, Ukraine said.", "en"),
                       ("Twee mensen kwamen om bij een Russische luchtaanval in Charkiv, in de zoveelste schending "
                        "van het bestand, zei Oekraïne.", "nl")):
        assert not _accusations(_doc(body, lang)), body


def test_their_actions_were_a_violation_accuses_the_side_named_before_en_nl() -> None:
    """"Their actions ... were a violation, the army said": the side named in the sentence before,
    not the state the speaker stands for, which the clause names as threatened."""
    for body, lang in (("The army killed three Hezbollah members in southern Lebanon. Their actions were a threat to "
                        "the state of Israel and a violation of the ceasefire, the Israeli army said.", "en"),
                       ("Het leger doodde drie Hezbollah-leden in het zuiden van Libanon. Hun acties vormden een "
                        "bedreiging voor de staat Israël en waren een schending van het bestand, meldde het "
                        "Israëlische leger.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Israel Defense Forces", "Hezbollah")}, body
    # without the pronoun the clause names no one who broke the deal
    assert not _accusations(_doc("The army killed three Hezbollah members in southern Lebanon. The strikes were a "
                                 "response to a violation of the ceasefire, the Israeli army said.", "en"))


def test_an_attack_carried_out_by_the_other_side_is_its_claim_nl_en() -> None:
    for body, lang in (("Ukraine accused Russia of shelling the plant. Russia said the attack was carried out by "
                        "Ukraine.", "en"),
                       ("Oekraïne beschuldigde Rusland van beschietingen. Rusland zegt dat de aanval werd uitgevoerd "
                        "door Oekraïne.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Ukraine", "Russia"), ("Russia", "Ukraine")}, body
    # who condemned the attack did not carry it out
    for body, lang in (("Ukraine accused Russia of shelling the plant. Russia said the attack was condemned by "
                        "Ukraine.", "en"),
                       ("Oekraïne beschuldigde Rusland van beschietingen. Rusland zegt dat de aanval werd veroordeeld "
                        "door Oekraïne.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Ukraine", "Russia")}, body


def test_the_name_right_after_said_is_who_attacked_in_a_claim_en() -> None:
    # "Russia said Ukraine carried out the attack", with no "that": Ukraine is the subject of the claim
    doc = _doc("Ukraine accused Russia of shelling the plant. Russia said Ukraine carried out the attack.", "en")
    assert _accusations(doc) == {("Ukraine", "Russia"), ("Russia", "Ukraine")}
    # a lone claim still blames no one
    assert not _accusations(_doc("Russia said Ukraine carried out the attack.", "en"))


def test_condemning_a_side_for_an_attack_blames_it_nl_en() -> None:
    for body, lang, pair in (("Oekraïne veroordeelde Rusland voor de aanval.", "nl", ("Ukraine", "Russia")),
                             ("Frankrijk bekritiseerde Israël om de aanvallen op Gaza.", "nl", ("France", "Israel")),
                             ("France criticised Israel for the strikes on Gaza.", "en", ("France", "Israel"))):
        assert _accusations(_doc(body, lang)) == {pair}, body
    # the side the attack hit is not condemned
    for body, lang in (("Frankrijk veroordeelde de aanval op Israël.", "nl"),
                       ("France condemned the attack on Israel.", "en")):
        assert not _accusations(_doc(body, lang)), body


def test_condemning_an_attack_by_a_named_side_accuses_it_en_nl() -> None:
    """"Ukraine condemned Russia's attack", "Oekraïne veroordeelde de Russische aanval": a condemnation
    names the attacker as a claim would, and blames it without the other side's claim back."""
    for body, lang in (("Ukraine condemned Russia's attack on the hospital in Kharkiv.", "en"),
                       ("Oekraïne veroordeelde de Russische aanval op het ziekenhuis in Charkiv.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Ukraine", "Russia")}, body
    # regret or mourning blames no one
    for body, lang in (("Ukraine mourned the victims of the Russian attack on the hospital in Kharkiv.", "en"),
                       ("Oekraïne betreurde de Russische aanval op het ziekenhuis in Charkiv.", "nl")):
        assert not _accusations(_doc(body, lang)), body


def test_not_observing_or_reneging_on_a_truce_is_a_violation_nl_en() -> None:
    for body, lang in (("Ukraine said Russia had failed to observe the truce.", "en"),
                       ("Ukraine said Russia had reneged on the truce.", "en"),
                       ("Oekraïne zegt dat Rusland zich niet aan het bestand houdt.", "nl"),
                       ("Oekraïne zegt dat Rusland zich niet aan het bestand heeft gehouden.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Ukraine", "Russia")}, body
    # keeping to the truce is no breach
    for body, lang in (("Ukraine said Russia had observed the truce.", "en"),
                       ("Oekraïne zegt dat Rusland zich aan het bestand houdt.", "nl")):
        assert not _accusations(_doc(body, lang)), body


def test_a_side_that_will_pay_a_price_for_an_attack_is_blamed_nl_en() -> None:
    for body, lang in (("Erdogan said the Syrian government would pay a heavy price for attacking Turkish soldiers.",
                        "en"),
                       ("Erdogan zei dat de Syrische regering „flink gaat boeten” voor het aanvallen van Turkse "
                        "soldaten.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Türkiye", "Syria"), ("Recep Tayyip Erdogan", "Syria")}, body
    # those who pay for a war are not blamed for it
    for body, lang in (("Ukraine said civilians pay a heavy price for the war.", "en"),
                       ("Oekraïne zegt dat burgers een hoge prijs betalen voor de oorlog.", "nl")):
        assert not _accusations(_doc(body, lang)), body


def test_bearing_responsibility_for_is_an_attribution_nl_en() -> None:
    for body, lang in (("Hamas said Israel bore responsibility for the collapse of the truce.", "en"),
                       ("Hamas said Israel bears full responsibility for the deaths.", "en"),
                       ("Hamas zegt dat Israël de volledige verantwoordelijkheid draagt voor de doden.", "nl"),
                       ("Volgens Hamas draagt Israël de volledige verantwoordelijkheid voor de doden.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Hamas", "Israel")}, body
    # a side that bears responsibility itself accuses no one
    for body, lang in (("Israel said it bore no responsibility for the deaths.", "en"),
                       ("Israël zegt dat het geen verantwoordelijkheid draagt voor de doden.", "nl")):
        assert not _accusations(_doc(body, lang)), body


def test_an_accused_person_is_accused_with_the_state_they_serve_nl_en() -> None:
    for body, lang in (("Hamas accused Israeli Prime Minister Benjamin Netanyahu of obstructing the talks.", "en"),
                       ("Hamas beschuldigde de Israëlische premier Benjamin Netanyahu van het dwarsbomen van de "
                        "gesprekken.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Hamas", "Israel"), ("Hamas", "Benjamin Netanyahu")}, body
    # the person who speaks for the accuser is no accused
    for body, lang in (("Israeli Prime Minister Benjamin Netanyahu accused Hamas of violating the truce.", "en"),
                       ("De Israëlische premier Benjamin Netanyahu beschuldigde Hamas van schending van het bestand.",
                        "nl")):
        assert {b for _, b in _accusations(_doc(body, lang))} == {"Hamas"}, body


def test_a_pronoun_that_accuses_is_the_side_named_before_nl_en() -> None:
    for body, lang in (("The Sudanese army issued a statement on Sunday. It accused the RSF of shelling the camp.",
                        "en"),
                       ("Het Soedanese leger gaf zondag een verklaring uit. Daarin beschuldigde het de RSF van "
                        "beschietingen op het kamp.", "nl"),
                       ("Legerleider Abdel Fattah al-Burhan sprak zondag. Hij beschuldigde de RSF van beschietingen "
                        "op het kamp.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Sudanese Armed Forces", "Rapid Support Forces")}, body
    # a pronoun that is the object accuses no one: the subject is missing, not unnamed
    for body, lang in (("The Sudanese army issued a statement on Sunday. Many accused it of shelling the camp.",
                        "en"),
                       ("Het Soedanese leger gaf zondag een verklaring uit. Velen beschuldigden het van "
                        "beschietingen op het kamp.", "nl")):
        assert not _accusations(_doc(body, lang)), body


def test_responsible_with_nothing_after_it_and_zit_achter_blame_the_subject_nl_en() -> None:
    for body, lang in (("Kyiv said Russia was responsible.", "en"),
                       ("Oekraïne zegt dat Rusland verantwoordelijk is.", "nl"),
                       ("Volgens Oekraïne zit Rusland achter de aanval.", "nl"),
                       ("Rusland zat achter de aanval, zegt Oekraïne.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Ukraine", "Russia")}, body
    # a relative clause describes someone; it blames no one
    for body, lang in (("Ukraine said a Russian commander who was responsible had been killed.", "en"),
                       ("Oekraïne zegt dat een Russische commandant die verantwoordelijk was, is gedood.", "nl")):
        assert not _accusations(_doc(body, lang)), body


def test_a_provocation_by_the_other_side_blames_it_nl_en() -> None:
    for body, lang in (("Moscow called the shelling of the plant a provocation by Kyiv.", "en"),
                       ("Moskou noemde de beschieting van de kerncentrale een provocatie van Kyiv.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Russia", "Ukraine")}, body
    # a warning against provocations names no one who made them
    for body, lang in (("Moscow warned Kyiv against provocations.", "en"),
                       ("Moskou waarschuwde Kyiv voor provocaties.", "nl")):
        assert not _accusations(_doc(body, lang)), body


def test_attacked_without_provocation_by_x_is_x_attacking_unprovoked_nl_en() -> None:
    # "without provocation by X" is no provocation by X: X attacked, and the speaker blames it
    for body, lang in (("Pakistan said its posts were attacked without provocation by Afghan forces.", "en"),
                       ("Pakistan zegt dat zijn posten werden aangevallen zonder aanleiding door Afghaanse troepen.",
                        "nl")):
        assert _accusations(_doc(body, lang)) == {("Pakistan", "Afghanistan")}, body


def test_a_side_that_says_it_was_attacked_unprovoked_blames_the_side_before_nl_en() -> None:
    for body, lang in (("Afghanistan said it had carried out retaliatory strikes against Pakistan. Pakistan said it "
                        "was attacked without provocation.", "en"),
                       ("Afghanistan zegt vergeldingsaanvallen te hebben uitgevoerd tegen Pakistan. Pakistan zegt "
                        "zonder aanleiding te zijn aangevallen.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Pakistan", "Afghanistan")}, body
    # a lone report of being attacked blames no one
    for body, lang in (("Afghanistan said it had carried out retaliatory strikes against Pakistan. Pakistan said it "
                        "was attacked.", "en"),
                       ("Afghanistan zegt vergeldingsaanvallen te hebben uitgevoerd tegen Pakistan. Pakistan zegt "
                        "te zijn aangevallen.", "nl")):
        assert not _accusations(_doc(body, lang)), body


def test_an_attack_told_before_that_breaks_the_truce_is_its_attackers_breach_nl_en() -> None:
    for body, lang in (("Russia shelled the plant overnight. Ukraine said the attack was a violation of the ceasefire.",
                        "en"),
                       ("Rusland beschoot de centrale. Volgens Oekraïne is de aanval een schending van het bestand.",
                        "nl")):
        assert _accusations(_doc(body, lang)) == {("Ukraine", "Russia")}, body
    # an aside that names the attacker is no accusation of it
    for body, lang in (("Israel struck a car. Two people were killed in an Israeli airstrike in southern Lebanon, in "
                        "the latest violation of a ceasefire agreement, Lebanon said.", "en"),
                       ("Israël bestookte een auto. Twee mensen kwamen om bij een Israëlische luchtaanval in "
                        "Zuid-Libanon, de zoveelste schending van het bestand, meldde Libanon.", "nl")):
        assert not _accusations(_doc(body, lang)), body


def test_a_breach_told_in_a_quote_is_its_speakers_accusation_nl_en() -> None:
    # "“Russia violated the ceasefire again,” he said": who says the quote accuses
    for body, lang in (("Zelensky spoke on Sunday. \"Russia violated the ceasefire again,\" he said.", "en"),
                       ("Zelensky sprak zondag. \"Rusland heeft het bestand opnieuw geschonden\", zei hij.", "nl"),
                       ("\"Russia has broken the truce. We will respond,\" Zelensky said.", "en"),
                       ("\"Rusland heeft het bestand geschonden. We zullen reageren\", zei Zelensky.", "nl")):
        assert ("Ukraine", "Russia") in _accusations(_doc(body, lang)), body
    # a breach outside the quote is not the quote's speaker's
    for body, lang in (("Russia violated the ceasefire. \"We will respond,\" Zelensky said.", "en"),
                       ("Rusland schond het bestand. \"We zullen reageren\", zei Zelensky.", "nl")):
        assert not _accusations(_doc(body, lang)), body


def test_a_pronoun_that_reports_a_breach_speaks_for_the_one_named_before_nl_en() -> None:
    for body, lang in (("Zelensky spoke on Sunday. Russia violated the ceasefire again, he said.", "en"),
                       ("Zelensky sprak zondag. Rusland heeft het bestand opnieuw geschonden, zei hij.", "nl"),
                       ("The Ukrainian army said it shot down six drones. Russia violated the ceasefire again, it "
                        "said.", "en")):
        assert "Russia" in {b for _, b in _accusations(_doc(body, lang))}, body
    # "said it …": in English the pronoun after the verb is what is said, not who says it
    assert not _accusations(_doc("The Ukrainian army shot down six drones. Officials said it violated the "
                                 "ceasefire.", "en"))


def test_a_breach_by_both_sides_is_the_speakers_accusation_of_each_nl_en() -> None:
    for body, lang in (("Fighting continued in Sudan between the army and the RSF. Both sides violated the truce, the "
                        "UN said.", "en"),
                       ("In Soedan vechten het leger en de RSF. Volgens de VN schenden beide partijen het bestand.",
                        "nl")):
        assert _accusations(_doc(body, lang)) == {("United Nations", "Sudanese Armed Forces"),
                                                  ("United Nations", "Rapid Support Forces")}, body
    # told by no one, it is no side's accusation of the other
    for body, lang in (("Fighting continued in Sudan between the army and the RSF. It seems both sides violated the "
                        "truce.", "en"),
                       ("In Soedan vechten het leger en de RSF. Het lijkt erop dat beide partijen het bestand "
                        "schenden.", "nl")):
        assert not _accusations(_doc(body, lang)), body
    # "accused each other" stays one accusation each way
    assert _accusations(_doc("Israel and Hamas accused each other of violating the truce.", "en")) == {
        ("Israel", "Hamas"), ("Hamas", "Israel")}


def test_criticising_an_attack_or_a_breach_condemns_it_nl_en() -> None:
    for body, lang in (("Ukraine criticized the Russian strike on the hospital in Kharkiv.", "en"),
                       ("Oekraïne bekritiseerde de Russische aanval op het ziekenhuis in Charkiv.", "nl")):
        assert _accusations(_doc(body, lang)) == {("Ukraine", "Russia")}, body
    assert _accusations(_doc("Hamas criticised Israel for violating the truce.", "en")) == {("Hamas", "Israel")}
    # criticism that names no attack or breach accuses no one
    for body, lang in (("Ukraine criticized Russia's stance in the talks.", "en"),
                       ("Oekraïne bekritiseerde de Russische houding in de gesprekken.", "nl")):
        assert not _accusations(_doc(body, lang)), body


def test_the_attack_van_a_side_names_its_attacker_nl() -> None:
    # Dutch "van" after the attack noun names who carried it out, as English "by" does
    for body in ("Oekraïne veroordeelde de aanval van Rusland op het ziekenhuis in Charkiv.",
                 "Oekraïne veroordeelde het bombardement van het Russische leger op het ziekenhuis in Charkiv."):
        assert {a for a, _ in _accusations(_doc(body, "nl"))} == {"Ukraine"}, body
        assert {b for _, b in _accusations(_doc(body, "nl"))} <= {"Russia", "Russian Army"}, body
    # a date after "van" names no one
    assert not _accusations(_doc("Oekraïne veroordeelde de aanval van zaterdag op het ziekenhuis in Charkiv.", "nl"))


def test_the_dutch_reportative_past_is_no_conditional_nl_en() -> None:
    """"zouden ... zijn omgekomen", "zou ... hebben aangevallen": Dutch news reports a fact it has
    from others, it does not suppose one; "zou aanvallen" without a participle, and English
    "would", stay conditional."""
    doc = _doc("Bij een Pakistaanse luchtaanval in Khost zouden zeker dertien burgers zijn omgekomen.", "nl")
    assert [(killed, perps) for killed, perps, _ in _attacks(doc)] == [(13, {"Pakistan"})]
    doc = _doc("Volgens Kyiv zou Rusland de stad Charkiv hebben aangevallen met drones.", "nl")
    assert any("Russia" in perps for _, perps, _ in _attacks(doc))
    for body, lang in (("Rusland zou vergelding nemen als Oekraïne Belgorod zou aanvallen.", "nl"),
                       ("Een aanval op de kerncentrale zou een ramp zijn.", "nl"),
                       ("Russia would retaliate if Ukraine attacked Belgorod.", "en")):
        assert not _attacks(_doc(body, lang)), body


def test_the_toll_of_the_armed_conflict_is_no_attacks_toll_nl_en() -> None:
    for body, lang in (("Two attacks by the Ukrainian army wounded a civilian in Horlivka. Since the armed conflict "
                        "began in 2014, 10,000 people have been killed.", "en"),
                       ("Bij twee aanvallen van het Oekraïense leger raakte een burger in Horlivka gewond. Sinds het "
                        "gewapende conflict in 2014 uitbrak, zijn 10.000 mensen om het leven gekomen.", "nl")):
        assert all(killed != 10000 for killed, _, _ in _attacks(_doc(body, lang))), body


def test_a_killing_by_a_named_agent_is_an_attack_en_nl() -> None:
    """"Gunmen killed 30 villagers", "Jihadisten hebben vijftig burgers vermoord": no attack word,
    but an agent kills: an attack with its toll. Floods, and the war's toll, are none."""
    for body, lang in (("Gunmen killed 30 villagers in Zamfara state on Sunday.", "en"),
                       ("Jihadisten hebben zondag in Burkina Faso zeker dertig burgers vermoord.", "nl")):
        attacks = _attacks(_doc(body, lang))
        assert len(attacks) == 1 and attacks[0][0] == 30 and attacks[0][1], (body, attacks)
    for body, lang in (("Floods killed 20 people in Kenya.", "en"),
                       ("Russia's war has killed more than 10,000 civilians.", "en"),
                       ("Overstromingen doodden twintig mensen in Kenia.", "nl"),
                       ("De oorlog heeft al meer dan 10.000 burgers gedood.", "nl"),
                       # the agent must be an armed side, not whoever estimates the toll
                       ("The UN and local authorities estimate that the fighting has killed more than 20,000 "
                        "people.", "en"),
                       ("De VN schatten dat de onrust in Soedan meer dan 20.000 mensen heeft gedood.", "nl")):
        assert not _attacks(_doc(body, lang)), body


def test_dutch_compounds_of_aanslag_are_attacks_and_the_bomb_stays_its_method_nl_en() -> None:
    """"bomaanslag", "terreuraanslag": compounds of "aanslag"; a later "de aanslag" that merges
    into the bombing leaves its method an explosion."""
    for body, lang in (("Bij een bomaanslag op een markt in Mogadishu zijn vrijdag zeker twintig mensen om het leven "
                        "gekomen. De aanslag werd gepleegd door al-Shabaab.", "nl"),
                       ("At least twenty people were killed in a car bomb attack at a market in Mogadishu on Friday. "
                        "The attack was carried out by al-Shabaab.", "en")):
        doc = _doc(body, lang)
        assert [(n.properties["method"], n.properties.get("killed")) for n in _events(doc, "Attack")] == \
            [("explosion", 20)], body
    doc = _doc("Bij een terreuraanslag in Peshawar kwamen twaalf mensen om.", "nl")
    assert [killed for killed, _, _ in _attacks(doc)] == [12]


def test_new_and_cape_are_no_demonyms_en() -> None:
    """"Papua New Guinean" and "Cape Verdean" are demonyms; "New" and "Cape" alone are not
    ("Tigray Forces Accuse Ethiopian Gov't of New Airstrikes in Mekelle")."""
    doc = _doc("Tigray Forces Accuse Ethiopian Gov't of New Airstrikes in Mekelle\n\nThe Ethiopian air force "
               "struck Mekelle on Monday.", "en")
    assert "Papua New Guinea" not in _actors(doc)
    doc = _doc("Russian troops shelled the Cape of Good Hope Street in Kherson.", "en")
    assert not {"Cabo Verde", "Cape Verde"} & set(_actors(doc))
    # (officials who speak for it: a bare adjective alone would name the country only in passing)
    doc = _doc("Papua New Guinean officials said a soldier was killed by Russian shelling in Kherson on Monday.", "en")
    assert "Papua New Guinea" in _actors(doc)


def test_the_saudi_led_coalition_is_an_actor_en_nl() -> None:
    for body, lang in (("The Houthis accused the Saudi-led coalition of air strikes that killed at least 30 people in "
                        "Al-Jawf.", "en"),
                       ("De Houthi's beschuldigen de door Saoedi-Arabië geleide coalitie van luchtaanvallen waarbij "
                        "zeker dertig mensen om het leven kwamen in Al-Jawf.", "nl")):
        doc = _doc(body, lang)
        assert ("Houthis", "Saudi-led coalition") in _accusations(doc), body
        assert any("Saudi-led coalition" in perps for _, perps, _ in _attacks(doc)), body


def test_a_sentence_glued_to_the_one_before_is_its_own_en_nl() -> None:
    """Scraped pages lose the space after a stop ("Xinhua reported.The RSF accused ..."): the two
    are two sentences, so the accusation is read in its own; "U.S.A." stays one word."""
    from conflictkg.loaders.segment import split_sentences
    for body, lang in (("Clashes took place south of Khartoum, Xinhua reported.The RSF accused the SAF of shelling "
                        "Nyala.", "en"),
                       ("Er werd gevochten ten zuiden van Khartoem, meldde Xinhua.De RSF beschuldigde het leger van "
                        "beschietingen op Nyala.", "nl")):
        texts = [s.text for s in split_sentences(body, 0, lang)]
        assert len(texts) == 2 and texts[1].startswith(("The RSF", "De RSF")), texts
        assert ("Rapid Support Forces", "Sudanese Armed Forces") in _accusations(_doc(body, lang)), body
    assert len(split_sentences("He said the U.S.A. would help.", 0, "en")) == 1


def test_a_datelines_city_is_no_actor_of_the_story_en_nl() -> None:
    """"MOSCOW (Sputnik) -", "MOSKOU -": where the copy was filed; Moscow does not make Russia an
    actor. An acronym before a bracket ("NATO (the alliance) said") is still a name."""
    for body, lang in (("MOSCOW (Sputnik) - Tigray forces accused the Ethiopian government of new airstrikes in "
                        "Mekelle.", "en"),
                       ("MOSKOU (ANP) - Tigrese strijders beschuldigen de Ethiopische regering van nieuwe "
                        "luchtaanvallen op Mekelle.", "nl")):
        doc = _doc(body, lang)
        assert "Russia" not in _actors(doc) and "Moscow" not in _places(doc), body
    assert "NATO" in _actors(_doc("NATO (the alliance) said Russia attacked Kyiv.", "en"))


def test_calling_it_quotes_the_sentences_subject_en_nl() -> None:
    """"The army condemned the RSF, calling it “a moral defeat”": the army speaks, not the RSF
    named just before the verb."""
    for body, lang in (("The Sudanese army condemned the RSF, calling it “a moral defeat for the rebel group”.", "en"),
                       ("Het Soedanese leger veroordeelde de RSF en noemde het „een morele nederlaag voor de "
                        "rebellen”.", "nl")):
        said = _said(_doc(body, lang))
        assert said and all(speaker == "Sudanese Armed Forces" for speaker, _ in said), (body, said)


def test_an_attack_that_broke_the_ceasefire_is_reported_nl_en() -> None:
    en = _doc("Pakistan has broken the ceasefire and bombed three villages in Paktika province.", "en",
              date="2025-10-17")
    assert _attacks(en) == [(None, {"Pakistan"}, {"Paktika province"})]
    nl = _doc("Volgens de RSF heeft het Soedanese leger de wapenstilstand geschonden door Omdurman te blijven "
              "aanvallen.", "nl", date="2023-04-25")
    assert [(perps, targets) for _, perps, targets in _attacks(nl)] == [({"Sudanese Armed Forces"}, {"Omdurman"})]
    # an agreement to stop attacks still names no attack
    for body, lang in (("The two sides agreed a ceasefire to end attacks on Paktika.", "en"),
                       ("De partijen spraken een wapenstilstand af om aanvallen op Omdurman te stoppen.", "nl")):
        assert not _events(_doc(body, lang), "Attack"), body


def test_a_lower_case_noun_phrase_before_the_agents_name_nl_en() -> None:
    en = _doc("A soldier was killed in attacks by the terror group SDF in Aleppo.", "en", date="2025-10-09")
    assert [perps for _, perps, _ in _attacks(en)] == [{"Syrian Democratic Forces"}]
    nl = _doc("Bij een aanval van de terroristische groepering Boko Haram op een dorp zijn 69 mensen gedood.", "nl",
              date="2020-06-10")
    assert [perps for _, perps, _ in _attacks(nl)] == [{"Boko Haram"}]
    # a preposition of place among the words: the name says where, not who
    en = _doc("Twelve people were killed in an attack by unknown gunmen near Nigeria.", "en")
    assert all("Nigeria" not in perps for _, perps, _ in _attacks(en))


def test_attacks_told_as_a_habit_are_no_attack_nl_en() -> None:
    for body, lang in (("Al-Shabaab regularly launches attacks on military bases in Somalia.", "en"),
                       ("Israeli forces have conducted near-daily attacks in southern Lebanon.", "en"),
                       ("In het noorden van Nigeria worden regelmatig boeren aangevallen door Boko Haram.", "nl"),
                       ("In Nigeria vinden vaker aanvallen van Boko Haram plaats.", "nl")):
        assert not _events(_doc(body, lang), "Attack"), body
    for body, lang in (("Al-Shabaab launched an attack on a military base in Somalia.", "en"),
                       ("In Nigeria hebben strijders van Boko Haram een dorp aangevallen.", "nl")):
        assert len(_events(_doc(body, lang), "Attack")) == 1, body


def test_no_casualties_after_an_attack_adds_to_it_nl_en() -> None:
    for body, lang in (("Russian drones struck Odesa on Sunday. No casualties were reported following the assault.",
                        "en"),
                       ("Russische drones troffen zondag Odesa. Niemand raakte gewond bij de beschieting.", "nl")):
        doc = _doc(body, lang)
        assert [targets for _, _, targets in _attacks(doc)] == [{"Odesa"}], body
    # a toll that is not zero is an attack of its own
    doc = _doc("Russian drones struck Odesa on Sunday. Two people were killed in shelling.", "en")
    assert len(_events(doc, "Attack")) == 2


def test_an_attack_told_without_place_and_who_then_with_them_is_one_nl_en() -> None:
    for body, lang in (("Intense clashes have left at least 100 soldiers dead, activists said. Al-Nusra fighters "
                        "attacked the city of Shadidi in Hasaka.", "en"),
                       ("Bij zware gevechten zijn zondag zeker dertig mensen omgekomen. Strijders van Boko Haram "
                        "hebben het dorp Koshobe aangevallen.", "nl")):
        [(killed, perps, targets)] = _attacks(_doc(body, lang))
        assert killed in (100, 30) and perps and targets, body
    # on another day it is another attack
    doc = _doc("Russian drones struck Odesa on Sunday. On Monday, three people were killed in drone strikes.", "en")
    assert len(_events(doc, "Attack")) == 2


def test_a_toll_far_after_an_attack_is_not_its_toll_nl_en() -> None:
    for body, lang in (("Russian drones struck Odesa on Sunday. The port handles grain. Ships wait at sea. Exports "
                        "have fallen. More than 20,000 people have been killed, the UN estimates.", "en"),
                       ("Russische drones troffen zondag Odesa. De haven verwerkt graan. Schepen wachten op zee. De "
                        "export is gedaald. Volgens de VN zijn meer dan 20.000 mensen omgekomen.", "nl")):
        assert [killed for killed, _, _ in _attacks(_doc(body, lang))] == [None], body
    # right after the attack it is the attack's toll
    for body, lang in (("Russian drones struck Odesa on Sunday. Two people were killed, the governor said.", "en"),
                       ("Russische drones troffen zondag Odesa. Er kwamen twee mensen om het leven.", "nl")):
        assert [killed for killed, _, _ in _attacks(_doc(body, lang))] == [2], body


def test_a_groups_name_before_the_attack_word_is_the_perpetrator_nl_en() -> None:
    en = _doc("We lost six soldiers in the ISWAP terrorist attack on the base in Damboa, an officer said.", "en",
              date="2025-01-05")
    assert _attacks(en) == [(None, {"ISWAP"}, {"Damboa"})]
    nl = _doc("Bij de M23-aanval op Goma kwamen dertien soldaten om.", "nl", date="2025-01-27")
    assert _attacks(nl) == [(13, {"M23"}, {"Goma"})]
    # a country's name there may be the target: left to the other rules
    en = _doc("Five people were killed in a Ukraine drone attack on Belgorod.", "en")
    assert [perps for _, perps, _ in _attacks(en)] == [set()]


def test_a_call_for_an_end_to_the_fighting_is_no_attack_nl_en() -> None:
    for body, lang in (("Merkel drong bij de leiders van Armenië en Azerbeidzjan aan op een direct einde aan de "
                        "gevechten.", "nl"),
                       ("Merkel urged the leaders of Armenia and Azerbaijan to bring an immediate end to the "
                        "fighting.", "en")):
        assert not _events(_doc(body, lang, date="2020-10-03"), "Attack"), body
    doc = _doc("Bij gevechten in Stepanakert kwamen zondag tien mensen om het leven.", "nl", date="2020-10-03")
    assert [killed for killed, _, _ in _attacks(doc)] == [10]


def test_a_country_only_an_adjective_names_in_passing_is_no_actor_en_nl() -> None:
    """"a Turkish vessel", "enkele Belgen": a country named only by its adjective, other than the
    article's own, is no actor unless an event links it; "Russian drones" that struck keep Russia."""
    for body, lang in (("The war in Sudan goes on. A Turkish vessel was seen in the port.", "en"),
                       ("De oorlog in Soedan gaat door. Onder de doden waren ook enkele Belgen.", "nl")):
        actors = _actors(_doc(body, lang))
        assert "Sudan" in actors and not {"Türkiye", "Belgium"} & set(actors), (body, set(actors))
    for body, lang in (("Russian drones struck Kharkiv on Friday, killing three people.", "en"),
                       ("Russische drones troffen vrijdag Charkiv, waarbij drie mensen omkwamen.", "nl")):
        assert "Russia" in _actors(_doc(body, lang)), body


def test_a_country_before_a_hyphened_participle_is_named_in_passing_en() -> None:
    """"the Iran-backed Houthis", "the Britain-based Observatory": the compound describes another
    actor; the country is no actor unless an event links it. "Iran backs them" names Iran."""
    doc = _doc("The war in Yemen goes on. The Iran-backed Houthis said they control Marib in Yemen.", "en")
    assert "Iran" not in _actors(doc) and "Houthis" in _actors(doc)
    doc = _doc("The war in Syria goes on, the Britain-based Syrian Observatory said on Friday.", "en")
    assert "United Kingdom" not in _actors(doc)
    assert "Iran" in _actors(_doc("The war in Yemen goes on. The Houthis said Iran backs them in Yemen.", "en"))


def test_a_country_that_names_a_border_is_named_in_passing_en_nl() -> None:
    """"near the Niger border", "op de grens met China": the country names where a border runs; it
    is no actor of the story, nor a place the attack hit. Named for itself, it stays an actor."""
    for body, lang, other in (("The war in Nigeria goes on. ISWAP stormed a camp in Kareto near the Niger border, "
                               "killing five soldiers in Nigeria.", "en", "Niger"),
                              ("De oorlog in Myanmar gaat door. Het kamp op de grens met China werd gebombardeerd "
                               "door het leger van Myanmar.", "nl", "China")):
        doc = _doc(body, lang)
        assert other not in _actors(doc), body
        assert all(other not in places for _, _, places in _attacks(doc)), body
    doc = _doc("De oorlog in Myanmar gaat door. China riep op tot een bestand in Myanmar.", "nl")
    assert "China" in _actors(doc)


def test_a_name_set_off_by_commas_after_a_title_phrase_is_a_person_en_nl() -> None:
    """"A spokesman for the Sudanese army, Nabil Abdallah, said", "De woordvoerder van het Russische
    ministerie van Defensie, Igor Konasjenkov, zei": the name between commas is the titled person,
    affiliated with the body the title is of; without a title before it, a name is no person."""
    for body, lang, body_name in (("A spokesman for the Sudanese army, Nabil Abdallah, said the report was false.",
                                   "en", "Sudanese Armed Forces"),
                                  ("De woordvoerder van het Russische ministerie van Defensie, Igor Konasjenkov, zei "
                                   "dat het bericht niet klopte.", "nl", "Russian Ministry of Defence")):
        actors = _actors(_doc(body, lang))
        person = next((n for name, n in actors.items() if name in ("Nabil Abdallah", "Igor Konasjenkov")), None)
        assert person is not None and person.properties["role"] == "spokesperson", (body, set(actors))
        assert person.properties["affiliation"] == body_name and body_name in actors, body
    for body, lang in (("In the north of the country, Nabil Abdallah, who farms there, lost his house.", "en"),
                       ("In het noorden van het land, Nabil Abdallah, die daar boert, verloor zijn huis.", "nl")):
        assert "Nabil Abdallah" not in _actors(_doc(body, lang)), body


def test_a_title_written_as_one_word_with_what_it_is_of_nl() -> None:
    """"Politiecommandant Ahmed Khan", "Rebellenleider Ri Bok": a compound ending in a title is a
    title; the person is the name after it, not the compound and the name together."""
    for body, name, role in (("Politiecommandant Ahmed Khan zei dat vijf mensen omkwamen.", "Ahmed Khan", "commander"),
                             ("Rebellenleider Ri Bok zei dat de strijd doorgaat.", "Ri Bok", "leader")):
        actors = _actors(_doc(body, "nl"))
        assert name in actors and actors[name].properties["role"] == role, (body, set(actors))
        assert not any(a.startswith(("Politie", "Rebellen")) for a in actors), body


def test_officials_heads_and_journalists_are_titles_en_nl() -> None:
    """"A local government official, Abdullahi Ali Ahmed,", "Het hoofd humanitaire zaken van de
    Verenigde Naties, Martin Griffiths,": an official, a head or a journalist named once is a
    person. "official" alone is an adjective too ("the official SANA news agency"): no title."""
    for body, lang, name, role in (("A local government official, Abdullahi Ali Ahmed, told reporters the battle "
                                    "lasted two hours.", "en", "Abdullahi Ali Ahmed", "official"),
                                   ("Het hoofd humanitaire zaken van de Verenigde Naties, Martin Griffiths, is zondag "
                                    "in Jeddah aangekomen.", "nl", "Martin Griffiths", "head"),
                                   ("Volgens journalist Hiba Morgan wordt er in het noorden van Khartoem gevochten.",
                                    "nl", "Hiba Morgan", "journalist")):
        actors = _actors(_doc(body, lang))
        assert name in actors and actors[name].properties["role"] == role, (body, set(actors))
    actors = _actors(_doc("The official Saba news agency said five people died.", "en"))
    assert not any(a.properties.get("kind") == "person" for a in actors.values()), set(actors)


def test_a_name_with_a_bodys_word_is_that_body_wherever_it_stands_en_nl() -> None:
    """"Fighters loyal to the National Salvation Council", "Strijders van het Nationaal Verzet Leger":
    a name of several words with a body's word is an organisation, also where no verb of saying
    stands beside it. An outlet's name ("Shafaq News") only where it is cited; no body in a
    title-case headline."""
    for body, lang, name in (("Fighters loyal to the National Salvation Council attacked the town on Friday.", "en",
                              "National Salvation Council"),
                             ("Strijders van het Nationaal Verzet Leger vielen vrijdag de stad aan.", "nl",
                              "Nationaal Verzet Leger")):
        actors = _actors(_doc(body, lang))
        assert name in actors and actors[name].properties["kind"] == "organization", (body, set(actors))
    assert "Shafaq News" not in _actors(_doc("The child was killed in Kobani, a video on Shafaq News showed.", "en"))
    doc = _doc("Salvation Council Fighters Attack Town\n\nGunmen attacked the town on Friday.", "en")
    assert not any(name.startswith("Salvation") for name in _actors(doc))


def test_a_name_described_after_a_comma_is_a_person_en_nl() -> None:
    """"Ahmed Khan, a farmer from the village,", "Ahmed Khan, een boer uit het dorp,": a name of
    two words described as someone is a person; described as a place ("a village in Sagaing") it
    is none."""
    for body, lang in (("Ahmed Khan, a farmer from the village, lost his house.", "en"),
                       ("Ahmed Khan, een boer uit het dorp, verloor zijn huis.", "nl")):
        actors = _actors(_doc(body, lang))
        assert "Ahmed Khan" in actors and actors["Ahmed Khan"].properties["kind"] == "person", (body, set(actors))
    for body, lang in (("Nyaung Kone, a village in Sagaing, was bombed.", "en"),
                       ("Nyaung Kone, een dorp in Sagaing, werd gebombardeerd.", "nl")):
        assert "Nyaung Kone" not in _actors(_doc(body, lang)), body


def test_a_name_introduced_with_its_acronym_is_an_organisation_en_nl() -> None:
    """"the Popular Resistance Movement (PRM)", "de Coalitie voor Vrede en Verzoening (CVV)":
    a name of several words with its acronym in brackets is an organisation, which the acronym names
    later on. A name with a bracketed word that is no acronym ("(pictured)") is no organisation."""
    for body, lang, name, acronym in (("Fighters of the Popular Resistance Movement (PRM) attacked the town on Friday. "
                                       "The PRM later denied it.", "en", "Popular Resistance Movement", "PRM"),
                                      ("De Coalitie voor Vrede en Verzoening (CVV) ontkende de aanval. Volgens "
                                       "de CVV was het leger verantwoordelijk.", "nl",
                                       "Coalitie voor Vrede en Verzoening", "CVV")):
        actors = _actors(_doc(body, lang))
        assert name in actors and actors[name].properties["aliases"] == [acronym], (body, set(actors))
        assert len(actors[name].evidence) == 2, body
    actors = _actors(_doc("Aung Kyaw Win (pictured) fled the village on Friday.", "en"))
    assert not any(a.properties["kind"] == "organization" for a in actors.values()), set(actors)


def test_a_state_body_with_a_possessive_is_that_body_en_nl() -> None:
    """"the Armenian Defence Ministry's spokesperson", "het Oekraïense leger's woordvoerder": the body
    with its possessive is the body, not only its country."""
    for body, lang, name in (("However, the Armenian Defence Ministry's spokesperson Shushan Stepanyan denied the "
                              "report.", "en", "Armenian Ministry of Defence"),
                             ("Het Oekraïense leger's woordvoerder ontkende het bericht.", "nl", "Ukrainian Army")):
        actors = _actors(_doc(body, lang))
        assert name in actors and not any(a.endswith(("'s", "’s")) for a in actors[name].properties["aliases"]), (
            body, set(actors))


def test_an_unknown_name_before_a_group_noun_names_the_group_en_nl() -> None:
    """"CODECO militiamen", "de CODECO-militie": the name before the group noun is the armed group's
    own. A capital that only opens the sentence ("Suspected militants") names no group."""
    for body, lang in (("CODECO militiamen attacked a displacement camp in Ituri on Friday.", "en"),
                       ("Strijders van de CODECO-militie vielen vrijdag een kamp in Ituri aan.", "nl")):
        actors = _actors(_doc(body, lang))
        assert "CODECO" in actors and actors["CODECO"].properties["kind"] == "armed_group", (body, set(actors))
        assert "armed group" not in actors, body
    actors = _actors(_doc("Suspected militants attacked a displacement camp in Ituri on Friday.", "en"))
    assert not any(name.startswith("Suspected") for name in actors), set(actors)


def test_a_group_named_by_the_side_it_takes_en_nl() -> None:
    """"pro-Russian separatists", "pro-Iraanse milities": the side they take names the group; it is
    no unnamed "armed group" and not the country's. "Syrian rebels" remain rebels in Syria."""
    for body, lang, name in (("The area is controlled by pro-Russian separatists.", "en", "pro-Russian separatists"),
                             ("Washington beschuldigt de pro-Iraanse milities van de aanval.", "nl",
                              "pro-Iraanse milities")):
        actors = _actors(_doc(body, lang))
        assert name in actors and actors[name].properties["kind"] == "armed_group", (body, set(actors))
        assert not any(a.startswith("armed group") for a in actors), body
    assert "armed group in Syria" in _actors(_doc("Syrian rebels attacked the town of Idlib in Syria.", "en"))


def test_an_outlet_named_after_its_kind_is_an_actor_en_nl() -> None:
    """"reported Azerbaijan's state-run news agency AZERTAC", "meldt de televisiezender Hromadske": a
    news outlet the text introduces by its kind is an actor, as the source it cites; a bare "the
    news agency" names none."""
    for body, lang, name in (("Five civilians were killed, reported Azerbaijan's state-run news agency AZERTAC.", "en",
                              "AZERTAC"),
                             ("Bij de aanval kwamen vijf burgers om, meldt de Oekraïense televisiezender Hromadske.",
                              "nl", "Hromadske")):
        assert name in _actors(_doc(body, lang)), body
    actors = _actors(_doc("The news agency said five civilians were killed in Ganja.", "en"))
    assert not any(a.properties["kind"] == "organization" for a in actors.values()), set(actors)


def test_a_reception_is_a_meeting_only_with_a_guest_en_nl() -> None:
    for body, lang in (("The European Union welcomed the ceasefire between Israel and Hamas on Tuesday.", "en"),
                       ("Ukraine received a new batch of Patriot missiles from Germany on Tuesday.", "en"),
                       ("De Europese Unie verwelkomde dinsdag het bestand tussen Israël en Hamas.", "nl"),
                       ("Het ziekenhuis in Gaza ontving dinsdag tientallen gewonden.", "nl")):
        assert not _events(_doc(body, lang), "Meeting"), body
    # a person or a delegation received is a guest
    for body, lang in (("Erdogan welcomed Putin in Ankara on Tuesday.", "en"),
                       ("On Tuesday, Sisi received a Hamas delegation in Cairo.", "en"),
                       ("Starmer ontving vrijdag in Londen de leiders van de coalitie.", "nl"),
                       ("Erdogan ontving dinsdag Poetin in Ankara.", "nl")):
        assert _events(_doc(body, lang), "Meeting"), body


def test_talks_a_call_asks_for_in_its_infinitive_are_no_meeting_en_nl() -> None:
    for body, lang in (("The United Nations urged Russia and Ukraine to hold talks in Geneva on Tuesday.", "en"),
                       ("Turkey called on both sides to return to the negotiating table in Istanbul.", "en"),
                       ("De VN riepen Rusland en Oekraïne dinsdag op tot overleg in Genève.", "nl"),
                       ("Turkije riep de partijen op om de gesprekken in Istanbul te hervatten.", "nl")):
        assert not _events(_doc(body, lang), "Meeting"), body
    # a meeting further on, where the call asks for something else, is held
    for body, lang in (("Trump urged Putin to agree to a ceasefire at their summit in Alaska.", "en"),
                       ("Trump riep Poetin op tot een bestand tijdens hun top in Alaska.", "nl")):
        assert _events(_doc(body, lang), "Meeting"), body


def test_negotiators_alone_hold_talks_only_where_they_met_en_nl() -> None:
    for body, lang in (("The ceasefire had been agreed last week by negotiators from Ukraine and Russia.", "en"),
                       ("Het bestand werd vorige week overeengekomen door onderhandelaars van Oekraïne en Rusland.",
                        "nl")):
        assert not _events(_doc(body, lang), "Meeting"), body
    # with a place they are talks there, and a name before them says who, not where
    for body, lang in (("Hamas negotiators arrived in Cairo on Saturday.", "en"),
                       ("Onderhandelaars van Hamas kwamen zaterdag aan in Caïro.", "nl")):
        doc = _doc(body, lang)
        meetings = _events(doc, "Meeting")
        assert len(meetings) == 1, body
        assert _ends(doc, meetings[0].id, "HELD_AT") == {"Cairo"}, body
        assert "Hamas" in _starts(doc, meetings[0].id, "ATTENDED"), body


def test_a_name_before_a_meeting_verb_is_who_met_not_where_en_nl() -> None:
    for body, lang in (("Ukraine met with US officials in Jeddah on Tuesday.", "en"),
                       ("Oekraïne ontmoette dinsdag Amerikaanse functionarissen in Jeddah.", "nl")):
        doc = _doc(body, lang)
        meetings = _events(doc, "Meeting")
        assert len(meetings) == 1, body
        assert _ends(doc, meetings[0].id, "HELD_AT") == {"Jeddah"}, body
        assert "Ukraine" in _starts(doc, meetings[0].id, "ATTENDED"), body
    # before a meeting noun it names the venue
    doc = _doc("The Istanbul talks ended on Friday.", "en")
    assert [_ends(doc, m.id, "HELD_AT") for m in _events(doc, "Meeting")] == [{"Istanbul"}]


def test_talks_at_a_palace_are_held_in_its_town_when_the_article_names_it_en_nl() -> None:
    for body, lang in (("Russian and Ukrainian delegations held talks in Istanbul on Friday. The talks at the "
                        "Dolmabahce Palace lasted less than two hours.", "en"),
                       ("Russische en Oekraïense delegaties voerden vrijdag gesprekken in Istanbul. De gesprekken in "
                        "het Dolmabahçe-paleis duurden minder dan twee uur.", "nl")):
        doc = _doc(body, lang)
        meetings = _events(doc, "Meeting")
        assert len(meetings) == 1, body
        assert "Istanbul" in _ends(doc, meetings[0].id, "HELD_AT"), body
    # a town the article does not name is not added
    doc = _doc("The talks at the Dolmabahce Palace lasted less than two hours on Friday.", "en")
    assert [_ends(doc, m.id, "HELD_AT") for m in _events(doc, "Meeting")] == [{"Dolmabahçe Palace"}]


def test_a_visit_is_a_meeting_only_with_someone_visited_en_nl() -> None:
    for body, lang in (("Zelensky visited troops on the front line near Pokrovsk on Tuesday.", "en"),
                       ("Zelensky bezocht dinsdag troepen aan het front bij Pokrovsk.", "nl")):
        assert not _events(_doc(body, lang), "Meeting"), body
    for body, lang in (("Erdogan visited Putin in Sochi on Tuesday.", "en"),
                       ("Erdogan bezocht dinsdag Poetin in Sotsji.", "nl")):
        assert _events(_doc(body, lang), "Meeting"), body


def test_a_humanitarian_ceasefire_is_a_ceasefire_nl_en() -> None:
    for body, lang in (("Armenia and Azerbaijan agreed on a humanitarian ceasefire on Saturday.", "en"),
                       ("Armenië en Azerbeidzjan hebben zaterdag een humanitair staakt-het-vuren afgekondigd.", "nl")):
        topics = [n.properties["topic"] for n in _events(_doc(body, lang, date="2020-10-17"), "Agreement")]
        assert topics == ["ceasefire"], body
    # a humanitarian deal that is no truce keeps its topic
    doc = _doc("Armenia and Azerbaijan agreed on a humanitarian corridor on Saturday.", "en", date="2020-10-17")
    assert [n.properties["topic"] for n in _events(doc, "Agreement")] == ["humanitarian"]


def test_an_exchange_is_a_deal_only_of_prisoners_en_nl() -> None:
    for body, lang in (("The talks in Istanbul ended after heated exchanges between Pakistan and Afghanistan.", "en"),
                       ("De gesprekken in Istanbul eindigden na een felle uitwisseling tussen Pakistan en "
                        "Afghanistan.", "nl")):
        assert not _events(_doc(body, lang), "Agreement"), body
    for body, lang in (("Russia and Ukraine agreed to an exchange of 250 prisoners on Saturday.", "en"),
                       ("Rusland en Oekraïne zijn zaterdag een uitwisseling van 250 krijgsgevangenen "
                        "overeengekomen.", "nl")):
        topics = [n.properties["topic"] for n in _events(_doc(body, lang), "Agreement")]
        assert topics == ["prisoner_exchange"], body


def test_a_deal_to_end_the_war_is_a_peace_deal_en_nl() -> None:
    for body, lang in (("The warring parties signed a deal to end their bloody conflict on Wednesday.", "en"),
                       ("De strijdende partijen ondertekenden woensdag een akkoord om de oorlog te beëindigen.", "nl")):
        topics = [n.properties["topic"] for n in _events(_doc(body, lang), "Agreement")]
        assert topics == ["peace"], body
    # the war named away from the deal gives it no topic
    doc = _doc("The two sides signed a deal on grain on Wednesday, two years after the war began.", "en")
    assert "peace" not in [n.properties["topic"] for n in _events(doc, "Agreement")]


def test_a_date_a_span_of_time_away_from_the_attack_is_not_its_date_en_nl() -> None:
    """"The first flight landed on Wednesday, a day before the RSF's drone attacks on Khartoum":
    Wednesday is the flight's day, not the attacks'."""
    for body, lang in (("The first flight landed on Wednesday, a day before the drone attacks of the RSF on "
                        "Khartoum.", "en"),
                       ("De eerste vlucht landde woensdag, een dag voor de drone-aanvallen van de RSF op Khartoem.",
                        "nl")):
        attacks = _events(_doc(body, lang, date="2025-10-25"), "Attack")
        assert attacks and all(a.properties.get("date") is None for a in attacks), (body, attacks)
    for body, lang in (("The RSF attacked Khartoum with drones on Wednesday.", "en"),
                       ("De RSF viel woensdag Khartoem aan met drones.", "nl")):
        attacks = _events(_doc(body, lang, date="2025-10-25"), "Attack")
        assert [a.properties.get("date") for a in attacks] == ["2025-10-22"], (body, attacks)

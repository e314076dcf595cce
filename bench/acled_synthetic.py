"""Synthetic ACLED exports in the exact export format, for tests and benchmarks.

ACLED data cannot be downloaded here, so this writes rows as ACLED's export tool does: the
codebook's 31 columns in order, ISO dates, text actor types, realistic actor names of several
conflicts (Russia-Ukraine, Sudan, eastern DR Congo, Gaza and Lebanon, Myanmar, the Sahel and
Kenya's protests), coordinates inside the admin1 region of the right country, a fatalities
distribution with most rows at 0 and a long tail, notes in ACLED's style, tags and Unix timestamps.
One seed gives the same file; `--bump N` rewrites the timestamp (and fatalities) of N rows, as a
newer export would.

    python bench/acled_synthetic.py --rows 100000 --seed 7 --out acled.csv.gz
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)


@dataclass(frozen=True)
class Region:
    admin1: str
    lat: tuple[float, float]
    lon: tuple[float, float]
    places: tuple[tuple[str, str], ...]  # (admin2, location)


@dataclass(frozen=True)
class Conflict:
    country: str
    iso: int
    iso3: str
    region: str
    weight: float
    state: str  # the country's own forces
    police: str
    government: str
    opponents: tuple[tuple[str, str], ...]  # (actor, inter type)
    civilians: str
    protesters: str
    rioters: str
    regions: tuple[Region, ...]
    sources: tuple[str, ...]
    # event_type weights for this country (violent conflicts lean to battles and shelling)
    mix: tuple[float, float, float, float, float, float]


CONFLICTS: tuple[Conflict, ...] = (
    Conflict(
        "Ukraine", 804, "UKR", "Europe", 0.40, "Military Forces of Ukraine (2019-)",
        "Police Forces of Ukraine (2019-)", "Government of Ukraine (2019-)",
        (("Military Forces of Russia (2000-)", "External/Other forces"),
         ("Military Forces of Russia (2000-) Air Force", "External/Other forces"),
         ("Wagner Group", "Political militia")),
        "Civilians (Ukraine)", "Protesters (Ukraine)", "Rioters (Ukraine)",
        (Region("Donetsk", (47.6, 48.9), (37.0, 38.6), (("Pokrovskyi", "Pokrovsk"), ("Bakhmutskyi", "Chasiv Yar"),
                                                        ("Kramatorskyi", "Kostiantynivka"),
                                                        ("Pokrovskyi", "Novoselivka"))),
         Region("Kharkiv", (49.3, 50.4), (35.6, 37.8), (("Kharkivskyi", "Kharkiv"), ("Kupianskyi", "Kupiansk"),
                                                       ("Chuhuivskyi", "Vovchansk"))),
         Region("Zaporizhia", (46.8, 47.9), (34.9, 36.8), (("Zaporizkyi", "Zaporizhzhia"),
                                                          ("Polohivskyi", "Huliaipole"),
                                                          ("Vasylivskyi", "Stepnohirsk"))),
         Region("Kherson", (46.3, 47.2), (32.4, 34.2), (("Khersonskyi", "Kherson"), ("Beryslavskyi", "Beryslav"),
                                                       ("Khersonskyi", "Bilozerka"))),
         Region("Sumy", (50.4, 51.9), (33.3, 35.3), (("Sumskyi", "Sumy"), ("Shostkynskyi", "Shostka"))),
         Region("Kyiv City", (50.39, 50.52), (30.40, 30.65), (("Kyiv", "Kyiv"),))),
        ("Ukrainska Pravda", "Suspilne Media", "Ministry of Defence of Russia", "Ukrinform", "Telegram"),
        (0.40, 0.47, 0.05, 0.04, 0.01, 0.03),
    ),
    Conflict(
        "Sudan", 729, "SDN", "Northern Africa", 0.15, "Military Forces of Sudan (2019-)",
        "Police Forces of Sudan (2019-)", "Government of Sudan (2019-)",
        (("Rapid Support Forces", "Political militia"), ("SPLM-N: Sudan People's Liberation Movement-North",
                                                        "Rebel group"),
         ("Arab Ethnic Militia (Sudan)", "Identity militia")),
        "Civilians (Sudan)", "Protesters (Sudan)", "Rioters (Sudan)",
        (Region("Khartoum", (15.4, 15.8), (32.4, 32.7), (("Khartoum", "Khartoum"), ("Omdurman", "Omdurman"),
                                                        ("Bahri", "Khartoum North"))),
         Region("North Darfur", (13.5, 15.5), (24.5, 26.5), (("El Fasher", "El Fasher"), ("Kutum", "Kutum"))),
         Region("West Darfur", (12.8, 13.8), (22.3, 23.2), (("El Geneina", "El Geneina"),)),
         Region("Al Jazirah", (14.0, 14.6), (33.2, 33.7), (("Medani Al Kubra", "Wad Madani"),))),
        ("Sudan Tribune", "Radio Dabanga", "Sudans Post", "Twitter"),
        (0.35, 0.15, 0.35, 0.05, 0.02, 0.08),
    ),
    Conflict(
        "Democratic Republic of Congo", 180, "COD", "Middle Africa", 0.12,
        "Military Forces of the Democratic Republic of Congo (2019-)",
        "Police Forces of the Democratic Republic of Congo (2019-)",
        "Government of the Democratic Republic of Congo (2019-)",
        (("M23: March 23 Movement", "Rebel group"), ("ADF: Allied Democratic Forces", "Rebel group"),
         ("CODECO: Cooperative for Development of Congo", "Political militia")),
        "Civilians (Democratic Republic of Congo)", "Protesters (Democratic Republic of Congo)",
        "Rioters (Democratic Republic of Congo)",
        (Region("Nord-Kivu", (-1.6, 0.5), (28.6, 29.8), (("Rutshuru", "Bunagana"), ("Goma", "Goma"),
                                                        ("Beni", "Beni"), ("Masisi", "Sake"))),
         Region("Ituri", (1.0, 2.6), (29.6, 31.0), (("Djugu", "Djugu"), ("Bunia", "Bunia")))),
        ("Radio Okapi", "Actualite.cd", "Kivu Security Tracker", "Reuters"),
        (0.35, 0.05, 0.40, 0.10, 0.05, 0.05),
    ),
    Conflict(
        "Palestine", 275, "PSE", "Middle East", 0.13, "Police Forces of Palestine (2007-) Gaza",
        "Police Forces of Palestine (2007-) Gaza", "Government of Palestine (2007-) Gaza",
        (("Military Forces of Israel (2022-)", "External/Other forces"),
         ("Hamas Movement", "Political militia"), ("Al Qassam Brigades", "Political militia"),
         ("Settlers (Israel)", "Identity militia")),
        "Civilians (Palestine)", "Protesters (Palestine)", "Rioters (Palestine)",
        (Region("Gaza Strip", (31.25, 31.58), (34.25, 34.55), (("Gaza City", "Gaza City"),
                                                              ("Khan Yunis", "Khan Yunis"), ("Rafah", "Rafah"),
                                                              ("North Gaza", "Jabalya"))),
         Region("West Bank", (31.4, 32.5), (34.9, 35.5), (("Jenin", "Jenin"), ("Nablus", "Nablus"),
                                                        ("Tubas", "Tammun")))),
        ("Palestine Chronicle", "WAFA", "Times of Israel", "Al Jazeera"),
        (0.15, 0.55, 0.15, 0.08, 0.04, 0.03),
    ),
    Conflict(
        "Lebanon", 422, "LBN", "Middle East", 0.05, "Military Forces of Lebanon (2021-)",
        "Police Forces of Lebanon (2021-)", "Government of Lebanon (2021-)",
        (("Hezbollah", "Political militia"), ("Military Forces of Israel (2022-)", "External/Other forces")),
        "Civilians (Lebanon)", "Protesters (Lebanon)", "Rioters (Lebanon)",
        (Region("South", (33.05, 33.6), (35.1, 35.6), (("Marjayoun", "Kfar Kila"), ("Tyre", "Tyre"),
                                                      ("Bint Jbeil", "Aitaroun"))),
         Region("Nabatieh", (33.25, 33.5), (35.4, 35.7), (("Nabatieh", "Nabatieh"),))),
        ("L'Orient-Le Jour", "National News Agency", "Al Manar"),
        (0.10, 0.75, 0.05, 0.06, 0.01, 0.03),
    ),
    Conflict(
        "Myanmar", 104, "MMR", "Southeast Asia", 0.08, "Military Forces of Myanmar (2021-)",
        "Police Forces of Myanmar (2021-)", "Government of Myanmar (2021-)",
        (("PDF: People's Defense Force", "Rebel group"), ("AA: Arakan Army", "Rebel group"),
         ("KIA: Kachin Independence Army", "Rebel group")),
        "Civilians (Myanmar)", "Protesters (Myanmar)", "Rioters (Myanmar)",
        (Region("Sagaing", (21.5, 24.5), (94.5, 96.0), (("Shwebo", "Shwebo"), ("Monywa", "Monywa"))),
         Region("Rakhine", (19.0, 21.2), (92.3, 94.5), (("Sittwe", "Sittwe"), ("Kyauktaw", "Kyauktaw")))),
        ("Myanmar Now", "Irrawaddy", "Radio Free Asia", "Mizzima"),
        (0.45, 0.25, 0.15, 0.10, 0.01, 0.04),
    ),
    Conflict(
        "Kenya", 404, "KEN", "Eastern Africa", 0.07, "Military Forces of Kenya (2022-)",
        "Police Forces of Kenya (2022-)", "Government of Kenya (2022-)",
        (("Al Shabaab", "Rebel group"), ("Pokot Ethnic Militia (Kenya)", "Identity militia")),
        "Civilians (Kenya)", "Protesters (Kenya)", "Rioters (Kenya)",
        (Region("Nairobi", (-1.40, -1.16), (36.65, 37.05), (("Starehe", "Nairobi"), ("Kibra", "Kibera"))),
         Region("Mombasa", (-4.10, -3.95), (39.60, 39.75), (("Mvita", "Mombasa"),)),
         Region("Lamu", (-2.4, -1.7), (40.5, 41.6), (("Lamu East", "Kiunga"),))),
        ("Daily Nation", "The Standard", "The Star (Kenya)", "Citizen Digital"),
        (0.05, 0.03, 0.12, 0.50, 0.25, 0.05),
    ),
)

EVENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
               "Strategic developments")
_SUBS = {
    "Battles": (("Armed clash", 0.9), ("Government regains territory", 0.05),
                ("Non-state actor overtakes territory", 0.05)),
    "Explosions/Remote violence": (("Shelling/artillery/missile attack", 0.55), ("Air/drone strike", 0.35),
                                   ("Remote explosive/landmine/IED", 0.07), ("Grenade", 0.03)),
    "Violence against civilians": (("Attack", 0.8), ("Abduction/forced disappearance", 0.15),
                                   ("Sexual violence", 0.05)),
    "Protests": (("Peaceful protest", 0.85), ("Protest with intervention", 0.12),
                 ("Excessive force against protesters", 0.03)),
    "Riots": (("Violent demonstration", 0.7), ("Mob violence", 0.3)),
    "Strategic developments": (("Arrests", 0.3), ("Looting/property destruction", 0.25), ("Agreement", 0.1),
                               ("Headquarters or base established", 0.1), ("Change to group/activity", 0.1),
                               ("Disrupted weapons use", 0.1), ("Other", 0.05)),
}
_DISORDER = {
    "Battles": "Political violence", "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence", "Protests": "Demonstrations", "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
_SCALES = ("Local", "National", "Regional", "International", "New media", "Local-National", "National-International")


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    names, weights = zip(*weighted, strict=True)
    return rng.choices(names, weights)[0]


def _fatalities(rng: random.Random, event_type: str) -> int:
    if event_type in ("Protests", "Strategic developments"):
        return 0
    p_zero = {"Battles": 0.45, "Explosions/Remote violence": 0.7, "Violence against civilians": 0.4,
              "Riots": 0.9}[event_type]
    if rng.random() < p_zero:
        return 0
    return min(int(rng.paretovariate(1.3)), 600)


def _row(rng: random.Random, n: int, start: date, days: int) -> dict[str, str]:
    c = rng.choices(CONFLICTS, [x.weight for x in CONFLICTS])[0]
    event_type = rng.choices(EVENT_TYPES, c.mix)[0]
    sub = _pick(rng, _SUBS[event_type])
    region = rng.choice(c.regions)
    admin2, location = rng.choice(region.places)
    day = start + timedelta(days=rng.randrange(days))
    precision = rng.choices((1, 2, 3), (0.85, 0.12, 0.03))[0]
    opponent, opp_type = rng.choice(c.opponents)
    civilian_targeting = ""
    assoc1 = assoc2 = actor2 = type2 = ""
    tags = ""
    if event_type == "Battles":
        actor1, type1, actor2, type2 = c.state, "State forces", opponent, opp_type
        if rng.random() < 0.5:
            actor1, type1, actor2, type2 = actor2, type2, actor1, type1
    elif event_type == "Explosions/Remote violence":
        actor1, type1 = (opponent, opp_type) if rng.random() < 0.6 else (c.state, "State forces")
        if rng.random() < 0.5:
            actor2, type2, civilian_targeting = c.civilians, "Civilians", "Civilian targeting"
        else:
            actor2, type2 = (c.state, "State forces") if actor1 != c.state else (opponent, opp_type)
    elif event_type == "Violence against civilians":
        actor1, type1 = (opponent, opp_type) if rng.random() < 0.7 else (c.state, "State forces")
        actor2, type2, civilian_targeting = c.civilians, "Civilians", "Civilian targeting"
        if rng.random() < 0.3:
            assoc2 = f"Women ({c.country})" if rng.random() < 0.5 else f"Farmers ({c.country})"
    elif event_type == "Protests":
        actor1, type1 = c.protesters, "Protesters"
        assoc1 = rng.choice((f"Students ({c.country})", f"Labor Group ({c.country})", f"Women ({c.country})", ""))
        if sub != "Peaceful protest":
            actor2, type2 = c.police, "State forces"
        tags = rng.choice(("crowd size=no report", "crowd size=around 300", "crowd size=hundreds",
                           "crowd size=several thousand"))
    elif event_type == "Riots":
        actor1, type1 = c.rioters, "Rioters"
        if sub == "Violent demonstration" or rng.random() < 0.3:
            actor2, type2 = c.police, "State forces"
        else:
            actor2, type2 = c.civilians, "Civilians"
        tags = "crowd size=no report"
    else:
        if sub == "Agreement":
            actor1, type1, actor2, type2 = c.government, "State forces", opponent, opp_type
        elif sub == "Arrests":
            actor1, type1, actor2, type2 = c.police, "State forces", c.civilians, "Civilians"
        else:
            actor1, type1 = (opponent, opp_type) if rng.random() < 0.6 else (c.state, "State forces")
    fatalities = _fatalities(rng, event_type)
    lat = round(rng.uniform(*region.lat), 4)
    lon = round(rng.uniform(*region.lon), 4)
    when = {1: f"On {day:%-d %B %Y}", 2: f"Around {day:%-d %B %Y} (week of)", 3: f"In {day:%B %Y}"}[precision]
    who = actor1.split(" (")[0]
    notes = f"{when}, {who} — {sub.lower()} in {location} ({admin2}, {region.admin1})"
    notes += f" involving {actor2.split(' (')[0]}." if actor2 else "."
    notes += f" {fatalities} fatalities reported." if fatalities else " Casualties unknown."
    if event_type == "Explosions/Remote violence" and sub == "Air/drone strike" and rng.random() < 0.6:
        notes += " Shahed drones were used."
    if event_type == "Explosions/Remote violence" and sub.startswith("Shelling") and rng.random() < 0.3:
        notes += " A missile hit the area."
    interaction = f"{type1}-{type2}" if type2 else f"{type1} only"
    stamp = 1_700_000_000 + (day - start).days * 86_400 + rng.randrange(86_400 * 7)
    return {
        "event_id_cnty": f"{c.iso3}{n}", "event_date": day.isoformat(), "year": str(day.year),
        "time_precision": str(precision), "disorder_type": _DISORDER[event_type], "event_type": event_type,
        "sub_event_type": sub, "actor1": actor1, "assoc_actor_1": assoc1, "inter1": type1, "actor2": actor2,
        "assoc_actor_2": assoc2, "inter2": type2, "interaction": interaction,
        "civilian_targeting": civilian_targeting, "iso": str(c.iso), "region": c.region, "country": c.country,
        "admin1": region.admin1, "admin2": admin2, "admin3": "", "location": location, "latitude": f"{lat}",
        "longitude": f"{lon}", "geo_precision": str(rng.choices((1, 2, 3), (0.8, 0.15, 0.05))[0]),
        "source": "; ".join(rng.sample(c.sources, rng.choice((1, 1, 2)))), "source_scale": rng.choice(_SCALES),
        "notes": notes, "fatalities": str(fatalities), "tags": tags, "timestamp": str(stamp),
    }


def rows(n: int, seed: int = 7, *, bump: int = 0, start: date = date(2024, 1, 1),
         days: int = 365) -> Iterator[dict[str, str]]:
    """n rows; with `bump`, the same rows as without it except that `bump` of them (chosen by the
    seed) have a later timestamp and one more fatality: a newer export of the same data."""
    rng = random.Random(seed)
    bumped = set(random.Random(seed + 1).sample(range(n), bump)) if bump else set()
    for i in range(n):
        row = _row(rng, 100_000 + i, start, days)
        if i in bumped:
            row["timestamp"] = str(int(row["timestamp"]) + 30 * 86_400)
            row["fatalities"] = str(int(row["fatalities"]) + 1)
        yield row


def write(path: Path, n: int, seed: int = 7, *, bump: int = 0) -> Path:
    """Write an export (gzipped when the name ends in .gz)."""
    with (gzip.open(path, "wb", compresslevel=5) if path.name.endswith(".gz") else path.open("wb")) as raw, \
            io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
        writer = csv.DictWriter(text, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows(n, seed, bump=bump):
            writer.writerow(row)
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--bump", type=int, default=0, help="rows with a newer timestamp (a newer export)")
    parser.add_argument("--out", type=Path, required=True, help="FILE.csv or FILE.csv.gz")
    args = parser.parse_args(argv)
    write(args.out, args.rows, args.seed, bump=args.bump)
    print(f"wrote {args.rows:,} rows to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()

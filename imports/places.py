"""ACLED's location columns to Locations and the place hierarchy (location -> admin1 -> country).

Ids follow the extractor where the gazetteer knows the place (`location:kharkiv`,
`location:kharkiv-oblast`); a place it does not know is named with its region so that the many
villages of one name stay apart (`location:novoselivka-donetsk`), and a region with its country
(`location:khartoum-sudan`). The country is the country Actor (`actor:ukraine`), found from the
`iso` numeric code (pycountry) or else from the country's name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import pycountry

from conflictkg.graph.ids import entity_id
from conflictkg.imports.actors import ActorMapper, Country
from conflictkg.loaders.gazetteer import Place

_PLACE_KINDS = ("city", "town", "village", "settlement", "district", "region", "facility", "building", "venue",
                "island", "port")
_REGION_SUFFIXES = ("", " Oblast", " Region", " Province", " Governorate", " State", " Krai")


@dataclass
class LocationNode:
    id: str
    name: str
    kind: str
    country_code: str | None
    admin1: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PlaceChain:
    """The event's place, its admin1 region (if any) and its country (if known)."""

    place: LocationNode
    region: LocationNode | None
    country: Country | None


class PlaceMapper:
    def __init__(self, actors: ActorMapper) -> None:
        self.actors = actors
        self.gaz = actors.gaz
        self.country = lru_cache(maxsize=1024)(self._country)
        self.region = lru_cache(maxsize=16384)(self._region)
        self.place = lru_cache(maxsize=65536)(self._place)

    def _country(self, iso: str, name: str) -> Country | None:
        code = None
        if iso.strip().isdigit():
            found = pycountry.countries.get(numeric=f"{int(iso):03d}")
            code = found.alpha_2 if found is not None else None
        if code is not None:
            country = self.actors.country_of_code(code)
            if country is not None:
                if name.strip():
                    self.actors.learn(name, country)
                return country
        by_name = self.actors.country(name) if name.strip() else None
        if by_name is not None:
            return by_name
        if name.strip():  # a territory the gazetteer does not list as a country (Kosovo)
            return Country(entity_id("actor", name.strip()), name.strip(), code or "")
        return None

    def _known(self, name: str, country: Country | None, kinds: tuple[str, ...]) -> Place | None:
        place = self.gaz.places.get(name)
        if place is None:
            for entry in self.gaz.lookup(name, frozenset({"place"})):
                place = self.gaz.places[entry.key]
                break
        if place is None or place.kind not in kinds:
            return None
        if country is not None and country.code and place.country and place.country != country.code:
            return None
        return place

    def _region(self, admin1: str, country: Country | None) -> LocationNode | None:
        if not admin1:
            return None
        code = country.code if country else None
        for suffix in _REGION_SUFFIXES:
            place = self._known(admin1 + suffix, country, ("region",))
            if place is not None:
                return LocationNode(entity_id("location", place.name), place.name, "region", code, admin1=admin1,
                                    aliases=[admin1] if admin1 != place.name else [])
        qualified = f"{admin1}, {country.name}" if country else admin1
        return LocationNode(entity_id("location", qualified), admin1, "region", code, admin1=admin1)

    def _place(self, location: str, admin1: str, country: Country | None) -> tuple[str, str, str]:
        """(id, name, kind) of the row's place."""
        known = self._known(location, country, _PLACE_KINDS)
        if known is not None:
            return entity_id("location", known.name), known.name, known.kind
        within = admin1 or (country.name if country else "")
        return entity_id("location", f"{location}, {within}" if within and within != location else location), \
            location, "place"

    def chain(self, *, iso: str, country_name: str, admin1: str, admin2: str, location: str,
              lat: float, lon: float) -> PlaceChain:
        country = self.country(iso, country_name)
        region = self.region(admin1, country)
        code = country.code if country and country.code else None
        pid, name, kind = self.place(location, admin1, country)
        if region is not None and pid == region.id:  # the event is only placed in its region
            region = None
            kind = "region"
        place = LocationNode(pid, name, kind, code, admin1=admin1 or None, admin2=admin2 or None,
                             lat=lat, lon=lon, aliases=[location] if location != name else [])
        return PlaceChain(place, region, country)

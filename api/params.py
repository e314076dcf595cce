"""Query and path parameters shared by the routes, and turning them into graph values.

Ids are accepted with or without their prefix (`russia` or `actor:russia`); names are slugged the
way the extractor slugs them, so `Emmanuel Macron` finds `actor:emmanuel-macron`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from fastapi import Path, Query
from neo4j.spatial import WGS84Point

from conflictkg.api.errors import invalid
from conflictkg.graph.dates import PARTIAL_DATE_PATTERN, PartialDate
from conflictkg.graph.ids import slug

Limit = Annotated[int, Query(ge=1, le=1000, description="Items per page (at most 1000).")]
# Bounded so that offset + limit stays a 64-bit integer in Cypher.
Offset = Annotated[int, Query(ge=0, le=1_000_000_000, description="Items to skip.")]

# The accepted forms of ids, one place for the OpenAPI schema (`pattern`) and the code that reads
# them. A name needs a letter or digit to make an id; the first character is ASCII so that the
# pattern promises nothing a slug could lose (Æ folds to no letter a-z).
def name_id_pattern(*prefixes: str) -> str:
    return "^(?:(?:" + "|".join(prefixes) + "):)?[A-Za-z0-9].*$"


def event_id_pattern(prefix: str) -> str:
    return "^(?:" + prefix + ":)?[a-z0-9_-]{1,100}$"


ARTICLE_ID_PATTERN = r"^(?:sha256:)?[0-9a-fA-F]{64}$"

DATE_HELP = ("YYYY, YYYY-MM, YYYY-Www or YYYY-MM-DD (week 53 is not taken; give its days); events "
             "whose date overlaps the window are kept.")
Since = Annotated[str | None, Query(max_length=10, pattern=PARTIAL_DATE_PATTERN,
                                    description="Start of the window. " + DATE_HELP)]
Until = Annotated[str | None, Query(max_length=10, pattern=PARTIAL_DATE_PATTERN,
                                    description="End of the window. " + DATE_HELP)]
ActorParam = Annotated[str | None, Query(max_length=200, pattern=name_id_pattern("actor"),
                                         description="Actor id, e.g. russia.")]
ActorPath = Annotated[str, Path(max_length=200, pattern=name_id_pattern("actor"),
                                description="Actor id, e.g. russia (with or without `actor:`).",
                                examples=["russia", "emmanuel-macron"])]


def agreement_param(description: str) -> object:
    return Query(max_length=120, pattern=event_id_pattern("agreement"), description=description)


AgreementPath = Annotated[str, Path(max_length=120, pattern=event_id_pattern("agreement"),
                                    description="Agreement id, with or without `agreement:`.",
                                    examples=["cff2b9159bf8729d"])]
ArticlePath = Annotated[str, Path(max_length=80, pattern=ARTICLE_ID_PATTERN,
                                  description="sha256:<64 hex digits> (the prefix may be left out)")]

_ARTICLE = re.compile(ARTICLE_ID_PATTERN)


def named_id(prefix: str, value: str | None, name: str, where: str = "query") -> str | None:
    """`russia`, `actor:russia` or `Russia` -> `actor:russia` (None stays None)."""
    if value is None:
        return None
    raw = value.strip()
    if raw.startswith(prefix + ":"):
        raw = raw[len(prefix) + 1 :]
    try:
        return f"{prefix}:{slug(raw)}"
    except ValueError:
        raise invalid(name, f"{value!r} is not a {prefix} id", where) from None


PlaceParam = Annotated[str | None, Query(
    max_length=200, pattern=name_id_pattern("location", "actor"),
    description="A place: a location id (kherson, location:kherson) or a country's actor id "
    "(ukraine, actor:ukraine). Events at places inside it count too (city in region in country).",
)]


def place_ids(value: str | None, name: str = "location") -> list[str] | None:
    """The ids a place filter matches: `location:x` and `actor:x` for a bare `x` (a country is an
    Actor, a city a Location), or just the one named by a prefix."""
    if value is None:
        return None
    if value.strip().startswith("actor:"):
        return [str(named_id("actor", value, name))]
    location = str(named_id("location", value, name))
    if value.strip().startswith("location:"):
        return [location]
    return [location, "actor:" + location.removeprefix("location:")]


def event_id(prefix: str, value: str | None, name: str, where: str = "query") -> str | None:
    """`f688f25cbb61a3df` or `agreement:f688f25cbb61a3df` -> `agreement:f688f25cbb61a3df`."""
    if value is None:
        return None
    raw = value.strip()
    if not re.match(event_id_pattern(prefix), raw):
        raise invalid(name, f"{value!r} is not an {prefix} id", where)
    return f"{prefix}:{raw.removeprefix(prefix + ':')}"


def article_id(value: str, name: str = "article_id", where: str = "path") -> str:
    raw = value.strip()
    if not _ARTICLE.match(raw):
        raise invalid(name, f"{value!r} is not an article id (sha256:<64 hex digits>)", where)
    return "sha256:" + raw.lower().removeprefix("sha256:")


def window(since: str | None, until: str | None) -> tuple[date | None, date | None]:
    """The first day of `since` and the last day of `until`, or 422 naming the bad one; an empty
    window when `until` ends before `since` starts."""
    start = end = None
    if since:
        try:
            start = PartialDate.parse(since).start
        except ValueError as exc:
            raise invalid("since", str(exc)) from None
    if until:
        try:
            end = PartialDate.parse(until).end
        except ValueError as exc:
            raise invalid("until", str(exc)) from None
    if start and end and start > end:
        # A window that ends before it starts holds no day: nothing overlaps it, so the answer is
        # an empty list (the schema cannot tie one parameter to another, so this is not a 422).
        return date.max, date.min
    return start, end


# -- geo filters -------------------------------------------------------------------------------

_LAT = r"[+-]?(?:90(?:\.0+)?|[1-8]?[0-9](?:\.[0-9]+)?)"
_LON = r"[+-]?(?:180(?:\.0+)?|(?:1[0-7][0-9]|[1-9]?[0-9])(?:\.[0-9]+)?)"
NEAR_PATTERN = "^" + _LAT + r", ?" + _LON + "$"
BBOX_PATTERN = "^" + _LON + ", ?" + _LAT + ", ?" + _LON + ", ?" + _LAT + "$"

Near = Annotated[str | None, Query(
    pattern=NEAR_PATTERN, examples=["46.6354,32.6169"],
    description="`lat,lon` (WGS-84 degrees): events at a place within `radius_km` of this point. "
    "Only places with coordinates can match.")]
RadiusKm = Annotated[float, Query(gt=0, le=20_000, description="Radius around `near`, in km.")]
Bbox = Annotated[str | None, Query(
    pattern=BBOX_PATTERN, examples=["22.0,44.0,40.5,52.5"],
    description="`min_lon,min_lat,max_lon,max_lat` (GeoJSON order): events at a place inside the "
    "box. A min_lon above max_lon crosses the antimeridian.")]


def geo_filter(near: str | None, radius_km: float, bbox: str | None) -> dict[str, Any]:
    """The query parameters of the near/bbox filters: points for Neo4j's point index, or None."""
    params: dict[str, Any] = {"near": None, "radius": radius_km * 1000.0, "lower_left": None,
                              "upper_right": None}
    if near:
        lat, lon = (float(x) for x in near.split(","))
        params["near"] = WGS84Point((lon, lat))
    if bbox:
        min_lon, min_lat, max_lon, max_lat = (float(x) for x in bbox.split(","))
        params["lower_left"] = WGS84Point((min_lon, min_lat))
        params["upper_right"] = WGS84Point((max_lon, max_lat))
    return params

"""ACLED's export format: the columns of the codebook, its event types and its codes.

Compiled for conflictkg from the ACLED codebook (columns in export order, event and sub-event
types, actor types, time and geo precision). What is required is what the mapping reads; the other
columns are read when present.
"""

from __future__ import annotations

from dataclasses import dataclass

from conflictkg.errors import InputError


@dataclass(frozen=True)
class Column:
    name: str
    doc: str
    required: bool = True


# In the order ACLED exports them.
COLUMNS: tuple[Column, ...] = (
    Column("event_id_cnty", "Unique id of the event: country ISO alpha-3 and a number (UKR12345)."),
    Column("event_date", "The day of the event (YYYY-MM-DD; older exports: 02 January 2024)."),
    Column("year", "The year of the event.", required=False),
    Column("time_precision", "1 the day is known, 2 the week or a few days, 3 the month."),
    Column("disorder_type", "Political violence, Demonstrations, Strategic developments, or two of them.",
           required=False),
    Column("event_type", "One of the six event types."),
    Column("sub_event_type", "One of the twenty-five sub-event types."),
    Column("actor1", "The first named actor (no direction implied)."),
    Column("assoc_actor_1", "Actors associated with actor1, separated by ';'."),
    Column("inter1", "Type of actor1 (State forces, Rebel group, …; older exports: 1-8).", required=False),
    Column("actor2", "The second named actor, if any."),
    Column("assoc_actor_2", "Actors associated with actor2, separated by ';'."),
    Column("inter2", "Type of actor2.", required=False),
    Column("interaction", "The two actor types (older exports: a two-digit code).", required=False),
    Column("civilian_targeting", "'Civilian targeting' when civilians were the target, else empty.",
           required=False),
    Column("iso", "ISO 3166 numeric code of the country."),
    Column("region", "ACLED's world region.", required=False),
    Column("country", "The country the event happened in."),
    Column("admin1", "First-level administrative region."),
    Column("admin2", "Second-level administrative region."),
    Column("admin3", "Third-level administrative region.", required=False),
    Column("location", "The place: a town, village, or the region when nothing finer is known."),
    Column("latitude", "WGS-84 latitude of the location."),
    Column("longitude", "WGS-84 longitude of the location."),
    Column("geo_precision", "1 the place itself, 2 near it, 3 only its region.", required=False),
    Column("source", "The sources of the event, separated by ';'."),
    Column("source_scale", "Their reach: Local, National, Regional, International, New media, …"),
    Column("notes", "A short description of the event."),
    Column("fatalities", "Reported fatalities (an integer; 0 when none are reported)."),
    Column("tags", "Extra codes separated by ';' (crowd size=…).", required=False),
    Column("timestamp", "When the row was last changed at ACLED (Unix seconds)."),
)
NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
REQUIRED: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.required)

# event type -> its sub-event types (ACLED codebook)
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory",
        "Other",
    ),
}

# Actor types of inter1/inter2: the text of current exports and the codes of older ones.
ACTOR_TYPES: dict[str, str] = {
    "1": "State forces", "2": "Rebel group", "3": "Political militia", "4": "Identity militia",
    "5": "Rioters", "6": "Protesters", "7": "Civilians", "8": "External/Other forces",
}


def check_header(header: list[str] | None) -> dict[str, int]:
    """The column positions, or an InputError naming every required column that is missing."""
    if not header:
        raise InputError("the file is empty: an ACLED export starts with a header row")
    names = [h.strip().lstrip("\ufeff").lower() for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise InputError(
            f"not an ACLED export: missing column(s) {', '.join(missing)} "
            f"(the codebook's columns are {', '.join(NAMES)})",
            missing=missing,
        )
    positions: dict[str, int] = {}
    for i, n in enumerate(names):
        positions.setdefault(n, i)
    return positions

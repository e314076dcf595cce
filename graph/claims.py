"""What each article claims about an event, and the node's figures derived from all claims.

Every REPORTED_IN edge of an event carries the claim of the article it points to: the mention id
extraction gave the fact there, the rule that resolved it, the date the article gives, an
agreement's status and an attack's casualty figures. When several articles report one node, its
date, status and figures are recomputed from the claims (`aggregate`), independent of the order
the articles were loaded in:

- date: an agreement's earliest date; any other event's most precise one (ties: the earliest);
- status: the claim of the latest article (ties: the later stage of a deal's life);
- killed / injured: the most recent article that gives a figure, plus the range every article gave;
- an attack's report days: the first and last day of the articles dated to the day that report it
  (an undated attack is resolved around them, `matching._when`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from conflictkg.graph.dates import PartialDate

# Claim fields copied from the mention's row onto its REPORTED_IN edges.
CLAIMED = ("date", "status", "killed", "killed_qualifier", "injured", "injured_qualifier")
STATUS_ORDER = ("proposed", "agreed", "in_force", "violated", "suspended", "collapsed")
_FIGURES = ("killed", "injured")


@dataclass(slots=True)
class Claim:
    """One article's claim (a plain dataclass: made per mention and per edge read, from rows the
    document model and the database have typed already)."""

    article: str
    mention: str
    rule: str | None = None
    published: dt.date | None = None
    published_precision: str | None = None  # of the article's date (`published` is its first day)
    date: str | None = None
    status: str | None = None
    killed: int | None = None
    killed_qualifier: str | None = None
    injured: int | None = None
    injured_qualifier: str | None = None

    @property
    def period(self) -> PartialDate | None:
        return _parse(self.date)

    @property
    def when(self) -> dt.date:
        """When the claim was made: the article's date, else the date it gives."""
        p = self.period
        return self.published or (p.start if p else dt.date.min)


@lru_cache(maxsize=65536)
def _parse(text: str | None) -> PartialDate | None:
    """Cached: resolution reads every claim's date many times per batch (PartialDate is frozen)."""
    if not text:
        return None
    try:
        return PartialDate.parse(text)
    except ValueError:
        return None


def claim_of_row(properties: dict[str, Any]) -> dict[str, Any]:
    """The claim fields of a mention's node row (null ones left out)."""
    return {k: properties[k] for k in CLAIMED if properties.get(k) is not None}


def distinct(claims: list[Claim]) -> list[Claim]:
    """One claim per (article, mention): an edge per sentence repeats it."""
    seen: dict[tuple[str, str], Claim] = {}
    for c in claims:
        seen.setdefault((c.article, c.mention), c)
    return sorted(seen.values(), key=lambda c: (c.article, c.mention))


def _date_props(claims: list[Claim], earliest: bool) -> dict[str, Any]:
    periods = [p for c in claims if (p := c.period) is not None]
    if not periods:
        return {}
    if earliest:
        p = min(periods, key=lambda p: (p.start, p.end - p.start, p.text))
    else:
        p = min(periods, key=lambda p: (*_narrower(p.start, p.end), p.text))
    return {"date": p.text, "date_start": p.start, "date_end": p.end, "date_precision": p.precision.value}


def _narrower(start: dt.date, end: dt.date) -> tuple[dt.timedelta, dt.date]:
    """The order of a non-agreement event's dates: the narrowest period first, then the earliest."""
    return end - start, start


def narrowed(start: dt.date | None, end: dt.date | None, claim: Claim) -> tuple[dt.date | None, dt.date | None]:
    """A node's days once this claim joins it: what `aggregate` would pick over all its claims,
    given the days it picked among the claims before (so those need not be read again)."""
    p = claim.period
    if p is None:
        return start, end
    if start is None or end is None or _narrower(p.start, p.end) < _narrower(start, end):
        return p.start, p.end
    return start, end


def earliest(start: dt.date | None, end: dt.date | None, claim: Claim) -> tuple[dt.date | None, dt.date | None]:
    """An agreement's days once this claim joins it: what `aggregate` would pick over all its claims
    (the earliest, then the narrowest), given the days it picked among the claims before."""
    p = claim.period
    if p is None:
        return start, end
    if start is None or end is None or (p.start, p.end - p.start) < (start, end - start):
        return p.start, p.end
    return start, end


def life(claims: list[Claim]) -> dict[str, dt.date | None]:
    """An agreement's life as its claims tell it: first report, last day covered, first collapse.
    Each is a minimum or a maximum, so a new claim updates it without the others (`Profile`)."""
    published = [c.published for c in claims if c.published]
    return {"reported_from": min(published, default=None), "seen_until": seen_until(claims),
            "collapsed_on": first_collapse(claims)}


def seen_until(claims: list[Claim]) -> dt.date | None:
    days = [d for c in claims for d in (c.published, c.period.end if c.period else None) if d is not None]
    return max(days) if days else None


def report_day(published: dt.date | None, precision: str | None) -> dt.date | None:
    """The day of an article dated to the day: what an undated attack it reports is resolved around.
    An article dated to a month says too little: in a month-long window an undated attack "in the
    province" met every other attack there (tried on the cross-article set: a wrong merge)."""
    return published if precision == "day" else None


def report_days(claims: list[Claim]) -> dict[str, dt.date | None]:
    """The first and last day of the articles dated to the day that report an event."""
    days = [d for c in claims if (d := report_day(c.published, c.published_precision)) is not None]
    return {"reported_from": min(days, default=None), "reported_until": max(days, default=None)}


def first_collapse(claims: list[Claim]) -> dt.date | None:
    days = [c.when for c in claims if c.status == "collapsed"]
    return min(days) if days else None


def aggregate(label: str, claims: list[Claim]) -> dict[str, Any]:
    """The node properties the claims decide. With a single claim this is what its row set, so a
    node reported once is never rewritten."""
    claims = distinct(claims)
    out: dict[str, Any] = _date_props(claims, earliest=label == "Agreement")
    if label == "Agreement":
        stated = [c for c in claims if c.status]
        if stated:
            latest = max(stated, key=lambda c: (c.when, STATUS_ORDER.index(c.status) if c.status in STATUS_ORDER
                                                else -1, c.article))
            out["status"] = latest.status
        out.update(life(claims))
    if label == "Attack":
        for fig in _FIGURES:
            given = [c for c in claims if getattr(c, fig) is not None]
            last = max(given, key=lambda c: (c.when, c.article)) if given else None
            out[fig] = getattr(last, fig) if last else None
            out[f"{fig}_qualifier"] = getattr(last, f"{fig}_qualifier") if last else None
            values = [getattr(c, fig) for c in given]
            several = len(claims) > 1 and bool(values)
            out[f"{fig}_min"] = min(values) if several else None
            out[f"{fig}_max"] = max(values) if several else None
        out.update(report_days(claims))
    return out

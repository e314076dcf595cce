"""What each article claims about an event, and the node's figures derived from all claims.

Every REPORTED_IN edge of an event carries the claim of the article it points to: the mention id
extraction gave the fact there, the rule that resolved it, the date the article gives, an
agreement's status and an attack's casualty figures. When several articles report one node, its
date, status and figures are recomputed from the claims (`aggregate`), independent of the order
the articles were loaded in (`Tally` keeps that result up to date claim by claim for a node the
resolver holds, so a report joining a node does not read the node's claims again):

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
from typing import Any, Final

from conflictkg.graph.dates import PartialDate

# Claim fields copied from the mention's row onto its REPORTED_IN edges.
CLAIMED: Final = ("date", "status", "killed", "killed_qualifier", "injured", "injured_qualifier")
STATUS_ORDER: Final = ("proposed", "agreed", "in_force", "violated", "suspended", "collapsed")
_FIGURES: Final = ("killed", "injured")


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
    return Tally.of(label, claims).props()


# A figure a claim gives, ranked: (when, article) of the claim, its mention (ties: the smaller
# one), the figure and its qualifier.
_Figure = tuple[tuple[dt.date, str], str, int, str | None]


class Tally:
    """`aggregate` as a fold over the claims: what decides the node's properties, kept up to date
    claim by claim, so that a report joining a node does not read all the node's claims again.
    Each choice is a total order, ties broken by the mention id as the claims' (article, mention)
    order broke them, so the result does not depend on the order the claims come in. A claim of
    an (article, mention) seen before is left out: an edge per sentence repeats the claim."""

    __slots__ = ("collapsed", "figures", "label", "period", "published_first", "ranges", "report_first",
                 "report_last", "seen", "seen_until", "status")

    def __init__(self, label: str) -> None:
        self.label = label
        self.seen: frozenset[tuple[str, str]] = frozenset()
        self.period: PartialDate | None = None
        self.status: tuple[tuple[dt.date, int, str], str, str] | None = None  # key, mention, status
        self.published_first: dt.date | None = None
        self.seen_until: dt.date | None = None
        self.collapsed: dt.date | None = None
        self.report_first: dt.date | None = None
        self.report_last: dt.date | None = None
        self.figures: dict[str, _Figure] = {}  # "killed" / "injured" -> the latest report's
        self.ranges: dict[str, tuple[int, int]] = {}  # the least and most every report gave

    @classmethod
    def of(cls, label: str, claims: list[Claim]) -> Tally:
        tally = cls(label)
        for c in claims:
            tally._add(c)
        return tally

    def plus(self, claim: Claim) -> Tally:
        """The tally with one more claim (this one is left as it was: a profile it belongs to may
        still be read). Copied field by field: it runs for every report that joins a node. (Made
        with __init__: compiled with mypyc, Tally.__new__ runs __init__ as well.)"""
        out = Tally(self.label)
        out.label, out.seen, out.period, out.status = self.label, self.seen, self.period, self.status
        out.published_first, out.seen_until, out.collapsed = self.published_first, self.seen_until, self.collapsed
        out.report_first, out.report_last = self.report_first, self.report_last
        out.figures, out.ranges = self.figures, self.ranges  # replaced, never changed in place
        out._add(claim)
        return out

    def _add(self, c: Claim) -> None:
        key = (c.article, c.mention)
        if key in self.seen:
            return
        self.seen = self.seen | {key}
        p = c.period
        when = c.published or (p.start if p else dt.date.min)
        if p is not None and (self.period is None or self._date_key(p) < self._date_key(self.period)):
            self.period = p
        if self.label == "Agreement":
            if c.status:
                rank = (when, STATUS_ORDER.index(c.status) if c.status in STATUS_ORDER else -1, c.article)
                if self.status is None or _later(rank, c.mention, self.status[0], self.status[1]):
                    self.status = (rank, c.mention, c.status)
            self.published_first = _least(self.published_first, c.published)
            self.seen_until = _most(_most(self.seen_until, c.published), p.end if p else None)
            if c.status == "collapsed":
                self.collapsed = _least(self.collapsed, when)
        elif self.label == "Attack":
            for fig in _FIGURES:
                value = getattr(c, fig)
                if value is None:
                    continue
                given = (when, c.article)
                held = self.figures.get(fig)
                if held is None or _later(given, c.mention, held[0], held[1]):
                    self.figures = {**self.figures, fig: (given, c.mention, value, getattr(c, f"{fig}_qualifier"))}
                low, high = self.ranges.get(fig, (value, value))
                self.ranges = {**self.ranges, fig: (min(low, value), max(high, value))}
            day = report_day(c.published, c.published_precision)
            if day is not None:
                self.report_first, self.report_last = _least(self.report_first, day), _most(self.report_last, day)

    def _date_key(self, p: PartialDate) -> tuple[Any, ...]:
        if self.label == "Agreement":
            return p.start, p.end - p.start, p.text
        return (*_narrower(p.start, p.end), p.text)

    def props(self) -> dict[str, Any]:
        p = self.period
        out: dict[str, Any] = {} if p is None else {
            "date": p.text, "date_start": p.start, "date_end": p.end, "date_precision": p.precision.value}
        if self.label == "Agreement":
            if self.status is not None:
                out["status"] = self.status[2]
            out.update(reported_from=self.published_first, seen_until=self.seen_until, collapsed_on=self.collapsed)
        if self.label == "Attack":
            several = len(self.seen) > 1
            for fig in _FIGURES:
                held = self.figures.get(fig)
                out[fig] = held[2] if held else None
                out[f"{fig}_qualifier"] = held[3] if held else None
                low, high = self.ranges[fig] if several and fig in self.ranges else (None, None)
                out[f"{fig}_min"], out[f"{fig}_max"] = low, high
            out.update(reported_from=self.report_first, reported_until=self.report_last)
        return out


def _later(rank: tuple[Any, ...], mention: str, held: tuple[Any, ...], held_mention: str) -> bool:
    """Whether a claim ranked `rank` replaces the one held: ranked later, or as late with the
    smaller mention id (the first of the claims' (article, mention) order)."""
    return rank > held or (rank == held and mention < held_mention)


def _least(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return b if a is None else a if b is None else min(a, b)


def _most(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return b if a is None else a if b is None else max(a, b)

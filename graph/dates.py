"""Partial dates that keep their precision: a year, a month, an ISO week or a day.

The graph stores the text form (`2025-05`, `2025-W13`, `2025-03-18`) plus the first and last day it
covers, so timelines can sort and filter without pretending to know a day the source never gave.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

# The syntax of a partial date as a regular expression, in the dialect both JSON Schema
# (ECMAScript) and pydantic (Rust regex: no look-around) understand, so one string serves the
# OpenAPI schema and validation: years 0001-9999, months, ISO weeks 01-52 and days that exist
# (29 February in leap years only). Week 53, which only some years have, is left to `PartialDate.parse`.
_YEAR = "(?:000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})"
_MONTH = "(?:0[1-9]|1[0-2])"
_WEEK = "W(?:0[1-9]|[1-4][0-9]|5[0-2])"
_MONTH_DAY = ("(?:" + _MONTH + "-(?:0[1-9]|1[0-9]|2[0-8])"
              "|(?:0[13-9]|1[0-2])-(?:29|30)"
              "|(?:0[13578]|1[02])-31)")
_LEAP_YEAR = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
PARTIAL_DATE_PATTERN = (
    "^(?:" + _YEAR + "(?:-(?:" + _MONTH + "|" + _WEEK + "|" + _MONTH_DAY + "))?|" + _LEAP_YEAR + "-02-29)$"
)


class Precision(StrEnum):
    YEAR = "year"
    MONTH = "month"
    WEEK = "week"
    DAY = "day"


class PartialDate(BaseModel):
    model_config = ConfigDict(frozen=True)  # hashable: resolved dates are cached
    text: str
    precision: Precision
    start: date
    end: date

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        return _parse(text)

    @classmethod
    def of_day(cls, d: date) -> PartialDate:
        return cls.parse(d.isoformat())

    @classmethod
    def of_week(cls, d: date) -> PartialDate:
        y, w, _ = d.isocalendar()
        return cls.parse(f"{y}-W{w:02d}")

    @classmethod
    def of_month(cls, d: date) -> PartialDate:
        return cls.parse(f"{d.year}-{d.month:02d}")


_YEAR_ONLY = re.compile(r"(\d{4})")
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_YEAR_MONTH_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


# Remembered per text: extraction resolves the same few dates (an article's, the days of its
# week) again and again, and each is a validated model. Dates are immutable, so sharing is safe.
@lru_cache(maxsize=8192)
def _parse(text: str) -> PartialDate:
    t = text.strip()
    if m := _YEAR_ONLY.fullmatch(t):
        y = int(m[1])
        return PartialDate(text=t, precision=Precision.YEAR, start=date(y, 1, 1), end=date(y, 12, 31))
    if m := _YEAR_MONTH.fullmatch(t):
        y, mo = int(m[1]), int(m[2])
        if not 1 <= mo <= 12:
            raise ValueError(f"{text!r}: month {mo} is not 01..12")
        last = calendar.monthrange(y, mo)[1]
        return PartialDate(text=t, precision=Precision.MONTH, start=date(y, mo, 1), end=date(y, mo, last))
    if m := _YEAR_WEEK.fullmatch(t):
        y, w = int(m[1]), int(m[2])
        try:
            monday = date.fromisocalendar(y, w, 1)
        except ValueError as exc:
            raise ValueError(f"{text!r}: {exc}") from None
        return PartialDate(text=t, precision=Precision.WEEK, start=monday, end=monday + timedelta(days=6))
    if _YEAR_MONTH_DAY.fullmatch(t):
        try:
            d = date.fromisoformat(t)
        except ValueError as exc:
            raise ValueError(f"{text!r}: {exc}") from None
        return PartialDate(text=t, precision=Precision.DAY, start=d, end=d)
    raise ValueError(
        f"{text!r} is not a partial date: use YYYY, YYYY-MM, YYYY-Www or YYYY-MM-DD"
    )

"""Partial dates that keep their precision: a year, a month, an ISO week or a day.

The graph stores the text form (`2025-05`, `2025-W13`, `2025-03-18`) plus the first and last day it
covers, so timelines can sort and filter without pretending to know a day the source never gave.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


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
        t = text.strip()
        if m := re.fullmatch(r"(\d{4})", t):
            y = int(m[1])
            return cls(text=t, precision=Precision.YEAR, start=date(y, 1, 1), end=date(y, 12, 31))
        if m := re.fullmatch(r"(\d{4})-(\d{2})", t):
            y, mo = int(m[1]), int(m[2])
            if not 1 <= mo <= 12:
                raise ValueError(f"{text!r}: month {mo} is not 01..12")
            last = calendar.monthrange(y, mo)[1]
            return cls(text=t, precision=Precision.MONTH, start=date(y, mo, 1), end=date(y, mo, last))
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", t):
            y, w = int(m[1]), int(m[2])
            try:
                monday = date.fromisocalendar(y, w, 1)
            except ValueError as exc:
                raise ValueError(f"{text!r}: {exc}") from None
            return cls(text=t, precision=Precision.WEEK, start=monday, end=monday + timedelta(days=6))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", t):
            try:
                d = date.fromisoformat(t)
            except ValueError as exc:
                raise ValueError(f"{text!r}: {exc}") from None
            return cls(text=t, precision=Precision.DAY, start=d, end=d)
        raise ValueError(
            f"{text!r} is not a partial date: use YYYY, YYYY-MM, YYYY-Www or YYYY-MM-DD"
        )

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

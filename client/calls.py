"""Calls and pages as plain data: what to send, how to read the answer, where the next page is.

Nothing here does I/O; the sync and async clients both drive these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar, get_args

from pydantic import BaseModel

if TYPE_CHECKING:
    import pandas as pd

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)

MAX_PAGE_SIZE = 1000  # the API's largest `limit`


@dataclass(frozen=True)
class Call(Generic[T]):
    """One HTTP exchange: method, path, query parameters, JSON body, and how to read the answer."""

    method: str
    path: str
    parse: Callable[[Any], T]
    params: Mapping[str, Any] = field(default_factory=dict)
    json: Any = None
    raw: bool = False  # parse the body's text (CSV, GraphML), not its JSON

    def query(self) -> dict[str, str]:
        """The query parameters as the API expects them; None values are left out."""
        return {k: query_value(v) for k, v in self.params.items() if v is not None}


def query_value(value: Any) -> str:
    """Dates as ISO strings, booleans as true/false, results by their id."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, BaseModel) and isinstance(getattr(value, "id", None), str):
        return str(value.id)  # type: ignore[attr-defined]
    if isinstance(value, (tuple, list)):  # near=(lat, lon), bbox=(min_lon, min_lat, max_lon, max_lat)
        return ",".join(str(v) for v in value)
    return str(value)


@dataclass(frozen=True)
class Page(Generic[M]):
    """One page of a list: its items, the total the API counts, and where it starts."""

    items: list[M]
    total: int
    offset: int
    limit: int
    model: type[BaseModel] | None = field(default=None, repr=False, compare=False)

    @property
    def next_offset(self) -> int | None:
        """Where the following page starts, or None when this is the last one."""
        end = self.offset + len(self.items)
        return end if self.items and end < self.total else None

    def __iter__(self) -> Iterator[M]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def to_dataframe(self, *, evidence: bool = False) -> pd.DataFrame:
        """This page's items as a pandas DataFrame (see `conflictkg.client.to_dataframe`)."""
        from conflictkg.client.analysis import to_dataframe

        return to_dataframe(self.items, evidence=evidence, model=self.model)


@dataclass(frozen=True)
class ListCall(Generic[M]):
    """A list endpoint with its filters; `page(offset, limit)` is the call for one page."""

    path: str
    envelope: type[BaseModel]  # the API's XsPublic {items, total}
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def item_model(self) -> type[BaseModel] | None:
        args = get_args(self.envelope.model_fields["items"].annotation)
        return args[0] if args and isinstance(args[0], type) else None

    def page(self, offset: int, limit: int) -> Call[Page[M]]:
        def parse(body: Any) -> Page[M]:
            envelope = self.envelope.model_validate(body)
            items: list[M] = list(envelope.items)  # type: ignore[attr-defined]
            return Page(items=items, total=envelope.total,  # type: ignore[attr-defined]
                        offset=offset, limit=limit, model=self.item_model)

        return Call("GET", self.path, parse, {**self.params, "limit": limit, "offset": offset})

    def export(self, fmt: str) -> Call[Any]:
        """Every item the filters select in one streamed answer: `csv` (text) or `geojson` (a
        FeatureCollection dict); not paged, not capped."""
        if fmt not in ("csv", "geojson"):
            raise ValueError(f"exports are csv or geojson, not {fmt!r}")
        return Call("GET", self.path, lambda body: body, {**self.params, "format": fmt}, raw=fmt == "csv")

    def describe(self) -> str:
        query = "&".join(f"{k}={query_value(v)}" for k, v in self.params.items() if v is not None)
        return self.path + (f"?{query}" if query else "")


@dataclass(frozen=True)
class Paging:
    """Which pages to fetch: `page_size` items a page from `offset`, `max_items` at most."""

    page_size: int
    offset: int = 0
    max_items: int | None = None

    def __post_init__(self) -> None:
        if self.page_size < 1:
            raise ValueError(f"page_size must be at least 1, not {self.page_size}")
        if self.offset < 0:
            raise ValueError(f"offset must not be negative, not {self.offset}")
        if self.max_items is not None and self.max_items < 0:
            raise ValueError(f"max_items must not be negative, not {self.max_items}")

    def first(self) -> tuple[int, int]:
        """(offset, limit) of the first page."""
        return self.offset, self._limit(0)

    def after(self, page: Page[Any], seen: int) -> tuple[int, int] | None:
        """(offset, limit) of the page after `page`, `seen` items in; None when done."""
        nxt = page.next_offset
        if nxt is None or (self.max_items is not None and seen >= self.max_items):
            return None
        return nxt, self._limit(seen)

    def _limit(self, seen: int) -> int:
        if self.max_items is None:
            return self.page_size
        # The API wants limit >= 1; max_items=0 asks one item and yields none of it.
        return max(1, min(self.page_size, self.max_items - seen))

    def take(self, page: Page[M], seen: int) -> list[M]:
        """The items of `page` still wanted after `seen`."""
        if self.max_items is None:
            return page.items
        return page.items[: max(0, self.max_items - seen)]

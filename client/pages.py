"""Lazy lists over the API's `limit`/`offset` paging, one for each client.

    attacks = kg.attacks(method="drone")   # nothing fetched yet
    attacks.total, attacks.items           # the first page (fetched once, then kept)
    for attack in attacks: ...             # every item, the following pages fetched as needed
    attacks.to_list(), attacks.to_dataframe()

With the AsyncClient the same object is awaited: `page = await kg.attacks()` is the first page,
`async for attack in kg.attacks()` goes through all of them, `await kg.attacks().to_list()`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from pydantic import BaseModel

from conflictkg.client.calls import Call, ListCall, Page, Paging
from conflictkg.client.results import Path

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

T = TypeVar("T", bound=BaseModel)


class _PagerBase(Generic[T]):
    def __init__(self, call: ListCall[T], paging: Paging) -> None:
        self.call = call
        self.paging = paging
        self._first: Page[T] | None = None

    def __repr__(self) -> str:
        fetched = f", total={self._first.total}" if self._first else ""
        return (f"{type(self).__name__}({self.call.describe()!r}, "
                f"page_size={self.paging.page_size}{fetched})")


class Pager(_PagerBase[T]):
    """Every item of a list endpoint, fetched page by page as it is iterated."""

    def __init__(self, send: Callable[[Call[Page[T]]], Page[T]], call: ListCall[T],
                 paging: Paging) -> None:
        super().__init__(call, paging)
        self._send = send

    def first_page(self) -> Page[T]:
        """The first page (fetched on first use, then kept)."""
        if self._first is None:
            self._first = self._send(self.call.page(*self.paging.first()))
        return self._first

    def to_csv(self, path: str | FilePath | None = None) -> str:
        """Every item the filters select as CSV, in one streamed answer (not paged, not capped;
        attacks in ACLED's column names). Written to `path` too when given."""
        text = cast(str, self._send(self.call.export("csv")))
        if path is not None:
            FilePath(path).write_text(text, encoding="utf-8")
        return text

    def to_geojson(self) -> dict[str, Any]:
        """Every item the filters select as a GeoJSON FeatureCollection (attacks, events and
        places): a Point where the place has coordinates, no geometry where none is known."""
        return cast(dict[str, Any], self._send(self.call.export("geojson")))

    @property
    def items(self) -> list[T]:
        """The items of the first page."""
        return self.first_page().items

    @property
    def total(self) -> int:
        """How many items the API has for these filters, across all pages."""
        return self.first_page().total

    def pages(self) -> Iterator[Page[T]]:
        """Each page in turn, from the first."""
        page, seen = self.first_page(), 0
        while True:
            yield page
            seen += len(self.paging.take(page, seen))
            following = self.paging.after(page, seen)
            if following is None:
                return
            page = self._send(self.call.page(*following))

    def __iter__(self) -> Iterator[T]:
        seen = 0
        for page in self.pages():
            items = self.paging.take(page, seen)
            seen += len(items)
            yield from items

    def to_list(self) -> list[T]:
        """Every item, all pages fetched."""
        return list(self)

    def to_dataframe(self, *, evidence: bool = False) -> pd.DataFrame:
        """Every item as a pandas DataFrame (see `conflictkg.client.to_dataframe`)."""
        from conflictkg.client.analysis import to_dataframe

        return to_dataframe(self.to_list(), evidence=evidence, model=self.call.item_model)


class AsyncPager(_PagerBase[T]):
    """The AsyncClient's lazy list: await it for the first page, `async for` for every item."""

    def __init__(self, send: Callable[[Call[Page[T]]], Awaitable[Page[T]]], call: ListCall[T],
                 paging: Paging) -> None:
        super().__init__(call, paging)
        self._send = send

    async def first_page(self) -> Page[T]:
        """The first page (fetched on first use, then kept)."""
        if self._first is None:
            self._first = await self._send(self.call.page(*self.paging.first()))
        return self._first

    async def to_csv(self, path: str | FilePath | None = None) -> str:
        """As `Pager.to_csv`."""
        text = cast(str, await self._send(self.call.export("csv")))
        if path is not None:
            FilePath(path).write_text(text, encoding="utf-8")
        return text

    async def to_geojson(self) -> dict[str, Any]:
        """As `Pager.to_geojson`."""
        return cast(dict[str, Any], await self._send(self.call.export("geojson")))

    def __await__(self) -> Generator[Any, None, Page[T]]:
        return self.first_page().__await__()

    @property
    def items(self) -> list[T]:
        """The items of the first page, once it was awaited."""
        return self._fetched().items

    @property
    def total(self) -> int:
        """The total, once the first page was awaited."""
        return self._fetched().total

    def _fetched(self) -> Page[T]:
        if self._first is None:
            raise RuntimeError("the first page is not fetched yet: `page = await pager` or "
                               "`await pager.first_page()` first")
        return self._first

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Each page in turn, from the first."""
        page, seen = await self.first_page(), 0
        while True:
            yield page
            seen += len(self.paging.take(page, seen))
            following = self.paging.after(page, seen)
            if following is None:
                return
            page = await self._send(self.call.page(*following))

    async def __aiter__(self) -> AsyncIterator[T]:
        seen = 0
        async for page in self.pages():
            items = self.paging.take(page, seen)
            seen += len(items)
            for item in items:
                yield item

    async def to_list(self) -> list[T]:
        """Every item, all pages fetched."""
        return [item async for item in self]

    async def to_dataframe(self, *, evidence: bool = False) -> pd.DataFrame:
        """Every item as a pandas DataFrame (see `conflictkg.client.to_dataframe`)."""
        from conflictkg.client.analysis import to_dataframe

        return to_dataframe(await self.to_list(), evidence=evidence, model=self.call.item_model)


class PathPager(Pager[Path]):
    """The paths between two actors; `to_networkx()` joins them into one graph."""

    def to_networkx(self) -> nx.MultiDiGraph[str]:
        from conflictkg.client.analysis import paths_to_networkx

        return paths_to_networkx(self.to_list())


class AsyncPathPager(AsyncPager[Path]):
    """The paths between two actors; `await to_networkx()` joins them into one graph."""

    async def to_networkx(self) -> nx.MultiDiGraph[str]:
        from conflictkg.client.analysis import paths_to_networkx

        return paths_to_networkx(await self.to_list())

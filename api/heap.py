"""Collector settings for a process that serves requests for a long time.

At start-up the API process holds some 120,000 long-lived objects: the app, its routes and
OpenAPI models, pydantic's schemas, the drivers. Every full collection of CPython's cyclic
collector walks all of them (tens of ms on a small machine), and under load, with dozens of
requests in flight each holding a page of rows, such collections came about once a second:
collector callbacks put 10–20% of a busy API's time in the collector. Freezing the start-up heap
takes it out of every later collection; a larger first-generation threshold makes young
collections rarer (a request's rows are freed by reference counting, they form no cycles).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 20_000

# Apps serving in this process (tests run several at once): the last one to stop undoes it.
_serving: list[tuple[int, int, int]] = []


@contextmanager
def settled_heap() -> Iterator[None]:
    """Freeze what exists now and raise the young threshold; undone when the last user exits."""
    before = gc.get_threshold()
    _serving.append(before)
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        first = _serving[0]
        _serving.pop()
        if not _serving:
            gc.set_threshold(*first)
            gc.unfreeze()

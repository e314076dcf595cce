"""The Neo4j a benchmark runs against: NEO4J_URI when it is set, else a local server with a
throwaway data dir on free ports, stopped and removed afterwards (conflictkg.localdb.throwaway)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from conflictkg.localdb.throwaway import free_port, throwaway_server
from conflictkg.settings import Settings

__all__ = ["database", "free_port"]


@contextmanager
def database(name: str, *, heap: str = "1g", pagecache: str = "512m",
             say: Callable[[str], object] = print) -> Iterator[Settings]:
    """NEO4J_URI if set, else a local server in a `conflictkg-<name>-…` temporary folder."""
    if os.environ.get("NEO4J_URI"):
        yield Settings()
        return
    with throwaway_server(name, heap=heap, pagecache=pagecache, say=say) as settings:
        yield settings

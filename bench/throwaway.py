"""The Neo4j a benchmark runs against: NEO4J_URI when it is set, else a local server with a
throwaway data dir on free ports, stopped and removed afterwards."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from conflictkg.settings import Settings


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def database(name: str, *, heap: str = "1g", pagecache: str = "512m",
             say: Callable[[str], object] = print) -> Iterator[Settings]:
    """NEO4J_URI if set, else a local server in a `conflictkg-<name>-…` temporary folder."""
    if os.environ.get("NEO4J_URI"):
        yield Settings()
        return
    from conflictkg.localdb import LocalServer

    data_dir = Path(tempfile.mkdtemp(prefix=f"conflictkg-{name}-"))
    settings = Settings(neo4j_uri=None, neo4j_password="conflictkg-bench", db_dir=data_dir,
                        db_bolt_port=free_port(), db_http_port=free_port(), db_http_enabled=False,
                        db_heap=heap, db_pagecache=pagecache)
    server = LocalServer(settings)
    say(f"starting a throwaway Neo4j in {data_dir}")
    server.start()
    try:
        yield settings.model_copy(update={"neo4j_uri": server.uri})
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)

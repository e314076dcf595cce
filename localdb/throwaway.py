"""A local Neo4j for one run: a fresh data dir on free ports (jars from the shared cache), stopped
and removed when the block ends. For benchmarks and evaluations that must not touch a user's graph."""

from __future__ import annotations

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
def throwaway_server(name: str, *, heap: str = "1g", pagecache: str = "512m",
                     say: Callable[[str], object] = print) -> Iterator[Settings]:
    """Settings of a server started in a `conflictkg-<name>-…` temporary folder (the environment's
    NEO4J_URI is ignored: this is always a new, empty server)."""
    from conflictkg.localdb import LocalServer

    data_dir = Path(tempfile.mkdtemp(prefix=f"conflictkg-{name}-"))
    settings = Settings(neo4j_uri=None, neo4j_password=f"conflictkg-{name}", db_dir=data_dir,
                        db_bolt_port=free_port(), db_http_port=free_port(), db_http_enabled=False,
                        db_heap=heap, db_pagecache=pagecache)
    server = LocalServer(settings)
    say(f"starting a throwaway Neo4j in {data_dir}")
    try:
        server.start()
        yield settings.model_copy(update={"neo4j_uri": server.uri})
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)

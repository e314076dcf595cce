"""Helpers for the API tests: settings, loading the real articles, a TCP proxy, a uvicorn thread."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import neo4j
import uvicorn

from conflictkg.api.serving import CoalescingHttpToolsProtocol
from conflictkg.ingest.service import Ingestor, LoadSummary, article_files
from conflictkg.settings import Settings
from tests.neo4j_server import free_port

ROOT = Path(__file__).resolve().parent.parent
API_KEY = "test-key-0123456789"
# The seed (Dutch) and the twelve test articles (Dutch and English), through the real extractor.
ARTICLES = [ROOT / "examples", *sorted((ROOT / "tests" / "articles").glob("*.txt"))]


def api_settings(base: Settings, **overrides: Any) -> Settings:
    """The session's database settings plus API settings for tests."""
    values: dict[str, Any] = {
        "neo4j_uri": base.neo4j_uri,
        "neo4j_user": base.neo4j_user,
        "neo4j_password": base.neo4j_password,
        "neo4j_database": base.neo4j_database,
        "env": "development",
        "api_key": API_KEY,
        "api_read_auth": False,
        "api_db_timeout": 2.0,
    }
    values.update(overrides)
    return Settings(**values)


def load_articles(driver: neo4j.Driver, database: str) -> LoadSummary:
    """Load every article through the real extractor and writer. The language is given (from the
    file name) rather than detected, which only saves time: detection is tested elsewhere."""
    files = article_files(ARTICLES)
    summary = LoadSummary()
    for language in ("nl", "en"):
        group = [f for f in files if f.name.startswith(language) or (language == "nl" and f.name.startswith("seed"))]
        part = Ingestor(driver, database=database).ingest_files(group, language=language)
        assert not part.errors, part.errors
        for result in part.results:
            summary.add(result)
    assert summary.articles == 13
    return summary


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    """An RFC 9457 problem+json body with the given status; returns it."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert {"type", "title", "status", "detail", "instance"} <= set(body)
    return body


def evidence_ok(items: list[dict[str, Any]]) -> bool:
    """Every piece of evidence names an article and has a quote."""
    return all(e["article"].startswith("sha256:") and e["quote"] for e in items)


class TcpProxy:
    """Forwards a local port to the real Neo4j; stopping it cuts every connection, so tests can
    take the database away from the API and give it back."""

    def __init__(self, target: tuple[str, int], port: int | None = None) -> None:
        self.target = target
        self.port = port or free_port()
        self._server: socket.socket | None = None
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind(("127.0.0.1", self.port))
        srv.listen(16)
        self._server = srv
        threading.Thread(target=self._accept, args=(srv,), daemon=True).start()

    def _accept(self, srv: socket.socket) -> None:
        while True:
            try:
                client, _ = srv.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        if self._server is not None:
            with suppress(OSError):  # wakes the thread blocked in accept(); close() alone would not on Linux
                self._server.shutdown(socket.SHUT_RDWR)
            self._server.close()
            self._server = None
        with self._lock:
            for c in self._conns:
                with suppress(OSError):
                    c.shutdown(socket.SHUT_RDWR)
                c.close()
            self._conns.clear()


@contextmanager
def uvicorn_thread(app: Any, http: type[asyncio.Protocol] = CoalescingHttpToolsProtocol) -> Iterator[str]:
    """Serve `app` with uvicorn on a free port in a thread, with the protocol `conflictkg serve`
    uses; yields the base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="on", http=http))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def bolt_address(settings: Settings) -> tuple[str, int]:
    parts = urlsplit(settings.effective_uri)
    return parts.hostname or "127.0.0.1", parts.port or 7687

"""One write per response: the HTTP protocol `conflictkg serve` runs uvicorn with (api.serving)."""

from __future__ import annotations

import asyncio
import csv
import io
from typing import Any, ClassVar

import httpx
import neo4j
import pytest
from typer.testing import CliRunner

from conflictkg.api.main import create_app
from conflictkg.api.serving import CoalescingHttpToolsProtocol, _CoalescingTransport
from conflictkg.graph.writer import write_document
from conflictkg.settings import Settings
from tests.api_support import api_settings, uvicorn_thread
from tests.samples import sample_document


class _Recorder:
    """A transport that keeps what is written to it."""

    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        self.writes.append(bytes(data))

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed

    def get_write_buffer_size(self) -> int:
        return 0

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return ("127.0.0.1", 1) if name in ("peername", "sockname") else default


def test_writes_of_one_loop_turn_go_out_as_one_and_close_sends_them_first() -> None:
    async def scenario() -> _Recorder:
        real = _Recorder()
        t = _CoalescingTransport(real, asyncio.get_running_loop())  # type: ignore[arg-type]
        t.write(b"HTTP/1.1 200 OK\r\n\r\n")
        t.write(b"body")
        assert real.writes == [] and t.get_write_buffer_size() == len(b"HTTP/1.1 200 OK\r\n\r\nbody")
        await asyncio.sleep(0)  # the turn ends
        assert real.writes == [b"HTTP/1.1 200 OK\r\n\r\nbody"]
        t.write(b"next")
        await asyncio.sleep(0)
        t.write(b"last")
        t.close()  # before the turn ends: what was written goes out, then the close
        assert real.writes[1:] == [b"next", b"last"] and real.closed
        assert t.get_extra_info("peername") == ("127.0.0.1", 1)  # the rest is the real transport's
        return real

    real = asyncio.run(scenario())
    assert len(real.writes) == 3


class _Counting(CoalescingHttpToolsProtocol):
    """The served protocol over a transport that counts the writes reaching the socket."""

    writes: ClassVar[list[int]] = []

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        real_write = transport.write
        counted = self.writes

        class Counted:
            def write(self, data: bytes) -> None:
                counted.append(len(data))
                real_write(data)

            def __getattr__(self, name: str) -> Any:
                return getattr(transport, name)

        super().connection_made(Counted())  # type: ignore[arg-type]


def test_a_served_answer_is_one_write_and_a_streamed_export_arrives_whole(db: neo4j.Driver,
                                                                          settings: Settings) -> None:
    write_document(db, sample_document())
    # enough attacks that the export streams in many chunks (of 500 rows)
    db.execute_query("UNWIND range(1, 3000) AS i CREATE (:Attack {id: 'attack:bulk-' + i, method: 'drone'})",
                     database_=settings.neo4j_database)
    _Counting.writes = []
    with (uvicorn_thread(create_app(api_settings(settings)), http=_Counting) as base,
          httpx.Client(base_url=base, timeout=10) as http):
        answers = [http.get("/actors/russia"), http.get("/health"), http.get("/actors/atlantis")]
        assert [r.status_code for r in answers] == [200, 200, 404]
        assert answers[0].json()["id"] == "actor:russia"
        # three answers on one keep-alive connection, head and body of each in one write
        assert len(_Counting.writes) == 3 and all(n > 100 for n in _Counting.writes)
        etag = answers[0].headers["etag"]
        again = http.get("/actors/russia", headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b"" and len(_Counting.writes) == 4
        before = len(_Counting.writes)
        exported = http.get("/attacks", params={"format": "csv"})
        assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(exported.text)))
        assert len(rows) == 3001 and {r["event_id_cnty"] for r in rows} >= {"attack:bulk-1", "attack:bulk-3000"}
        assert len(_Counting.writes) - before > 3  # streamed: chunk by chunk, not held back


def test_the_serve_command_runs_uvicorn_with_this_protocol(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from conflictkg.cli import app as cli
    from conflictkg.settings import get_settings

    called: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda target, **options: called.update(options, target=target))
    monkeypatch.setenv("CONFLICTKG_ENV", "development")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["serve", "--port", "8123"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert called["target"] == "conflictkg.api:app" and called["port"] == 8123
    assert called["http"] is CoalescingHttpToolsProtocol

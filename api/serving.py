"""How uvicorn serves the app: its httptools protocol, with one write per response.

uvicorn writes a response's head when the app sends `http.response.start` and its body when the
app sends `http.response.body`: two writes, two system calls and two TCP segments for an answer of
a few hundred bytes, and the client wakes up twice. On a small read that was a tenth of the API
process's CPU (bench/api.py, profiled). `CoalescingHttpToolsProtocol` hands uvicorn a transport
whose writes made in one turn of the event loop go out together at the end of that turn; a long
answer streamed in chunks still goes out chunk by chunk, each in its own turn.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


class _CoalescingTransport:
    """A transport whose writes of one loop turn are joined into one write of the real one."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._pending: list[bytes | bytearray | memoryview] = []

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not self._pending:
            self._loop.call_soon(self._flush)
        self._pending.append(data)

    def _flush(self) -> None:
        if not self._pending:
            return
        data = self._pending[0] if len(self._pending) == 1 else b"".join(self._pending)
        self._pending.clear()
        if not self._transport.is_closing():
            self._transport.write(data)

    def close(self) -> None:
        self._flush()  # what was written before close goes out first, as with the real transport
        self._transport.close()

    def get_write_buffer_size(self) -> int:
        return self._transport.get_write_buffer_size() + sum(map(len, self._pending))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class CoalescingHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol over a `_CoalescingTransport`."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        # (uvloop's transports are not asyncio.Transport subclasses, only alike)
        super().connection_made(_CoalescingTransport(transport, self.loop))  # type: ignore[arg-type]

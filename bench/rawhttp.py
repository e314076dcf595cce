"""A minimal HTTP/1.1 GET client for load generation: one keep-alive connection, the response
parsed by httptools (the C parser uvicorn itself uses), the body dropped.

The load generator shares the machine's two cores with the API and Neo4j, so every millisecond
of CPU it spends per request is charged to the HTTP side of bench/api.py. aiohttp costs 0.3–0.8 ms
per request there, httpx several times more; this costs about 0.2 ms. It speaks only what the
benchmark needs: GET, Content-Length or chunked bodies, keep-alive.
"""

from __future__ import annotations

import asyncio
from urllib.parse import quote

import httptools

# Characters a bench URL keeps as they are; anything else (spaces in `q=`) is percent-encoded.
_SAFE = "/?&=%:,;+-_.~"


class _Response:
    """httptools callbacks: the status is read from the parser; the body is not kept."""

    def __init__(self) -> None:
        self.done = False
        self.keep_alive = True

    def on_header(self, name: bytes, value: bytes) -> None:
        # HTTP/1.1 keeps the connection unless the server says otherwise. (The parser's own
        # should_keep_alive() reads False once the message is complete, so it cannot say.)
        if name.lower() == b"connection" and value.strip().lower() == b"close":
            self.keep_alive = False

    def on_message_complete(self) -> None:
        self.done = True


class RawHTTP:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def get(self, url: str, headers: dict[str, str] | None = None) -> int:
        """The response's status code; the connection is reopened when the server closed it."""
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        assert self._reader is not None
        extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        self._writer.write(f"GET {quote(url, safe=_SAFE)} HTTP/1.1\r\nHost: {self.host}\r\n{extra}\r\n".encode())
        response = _Response()
        parser = httptools.HttpResponseParser(response)
        while not response.done:
            data = await self._reader.read(65536)
            if not data:
                await self.close()
                raise ConnectionError(f"the server closed the connection during GET {url}")
            parser.feed_data(data)
        if not response.keep_alive:
            await self.close()
        return int(parser.get_status_code())

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = self._reader = None

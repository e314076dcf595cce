"""A cap on request body size, checked on Content-Length and again on the streamed body.

A declared length over the cap is refused before the app sees the request; a chunked body that
grows past it is cut off as it is read (the route never runs, so nothing is written).
"""

from __future__ import annotations

from fastapi import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from conflictkg.api.errors import ApiProblem, render


class BodyTooLarge(HTTPException):
    """Raised from inside `receive`; FastAPI re-raises HTTPExceptions met while reading a body."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than the limit of {limit:,} bytes")


class BodySizeLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            problem = None
            if not declared.strip().isdigit():
                problem = ApiProblem(400, "Content-Length is not a number")
            elif int(declared) > self.max_bytes:
                problem = ApiProblem(413, BodyTooLarge(self.max_bytes).detail)
            if problem is not None:
                await render(Request(scope), problem)(scope, receive, send)
                return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        await self.app(scope, limited, send)

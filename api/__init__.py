"""conflictkg.api: the HTTP API. `conflictkg.api:app` is the ASGI app uvicorn serves.

The app is built on first access, from the environment's settings, so that importing
`conflictkg.api.models` (the response models a client shares) starts nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

_app: FastAPI | None = None


def __getattr__(name: str) -> Any:
    global _app
    if name == "app":
        if _app is None:
            from conflictkg.api.main import create_app

            _app = create_app()
        return _app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["app"]

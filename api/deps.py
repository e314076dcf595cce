"""Dependencies as `Annotated` aliases, so a handler reads as plain typed parameters.

They are `async def` although none awaits: FastAPI runs a plain `def` dependency in a worker
thread, and a dozen thread hops per request cost more than the query.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader

from conflictkg.api.errors import ApiProblem
from conflictkg.api.queries import Queries
from conflictkg.ingest.service import Ingestor
from conflictkg.settings import Settings

API_KEY_HEADER = "X-API-Key"
_api_key = APIKeyHeader(
    name=API_KEY_HEADER,
    auto_error=False,  # we answer 401 as problem+json ourselves
    description="Needed for POST /articles and POST /cypher, and for reads when "
    "CONFLICTKG_API_READ_AUTH=true.",
)


async def _settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


async def _queries(request: Request) -> Queries:
    return request.app.state.queries  # type: ignore[no-any-return]


async def _ingestor(request: Request) -> Ingestor:
    return request.app.state.ingestor  # type: ignore[no-any-return]


SettingsDep = Annotated[Settings, Depends(_settings)]
QueriesDep = Annotated[Queries, Depends(_queries)]
IngestorDep = Annotated[Ingestor, Depends(_ingestor)]


def _check_key(settings: Settings, given: str | None) -> None:
    expected = settings.api_key.get_secret_value()
    # compare_digest on bytes: constant time, and no TypeError on non-ASCII input
    if expected and given and secrets.compare_digest(given.encode(), expected.encode()):
        return
    detail = f"missing {API_KEY_HEADER} header" if not given else f"wrong {API_KEY_HEADER}"
    raise ApiProblem(401, detail, kind="unauthorized",
                     headers={"WWW-Authenticate": f'ApiKey header="{API_KEY_HEADER}"'})


async def require_api_key(settings: SettingsDep, key: Annotated[str | None, Security(_api_key)]) -> None:
    _check_key(settings, key)


async def read_access(settings: SettingsDep, key: Annotated[str | None, Security(_api_key)]) -> None:
    """Reads are open unless CONFLICTKG_API_READ_AUTH asks for the key."""
    if settings.api_read_auth:
        _check_key(settings, key)


ApiKeyDep = Annotated[None, Depends(require_api_key)]
ReadAccess = Depends(read_access)

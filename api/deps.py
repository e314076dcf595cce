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
from conflictkg.settings import ApiScope, Settings

API_KEY_HEADER = "X-API-Key"
_api_key = APIKeyHeader(
    name=API_KEY_HEADER,
    auto_error=False,  # we answer 401 as problem+json ourselves
    description="Needed for POST /cypher (scope `query`), POST /articles (scope `ingest`), and for "
    "reads (scope `query`) when CONFLICTKG_API_READ_AUTH=true. CONFLICTKG_API_KEY has every scope; "
    "CONFLICTKG_API_KEYS gives keys their scopes. A missing or unknown key is 401, a key without the "
    "scope 403.",
)


async def _settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


async def app_queries(request: Request) -> Queries:
    return request.app.state.queries  # type: ignore[no-any-return]


async def unvalidated_queries(request: Request) -> Queries:
    """What the compiled reads (api.fastpath) give a route in place of `app_queries`: the same
    queries, answering rows that the compiled read writes as JSON without validating them."""
    return request.app.state.unvalidated_queries  # type: ignore[no-any-return]


async def _ingestor(request: Request) -> Ingestor:
    return request.app.state.ingestor  # type: ignore[no-any-return]


SettingsDep = Annotated[Settings, Depends(_settings)]
QueriesDep = Annotated[Queries, Depends(app_queries)]
IngestorDep = Annotated[Ingestor, Depends(_ingestor)]


def _check_key(settings: Settings, given: str | None, scope: ApiScope, needed_for: str) -> None:
    scopes: frozenset[ApiScope] | None = None
    if given:
        for key, key_scopes in settings.api_key_scopes().items():
            # Every key is compared, each in constant time (compare_digest on bytes: no TypeError on
            # non-ASCII input), so the time taken tells nothing about which key nearly matched.
            if secrets.compare_digest(given.encode(), key.encode()):
                scopes = key_scopes
    if scopes is None:
        detail = f"missing {API_KEY_HEADER} header" if not given else f"wrong {API_KEY_HEADER}"
        raise ApiProblem(401, detail, kind="unauthorized",
                         headers={"WWW-Authenticate": f'ApiKey header="{API_KEY_HEADER}"'})
    if scope not in scopes:
        raise ApiProblem(403, f"this {API_KEY_HEADER} lacks the scope {scope!r}, which {needed_for} needs",
                         title="Insufficient scope", kind="insufficient-scope")


async def require_query_scope(settings: SettingsDep, key: Annotated[str | None, Security(_api_key)]) -> None:
    _check_key(settings, key, "query", "POST /cypher")


async def require_ingest_scope(settings: SettingsDep, key: Annotated[str | None, Security(_api_key)]) -> None:
    _check_key(settings, key, "ingest", "POST /articles")


async def read_access(settings: SettingsDep, key: Annotated[str | None, Security(_api_key)]) -> None:
    """Reads are open unless CONFLICTKG_API_READ_AUTH asks for a key with the `query` scope."""
    if settings.api_read_auth:
        _check_key(settings, key, "query", "reading (CONFLICTKG_API_READ_AUTH=true)")


# `scopes` lists the key's scope in the operation's OpenAPI security requirement (OpenAPI 3.1
# allows role names there for API-key schemes).
QueryKeyDep = Annotated[None, Security(require_query_scope, scopes=["query"])]
IngestKeyDep = Annotated[None, Security(require_ingest_scope, scopes=["ingest"])]
ReadAccess = Depends(read_access)

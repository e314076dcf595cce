"""One settings object for the whole package, read from the environment (and a `.env` file)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import AliasChoices, Field, PrivateAttr, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from conflictkg.errors import ConfigurationError

DEFAULT_LOCAL_PASSWORD = "conflictkg-local"
# The API key a development setup starts with; refused outside development (see api_key_problem).
DEFAULT_API_KEY = "changethis"
# What a key in CONFLICTKG_API_KEYS may do: `query` POST /cypher (and reads when they are closed),
# `ingest` POST /articles. CONFLICTKG_API_KEY has every scope.
ApiScope = Literal["query", "ingest"]
API_SCOPES: tuple[ApiScope, ...] = ("query", "ingest")
# Production refuses shorter keys: a guessable key is no key.
API_KEY_MIN_LENGTH = 16


def _default_local_dir() -> Path:
    return Path(platformdirs.user_data_dir("conflictkg")) / "neo4j"


def _default_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("conflictkg"))


class Settings(BaseSettings):
    """Database connection, local server and API settings.

    `NEO4J_*` keep the names the Neo4j tools use; everything else is prefixed `CONFLICTKG_`.
    """

    model_config = SettingsConfigDict(
        env_prefix="CONFLICTKG_", env_file=".env", extra="ignore", populate_by_name=True
    )

    neo4j_uri: str | None = Field(
        default=None,
        validation_alias=AliasChoices("NEO4J_URI", "neo4j_uri"),
        description="Bolt/neo4j URI of an existing server; unset means the local server.",
    )
    neo4j_user: str = Field(default="neo4j", validation_alias=AliasChoices("NEO4J_USER", "neo4j_user"))
    neo4j_password: SecretStr = Field(
        default=SecretStr(DEFAULT_LOCAL_PASSWORD),
        validation_alias=AliasChoices("NEO4J_PASSWORD", "neo4j_password"),
    )
    neo4j_database: str = Field(
        default="neo4j", validation_alias=AliasChoices("NEO4J_DATABASE", "neo4j_database")
    )

    # The local server (used only when NEO4J_URI is unset).
    db_dir: Path = Field(default_factory=_default_local_dir, description="Config, data, logs, pid.")
    db_cache_dir: Path = Field(
        default_factory=_default_cache_dir,
        description="Neo4j jars, shared by every data dir (one subfolder per Neo4j version).",
    )
    db_bolt_port: int = Field(default=7687, ge=1, le=65535)
    db_http_port: int = Field(default=7474, ge=1, le=65535)
    db_http_enabled: bool = Field(default=True, description="HTTP API and Browser of the server.")
    db_heap: str = Field(default="512m", description="JVM heap of the local server.")
    db_pagecache: str = Field(default="256m", description="Page cache of the local server.")
    db_start_timeout: float = Field(default=120.0, gt=0, description="Seconds to wait for Bolt.")

    # Extraction.
    extract_timeout: float = Field(
        default=60.0, gt=0,
        description="Seconds one article's extraction may take (load, POST /articles); over it the "
        "article is refused with an error naming it, and nothing of it is written.",
    )
    resolve_events: bool = Field(
        default=True,
        description="Resolve events and persons across articles while loading (graph/resolver.py): "
        "the same deal or attack reported by several articles is one node. Off: every mention is "
        "its own node, as a baseline for the benchmark (bench/resolve.py).",
    )
    cache_dir: Path = Field(
        default_factory=_default_cache_dir,
        description="Indexes the extractor builds once and reuses (the GeoNames place index); safe to delete.",
    )
    lexicon_dir: Path | None = Field(
        default=None,
        description="A folder of lexicons to use instead of the package's own (a full copy of "
        "loaders/lexicons, e.g. to try a change); the extractor version follows its content.",
    )

    # The HTTP API (`conflictkg serve`).
    env: Literal["development", "production"] = Field(
        default="development",
        description="production refuses to start with no API key, the default one, or one shorter "
        f"than {API_KEY_MIN_LENGTH} characters.",
    )
    api_key: SecretStr = Field(
        default=SecretStr(DEFAULT_API_KEY),
        description="X-API-Key value with every scope: POST /articles and POST /cypher (and reads if "
        "closed). Its default applies only while CONFLICTKG_API_KEYS is unset.",
    )
    api_keys: SecretStr = Field(
        default=SecretStr(""),
        description="More X-API-Key values, each with its scopes: `key:scope[+scope]`, comma-separated, "
        "e.g. `k1…:query,k2…:query+ingest`. Scopes: `query` (POST /cypher, and reads when "
        "CONFLICTKG_API_READ_AUTH=true) and `ingest` (POST /articles). A key is visible ASCII "
        "without `,` or `:`. Once set, CONFLICTKG_API_KEY counts only if set too.",
    )
    # Every accepted key with its scopes and the setting it came from (filled by the validator).
    _api_key_entries: list[tuple[str, str, frozenset[ApiScope]]] = PrivateAttr(default_factory=list)
    api_read_auth: bool = Field(default=False, description="Require the API key for reads too.")
    api_host: str = Field(default="127.0.0.1", description="Interface `conflictkg serve` binds.")
    api_port: int = Field(default=8000, ge=1, le=65535)
    api_max_body_bytes: int = Field(
        default=6 * 1024 * 1024, gt=0, description="Larger request bodies get 413."
    )
    api_db_timeout: float = Field(
        default=5.0, gt=0,
        description="Seconds to connect to Neo4j and to retry a failing read before answering 503.",
    )
    api_query_timeout: float = Field(
        default=15.0, gt=0, description="Server-side time limit of the API's own queries."
    )
    api_etag_ttl: float = Field(
        default=1.0, ge=0, description="Seconds the API trusts the graph's change counter it last "
        "read (its ETags); writes by this process are seen at once, others within this time."
    )
    api_fast_reads: bool = Field(
        default=True, description="Answer open GET reads through routes compiled once (api.fastpath) "
        "instead of FastAPI's per-request parameter solving; the answers are the same. Off: to compare."
    )
    api_telemetry: bool = Field(
        default=False, description="FastAPI's OpenTelemetry spans, metrics and logs for each request, "
        "when a provider is configured. Off: the API does not look for one on every request."
    )
    api_export_timeout: float = Field(
        default=600.0, gt=0, description="Server-side time limit of a streamed CSV/GeoJSON export."
    )
    api_cypher_timeout: float = Field(
        default=10.0, gt=0, description="Time limit of a POST /cypher query."
    )
    api_cypher_max_rows: int = Field(
        default=1000, ge=1, description="Rows POST /cypher returns at most (the rest is cut)."
    )

    @model_validator(mode="after")
    def _read_api_keys(self) -> Settings:
        # ConfigurationError rather than ValueError: pydantic would print the input, the keys.
        entries: list[tuple[str, str, frozenset[ApiScope]]] = []
        for n, item in enumerate(self.api_keys.get_secret_value().split(","), 1):
            if not item.strip():
                continue  # a trailing comma
            where = f"entry {n} of CONFLICTKG_API_KEYS"
            key, sep, scopes = (part.strip() for part in item.partition(":"))
            if not sep or not key:
                raise ConfigurationError(f"{where} is not `key:scope[+scope]` (e.g. `k1…:query,k2…:query+ingest`)")
            if not all("!" <= c <= "~" and c != "," for c in key):
                raise ConfigurationError(f"{where}: a key is visible ASCII characters without `,` or `:`")
            names = {s.strip() for s in scopes.split("+")}
            if not names <= set(API_SCOPES):
                raise ConfigurationError(f"{where} names a scope other than {' or '.join(API_SCOPES)} "
                                         "(several are joined by `+`)")
            if any(key == known for _, known, _ in entries):
                raise ConfigurationError(f"{where} repeats a key given before")
            entries.append((where, key, frozenset(scope for scope in API_SCOPES if scope in names)))
        legacy = self.api_key.get_secret_value()
        # The development default stands in only while no key is configured at all.
        if legacy and (not entries or "api_key" in self.model_fields_set):
            if any(key == legacy for _, key, _ in entries):
                raise ConfigurationError("a key in CONFLICTKG_API_KEYS is also CONFLICTKG_API_KEY, which has every "
                                         "scope: give each its own key")
            entries.insert(0, ("CONFLICTKG_API_KEY", legacy, frozenset(API_SCOPES)))
        self._api_key_entries = entries
        return self

    def api_key_scopes(self) -> dict[str, frozenset[ApiScope]]:
        """Every key the API accepts, with its scopes."""
        return {key: scopes for _, key, scopes in self._api_key_entries}

    def api_key_problem(self) -> str | None:
        """Why the API must not start with these keys, or None when it may."""
        if self.env == "development":
            return None
        hint = "set a secret key (e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`)."
        if not self._api_key_entries:
            return f"CONFLICTKG_API_KEY is not set (nor CONFLICTKG_API_KEYS) while CONFLICTKG_ENV={self.env}: {hint}"
        for where, key, _ in self._api_key_entries:
            if key == DEFAULT_API_KEY:
                return f"{where} is the default {DEFAULT_API_KEY!r} while CONFLICTKG_ENV={self.env}: {hint}"
            if len(key) < API_KEY_MIN_LENGTH:
                return (f"{where} is shorter than {API_KEY_MIN_LENGTH} characters while "
                        f"CONFLICTKG_ENV={self.env}: {hint}")
        return None

    @property
    def uses_local_server(self) -> bool:
        return not self.neo4j_uri

    @property
    def effective_uri(self) -> str:
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.db_bolt_port}"


@lru_cache
def get_settings() -> Settings:
    return Settings()

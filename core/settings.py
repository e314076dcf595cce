"""One settings object for the whole package, read from the environment (and a `.env` file)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_LOCAL_PASSWORD = "conflictkg-local"
# The API key a development setup starts with; refused outside development (see api_key_problem).
DEFAULT_API_KEY = "changethis"


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
    lexicon_dir: Path | None = Field(
        default=None,
        description="A folder of lexicons to use instead of the package's own (a full copy of "
        "loaders/lexicons, e.g. to try a change); the extractor version follows its content.",
    )

    # The HTTP API (`conflictkg serve`).
    env: Literal["development", "production"] = Field(
        default="development",
        description="production refuses to start with no API key or the default one.",
    )
    api_key: SecretStr = Field(
        default=SecretStr(DEFAULT_API_KEY),
        description="X-API-Key value for POST /articles and POST /cypher (and reads if closed).",
    )
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
    api_cypher_timeout: float = Field(
        default=10.0, gt=0, description="Time limit of a POST /cypher query."
    )
    api_cypher_max_rows: int = Field(
        default=1000, ge=1, description="Rows POST /cypher returns at most (the rest is cut)."
    )

    def api_key_problem(self) -> str | None:
        """Why the API must not start with this key, or None when it may."""
        key = self.api_key.get_secret_value()
        if self.env == "development" or (key and key != DEFAULT_API_KEY):
            return None
        what = "is not set" if not key else f"is the default {DEFAULT_API_KEY!r}"
        return (
            f"CONFLICTKG_API_KEY {what} while CONFLICTKG_ENV={self.env}: set a secret key "
            "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`)."
        )

    @property
    def uses_local_server(self) -> bool:
        return not self.neo4j_uri

    @property
    def effective_uri(self) -> str:
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.db_bolt_port}"


@lru_cache
def get_settings() -> Settings:
    return Settings()

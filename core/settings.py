"""One settings object for the whole package, read from the environment (and a `.env` file)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import platformdirs
from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_LOCAL_PASSWORD = "conflictkg-local"


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

    @property
    def uses_local_server(self) -> bool:
        return not self.neo4j_uri

    @property
    def effective_uri(self) -> str:
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.db_bolt_port}"


@lru_cache
def get_settings() -> Settings:
    return Settings()

"""The client's configuration: where the API is, the key, timeouts and the retry policy.

Arguments win over the environment, the environment over the defaults:

| argument   | environment            | default                 |
| ---------- | ---------------------- | ----------------------- |
| base_url   | CONFLICTKG_URL         | http://localhost:8000   |
| api_key    | CONFLICTKG_API_KEY     | none (reads only)       |
| timeout    | CONFLICTKG_TIMEOUT     | 30 seconds              |
| retries    | CONFLICTKG_RETRIES     | 3 retries after the first attempt |
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_URL = "http://localhost:8000"
# The statuses worth another try: the API is up but its database is not (yet).
RETRY_STATUSES = frozenset({503})


class ClientSettings(BaseSettings):
    """The client's settings from the environment (and a `.env` file), CONFLICTKG_ prefixed."""

    model_config = SettingsConfigDict(env_prefix="CONFLICTKG_", env_file=".env", extra="ignore")

    url: str = Field(default=DEFAULT_URL, description="Base URL of the conflictkg API.")
    api_key: SecretStr | None = Field(default=None, description="X-API-Key for writes.")
    timeout: float = Field(default=30.0, gt=0, description="Seconds to wait for an answer.")
    retries: int = Field(default=3, ge=0, description="Retries on 503 and connection errors.")


@dataclass(frozen=True)
class Retry:
    """When and how long to wait before trying a call again.

    A call is retried when the API answers 503 or cannot be reached (connection refused or
    reset, connect timeout), at most `max_retries` times after the first attempt. The n-th retry
    waits about `backoff * 2**n` seconds (with jitter, so many clients do not retry in step),
    at least the server's `Retry-After` when `respect_retry_after`, and never more than
    `max_delay`. Every call is safe to retry: reads do not change anything, an article loaded
    twice leaves the graph as it was, and POST /cypher is read-only.
    """

    max_retries: int = 3
    backoff: float = 0.5
    max_delay: float = 10.0
    respect_retry_after: bool = True
    jitter: bool = True

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        if self.backoff < 0 or self.max_delay < 0:
            raise ValueError("backoff and max_delay must not be negative")

    def delay(self, retry: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number `retry` (0 for the first retry)."""
        wait = self.backoff * 2.0**retry
        if self.jitter:
            wait = wait / 2 + random.uniform(0, wait / 2)
        if self.respect_retry_after and retry_after is not None:
            wait = max(wait, retry_after)
        return min(wait, self.max_delay)


@dataclass(frozen=True)
class RetryEvent:
    """Passed to `on_retry` (and logged) before the client waits and tries again."""

    retry: int  # 1 for the first retry
    delay: float  # seconds it is about to wait
    method: str
    url: str
    status: int | None  # 503, or None when no answer came
    reason: str  # the problem detail, or the connection error

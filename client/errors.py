"""The errors the client raises, one class per way a call can fail.

```
ConflictKGError              conflictkg.errors: every error conflictkg raises on purpose
└── ConflictKGClientError    anything the client raises: .status, .problem (the RFC 9457
    │                        problem+json body, if any), .detail, .method, .url, .attempts
    ├── BadRequest           400, and any other 4xx without a class of its own
    ├── Unauthorized         401: no X-API-Key or a wrong one (writes; reads on a closed API)
    ├── Forbidden            403: e.g. a write clause sent to cypher()
    ├── NotFound             404: no actor, agreement or article with that id
    ├── PayloadTooLarge      413: the article is larger than the server accepts
    ├── Invalid              422: invalid parameters or body; .errors names each field
    ├── ServerError          500 and any other 5xx but 503: a bug in the service
    ├── Unavailable          503 (the database is away) or the API could not be reached,
    │   │                    once the configured retries are spent; .retry_after
    │   └── Timeout          the API did not answer within the client's timeout
    └── UnexpectedResponse   a 2xx answer that does not parse as the API's models
                             (client and server versions differ)
```

Catch `ConflictKGClientError` for "any failure of the call", or a subclass for one cause:

    try:
        kg.actor("atlantis")
    except NotFound as exc:
        print(exc.detail)          # no actor with id 'atlantis'
"""

from __future__ import annotations

from conflictkg.api.models import Problem, ProblemError
from conflictkg.errors import ConflictKGError

__all__ = [
    "BadRequest",
    "ConflictKGClientError",
    "Forbidden",
    "Invalid",
    "NotFound",
    "PayloadTooLarge",
    "ServerError",
    "Timeout",
    "Unauthorized",
    "Unavailable",
    "UnexpectedResponse",
]


class ConflictKGClientError(ConflictKGError):
    """A call to the conflictkg API failed.

    `status` is the HTTP status (None when no answer came), `problem` the server's problem+json
    body (None when it sent none), `detail` its explanation, `attempts` how many requests were
    made (more than one after retries).
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        problem: Problem | None = None,
        method: str | None = None,
        url: str | None = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(message, status=status, method=method, url=url, attempts=attempts)
        self.status = status
        self.problem = problem
        self.method = method
        self.url = url
        self.attempts = attempts

    @property
    def detail(self) -> str | None:
        """The server's explanation (problem+json `detail`), or None."""
        return self.problem.detail if self.problem else None

    @property
    def title(self) -> str | None:
        return self.problem.title if self.problem else None

    @property
    def type(self) -> str | None:
        """The problem type URI, e.g. `tag:conflictkg,2025:problem:not-found`."""
        return self.problem.type if self.problem else None


class BadRequest(ConflictKGClientError):
    """400, or another 4xx the client has no class for (405, 409, …)."""


class Unauthorized(ConflictKGClientError):
    """401: the call needs the API key (`api_key=` or CONFLICTKG_API_KEY) and got none or a
    wrong one."""


class Forbidden(ConflictKGClientError):
    """403: the key is fine but the call is not allowed (a write through cypher())."""


class NotFound(ConflictKGClientError):
    """404: nothing has that id."""


class PayloadTooLarge(ConflictKGClientError):
    """413: the request body is over the server's limit (CONFLICTKG_API_MAX_BODY_BYTES)."""


class Invalid(ConflictKGClientError):
    """422: a parameter or the body is invalid. `errors` lists each one (name, where, detail)."""

    @property
    def errors(self) -> list[ProblemError]:
        return list(self.problem.errors or []) if self.problem else []

    @property
    def fields(self) -> dict[str, str]:
        """{parameter name: what is wrong with it}."""
        return {e.name: e.detail for e in self.errors}


class ServerError(ConflictKGClientError):
    """500 or another 5xx (but 503): the service failed; its log has the traceback."""


class Unavailable(ConflictKGClientError):
    """503 (the API is up but its database is not), or the API itself could not be reached.
    Raised after the client's retries are spent."""

    retry_after: float | None = None


class Timeout(Unavailable):
    """The API did not answer within the client's timeout."""


class UnexpectedResponse(ConflictKGClientError):
    """A successful answer whose body does not match the API's models."""


_BY_STATUS: dict[int, type[ConflictKGClientError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    413: PayloadTooLarge,
    422: Invalid,
    503: Unavailable,
}


def error_class(status: int) -> type[ConflictKGClientError]:
    """The exception class for an HTTP error status."""
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    return ServerError if status >= 500 else BadRequest


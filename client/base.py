"""What the sync and async clients share: configuration, the calls each method makes, reading
answers, turning HTTP errors into the client's exceptions, and when to retry.

None of it does I/O. `Client` and `AsyncClient` add one thing each: sending a call and waiting
(for the answer, or before a retry).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import OrderedDict
from collections.abc import Callable, Mapping
from email.utils import parsedate_to_datetime
from pathlib import Path as FilePath
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

import httpx
from pydantic import BaseModel, ValidationError

from conflictkg import __version__
from conflictkg.api.models import (
    AccusationsPublic,
    ActorDetailPublic,
    ActorsPublic,
    AgreementPublic,
    AgreementsPublic,
    ArticleCreated,
    ArticlePublic,
    ArticlesPublic,
    AttacksPublic,
    EventsPublic,
    HealthPublic,
    LocationsPublic,
    Problem,
    StatsPublic,
    ViolationsPublic,
)
from conflictkg.client.calls import MAX_PAGE_SIZE, Call, ListCall, Paging
from conflictkg.client.config import RETRY_STATUSES, ClientSettings, Retry, RetryEvent
from conflictkg.client.errors import (
    ConflictKGClientError,
    Timeout,
    Unauthorized,
    Unavailable,
    UnexpectedResponse,
    error_class,
)
from conflictkg.client.results import CypherRows, Network, PathsPage

log = logging.getLogger("conflictkg.client")

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)

API_KEY_HEADER = "X-API-Key"
# Connection failures worth another try; a read timeout is not (the server may be busy with it).
_RETRY_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.ReadError, httpx.WriteError,
                 httpx.RemoteProtocolError)
Id = str | BaseModel  # an id, or a result that has one (kg.violations(agreement))


def _id(value: Id, name: str) -> str:
    if isinstance(value, BaseModel):
        value = getattr(value, "id", None)  # type: ignore[assignment]
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be an id such as 'russia' or a result that has an id")
    return quote(value.strip(), safe=":")


def _model(model: type[M]) -> Callable[[Any], M]:
    return model.model_validate


class BaseClient:
    """Configuration and everything about a call that is not sending it."""

    def __init__(
        self,
        base_url: str | None = None,
        api_key: str | None = None,
        *,
        timeout: float | httpx.Timeout | None = None,
        retries: int | Retry | None = None,
        page_size: int = 100,
        headers: Mapping[str, str] | None = None,
        on_retry: Callable[[RetryEvent], None] | None = None,
    ) -> None:
        env = ClientSettings()
        self.base_url = (base_url or env.url).rstrip("/")
        if not self.base_url.startswith(("http://", "https://")):
            raise ValueError(f"base_url must start with http:// or https://, not {self.base_url!r}")
        if api_key is None and env.api_key is not None:
            api_key = env.api_key.get_secret_value()
        self._api_key = api_key or None
        self.timeout = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(
            timeout if timeout is not None else env.timeout)
        if isinstance(retries, Retry):
            self.retry = retries
        else:
            self.retry = Retry(max_retries=env.retries if retries is None else retries)
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be between 1 and {MAX_PAGE_SIZE}, not {page_size}")
        self.page_size = page_size
        self.on_retry = on_retry
        self._headers = {"User-Agent": f"conflictkg-client/{__version__}",
                         "Accept": "application/json, application/problem+json"}
        if self._api_key:
            self._headers[API_KEY_HEADER] = self._api_key
        self._headers.update(headers or {})
        self._etags: OrderedDict[str, tuple[str, Any]] = OrderedDict()  # GET call -> (ETag, body)

    @property
    def has_api_key(self) -> bool:
        return self._api_key is not None

    def __repr__(self) -> str:
        key = "set" if self._api_key else "none"
        return f"{type(self).__name__}({self.base_url!r}, api_key={key})"

    # -- sending: shared halves ------------------------------------------------------------------

    def _request_args(self, call: Call[Any]) -> dict[str, Any]:
        args: dict[str, Any] = {"method": call.method, "url": call.path, "params": call.query()}
        if call.json is not None:
            args["json"] = call.json
        if call.method == "GET" and (cached := self._etags.get(_cache_key(call))):
            args["headers"] = {"If-None-Match": cached[0]}
        return args

    def _body(self, call: Call[Any], response: httpx.Response) -> Any:
        """The answer's body; for a 304, the body kept with that ETag (the graph has not changed,
        so the server sent none). GET answers with an ETag are kept, the latest `_ETAGS_KEPT`."""
        key = _cache_key(call)
        if response.status_code == 304 and key in self._etags:
            self._etags.move_to_end(key)
            return self._etags[key][1]
        body = response.text if call.raw else response.json()
        if call.method == "GET" and (etag := response.headers.get("etag")):
            self._etags[key] = (etag, body)
            self._etags.move_to_end(key)
            while len(self._etags) > _ETAGS_KEPT:
                self._etags.popitem(last=False)
        return body

    def _url(self, call: Call[Any]) -> str:
        return self.base_url + call.path

    def _read(self, call: Call[T], response: httpx.Response, attempts: int) -> T:
        """The parsed answer, or the client's exception for an error status."""
        if not response.is_success and response.status_code != 304:
            raise self._http_error(call, response, attempts)
        try:
            return call.parse(self._body(call, response))
        except (ValueError, ValidationError) as exc:  # JSONDecodeError is a ValueError
            raise UnexpectedResponse(
                f"{call.method} {self._url(call)} answered {response.status_code} with a body "
                f"that is not what this client expects ({type(exc).__name__}: {exc}); is the "
                "server's conflictkg version the client's?",
                status=response.status_code, method=call.method, url=self._url(call),
                attempts=attempts,
            ) from exc

    def _http_error(self, call: Call[Any], response: httpx.Response, attempts: int
                    ) -> ConflictKGClientError:
        status = response.status_code
        problem = _problem(response)
        detail = problem.detail if problem and problem.detail else _snippet(response)
        title = problem.title if problem else response.reason_phrase
        message = f"{status} {title}: {detail} ({call.method} {self._url(call)})"
        if attempts > 1:
            message += f", after {attempts} attempts"
        cls = error_class(status)
        if cls is Unauthorized:
            message += (". Pass api_key= to the client or set CONFLICTKG_API_KEY"
                        if not self._api_key else ". The API key the client sends is not accepted")
        error = cls(message, status=status, problem=problem, method=call.method,
                    url=self._url(call), attempts=attempts)
        if isinstance(error, Unavailable):
            error.retry_after = _retry_after(response)
        return error

    def _unreachable(self, call: Call[Any], exc: httpx.TransportError, attempts: int
                     ) -> ConflictKGClientError:
        where = f"{call.method} {self._url(call)}"
        tries = f" ({attempts} attempts)" if attempts > 1 else ""
        if isinstance(exc, httpx.TimeoutException):
            return Timeout(f"no answer from the conflictkg API within the timeout{tries}: {where} "
                           f"({type(exc).__name__}). Raise timeout= if the call is slow.",
                           method=call.method, url=self._url(call), attempts=attempts)
        if isinstance(exc, httpx.NetworkError | httpx.RemoteProtocolError):
            return Unavailable(f"cannot reach the conflictkg API at {self.base_url}{tries}: {exc} "
                               f"({where}). Is it running (`conflictkg serve` or `conflictkg up`), "
                               "and is CONFLICTKG_URL right?",
                               method=call.method, url=self._url(call), attempts=attempts)
        return ConflictKGClientError(f"{where} failed: {type(exc).__name__}: {exc}",
                                     method=call.method, url=self._url(call), attempts=attempts)

    def _retry_delay(self, call: Call[Any], retries_done: int, *,
                     response: httpx.Response | None = None,
                     error: httpx.TransportError | None = None) -> float | None:
        """Seconds to wait before trying `call` again, or None to stop (and answer or raise)."""
        if retries_done >= self.retry.max_retries:
            return None
        retry_after: float | None = None
        if response is not None:
            if response.status_code not in RETRY_STATUSES:
                return None
            problem = _problem(response)
            reason = (problem.detail if problem else None) or _snippet(response)
            retry_after = _retry_after(response)
            status: int | None = response.status_code
        else:
            if not isinstance(error, _RETRY_ERRORS):
                return None
            reason, status = f"{type(error).__name__}: {error}", None
        delay = self.retry.delay(retries_done, retry_after)
        event = RetryEvent(retry=retries_done + 1, delay=delay, method=call.method,
                           url=self._url(call), status=status, reason=reason)
        log.warning("conflictkg API %s %s: %s; retry %d of %d in %.1f s", call.method,
                    event.url, status or reason, event.retry, self.retry.max_retries, delay)
        if self.on_retry is not None:
            self.on_retry(event)
        return delay

    # -- the calls each method makes --------------------------------------------------------------

    def _paging(self, page_size: int | None, offset: int, max_items: int | None) -> Paging:
        return Paging(page_size or self.page_size, offset, max_items)

    def _health(self) -> Call[HealthPublic]:
        return Call("GET", "/health", _model(HealthPublic))

    def _stats(self) -> Call[StatsPublic]:
        return Call("GET", "/stats", _model(StatsPublic))

    def _actors(self, q: str | None, kind: str | None) -> ListCall[Any]:
        return ListCall("/actors", ActorsPublic, {"q": q, "kind": kind})

    def _actor(self, actor_id: Id) -> Call[ActorDetailPublic]:
        return Call("GET", f"/actors/{_id(actor_id, 'actor_id')}", _model(ActorDetailPublic))

    def _network(self, actor_id: Id, depth: int, max_nodes: int) -> Call[Network]:
        return Call("GET", f"/actors/{_id(actor_id, 'actor_id')}/network", _model(Network),
                    {"depth": depth, "limit": max_nodes})

    def _agreements(self, **filters: Any) -> ListCall[Any]:
        return ListCall("/agreements", AgreementsPublic, filters)

    def _agreement(self, agreement_id: Id) -> Call[AgreementPublic]:
        return Call("GET", f"/agreements/{_id(agreement_id, 'agreement_id')}",
                    _model(AgreementPublic))

    def _violations(self, agreement_id: Id) -> Call[ViolationsPublic]:
        return Call("GET", f"/agreements/{_id(agreement_id, 'agreement_id')}/violations",
                    _model(ViolationsPublic))

    def _attacks(self, **filters: Any) -> ListCall[Any]:
        return ListCall("/attacks", AttacksPublic, filters)

    def _accusations(self, **filters: Any) -> ListCall[Any]:
        return ListCall("/accusations", AccusationsPublic, filters)

    def _events(self, **filters: Any) -> ListCall[Any]:
        return ListCall("/events", EventsPublic, filters)

    def _locations(self, **filters: Any) -> ListCall[Any]:
        return ListCall("/locations", LocationsPublic, filters)

    def _paths(self, source: Id, target: Id, max_hops: int) -> ListCall[Any]:
        return ListCall("/paths", PathsPage, {"source": source, "target": target,
                                              "max_hops": max_hops})

    def _articles(self, **filters: Any) -> ListCall[Any]:
        return ListCall("/articles", ArticlesPublic, filters)

    def _article(self, article_id: Id) -> Call[ArticlePublic]:
        return Call("GET", f"/articles/{_id(article_id, 'article_id')}", _model(ArticlePublic))

    def _add_article(self, text: str | FilePath, **fields: Any) -> Call[ArticleCreated]:
        if isinstance(text, FilePath):
            text = text.read_text(encoding="utf-8")
        # The server validates the body (ArticleCreate) and names what it refuses (Invalid).
        body = {"text": text, **{k: v for k, v in fields.items() if v is not None}}
        return Call("POST", "/articles", _model(ArticleCreated), json=body)

    def _cypher(self, query: str, parameters: Mapping[str, Any] | None) -> Call[CypherRows]:
        body = {"query": query, "parameters": dict(parameters or {})}  # a CypherRequest
        return Call("POST", "/cypher", _model(CypherRows), json=body)


_ETAGS_KEPT = 256


def _cache_key(call: Call[Any]) -> str:
    return call.path + "?" + urlencode(sorted(call.query().items()))


def _problem(response: httpx.Response) -> Problem | None:
    """The problem+json body of an error answer, if it has one."""
    if "json" not in response.headers.get("content-type", ""):
        return None
    try:
        return Problem.model_validate(response.json())
    except (ValueError, ValidationError):
        return None


def _snippet(response: httpx.Response, width: int = 200) -> str:
    text = " ".join(response.text.split())
    return (text[:width] + "…" if len(text) > width else text) or response.reason_phrase


def _retry_after(response: httpx.Response) -> float | None:
    """Retry-After in seconds (it may be a number or an HTTP date)."""
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())

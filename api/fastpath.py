"""Open reads answered without FastAPI's per-request machinery, from FastAPI's own declarations.

FastAPI solves a route's parameters field by field on every request, re-inspecting each
annotation, and routes through every router in turn: on this API that cost more CPU than the
query of a small answer. `FastReads` compiles each read route once, when the app is built: its
path regex, one pydantic model holding every query and path parameter with the route's own
`Query`/`Path` declarations (so the constraints the OpenAPI document states are the ones checked),
and a serializer for its response model. A GET that fits is then matched, validated in one
pydantic call, run, and answered here. Its route gets the app's queries in their unvalidated form
(`substitutes`): an answer it hands on as a query's row is written by the response model's shape
(api.shapes), not validated into the model first.

Whatever does not fit the common case goes on to FastAPI unchanged, so the answer is FastAPI's:
a parameter that fails validation (the 422 is FastAPI's, in the same problem format), a repeated
or empty parameter, a route with a dependency beyond the app's state (the key check when reads
need a key), HEAD and every other method. Errors the route raises are answered by the app's own
exception handlers, looked up the way Starlette does. It stands in front of the app's whole
middleware stack (see `FastReads`).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError, create_model
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from conflictkg.api.etags import GraphVersion, etag_headers, matches, request_etag, send_304, with_etag
from conflictkg.api.shapes import Shape, ShapeMismatch, Unvalidated, shape_of

Provider = Callable[[Request], Awaitable[Any]]


@dataclass(frozen=True)
class _Compiled:
    route: APIRoute
    path: re.Pattern[str]
    params: type[BaseModel]
    args: tuple[str, ...]  # the endpoint's argument names of those parameters
    providers: dict[str, Provider]  # argument name -> dependency called with the request
    request_arg: str | None
    response: TypeAdapter[Any]
    shape: Shape | None  # the response model's, for an answer the route hands on unvalidated


Substitutes = Mapping[Callable[..., Any], Provider]


def compile_route(route: APIRoute, substitutes: Substitutes | None = None) -> _Compiled | None:
    """The route's fast form, or None when it needs more than query/path parameters and
    dependencies that only read the request, or declares no response model (those FastAPI keeps
    answering)."""
    if route.methods != {"GET"} or route.response_model is None or route.status_code not in (None, 200):
        return None
    if (route.response_model_include or route.response_model_exclude or not route.response_model_by_alias
            or route.response_model_exclude_unset or route.response_model_exclude_defaults
            or route.response_model_exclude_none):
        return None  # a shaped answer: FastAPI shapes it
    dependant = route.dependant
    if dependant.header_params or dependant.cookie_params or dependant.body_params:
        return None
    if dependant.response_param_name or dependant.background_tasks_param_name:
        return None
    providers: dict[str, Provider] = {}
    for sub in dependant.dependencies:
        # Only a dependency that takes the request alone, and is async (a plain def would run
        # in a worker thread under FastAPI), e.g. `QueriesDep` reading the app's state.
        if (sub.name is None or sub.dependencies or sub.path_params or sub.query_params
                or sub.header_params or sub.cookie_params or sub.body_params
                or sub.request_param_name is None or sub.call is None
                or not inspect.iscoroutinefunction(sub.call)):
            return None
        providers[sub.name] = (substitutes or {}).get(sub.call, sub.call)
    fields: dict[str, Any] = {field.name: (field.field_info.annotation, field.field_info)
              for field in (*dependant.path_params, *dependant.query_params)}
    params = create_model(f"{route.name}_parameters",
                          __config__=ConfigDict(extra="ignore", validate_by_name=True,
                                                validate_by_alias=True), **fields)
    model = route.response_model
    shape = shape_of(model) if isinstance(model, type) and issubclass(model, BaseModel) else None
    return _Compiled(route, route.path_regex, params, tuple(fields), providers,
                     dependant.request_param_name, TypeAdapter(model), shape)


class FastReads:
    """Pure ASGI, in front of the app's whole middleware stack; see the module's docstring.

    It stands in front so that a common read pays for none of the layers a read does not need
    (the error, body-size and telemetry layers): it does the one they add to a read itself, the
    ETag and 304 of api.etags, and hands every other request to the stack unchanged.
    """

    def __init__(self, app: ASGIApp, routes: Iterable[APIRoute], versions: Callable[[], GraphVersion | None],
                 handlers: Callable[[], dict[Any, Any]],
                 substitutes: Substitutes | None = None) -> None:
        self.app = app
        # by the path's first segment: a request tries the one or two routes under it, not all
        self.routes: dict[str, list[_Compiled]] = {}
        for compiled in filter(None, (compile_route(route, substitutes) for route in routes)):
            self.routes.setdefault(_first_segment(compiled.route.path_format), []).append(compiled)
        self.versions = versions  # the app's GraphVersion, made in its lifespan
        self.handlers = handlers  # the app's exception handlers, looked up when a route raises

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        taken = self._take(scope)
        version = self.versions() if taken is not None else None
        if taken is None or version is None:
            await self.app(scope, receive, send)
            return
        compiled, values = taken
        # The ETag layer's own decision, made here. A request whose version could not be read is
        # not handed to the stack either: its ETag layer would wait for the version a second time.
        tagged = await request_etag(version, scope)
        if tagged is not None and matches(tagged[1], tagged[0], star=False):
            await send_304(send, tagged[0])
            return
        request = Request(scope, receive, send)
        if compiled.request_arg:
            values[compiled.request_arg] = request
        body = b""
        try:
            for name, provide in compiled.providers.items():
                values[name] = await provide(request)
            result = await compiled.route.endpoint(**values)
            if isinstance(result, Unvalidated):
                body = _unvalidated_json(compiled, result)
            elif not isinstance(result, Response):
                # what FastAPI does with a declared model: validate (a no-op for an instance of
                # it), then serialize by alias; a failure here is the app's error to answer too
                body = compiled.response.dump_json(compiled.response.validate_python(result), by_alias=True)
        except Exception as exc:
            handler = _handler(self.handlers(), exc)
            if handler is None:
                raise
            result = await handler(request, exc)
        if isinstance(result, Response):
            # an error, or an answer the route made itself: the ETag goes on it only if it is a 200
            await result(scope, receive, send if tagged is None else
                         with_etag(send, tagged[0], matches(tagged[1], tagged[0], star=True)))
            return
        headers = [(b"content-length", str(len(body)).encode()), _JSON]
        if tagged is not None:
            if matches(tagged[1], tagged[0], star=True):  # `*`: the client holds any answer
                await send_304(send, tagged[0])
                return
            headers += etag_headers(tagged[0])
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _take(self, scope: Scope) -> tuple[_Compiled, dict[str, Any]] | None:
        """The compiled route and its validated arguments, or None for the stack to answer."""
        if scope["type"] != "http" or scope["method"] != "GET" or scope.get("root_path"):
            return None
        if any(name in _BODY_HEADERS for name, _ in scope["headers"]):
            return None  # a body on a GET: the body-size layer decides
        path: str = scope["path"]
        for compiled in self.routes.get(_first_segment(path), ()):
            if (found := compiled.path.match(path)) is not None:
                values = _arguments(compiled, found, scope.get("query_string", b""))
                return None if values is None else (compiled, values)
        return None


_JSON = (b"content-type", b"application/json")
_BODY_HEADERS = frozenset({b"content-length", b"transfer-encoding"})


def _first_segment(path: str) -> str:
    return path.split("/", 2)[1] if path.startswith("/") else ""


def _arguments(compiled: _Compiled, found: re.Match[str], query: bytes) -> dict[str, Any] | None:
    """The endpoint's validated arguments, or None when FastAPI should decide (it answers a value
    that fails validation with its own 422; a repeated or empty parameter is left to it too)."""
    raw: dict[str, str] = {}
    for key, value in found.groupdict().items():
        raw[key] = compiled.route.param_convertors[key].convert(value)
    if query:
        for key, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
            if key in raw or not value:
                return None
            raw[key] = value
    try:
        model = compiled.params.model_validate(raw)
    except ValidationError:
        return None
    return {name: getattr(model, name) for name in compiled.args}


def _unvalidated_json(compiled: _Compiled, answer: Unvalidated) -> bytes:
    """A route's answer handed on as its query's row: written by the response model's shape when
    the row fits it, else validated (by the model the query named, then the route's) as always."""
    if compiled.shape is not None:
        try:
            return compiled.shape.json(answer.row)
        except ShapeMismatch:
            pass
    return compiled.response.dump_json(compiled.response.validate_python(answer.validated()), by_alias=True)


def _handler(handlers: dict[Any, Any], exc: Exception) -> Any:
    """The exception handler Starlette would pick: the first class of the error's MRO that has one."""
    for cls in type(exc).__mro__:
        if cls in handlers:
            return handlers[cls]
    return None

"""Response models as shapes: the JSON of an answer written straight from its query's row.

The typed layer validates each row into its response model, which a Python caller needs. An HTTP
answer does not: it needs the model's JSON. For a page of 50 events, validating the row and
dumping the model costs about three times what copying the model's fields out of the row and
writing them with orjson does, and that difference was most of what the HTTP layer added to the
typed layer's cost. A `Shape` is compiled once per response model from the model's own fields and
does what validation does to our rows: it keeps the model's fields in its order (and drops the
row's other keys), fills defaults, parses relationship evidence stored as JSON text and hides the
bookkeeping properties (the two `BeforeValidator`s of api.models).

It trusts the query for value types: the queries are ours and their answers are checked against
the models in the tests (tests/test_api_shapes.py). It does check what a changed query would most
likely break, a missing field or a null where the model allows none; then `ShapeMismatch`, and the
caller validates the row with the model instead, so a wrong row is the same error it always was.
A model that does anything else while validating or serializing (its own validators or
serializers, aliases, extra fields kept or forbidden) has no shape, and is always validated.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable
from typing import Annotated, Any, Union, get_args, get_origin

import orjson
from pydantic import AfterValidator, BaseModel, BeforeValidator
from pydantic.fields import FieldInfo

from conflictkg.api import models
from conflictkg.api.db import plain

Convert = Callable[[Any], Any]


class ShapeMismatch(ValueError):
    """The row lacks a field its model requires, or holds a null where the model allows none."""


_REQUIRED = object()


class Unvalidated:
    """A query's row and the model it answers with, not yet validated into it (Queries.unvalidated)."""

    __slots__ = ("model", "row")

    def __init__(self, model: type[BaseModel], row: dict[str, Any]) -> None:
        self.model = model
        self.row = row  # as the driver gave it: temporal and spatial values are the driver's

    def validated(self) -> BaseModel:
        return self.model.model_validate(plain(self.row))


class Shape:
    """A model's fields as (name, default, nullable, conversion of a non-null value)."""

    __slots__ = ("model", "plan")

    def __init__(self, model: type[BaseModel], plan: tuple[tuple[str, Any, bool, Convert | None], ...]) -> None:
        self.model = model
        self.plan = plan

    def __call__(self, row: Any) -> dict[str, Any]:
        if type(row) is not dict:
            raise ShapeMismatch(f"{self.model.__name__}: expected a map, got {type(row).__name__}")
        get = row.get
        out: dict[str, Any] = {}
        for name, default, nullable, convert in self.plan:
            value = get(name, default)
            if value is None:
                if not nullable:
                    raise ShapeMismatch(f"{self.model.__name__}.{name}: null")
            elif value is _REQUIRED:
                raise ShapeMismatch(f"{self.model.__name__}.{name}: missing")
            elif convert is not None:
                value = convert(value)
            out[name] = value
        return out

    def json(self, row: Any) -> bytes:
        """The row as this model's JSON; ShapeMismatch when the row does not fit (see above)."""
        try:
            # the driver's temporal and spatial values are written as the typed layer has them
            return orjson.dumps(self(row), default=plain, option=orjson.OPT_UTC_Z)
        except orjson.JSONEncodeError as exc:  # a value orjson has no JSON for (pydantic may)
            raise ShapeMismatch(str(exc)) from exc


@functools.cache
def shape_of(model: type[BaseModel]) -> Shape | None:
    """The model's shape, or None when it validates or serializes in ways a shape does not."""
    config = model.model_config
    decorators = model.__pydantic_decorators__
    if (config.get("extra", "ignore") != "ignore" or decorators.field_validators
            or decorators.model_validators or decorators.field_serializers
            or decorators.model_serializers or decorators.computed_fields or decorators.validators
            or decorators.root_validators):
        return None
    plan: list[tuple[str, Any, bool, Convert | None]] = []
    for name, field in model.model_fields.items():
        if field.alias not in (None, name) or field.serialization_alias not in (None, name) or field.exclude:
            return None
        compiled = _field(field)
        if compiled is None:
            return None
        nullable, convert = compiled
        default = _REQUIRED if field.is_required() else field.get_default(call_default_factory=True)
        if isinstance(default, BaseModel):
            default = default.model_dump(mode="json")
        plan.append((name, default, nullable, convert))
    return Shape(model, tuple(plan))


def _field(field: FieldInfo) -> tuple[bool, Convert | None] | None:
    """(whether null is allowed, the conversion of a non-null value), or None: no shape."""
    transform: Callable[[Any], Any] | None = None
    for item in field.metadata:
        if isinstance(item, BeforeValidator) and item.func in _TRANSFORMS and transform is None:
            transform = item.func
        elif isinstance(item, AfterValidator) and item.func in _CHECKS:
            continue  # a check of the value, which a row of ours passes
        elif _acts(item):
            return None  # any other validator or serializer changes what is written
    nullable, inner = _optional(field.annotation)
    if transform is models._visible_properties:
        return (nullable, models._visible_properties) if _is_plain(inner) else None
    if transform is models._parse_evidence:
        item = _list_of_model(inner)
        shape = shape_of(item) if item is not None else None
        return None if shape is None else (nullable, functools.partial(_evidence, shape))
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        shape = shape_of(inner)
        return None if shape is None else (nullable, shape)
    if (item := _list_of_model(inner)) is not None:
        shape = shape_of(item)
        return None if shape is None else (nullable, functools.partial(_each, shape))
    if inner is float:
        return nullable, float  # an integral float comes from Neo4j as an int; pydantic writes 5.0
    return (nullable, None) if _is_plain(inner) else None


def _optional(annotation: Any) -> tuple[bool, Any]:
    """(whether the annotation admits None, the annotation without it)."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        nullable = len(args) < len(get_args(annotation))
        return nullable, (args[0] if len(args) == 1 else Union[tuple(args)])  # noqa: UP007
    return annotation is Any, annotation


def _list_of_model(annotation: Any) -> type[BaseModel] | None:
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
    return None


def _is_plain(annotation: Any) -> bool:
    """A type whose row value is written as it is: no model inside, no validator of its own."""
    if get_origin(annotation) is Annotated:
        base, *extra = get_args(annotation)
        return not any(map(_acts, extra)) and _is_plain(base)
    if isinstance(annotation, type):
        return not issubclass(annotation, BaseModel)
    return all(_is_plain(arg) for arg in get_args(annotation) if not isinstance(arg, (str, int, bool)))


def _acts(item: Any) -> bool:
    """Whether annotation metadata validates or serializes (constraints and schema notes do not)."""
    return type(item).__module__ in _ACTING_MODULES


def _each(shape: Shape, values: Any) -> list[dict[str, Any]]:
    return [shape(v) for v in values]


def _evidence(shape: Shape, values: Any) -> list[dict[str, Any]]:
    # relationship evidence is stored as JSON text (relationship properties cannot hold maps)
    return [shape(orjson.loads(v) if type(v) is str else v) for v in values]


# The BeforeValidators a shape performs itself, and AfterValidators that only check a value.
_TRANSFORMS = frozenset({models._parse_evidence, models._visible_properties})
_CHECKS = frozenset({models._known_event_type})
_ACTING_MODULES = frozenset({"pydantic.functional_validators", "pydantic.functional_serializers"})

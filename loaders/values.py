"""Bases for the extractor's small record classes that compare by value, as dataclasses do.

They are plain classes, not dataclasses: compiled, a dataclass keeps the __init__ the dataclasses
module generates, run as Python, and tokens, cues and mentions are made by the hundred per
article. A subclass lists its fields in `_fields`; equality, the hash and the repr follow.
"""

from __future__ import annotations


class ByFields:
    """Equal to another of its class with equal fields, and, being mutable, not hashable (as a
    dataclass with eq=True)."""

    __slots__ = ()

    def _fields(self) -> tuple[object, ...]:
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ByFields) and type(other) is type(self) and self._fields() == other._fields()

    def __repr__(self) -> str:
        return f"{type(self).__name__}{self._fields()!r}"


class HashedByFields(ByFields):
    """Equal and hashed by its fields: for records no code assigns to once made (as a dataclass
    with unsafe_hash=True)."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(self._fields())

"""Defined value types (``defvaltype``; Binary.md, "Type Definitions").

A value type (``valtype``) is either a primitive type, written as its name
(``"bool" "s8" "u8" "s16" "u16" "s32" "u32" "s64" "u64" "f32" "f64" "char"
"string" "error-context"``), or an ``int``: the index of a defined value
type in the type index space. A ``defvaltype`` is a primitive type name or
one of the classes below. All of them are values: equal and hashable by
their fields.
"""

from __future__ import annotations

from ...ir import _FrozenRecord

PRIMITIVE_VALTYPES = ("bool", "s8", "u8", "s16", "u16", "s32", "u32", "s64", "u64", "f32",
                      "f64", "char", "string", "error-context")

ValType = str | int
"""A primitive type name or a type index."""


class Record(_FrozenRecord):
    """``(record (field "label" t)+)``; ``fields`` is a tuple of ``(label, valtype)``."""

    __slots__ = ("fields",)

    def __init__(self, fields: tuple[tuple[str, ValType], ...]) -> None:
        self.fields = fields


class Case(_FrozenRecord):
    """``(case "label" t?)``: one case of a variant, with an optional payload type."""

    __slots__ = ("label", "type")

    def __init__(self, label: str, type: ValType | None = None) -> None:
        self.label = label
        self.type = type


class Variant(_FrozenRecord):
    """``(variant (case "label" t?)+)``."""

    __slots__ = ("cases",)

    def __init__(self, cases: tuple[Case, ...]) -> None:
        self.cases = cases


class List(_FrozenRecord):
    """``(list t)``."""

    __slots__ = ("element",)

    def __init__(self, element: ValType) -> None:
        self.element = element


class FixedLengthList(_FrozenRecord):
    """``(list t len)``: a list of exactly ``length`` elements."""

    __slots__ = ("element", "length")

    def __init__(self, element: ValType, length: int) -> None:
        self.element = element
        self.length = length


class Tuple(_FrozenRecord):
    """``(tuple t+)``."""

    __slots__ = ("types",)

    def __init__(self, types: tuple[ValType, ...]) -> None:
        self.types = types


class Flags(_FrozenRecord):
    """``(flags "label"+)``."""

    __slots__ = ("labels",)

    def __init__(self, labels: tuple[str, ...]) -> None:
        self.labels = labels


class Enum(_FrozenRecord):
    """``(enum "label"+)``."""

    __slots__ = ("labels",)

    def __init__(self, labels: tuple[str, ...]) -> None:
        self.labels = labels


class Option(_FrozenRecord):
    """``(option t)``."""

    __slots__ = ("type",)

    def __init__(self, type: ValType) -> None:
        self.type = type


class Result(_FrozenRecord):
    """``(result t? (error u)?)``: ``ok`` and ``error`` payload types, each optional."""

    __slots__ = ("ok", "error")

    def __init__(self, ok: ValType | None = None, error: ValType | None = None) -> None:
        self.ok = ok
        self.error = error


class Own(_FrozenRecord):
    """``(own i)``: an owned handle to the resource type ``i``."""

    __slots__ = ("type",)

    def __init__(self, type: int) -> None:
        self.type = type


class Borrow(_FrozenRecord):
    """``(borrow i)``: a borrowed handle to the resource type ``i``."""

    __slots__ = ("type",)

    def __init__(self, type: int) -> None:
        self.type = type


class Stream(_FrozenRecord):
    """``(stream t?)``: the readable end of a stream of ``t`` (``None``: no payload)."""

    __slots__ = ("type",)

    def __init__(self, type: ValType | None = None) -> None:
        self.type = type


class Future(_FrozenRecord):
    """``(future t?)``: the readable end of a future of ``t`` (``None``: no payload)."""

    __slots__ = ("type",)

    def __init__(self, type: ValType | None = None) -> None:
        self.type = type


class Map(_FrozenRecord):
    """``(map k v)``: a map from keys of type ``key`` to values of type ``value``."""

    __slots__ = ("key", "value")

    def __init__(self, key: ValType, value: ValType) -> None:
        self.key = key
        self.value = value


DefValType = (str | Record | Variant | List | FixedLengthList | Tuple | Flags | Enum | Option
              | Result | Own | Borrow | Stream | Future | Map)

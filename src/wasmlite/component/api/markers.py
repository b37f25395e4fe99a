"""Annotation markers that give Python annotations component value types, for
:meth:`LinkerInstance.func_wrap <wasmlite.component.LinkerInstance.func_wrap>`
and :meth:`Func.typed <wasmlite.component.Func.typed>`.

=============================  ==========================================
annotation                     component type
=============================  ==========================================
``bool``                       ``bool``
``str``                        ``string``
``char``                       ``char``
``u8`` ... ``u64``,            the integer type of that name
``s8`` ... ``s64``
``int``                        any integer type: the other side's type
                               decides (Python has one ``int``, so
                               ``int`` alone does not say which)
``f32``, ``f64``               ``f32``, ``f64`` (the core API's markers)
``float``                      ``f32`` or ``f64``, as the other side says
``bytes``                      ``list<u8>``
``list[T]``                    ``list<T>``
``tuple[T, ...]``              ``tuple<T, ...>``
``Optional[T]``, ``T | None``  ``option<T>``
``Result[T, E]``               ``result<T, E>`` (``None`` for a payload
                               that is absent: ``Result[None, str]`` is
                               ``result<_, string>``)
a dataclass                    a ``record`` with the same fields in the
                               same order (``snake_case`` field names
                               stand for ``kebab-case`` ones)
an ``enum.Enum``               an ``enum`` with the same cases in order
                               (a member's ``str`` value, else its name
                               in lower case with ``-`` for ``_``)
an ``enum.Flag``               ``flags`` with the same names in order
                               (each member's name, as for enums)
``ResourceAny``                ``own<R>`` or ``borrow<R>`` of any ``R``
``Own``, ``Borrow``            ``own<R>``, ``borrow<R>`` of any ``R``
``Variant``                    any ``variant``
``typing.Any``                 any type
a component type object        that type (``U32()``, ``ListType(...)``)
=============================  ==========================================

Values keep :mod:`wasmlite.component.values`' conventions, except that
records arrive as the annotated dataclass, enum cases as members of the
annotated ``Enum`` and flags as a value of the annotated ``Flag`` (and any
of these may be returned in their place).
"""

from __future__ import annotations

import typing
from typing import Generic, TypeVar

from ...api.wrap import f32, f64
from .. import types as t
from ..values import ResourceAny

__all__ = ["u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "f32", "f64", "char",
           "Result", "Own", "Borrow", "HandleKind"]

u8 = typing.Annotated[int, t.U8()]
u16 = typing.Annotated[int, t.U16()]
u32 = typing.Annotated[int, t.U32()]
u64 = typing.Annotated[int, t.U64()]
s8 = typing.Annotated[int, t.S8()]
s16 = typing.Annotated[int, t.S16()]
s32 = typing.Annotated[int, t.S32()]
s64 = typing.Annotated[int, t.S64()]
char = typing.Annotated[str, t.Char()]
"""A ``char``: a ``str`` of one Unicode scalar value."""

OkT = TypeVar("OkT")
ErrT = TypeVar("ErrT")


class Result(Generic[OkT, ErrT]):
    """``Result[T, E]`` in an annotation stands for ``result<T, E>``; ``None``
    in either place for a case without payload. Values are those of
    :mod:`wasmlite.component.values`: the payload itself, or
    ``Variant("ok" | "err", payload)`` when the two cases' Python classes
    overlap. Only for annotations: it has no instances."""

    def __new__(cls, *args: object, **kwargs: object) -> Result[OkT, ErrT]:
        raise TypeError("Result is an annotation marker; it has no instances")


class HandleKind:
    """What an ``Own`` or ``Borrow`` marker carries: the handle kind."""

    __slots__ = ("kind",)

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __repr__(self) -> str:
        return f"HandleKind({self.kind!r})"


Own = typing.Annotated[ResourceAny, HandleKind("own")]
"""An ``own<R>`` handle of any resource type ``R``."""

Borrow = typing.Annotated[ResourceAny, HandleKind("borrow")]
"""A ``borrow<R>`` handle of any resource type ``R``."""

"""The lift and lower functions of one value type, built once per type.

A :class:`Codec` holds, for one component value type, its layout (``align``,
``size``, ``flat``), the Python classes its values have (``classes``, as
wasmtime-py computes them to tell variant cases apart) and four functions:

* ``load(cx, ptr)``: the value stored at ``ptr`` (in bounds and aligned);
* ``store(cx, value, ptr)``: store ``value`` at ``ptr`` (in bounds and aligned);
* ``lift_flat(cx, it)``: the value made of the next core values of the
  iterator ``it``;
* ``lower_flat(cx, value, out)``: append the core values of ``value`` to the
  list ``out``.

``cx`` is the :class:`~wasmlite.component.canonical.context.LiftLowerContext`
of the call. :func:`codec` builds a type's codec on first use and keeps it on
the type, so that building happens once per type, not per call.
"""

from __future__ import annotations

import struct
from typing import Any, Callable

from ..types import ValType
from .flatten import flatten_type
from .layout import alignment, elem_size

__all__ = ["Codec", "codec", "register", "range_codec"]


class Codec:
    """Layout, Python classes, and lift/lower functions of one value type."""

    __slots__ = ("type", "align", "size", "flat", "classes", "load", "store", "lift_flat",
                 "lower_flat")

    def __init__(self, t: ValType, classes: frozenset[type],
                 load: Callable[..., Any], store: Callable[..., None],
                 lift_flat: Callable[..., Any], lower_flat: Callable[..., None]) -> None:
        self.type = t
        self.align = alignment(t)
        self.size = elem_size(t)
        self.flat = tuple(flatten_type(t))
        self.classes = classes
        self.load = load
        self.store = store
        self.lift_flat = lift_flat
        self.lower_flat = lower_flat

    def __repr__(self) -> str:
        return f"<Codec {self.type}>"


_pair = struct.Struct("<II")


def range_codec(t: ValType, classes: frozenset[type], load_range: Callable[[Any, int, int], Any],
                store_range: Callable[[Any, Any], tuple[int, int]]) -> Codec:
    """The codec of a type whose values travel as a pointer and a length (a
    string or a list): in memory the two ``u32`` one after the other, flat the
    two ``i32``. ``load_range(cx, ptr, length)`` lifts the value they point
    to; ``store_range(cx, value)`` lowers a value and gives its pointer and
    length."""
    unpack_from, pack_into = _pair.unpack_from, _pair.pack_into

    def load(cx: Any, ptr: int) -> Any:
        p, n = unpack_from(cx.memory.view, ptr)
        return load_range(cx, p, n)

    def store(cx: Any, v: Any, ptr: int) -> None:
        p, n = store_range(cx, v)
        pack_into(cx.memory.view, ptr, p, n)

    def lift_flat(cx: Any, it: Any) -> Any:
        p = next(it)
        return load_range(cx, p, next(it))

    def lower_flat(cx: Any, v: Any, out: list) -> None:
        out.extend(store_range(cx, v))

    return Codec(t, classes, load, store, lift_flat, lower_flat)


_BUILDERS: dict[type, Callable[[Any], Codec]] = {}


def register(*classes: type) -> Callable[[Callable[[Any], Codec]], Callable[[Any], Codec]]:
    """Make the decorated function build the codecs of the types ``classes``."""
    def decorate(build: Callable[[Any], Codec]) -> Callable[[Any], Codec]:
        for cls in classes:
            _BUILDERS[cls] = build
        return build
    return decorate


def codec(t: ValType) -> Codec:
    """The codec of ``t``, built on first use."""
    try:
        return t._abi  # type: ignore[attr-defined,no-any-return]
    except AttributeError:
        pass
    build = _BUILDERS.get(t.__class__)
    if build is None:
        raise TypeError(f"the canonical ABI does not cover {t}")
    c = build(t)
    object.__setattr__(t, "_abi", c)
    return c


# The builders register themselves; imported last, as they use the names above.
from . import scalars, strings, lists, records, variants, flags, resources  # noqa: E402,F401

"""Despecialization: the specialized value types in terms of the general ones.

``tuple`` is a record with fields named ``0``, ``1``, ...; ``enum`` a variant
without payloads; ``option`` the variant ``none | some(t)``; ``result`` the
variant ``ok(t?) | error(u?)``. Layout and flattening are defined on the
general types only; lifting and lowering keep the specialized types, whose
Python values differ.
"""

from __future__ import annotations

from ..types import Enum, Option, Record, Result, Tuple, ValType, Variant

__all__ = ["despecialize"]


def despecialize(t: ValType) -> ValType:
    """The general type ``t`` stands for (``t`` itself unless it is specialized)."""
    cls = t.__class__
    if cls is Tuple:
        return Record([(str(i), e) for i, e in enumerate(t.elements)])  # type: ignore[attr-defined]
    if cls is Enum:
        return Variant([(name, None) for name in t.names])  # type: ignore[attr-defined]
    if cls is Option:
        return Variant([("none", None), ("some", t.payload)])  # type: ignore[attr-defined]
    if cls is Result:
        return Variant([("ok", t.ok), ("error", t.err)])  # type: ignore[attr-defined]
    return t

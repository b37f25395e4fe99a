"""Records and tuples: their fields one after the other, each at its alignment.

A record is a :class:`~wasmlite.component.values.Record` in Python, with one
attribute per field (lowering reads the attributes of any object); a tuple
is a ``tuple`` of the right length.
"""

from __future__ import annotations

from typing import Any

from ..types import Record as RecordType, Tuple as TupleType, ValType
from ..values import Record
from .codec import Codec, codec, register
from .layout import field_offsets

__all__: list[str] = []


@register(RecordType)
def _record(t: ValType) -> Codec:
    assert isinstance(t, RecordType)
    names = [name for name, _ in t.fields]
    codecs = [codec(ft) for _, ft in t.fields]
    offsets = field_offsets(t)
    fields = list(zip(names, codecs, offsets))
    loads = [(n, c.load, o) for n, c, o in fields]
    stores = [(n, c.store, o) for n, c, o in fields]
    lifts = [(n, c.lift_flat) for n, c, _ in fields]
    lowers = [(n, c.lower_flat) for n, c, _ in fields]
    new = Record.__new__

    def load(cx: Any, ptr: int) -> Any:
        r = new(Record)
        d = r.__dict__
        for name, fload, offset in loads:
            d[name] = fload(cx, ptr + offset)
        return r

    def store(cx: Any, v: Any, ptr: int) -> None:
        for name, fstore, offset in stores:
            fstore(cx, getattr(v, name), ptr + offset)

    def lift_flat(cx: Any, it: Any) -> Any:
        r = new(Record)
        d = r.__dict__
        for name, flift in lifts:
            d[name] = flift(cx, it)
        return r

    def lower_flat(cx: Any, v: Any, out: list) -> None:
        for name, flower in lowers:
            flower(cx, getattr(v, name), out)

    return Codec(t, frozenset({Record}), load, store, lift_flat, lower_flat)


@register(TupleType)
def _tuple(t: ValType) -> Codec:
    assert isinstance(t, TupleType)
    codecs = [codec(et) for et in t.elements]
    offsets = field_offsets(t)
    count = len(codecs)
    loads = [(c.load, o) for c, o in zip(codecs, offsets)]
    stores = [(c.store, o) for c, o in zip(codecs, offsets)]
    lifts = [c.lift_flat for c in codecs]
    lowers = [c.lower_flat for c in codecs]

    def check(v: Any) -> None:
        if not isinstance(v, tuple):
            raise TypeError("expected tuple type")
        if len(v) != count:
            raise TypeError("tuple length mismatch")

    def load(cx: Any, ptr: int) -> tuple:
        return tuple([eload(cx, ptr + offset) for eload, offset in loads])

    def store(cx: Any, v: Any, ptr: int) -> None:
        check(v)
        for (estore, offset), e in zip(stores, v):
            estore(cx, e, ptr + offset)

    def lift_flat(cx: Any, it: Any) -> tuple:
        return tuple([elift(cx, it) for elift in lifts])

    def lower_flat(cx: Any, v: Any, out: list) -> None:
        check(v)
        for elower, e in zip(lowers, v):
            elower(cx, e, out)

    return Codec(t, frozenset({tuple}), load, store, lift_flat, lower_flat)

"""Flags: a bit vector, bit ``i`` set when label ``i`` is present.

In memory it takes 1, 2 or 4 bytes by the number of labels (at most 32);
flat it is one ``i32``. In Python it is the ``set`` of the present labels.
Bits beyond the labels are ignored when lifting, as the canonical ABI and
Wasmtime do.
"""

from __future__ import annotations

import struct
from typing import Any

from ..types import Flags, ValType
from .errors import InvalidValueError
from .codec import Codec, register
from .layout import MAX_FLAGS, flags_size

__all__: list[str] = []

_SIZES = {1: struct.Struct("<B"), 2: struct.Struct("<H"), 4: struct.Struct("<I")}


@register(Flags)
def _flags(t: ValType) -> Codec:
    assert isinstance(t, Flags)
    names = t.names
    if not 0 < len(names) <= MAX_FLAGS:
        raise TypeError(f"a flags type has 1 to {MAX_FLAGS} labels, not {len(names)}")
    bit = {name: 1 << i for i, name in enumerate(names)}
    s = _SIZES[flags_size(len(names))]
    unpack_from, pack_into = s.unpack_from, s.pack_into
    labelled = list(enumerate(names))

    def pack(v: Any) -> int:
        if not isinstance(v, set):
            raise TypeError("expected set type for Flags type")
        i = 0
        for name in v:
            if not isinstance(name, str):
                raise TypeError("expected set of strings for Flags type")
            b = bit.get(name)
            if b is None:
                raise InvalidValueError(f"unknown flag: `{name}`")
            i |= b
        return i

    def unpack(i: int) -> set[str]:
        return {name for k, name in labelled if i >> k & 1}

    def load(cx: Any, ptr: int) -> set[str]:
        return unpack(unpack_from(cx.memory.view, ptr)[0])

    def store(cx: Any, v: Any, ptr: int) -> None:
        pack_into(cx.memory.view, ptr, pack(v))

    def lift_flat(cx: Any, it: Any) -> set[str]:
        return unpack(next(it))

    def lower_flat(cx: Any, v: Any, out: list) -> None:
        out.append(pack(v))

    return Codec(t, frozenset({set}), load, store, lift_flat, lower_flat)

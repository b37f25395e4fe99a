"""GC aggregates (structures and arrays), i31 references, and the operations on
them that compiled code and constant expressions call.

Raw values of the ``any`` hierarchy: ``None`` (null), an ``int`` (an i31
reference: its 31-bit unsigned payload), a :class:`StructInstance`, an
:class:`ArrayInstance`, or an :class:`InternalizedRef` (a host reference
converted with ``any.convert_extern``). ``extern.convert_any`` wraps a
non-null ``any`` value in an :class:`ExternalizedRef`; each conversion undoes
the other. Packed fields (``i8``, ``i16``) hold their unsigned payload.
"""

from __future__ import annotations

import struct

from .. import ir
from ..validate.types import DefType, heap_subtype, top_heap
from .exception import WasmException
from .floats import f32_from_bits
from .trap import Trap, TrapCode

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "StructInstance", "ArrayInstance", "InternalizedRef", "ExternalizedRef", "default_value",
    "struct_new", "struct_get", "struct_get_s", "struct_set", "array_new", "array_new_fixed",
    "array_new_data",
    "array_new_elem", "array_get", "array_get_s", "array_set", "array_len", "array_fill",
    "array_copy", "array_init_data", "array_init_elem", "ref_test", "ref_cast", "ref_eq",
    "i31_get_s", "i31_get_u", "any_convert_extern", "extern_convert_any", "anyref_to_host",
    "anyref_from_host",
]

_MASK32 = 0xFFFFFFFF
_PACKED = {"i8": 0xFF, "i16": 0xFFFF}
_SIGN = {"i8": 0x80, "i16": 0x8000}
_SIZE = {"i8": 1, "i16": 2, "i32": 4, "i64": 8, "f32": 4, "f64": 8, "v128": 16}
_READ = {
    "i8": struct.Struct("<B").unpack_from, "i16": struct.Struct("<H").unpack_from,
    "i32": struct.Struct("<I").unpack_from, "i64": struct.Struct("<Q").unpack_from,
    "f64": struct.Struct("<d").unpack_from,
}


class StructInstance:
    """A structure: its closed defined type and its field values."""

    __slots__ = ("type", "fields", "__weakref__")

    def __init__(self, deftype: DefType, fields: list):
        self.type = deftype
        self.fields = fields


class ArrayInstance:
    """An array: its closed defined type and its element values."""

    __slots__ = ("type", "elements", "__weakref__")

    def __init__(self, deftype: DefType, elements: list):
        self.type = deftype
        self.elements = elements


class InternalizedRef:
    """A host reference seen as an ``anyref`` (``any.convert_extern``)."""

    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value


class ExternalizedRef:
    """An ``anyref`` seen as an ``externref`` (``extern.convert_any``)."""

    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value


def default_value(storage) -> Any:
    """The default value of a field or element of storage type ``storage``."""
    if isinstance(storage, ir.RefType):
        return None
    return 0.0 if storage in ("f32", "f64") else 0


def _null(what: str) -> Trap:
    """The trap of a ``what`` (structure, array) access through a null reference,
    worded as wasmtime words it (the spec says ``null <what> reference``)."""
    return Trap.of(TrapCode.NULL_REFERENCE)


def _out_of_bounds() -> Trap:
    return Trap.of(TrapCode.ARRAY_OUT_OF_BOUNDS)


def _store(storage, value: Any) -> Any:
    mask = _PACKED.get(storage) if isinstance(storage, str) else None
    return value & mask if mask is not None else value


# --- structures -------------------------------------------------------------------------

def struct_new(deftype: DefType, values: list) -> StructInstance:
    """``struct.new`` with the field values in order."""
    fields = deftype.comptype.fields
    return StructInstance(deftype, [_store(f.storage, v) for f, v in zip(fields, values)])


def struct_get(s: StructInstance | None, index: int) -> Any:
    """``struct.get`` / ``struct.get_u``."""
    if s is None:
        raise _null("structure")
    return s.fields[index]


def struct_get_s(s: StructInstance | None, index: int) -> int:
    """``struct.get_s`` of a packed field."""
    if s is None:
        raise _null("structure")
    storage = s.type.comptype.fields[index].storage
    sign = _SIGN[storage]
    return ((s.fields[index] ^ sign) - sign) & _MASK32


def struct_set(s: StructInstance | None, index: int, value: Any) -> None:
    """``struct.set``."""
    if s is None:
        raise _null("structure")
    s.fields[index] = _store(s.type.comptype.fields[index].storage, value)


# --- arrays -------------------------------------------------------------------------------

MAX_ARRAY_BYTES = 0xFFFF_FFFF - 16
"""The largest array wasmtime allocates, in bytes of elements (its object sizes are
32-bit and include a header); a larger one traps with ``allocation size too large``."""


def array_new(deftype: DefType, value: Any, n: int) -> ArrayInstance:
    """``array.new``: ``n`` copies of ``value``."""
    storage = deftype.comptype.element.storage
    if n * _SIZE.get(storage, 4) > MAX_ARRAY_BYTES:     # references take 4 bytes there
        raise Trap.of(TrapCode.ALLOCATION_TOO_LARGE)
    value = _store(storage, value)
    try:
        return ArrayInstance(deftype, [value] * n)
    except (MemoryError, OverflowError):
        raise Trap.of(TrapCode.ALLOCATION_TOO_LARGE) from None


def array_new_fixed(deftype: DefType, values: list) -> ArrayInstance:
    """``array.new_fixed`` with the element values in order."""
    storage = deftype.comptype.element.storage
    return ArrayInstance(deftype, [_store(storage, v) for v in values])


def _decode(storage, data: bytes, offset: int, n: int) -> list:
    size = _SIZE[storage]
    if storage == "i8":
        return list(data[offset:offset + n])
    if storage == "f32":
        read = _READ["i32"]
        return [f32_from_bits(read(data, offset + i * 4)[0]) for i in range(n)]
    if storage == "v128":
        return [int.from_bytes(data[offset + i * 16:offset + i * 16 + 16], "little")
                for i in range(n)]
    read = _READ[storage]
    return [read(data, offset + i * size)[0] for i in range(n)]


def array_new_data(deftype: DefType, data, offset: int, n: int) -> ArrayInstance:
    """``array.new_data`` from data segment instance ``data``."""
    storage = deftype.comptype.element.storage
    if offset + n * _SIZE[storage] > len(data.data):
        raise Trap.of(TrapCode.MEMORY_OUT_OF_BOUNDS)
    return ArrayInstance(deftype, _decode(storage, data.data, offset, n))


def array_new_elem(deftype: DefType, elem, offset: int, n: int) -> ArrayInstance:
    """``array.new_elem`` from element segment instance ``elem``."""
    if offset + n > len(elem.elements):
        raise Trap.of(TrapCode.TABLE_OUT_OF_BOUNDS)
    return ArrayInstance(deftype, list(elem.elements[offset:offset + n]))


def array_get(a: ArrayInstance | None, i: int) -> Any:
    """``array.get`` / ``array.get_u``."""
    if a is None:
        raise _null("array")
    if i >= len(a.elements):
        raise _out_of_bounds()
    return a.elements[i]


def array_get_s(a: ArrayInstance | None, i: int) -> int:
    """``array.get_s`` of a packed element."""
    value = array_get(a, i)
    sign = _SIGN[a.type.comptype.element.storage]
    return ((value ^ sign) - sign) & _MASK32


def array_set(a: ArrayInstance | None, i: int, value: Any) -> None:
    """``array.set``."""
    if a is None:
        raise _null("array")
    if i >= len(a.elements):
        raise _out_of_bounds()
    a.elements[i] = _store(a.type.comptype.element.storage, value)


def array_len(a: ArrayInstance | None) -> int:
    """``array.len``."""
    if a is None:
        raise _null("array")
    return len(a.elements)


def array_fill(a: ArrayInstance | None, i: int, value: Any, n: int) -> None:
    """``array.fill``."""
    if a is None:
        raise _null("array")
    if i + n > len(a.elements):
        raise _out_of_bounds()
    a.elements[i:i + n] = [_store(a.type.comptype.element.storage, value)] * n


def array_copy(dst: ArrayInstance | None, d: int, src: ArrayInstance | None, s: int,
               n: int) -> None:
    """``array.copy`` (overlapping ranges copy as if through a buffer)."""
    if dst is None or src is None:
        raise _null("array")
    if d + n > len(dst.elements) or s + n > len(src.elements):
        raise _out_of_bounds()
    dst.elements[d:d + n] = src.elements[s:s + n]


def array_init_data(a: ArrayInstance | None, d: int, data, s: int, n: int) -> None:
    """``array.init_data``."""
    if a is None:
        raise _null("array")
    storage = a.type.comptype.element.storage
    if d + n > len(a.elements):
        raise _out_of_bounds()
    if s + n * _SIZE[storage] > len(data.data):
        raise Trap.of(TrapCode.MEMORY_OUT_OF_BOUNDS)
    a.elements[d:d + n] = _decode(storage, data.data, s, n)


def array_init_elem(a: ArrayInstance | None, d: int, elem, s: int, n: int) -> None:
    """``array.init_elem``."""
    if a is None:
        raise _null("array")
    if d + n > len(a.elements):
        raise _out_of_bounds()
    if s + n > len(elem.elements):
        raise Trap.of(TrapCode.TABLE_OUT_OF_BOUNDS)
    a.elements[d:d + n] = elem.elements[s:s + n]


# --- references -----------------------------------------------------------------------------

def _heap_of(value: Any):
    """The most precise heap type of a non-null raw reference."""
    kind = type(value)
    if kind is int:
        return "i31"
    if kind is InternalizedRef:
        return "any"
    if kind is WasmException:
        return "exn"
    deftype = getattr(value, "type", None)
    if type(deftype) is DefType:
        return deftype
    return "extern"


def ref_test(value: Any, heap, nullable: bool) -> bool:
    """Whether ``value`` is a reference of type ``(ref null? heap)``."""
    if value is None:
        return nullable
    if top_heap(heap) == "extern":
        return heap == "extern"
    return heap_subtype(_heap_of(value), heap)


def ref_cast(value: Any, heap, nullable: bool) -> Any:
    """``value`` if it is a reference of type ``(ref null? heap)``, else trap."""
    if ref_test(value, heap, nullable):
        return value
    raise Trap.of(TrapCode.CAST_FAILURE)


def ref_eq(a: Any, b: Any) -> bool:
    """``ref.eq``: identity, or equal i31 payloads."""
    return a is b or (type(a) is int and type(b) is int and a == b)


def i31_get_s(value: int | None) -> int:
    """``i31.get_s``."""
    if value is None:
        raise _null("i31")
    return ((value ^ 0x40000000) - 0x40000000) & _MASK32


def i31_get_u(value: int | None) -> int:
    """``i31.get_u``."""
    if value is None:
        raise _null("i31")
    return value


def anyref_to_host(value: Any) -> Any:
    """The Python value an embedder sees for the raw ``anyref`` ``value``
    (a host reference that was converted with ``any.convert_extern`` comes back
    as itself)."""
    return value.value if type(value) is InternalizedRef else value


def anyref_from_host(value: Any) -> Any:
    """The raw ``anyref`` for a Python value given by an embedder: runtime
    references (and ints, as i31 payloads) as they are, anything else as an
    internalized host reference."""
    if value is None or type(value) in (int, StructInstance, ArrayInstance, InternalizedRef):
        return value
    return InternalizedRef(value)


def any_convert_extern(value: Any) -> Any:
    """``any.convert_extern``."""
    if value is None:
        return None
    if type(value) is ExternalizedRef:
        return value.value
    return InternalizedRef(value)


def extern_convert_any(value: Any) -> Any:
    """``extern.convert_any``."""
    if value is None:
        return None
    if type(value) is InternalizedRef:
        return value.value
    return ExternalizedRef(value)

"""Val: a WebAssembly value tagged with its type, as the embedding API shows it.

Integers are shown signed (as wasmtime does), floats as Python floats, ``funcref``
as a :class:`Func` or ``None``, ``externref`` as any Python object or ``None``.
"""

from __future__ import annotations

from .. import ir
from ..errors import WasmtimeError
from ..runtime.floats import f32_round, f64_to_bits
from .types import ValType

TYPE_CHECKING = False

_F32_NAN_LOW_BITS = (1 << 29) - 1


def to_f32(x: float) -> float:
    """``x`` as the runtime carries an f32: rounded to binary32, except that a NaN
    already carrying an f32 payload (as ``f32_from_bits`` makes them, signalling
    ones included) is kept bit for bit."""
    if x != x and not f64_to_bits(x) & _F32_NAN_LOW_BITS:
        return x
    return f32_round(x)

if TYPE_CHECKING:
    import typing
    from .func import Func

def wrap_int(val: object, bits: int) -> int:
    """``val`` as a signed ``bits``-bit integer: its low ``bits`` bits, two's
    complement (as C integers of that width take any integer, and wasmtime with them).

    Raises TypeError when ``val`` is not an integer.
    """
    if not isinstance(val, int):
        raise TypeError("expected an integer")
    sign = 1 << (bits - 1)
    return ((val & ((sign << 1) - 1)) ^ sign) - sign


class Val:
    """A typed value."""

    __slots__ = ("_type", "_val")

    def __init__(self, kind: ValType, val: typing.Any):
        if not isinstance(kind, ValType):
            raise TypeError("expected ValType")
        self._type = kind
        self._val = val

    @classmethod
    def i32(cls, val: int) -> "Val":
        """A 32-bit integer: the low 32 bits of ``val``, read as signed (so the
        unsigned spelling works, and larger integers wrap as in wasmtime)."""
        return cls(ValType.i32(), wrap_int(val, 32))

    @classmethod
    def i64(cls, val: int) -> "Val":
        """A 64-bit integer: the low 64 bits of ``val``, read as signed (so the
        unsigned spelling works, and larger integers wrap as in wasmtime)."""
        return cls(ValType.i64(), wrap_int(val, 64))

    @classmethod
    def f32(cls, val: float) -> "Val":
        """A 32-bit float (rounded to single precision); an int is refused, as
        wasmtime-py refuses it."""
        if not isinstance(val, float):
            raise TypeError("expected a float")
        return cls(ValType.f32(), to_f32(val))

    @classmethod
    def f64(cls, val: float) -> "Val":
        """A 64-bit float; an int is refused, as wasmtime-py refuses it."""
        if not isinstance(val, float):
            raise TypeError("expected a float")
        return cls(ValType.f64(), float(val))

    @classmethod
    def v128(cls, val: int) -> "Val":
        """A 128-bit vector, given as an integer (little-endian lanes)."""
        if not isinstance(val, int):
            raise TypeError("expected an integer")
        if not -(1 << 127) <= val < (1 << 128):
            raise TypeError(f"integer {val} out of range for v128")
        return cls(ValType.v128(), val & ((1 << 128) - 1))

    @classmethod
    def externref(cls, extern: typing.Optional[typing.Any]) -> "Val":
        """A reference to any Python object (``None`` is the null reference)."""
        return cls(ValType.externref(), extern)

    @classmethod
    def funcref(cls, f: "typing.Optional[Func]") -> "Val":
        """A function reference (``None`` is the null reference)."""
        from .func import Func
        if f is not None and not isinstance(f, Func):
            raise TypeError("expected a Func or None")
        return cls(ValType.funcref(), f)

    @classmethod
    def ref_null(cls, ty: ValType) -> "Val":
        """The null reference of reference type ``ty``."""
        if not isinstance(ty, ValType) or not isinstance(ty._ir, ir.RefType) or not ty._ir.nullable:
            raise WasmtimeError("Invalid reference type for `ref_null`: %s" % ty)
        return cls(ty, None)

    @property
    def value(self) -> typing.Any:
        """The plain Python value."""
        return self._val

    @property
    def type(self) -> ValType:
        """The value's type."""
        return self._type

    def _as(self, kind: ValType) -> typing.Any:
        return self._val if self._type == kind else None

    def as_i32(self) -> typing.Optional[int]:
        """The integer if this is an i32, else None."""
        return self._as(ValType.i32())

    def as_i64(self) -> typing.Optional[int]:
        """The integer if this is an i64, else None."""
        return self._as(ValType.i64())

    def as_f32(self) -> typing.Optional[float]:
        """The float if this is an f32, else None."""
        return self._as(ValType.f32())

    def as_f64(self) -> typing.Optional[float]:
        """The float if this is an f64, else None."""
        return self._as(ValType.f64())

    def as_v128(self) -> typing.Optional[int]:
        """The 128-bit integer if this is a v128, else None."""
        return self._as(ValType.v128())

    def as_externref(self) -> typing.Optional[typing.Any]:
        """The referenced object if this is an externref, else None."""
        return self._as(ValType.externref())

    def as_funcref(self) -> "typing.Optional[Func]":
        """The function if this is a non-null funcref, else None."""
        return self._as(ValType.funcref())

    def __eq__(self, rhs: typing.Any) -> typing.Any:
        if isinstance(rhs, Val):
            return self._type == rhs._type and self._val == rhs._val
        return self._val == rhs

    def __hash__(self) -> int:
        return hash((self._type, self._val)) if self._val is None or isinstance(self._val, (int, float)) \
            else hash((self._type, id(self._val)))

    def __repr__(self) -> str:
        return f"Val.{self._type}({self._val!r})" if not self._type.is_reference \
            else f"Val({self._type}, {self._val!r})"

"""The parts of the Canonical ABI that validation needs (CanonicalABI.md):
flattening value types to core types (``flatten_type``), the flattened
signature of a lifted or lowered function (``flatten_functype``), whether a
type holds pointers into linear memory, and the byte size of a value type
(``elem_size``) for the maximum-size rule.
"""

from __future__ import annotations

from ...errors import InvalidError
from .resolved import (Borrow, Defined, Enum, FixedLengthList, Flags, FuncType, Future, List,
                       Map, Option, Own, Primitive, Record, Result, Stream, Tuple, ValType,
                       Variant)

MAX_FLAT_PARAMS = 16
MAX_FLAT_RESULTS = 1
MAX_FLAT_ASYNC_PARAMS = 4

MAX_VALUE_BYTE_SIZE = 1 << 28
"""Every value type's size, with 64-bit pointers, is below this (CanonicalABI.md,
"Element Size")."""

_PRIMITIVE_FLAT = {
    "bool": ("i32",), "s8": ("i32",), "u8": ("i32",), "s16": ("i32",), "u16": ("i32",),
    "s32": ("i32",), "u32": ("i32",), "char": ("i32",), "s64": ("i64",), "u64": ("i64",),
    "f32": ("f32",), "f64": ("f64",), "string": ("i32", "i32"), "error-context": ("i32",),
}


def _join(a: str, b: str) -> str:
    if a == b:
        return a
    if {a, b} == {"i32", "f32"}:
        return "i32"
    return "i64"


def _flatten_variant(cases: list[ValType | None], limit: int) -> tuple[str, ...]:
    flat: list[str] = []
    for case in cases:
        if case is None:
            continue
        for i, ft in enumerate(flatten_type(case, limit)):
            if i < len(flat):
                flat[i] = _join(flat[i], ft)
            else:
                flat.append(ft)
    return ("i32", *flat)


def flatten_type(t: ValType, limit: int = 1 << 30) -> tuple[str, ...]:
    """The core value types a value of type ``t`` is passed as, stopping once
    more than ``limit`` are found (the caller then passes through memory)."""
    if isinstance(t, str):
        return _PRIMITIVE_FLAT[t]
    if isinstance(t, Primitive):
        return _PRIMITIVE_FLAT[t.name]
    if isinstance(t, (List, Map)):
        return ("i32", "i32")
    if isinstance(t, FixedLengthList):
        one = flatten_type(t.element, limit)
        if not one:
            return ()
        count = min(t.length, limit // len(one) + 1)
        return one * count
    if isinstance(t, (Record, Tuple)):
        out: list[str] = []
        for c in t.children():
            out.extend(flatten_type(c, limit))
            if len(out) > limit:
                break
        return tuple(out)
    if isinstance(t, Variant):
        return _flatten_variant([c for _, c in t.cases], limit)
    if isinstance(t, Option):
        return _flatten_variant([None, t.type], limit)
    if isinstance(t, Result):
        return _flatten_variant([t.ok, t.error], limit)
    if isinstance(t, Flags):
        return ("i32",) * ((len(t.labels) + 31) // 32)
    if isinstance(t, (Enum, Own, Borrow, Stream, Future)):
        return ("i32",)
    raise AssertionError(f"unknown value type {t!r}")


def contains_ptr(t: ValType | None) -> bool:
    """Whether a value of type ``t`` points into linear memory (a string, a
    list or a map somewhere inside it)."""
    if t is None:
        return False
    if isinstance(t, str):
        return t == "string"
    if isinstance(t, Primitive):
        return t.name == "string"
    if isinstance(t, (List, Map)):
        return True
    if isinstance(t, (Stream, Future)):
        return False
    return any(contains_ptr(c) for c in t.children())


class FlatSignature:
    """A lifted or lowered function's core signature, and whether parameters
    and results went through memory."""

    __slots__ = ("params", "results", "params_in_memory", "results_in_memory")

    def __init__(self, params: tuple[str, ...], results: tuple[str, ...],
                 params_in_memory: bool, results_in_memory: bool) -> None:
        self.params = params
        self.results = results
        self.params_in_memory = params_in_memory
        self.results_in_memory = results_in_memory


def flatten_functype(ft: FuncType, context: str, is_async: bool = False) -> FlatSignature:
    """``flatten_functype`` for ``context`` ``"lift"`` or ``"lower"`` (sync)."""
    max_params = MAX_FLAT_ASYNC_PARAMS if (is_async and context == "lower") else MAX_FLAT_PARAMS
    params: list[str] = []
    for _, p in ft.params:
        params.extend(flatten_type(p, max_params))
    params_in_memory = len(params) > max_params
    if params_in_memory:
        params = ["i32"]
    results: list[str] = []
    results_in_memory = False
    if is_async:
        if context == "lower":
            if ft.result is not None:
                params.append("i32")
            results = ["i32"]
        else:
            results = ["i32"]
        return FlatSignature(tuple(params), tuple(results), params_in_memory, False)
    if ft.result is not None:
        results = list(flatten_type(ft.result, MAX_FLAT_RESULTS))
        if len(results) > MAX_FLAT_RESULTS:
            results_in_memory = True
            if context == "lower":
                params.append("i32")
                results = []
            else:
                results = ["i32"]
    return FlatSignature(tuple(params), tuple(results), params_in_memory, results_in_memory)


# --- sizes ---------------------------------------------------------------------------

def _align_to(n: int, align: int) -> int:
    return -(-n // align) * align


def size_align(t: ValType | None, memo: dict[int, tuple[int, int]]) -> tuple[int, int]:
    """``(elem_size, alignment)`` of ``t`` with 64-bit pointers."""
    if t is None:
        return 0, 1
    if isinstance(t, Primitive):
        return size_align(t.name, memo)
    if isinstance(t, str):
        return {"bool": (1, 1), "s8": (1, 1), "u8": (1, 1), "s16": (2, 2), "u16": (2, 2),
                "s32": (4, 4), "u32": (4, 4), "char": (4, 4), "f32": (4, 4),
                "s64": (8, 8), "u64": (8, 8), "f64": (8, 8), "string": (16, 8),
                "error-context": (4, 4)}[t]
    known = memo.get(id(t))
    if known is not None:
        return known
    result = _size_align(t, memo)
    memo[id(t)] = result
    return result


def _discriminant(n: int) -> int:
    return 1 if n <= 256 else 2 if n <= 65536 else 4


def _size_align(t: Defined, memo: dict[int, tuple[int, int]]) -> tuple[int, int]:
    if isinstance(t, (List, Map)):
        return 16, 8
    if isinstance(t, FixedLengthList):
        size, align = size_align(t.element, memo)
        return size * t.length, align
    if isinstance(t, (Record, Tuple)):
        size, align = 0, 1
        for c in t.children():
            s, a = size_align(c, memo)
            size = _align_to(size, a) + s
            align = max(align, a)
        return _align_to(size, align), align
    if isinstance(t, (Variant, Option, Result)):
        cases: list[ValType | None]
        if isinstance(t, Variant):
            cases = [c for _, c in t.cases]
        elif isinstance(t, Option):
            cases = [None, t.type]
        else:
            cases = [t.ok, t.error]
        disc = _discriminant(len(cases))
        payload_size, payload_align = 0, 1
        for case in cases:
            s, a = size_align(case, memo)
            payload_size = max(payload_size, s)
            payload_align = max(payload_align, a)
        align = max(disc, payload_align)
        size = _align_to(disc, payload_align) + payload_size
        return _align_to(size, align), align
    if isinstance(t, Flags):
        n = len(t.labels)
        return (1, 1) if n <= 8 else (2, 2) if n <= 16 else (4 * ((n + 31) // 32), 4)
    if isinstance(t, Enum):
        d = _discriminant(len(t.labels))
        return d, d
    return 4, 4      # own, borrow, stream, future


def check_max_size(t: Defined, memo: dict[int, tuple[int, int]]) -> None:
    """Raise when a value of type ``t`` would take ``2^28`` bytes or more."""
    size, _ = size_align(t, memo)
    if size >= MAX_VALUE_BYTE_SIZE:
        raise InvalidError(f"value type of {size} bytes exceeds maximum byte size "
                           f"({MAX_VALUE_BYTE_SIZE - 1})")

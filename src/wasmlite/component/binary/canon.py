"""Decoding canonical definitions (``canon``) and their options."""

from __future__ import annotations

from ...binary.types import decode_valtype
from .. import ir
from . import codes
from .reader import ComponentReader
from .types import read_resultlist

_OPTION_EXPECTED = ("0x00-0x02 (string-encoding), 0x03 (memory), 0x04 (realloc), "
                    "0x05 (post-return), 0x06 (async), 0x07 (callback), 0x08 (core-type), "
                    "0x09 (gc)")
_CANON_EXPECTED = ("0x00 (lift), 0x01 (lower), or a built-in: " +
                   ", ".join(f"0x{c:02x} ({n})" for n, c in
                             sorted(codes.CANON_BUILTIN_CODES.items(), key=lambda i: i[1])))


def read_opts(r: ComponentReader) -> tuple[ir.CanonOpt, ...]:
    """``opts``: a vector of ``canonopt``."""
    opts = []
    for _ in range(r.count("canonical options")):
        pos = r.pos
        b = r.byte()
        encoding = codes.STRING_ENCODING_BY_CODE.get(b)
        if encoding is not None:
            opts.append(ir.CanonOpt("string-encoding", encoding))
        elif b == codes.OPT_ASYNC:
            opts.append(ir.CanonOpt("async"))
        elif b == codes.OPT_GC:
            opts.append(ir.CanonOpt("gc"))
        else:
            name = codes.INDEX_OPTION_BY_CODE.get(b)
            if name is None:
                raise r.invalid_byte(b, "canonical option", _OPTION_EXPECTED, pos)
            opts.append(ir.CanonOpt(name, r.u32()))
    return tuple(opts)


def _read_func_sort(r: ComponentReader, what: str) -> None:
    """The ``0x00`` (func sort) byte after ``lift`` and ``lower``."""
    pos = r.pos
    b = r.byte()
    if b != codes.CANON_FUNC_SORT:
        raise r.invalid_byte(b, what, "0x00 (func)", pos)


def read_canon(r: ComponentReader) -> ir.Canon:
    """``canon``: ``lift``, ``lower`` or a built-in with its immediates."""
    pos = r.pos
    b = r.byte()
    if b == codes.CANON_LIFT:
        _read_func_sort(r, "canonical function lift")
        core_func = r.u32()
        opts = read_opts(r)
        return ir.Lift(core_func, opts, r.u32())
    if b == codes.CANON_LOWER:
        _read_func_sort(r, "canonical function lower")
        func = r.u32()
        return ir.Lower(func, read_opts(r))
    name = codes.CANON_BUILTIN_BY_CODE.get(b)
    if name is None:
        raise r.invalid_byte(b, "canonical function", _CANON_EXPECTED, pos)
    builtin = ir.CanonBuiltin(name)
    for immediate in ir.BUILTIN_IMMEDIATES[name]:
        if immediate == "opts":
            builtin.opts = read_opts(r)
        elif immediate == "result":
            builtin.result = read_resultlist(r)
        elif immediate == "valtype":
            builtin.valtype = r.core(decode_valtype)
        elif immediate in ("is_async", "cancellable", "shared"):
            setattr(builtin, immediate, r.flag(f"the {immediate} flag of {name}"))
        else:                                   # type, slot, memory, core_type, table
            setattr(builtin, immediate, r.u32())
    return builtin

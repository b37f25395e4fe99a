"""Small builders of IR modules for the validator tests."""

from __future__ import annotations

from wasmlite import ir
from wasmlite.opcodes import BY_NAME

I32, I64, F32, F64, V128 = "i32", "i64", "f32", "f64", "v128"
FUNCREF = ir.RefType(True, "func")
EXTERNREF = ir.RefType(True, "extern")


def op(name: str, *immediates) -> tuple:
    """One instruction: ``op("i32.const", 1)``."""
    return (BY_NAME[name], *immediates)


def expr(*instrs: tuple) -> list:
    """A constant expression or body: the instructions plus the final ``end``."""
    return [*instrs, op("end")]


def functype(params=(), results=()) -> ir.SubType:
    return ir.SubType(True, (), ir.FuncType(tuple(params), tuple(results)))


def func_module(body=(), params=(), results=(), locals_=(), **fields) -> ir.Module:
    """A module whose type 0 is ``params -> results`` and whose function 0 runs ``body``.

    Extra types may be given with ``types=[...]``; they follow type 0.
    """
    types = [functype(params, results)] + list(fields.pop("types", []))
    funcs = [ir.Func(0, list(locals_), expr(*body))] + list(fields.pop("funcs", []))
    return ir.Module(types=types, funcs=funcs, **fields)


def memory(min_pages: int = 1, max_pages: int | None = None, is64: bool = False,
           shared: bool = False, page_size_log2: int | None = None) -> ir.MemType:
    return ir.MemType(ir.Limits(min_pages, max_pages, is64, shared, page_size_log2))

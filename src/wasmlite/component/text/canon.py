"""Canonical definitions: ``(canon lift ...)``, ``(canon lower ...)`` and the
built-in functions (``resource.new``, ``task.return``, ``stream.read``, ...)
with their canonical options."""

from __future__ import annotations

from .binary import u32, vec
from .context import FieldContext
from .scope import Encode, Ref, Scope
from .types import type_use, value_type

_STRING_ENCODINGS = {"string-encoding=utf8": b"\x00", "string-encoding=utf16": b"\x01",
                     "string-encoding=latin1+utf16": b"\x02"}
_FUNC_OPTIONS = {"realloc": 0x04, "post-return": 0x05, "callback": 0x07}
_CORE_VALTYPES = {"i32": 0x7F, "i64": 0x7E, "f32": 0x7D, "f64": 0x7C}

# built-ins with nothing but their opcode
_PLAIN = {
    "backpressure.inc": 0x24, "backpressure.dec": 0x25, "task.cancel": 0x05, "subtask.drop": 0x0D,
    "error-context.drop": 0x1E, "waitable-set.new": 0x1F, "waitable-set.drop": 0x22,
    "waitable.join": 0x23, "thread.index": 0x26, "thread.resume-later": 0x28,
}
# built-ins taking a type: (opcode, what follows: "" | "opts" | "async")
_TYPED = {
    "resource.new": (0x02, ""), "resource.drop": (0x03, ""), "resource.rep": (0x04, ""),
    "stream.new": (0x0E, ""), "stream.read": (0x0F, "opts"), "stream.write": (0x10, "opts"),
    "stream.cancel-read": (0x11, "async"), "stream.cancel-write": (0x12, "async"),
    "stream.drop-readable": (0x13, ""), "stream.drop-writable": (0x14, ""),
    "future.new": (0x15, ""), "future.read": (0x16, "opts"), "future.write": (0x17, "opts"),
    "future.cancel-read": (0x18, "async"), "future.cancel-write": (0x19, "async"),
    "future.drop-readable": (0x1A, ""), "future.drop-writable": (0x1B, ""),
}
# built-ins taking an optional `cancellable` (or `async`) flag
_FLAGGED = {
    "thread.suspend": 0x29, "thread.yield": 0x0C, "thread.suspend-then-resume": 0x2A,
    "thread.yield-then-resume": 0x2B, "thread.suspend-then-promote": 0x2C,
    "thread.yield-then-promote": 0x2D,
}
BUILTINS = frozenset({"lift", "lower", "task.return", "context.get", "context.set", "subtask.cancel",
                      "error-context.new", "error-context.debug-message", "waitable-set.wait",
                      "waitable-set.poll", "thread.new-indirect", "thread.spawn-ref",
                      "thread.spawn-indirect", "thread.available-parallelism"}
                     | set(_PLAIN) | set(_TYPED) | set(_FLAGGED))
"""Every keyword that may follow ``canon``."""


def options(ctx: FieldContext) -> Encode:
    """Canonical options, as long as one follows; their encoded vector."""
    cur = ctx.cur
    opts: list[Encode] = []
    while True:
        kw = cur.peek_keyword()
        if kw in _STRING_ENCODINGS:
            cur.i += 1
            opts.append(_const(_STRING_ENCODINGS[kw]))
            continue
        if kw == "async":
            cur.i += 1
            opts.append(_const(b"\x06"))
            continue
        if kw == "gc":
            cur.i += 1
            opts.append(_const(b"\x09"))
            continue
        kw = cur.sexpr_keyword()
        if kw == "memory":
            cur.i += 2
            ref = ctx.core_ref("core memory")
            cur.rpar()
            opts.append(_indexed(0x03, ref))
        elif kw in _FUNC_OPTIONS:
            cur.i += 2
            ref = ctx.core_ref("core func")
            cur.rpar()
            opts.append(_indexed(_FUNC_OPTIONS[kw], ref))
        elif kw == "core-type":
            cur.i += 2
            ref = ctx.core_ref("core type")
            cur.rpar()
            opts.append(_indexed(0x08, ref))
        else:
            break
    return lambda scope: vec([opt(scope) for opt in opts])


def _const(data: bytes) -> Encode:
    return lambda scope: data


def _indexed(opcode: int, ref: Ref) -> Encode:
    return lambda scope: bytes((opcode,)) + u32(scope.resolve(ref))


def _flag(ctx: FieldContext, *words: str) -> bytes:
    """``0x01`` if one of ``words`` comes next (consumed), else ``0x00``."""
    for word in words:
        if ctx.cur.accept(word):
            return b"\x01"
    return b"\x00"


def canon_body(ctx: FieldContext, builtin: str, lift_type: Ref | None = None) -> Encode:
    """What follows the built-in's keyword, up to the definition's own sort
    (or ``)``). ``lift_type`` is the type of a lift written as ``(func ... (canon lift ...))``."""
    cur = ctx.cur
    if builtin == "lift":
        func = ctx.core_ref("core func")
        opts = options(ctx)
        if lift_type is None:
            cur.open("func")
            cur.id()
            lift_type = type_use(ctx, "func", None)
            cur.rpar()
        ty = lift_type

        def lift(scope: Scope) -> bytes:
            type_index = scope.resolve(ty)
            return b"\x00\x00" + u32(scope.resolve(func)) + opts(scope) + u32(type_index)
        return lift
    if builtin == "lower":
        func = ctx.component_ref("func")
        opts = options(ctx)
        return lambda scope: b"\x01\x00" + u32(scope.resolve(func)) + opts(scope)
    if builtin in _PLAIN:
        return _const(bytes((_PLAIN[builtin],)))
    if builtin in _TYPED:
        opcode, tail = _TYPED[builtin]
        ty = ctx.type_ref()
        if tail == "opts":
            opts = options(ctx)
            return lambda scope: bytes((opcode,)) + u32(scope.resolve(ty)) + opts(scope)
        flag = _flag(ctx, "async") if tail == "async" else b""
        return lambda scope: bytes((opcode,)) + u32(scope.resolve(ty)) + flag
    if builtin in _FLAGGED:
        return _const(bytes((_FLAGGED[builtin],)) + _flag(ctx, "cancellable", "async"))
    if builtin == "task.return":
        result = None
        if cur.accept_sexpr("result"):
            result = value_type(ctx)
            cur.rpar()
        opts = options(ctx)

        def task_return(scope: Scope) -> bytes:
            results = b"\x00" + result(scope) if result is not None else b"\x01\x00"
            return b"\x09" + results + opts(scope)
        return task_return
    if builtin in ("context.get", "context.set"):
        at = cur.i
        t = cur.keyword()
        if t not in _CORE_VALTYPES:
            raise cur.error("unexpected token", "a core value type", at)
        slot = cur.u32()
        return _const((b"\x0a" if builtin == "context.get" else b"\x0b") + bytes((_CORE_VALTYPES[t],)) + u32(slot))
    if builtin == "subtask.cancel":
        return _const(b"\x06" + _flag(ctx, "async"))
    if builtin in ("error-context.new", "error-context.debug-message"):
        opts = options(ctx)
        opcode = b"\x1c" if builtin == "error-context.new" else b"\x1d"
        return lambda scope: opcode + opts(scope)
    if builtin in ("waitable-set.wait", "waitable-set.poll"):
        flag = _flag(ctx, "cancellable", "async")
        cur.open("memory")
        memory = ctx.core_ref("core memory")
        cur.rpar()
        opcode = b"\x20" if builtin == "waitable-set.wait" else b"\x21"
        return lambda scope: opcode + flag + u32(scope.resolve(memory))
    if builtin == "thread.new-indirect":
        ft = ctx.core_ref("core type")
        table = ctx.core_ref("core table")
        return lambda scope: b"\x27" + u32(scope.resolve(ft)) + u32(scope.resolve(table))
    if builtin == "thread.spawn-ref":
        shared = _flag(ctx, "shared")
        ft = ctx.core_ref("core type")
        return lambda scope: b"\x40" + shared + u32(scope.resolve(ft))
    if builtin == "thread.spawn-indirect":
        shared = _flag(ctx, "shared")
        ft = ctx.core_ref("core type")
        table = ctx.core_ref("core table")
        return lambda scope: b"\x41" + shared + u32(scope.resolve(ft)) + u32(scope.resolve(table))
    if builtin == "thread.available-parallelism":
        return _const(b"\x42" + _flag(ctx, "shared"))
    raise cur.error("unexpected token", "a canonical built-in", cur.i - 1)


def canon_sort(builtin: str) -> str:
    """The sort a built-in defines: ``func`` for a lift, ``core func`` for the others."""
    return "func" if builtin == "lift" else "core func"


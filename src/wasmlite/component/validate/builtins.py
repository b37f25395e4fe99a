"""The canonical built-ins other than ``canon lift`` and ``canon lower``
(Explainer.md, "Canonical built-ins"): each checks its immediates and
options and gives a core function of a fixed type."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...errors import InvalidError
from .. import ir
from .abi import contains_ptr, flatten_functype
from .core import core_functype
from .resolved import Future, FuncType, Stream

if TYPE_CHECKING:
    from ...validate.types import DefType
    from .scope import Scope

I32 = "i32"

_FIXED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "resource.drop": ((I32,), ()),
    "backpressure.inc": ((), ()),
    "backpressure.dec": ((), ()),
    "task.cancel": ((), ()),
    "subtask.cancel": ((I32,), (I32,)),
    "subtask.drop": ((I32,), ()),
    "stream.new": ((), ("i64",)),
    "stream.cancel-read": ((I32,), (I32,)),
    "stream.cancel-write": ((I32,), (I32,)),
    "stream.drop-readable": ((I32,), ()),
    "stream.drop-writable": ((I32,), ()),
    "future.new": ((), ("i64",)),
    "future.cancel-read": ((I32,), (I32,)),
    "future.cancel-write": ((I32,), (I32,)),
    "future.drop-readable": ((I32,), ()),
    "future.drop-writable": ((I32,), ()),
    "error-context.drop": ((I32,), ()),
    "waitable-set.new": ((), (I32,)),
    "waitable-set.drop": ((I32,), ()),
    "waitable.join": ((I32, I32), ()),
    "thread.index": ((), (I32,)),
    "thread.resume-later": ((I32,), ()),
    "thread.suspend": ((), (I32,)),
    "thread.yield": ((), (I32,)),
    "thread.suspend-then-resume": ((I32,), (I32,)),
    "thread.yield-then-resume": ((I32,), (I32,)),
    "thread.suspend-then-promote": ((I32,), (I32,)),
    "thread.yield-then-promote": ((I32,), (I32,)),
}
"""Built-ins whose core type does not depend on their immediates."""


def _payload_type(scope: Scope, name: str, idx: int, cls: type) -> Stream | Future:
    t = scope.defined_type_at(idx)
    if not isinstance(t, cls) or not isinstance(t, (Stream, Future)):
        raise InvalidError(f"`{name}` requires a {cls.__name__.lower()} type")
    return t


def builtin(scope: Scope, c: ir.CanonBuiltin) -> DefType:
    """Check a built-in; the type of the core function it defines."""
    from .canon import check_options
    name = c.name
    if name == "resource.new" or name == "resource.rep":
        scope.local_resource_at(c.type)  # type: ignore[arg-type]
        return core_functype((I32,), (I32,))
    if name == "resource.drop":
        scope.resource_at(c.type)  # type: ignore[arg-type]
    elif name.startswith("stream.") or name.startswith("future."):
        cls = Stream if name.startswith("stream.") else Future
        t = _payload_type(scope, name, c.type, cls)  # type: ignore[arg-type]
        if name.endswith(".read") or name.endswith(".write"):
            o = check_options(scope, c.opts)
            if t.type is not None:
                o.require_memory()
                if name.endswith(".read") and contains_ptr(t.type):
                    o.require_realloc()
            if o.post_return is not None:
                raise InvalidError("canonical option `post-return` cannot be specified for "
                                   "lowerings")
            flat = (I32, I32, I32) if cls is Stream else (I32, I32)
            return core_functype(flat, (I32,))
    elif name == "task.return":
        o = check_options(scope, c.opts)
        if o.realloc is not None:
            raise InvalidError("cannot specify `realloc` option on `task.return`")
        if o.post_return is not None:
            raise InvalidError("cannot specify `post-return` option on `task.return`")
        if o.is_async:
            raise InvalidError("cannot specify `async` option on `task.return`")
        result = c.result
        from .canon import signature
        sig = signature(FuncType(() if result is None else (("v", scope.valtype(result)),),
                                 None), o, "lower")
        return core_functype(sig.params, sig.results)
    elif name in ("context.get", "context.set"):
        if c.valtype != I32:
            raise InvalidError(f"`{name}` only supports `i32` or `i64`"
                               if c.valtype != "i64" else
                               f"64-bit `{name}` requires the component model 64-bit feature")
        if c.slot:
            raise InvalidError(f"`{name}` immediate must be zero: {c.slot}")
        return core_functype((), (I32,)) if name == "context.get" else core_functype((I32,), ())
    elif name in ("error-context.new", "error-context.debug-message"):
        o = check_options(scope, c.opts)
        o.require_memory()
        if o.is_async:
            raise InvalidError(f"cannot specify `async` option on `{name}`")
        return core_functype((I32, I32), (I32,) if name.endswith(".new") else ())
    elif name in ("waitable-set.wait", "waitable-set.poll"):
        scope.memory_at(c.memory)  # type: ignore[arg-type]
        return core_functype((I32, I32), (I32,))
    elif name == "thread.new-indirect":
        start = scope.core_space.deftype(c.core_type)  # type: ignore[arg-type]
        if start.kind != "func":
            raise InvalidError("start type must be a function")
        scope.table_at(c.table)  # type: ignore[arg-type]
        return core_functype((I32, I32), (I32,))
    elif name not in _FIXED:
        raise InvalidError(f"not supported: the `{name}` built-in")
    return core_functype(*_FIXED[name])


def async_lift_signature(ft: FuncType, callback: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The core type of a function lifted with the ``async`` option."""
    sig = flatten_functype(ft, "lift")
    return sig.params, ((I32,) if callback else ())

"""Canonical definitions (``canon``; Binary.md, "Canonical Definitions").

``canon lift`` and ``canon lower`` convert between core functions and
component functions (:class:`Lift`, :class:`Lower`). Every other canonical
definition is a built-in core function, :class:`CanonBuiltin`, named as in the
spec (``"resource.new"``, ``"stream.read"``, ...) with the immediates that
:data:`BUILTIN_IMMEDIATES` lists for that name. Options (``canonopt``) are
:class:`CanonOpt` values, kept in the order they were written.
"""

from __future__ import annotations

from ... import ir as core
from ...ir import _FrozenRecord, _Record
from .value_types import ValType

STRING_ENCODINGS = ("utf8", "utf16", "latin1+utf16")
"""The ``string-encoding=`` option values."""

OPTION_NAMES = ("string-encoding", "memory", "realloc", "post-return", "async", "callback",
                "core-type", "gc")


class CanonOpt(_FrozenRecord):
    """``canonopt``: ``name`` is one of :data:`OPTION_NAMES`; ``value`` is the
    encoding name for ``string-encoding``, the core memory or function index for
    ``memory``, ``realloc``, ``post-return`` and ``callback``, the core type
    index for ``core-type``, ``None`` for ``async`` and ``gc``."""

    __slots__ = ("name", "value")

    def __init__(self, name: str, value: str | int | None = None) -> None:
        self.name = name
        self.value = value

    def __str__(self) -> str:
        if self.name == "string-encoding":
            return f"string-encoding={self.value}"
        return self.name if self.value is None else f"({self.name} {self.value})"


def find_option(opts: tuple[CanonOpt, ...], name: str) -> CanonOpt | None:
    """The first option called ``name`` in ``opts``, if any."""
    for opt in opts:
        if opt.name == name:
            return opt
    return None


def string_encoding(opts: tuple[CanonOpt, ...]) -> str:
    """The string encoding ``opts`` select (``utf8`` when none is given)."""
    opt = find_option(opts, "string-encoding")
    return "utf8" if opt is None else str(opt.value)


class Lift(_Record):
    """``(canon lift core-func opts (type ft))``: a component function of type
    ``type`` that calls the core function ``core_func``."""

    __slots__ = ("core_func", "opts", "type")

    def __init__(self, core_func: int, opts: tuple[CanonOpt, ...], type: int) -> None:
        self.core_func = core_func
        self.opts = opts
        self.type = type


class Lower(_Record):
    """``(canon lower func opts)``: a core function that calls the component
    function ``func``."""

    __slots__ = ("func", "opts")

    def __init__(self, func: int, opts: tuple[CanonOpt, ...] = ()) -> None:
        self.func = func
        self.opts = opts


BUILTIN_IMMEDIATES: dict[str, tuple[str, ...]] = {
    "resource.new": ("type",),
    "resource.drop": ("type",),
    "resource.rep": ("type",),
    "backpressure.inc": (),
    "backpressure.dec": (),
    "task.return": ("result", "opts"),
    "task.cancel": (),
    "context.get": ("valtype", "slot"),
    "context.set": ("valtype", "slot"),
    "subtask.cancel": ("is_async",),
    "subtask.drop": (),
    "stream.new": ("type",),
    "stream.read": ("type", "opts"),
    "stream.write": ("type", "opts"),
    "stream.cancel-read": ("type", "is_async"),
    "stream.cancel-write": ("type", "is_async"),
    "stream.drop-readable": ("type",),
    "stream.drop-writable": ("type",),
    "future.new": ("type",),
    "future.read": ("type", "opts"),
    "future.write": ("type", "opts"),
    "future.cancel-read": ("type", "is_async"),
    "future.cancel-write": ("type", "is_async"),
    "future.drop-readable": ("type",),
    "future.drop-writable": ("type",),
    "error-context.new": ("opts",),
    "error-context.debug-message": ("opts",),
    "error-context.drop": (),
    "waitable-set.new": (),
    "waitable-set.wait": ("cancellable", "memory"),
    "waitable-set.poll": ("cancellable", "memory"),
    "waitable-set.drop": (),
    "waitable.join": (),
    "thread.index": (),
    "thread.new-indirect": ("core_type", "table"),
    "thread.resume-later": (),
    "thread.suspend": ("cancellable",),
    "thread.yield": ("cancellable",),
    "thread.suspend-then-resume": ("cancellable",),
    "thread.yield-then-resume": ("cancellable",),
    "thread.suspend-then-promote": ("cancellable",),
    "thread.yield-then-promote": ("cancellable",),
    "thread.spawn-ref": ("shared", "core_type"),
    "thread.spawn-indirect": ("shared", "core_type", "table"),
    "thread.available-parallelism": ("shared",),
}
"""Each built-in's immediates, in binary order. Their meaning:

* ``type``: a type index (the resource, stream or future type);
* ``opts``: a tuple of :class:`CanonOpt`;
* ``result``: the value type ``task.return`` returns, or ``None``;
* ``valtype`` and ``slot``: the core value type and index of a context slot;
* ``is_async``, ``cancellable``, ``shared``: flags;
* ``memory``: a core memory index;
* ``core_type`` and ``table``: a core function type index and a core table index.
"""


class CanonBuiltin(_Record):
    """A canonical built-in: ``(canon name immediates* (core func))``.

    ``name`` is a key of :data:`BUILTIN_IMMEDIATES`; the immediates that name
    takes are set, the others are ``None`` (``opts`` is then ``()``).
    """

    __slots__ = ("name", "type", "opts", "result", "valtype", "slot", "is_async",
                 "cancellable", "shared", "memory", "core_type", "table")

    def __init__(self, name: str, *, type: int | None = None, opts: tuple[CanonOpt, ...] = (),
                 result: ValType | None = None, valtype: core.ValType | None = None,
                 slot: int | None = None, is_async: bool | None = None,
                 cancellable: bool | None = None, shared: bool | None = None,
                 memory: int | None = None, core_type: int | None = None,
                 table: int | None = None) -> None:
        self.name = name
        self.type = type
        self.opts = opts
        self.result = result
        self.valtype = valtype
        self.slot = slot
        self.is_async = is_async
        self.cancellable = cancellable
        self.shared = shared
        self.memory = memory
        self.core_type = core_type
        self.table = table

    @property
    def immediates(self) -> tuple[str, ...]:
        """The names of the immediates this built-in takes, in binary order."""
        return BUILTIN_IMMEDIATES[self.name]


Canon = Lift | Lower | CanonBuiltin
"""``canon``: one canonical definition."""

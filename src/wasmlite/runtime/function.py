"""Function instances: functions defined by a wasm module, and host functions.

Both kinds expose the same raw calling convention, used by compiled code and
by the embedding API alike: ``raw(*args)`` takes raw values (see
``wasmlite.runtime``) and returns ``None`` (no result), the value (one
result), or a tuple (several results). ``type`` is the closed defined type
(:class:`~wasmlite.validate.types.DefType`) that ``call_indirect`` and
``call_ref`` compare by identity. ``tail`` is the entry that a tail call
jumps to (see ``wasmlite.compile.python.tailcall``).
"""

from __future__ import annotations

from .. import ir
from ..validate.types import DefType, canonicalize
from .entry import enter

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable

__all__ = ["WasmFunction", "HostFunction", "FunctionInstance", "func_deftype"]


class WasmFunction:
    """Function ``index`` (in the function index space) of module instance ``instance``."""

    __slots__ = ("type", "instance", "index", "raw", "tail", "__weakref__")

    def __init__(self, deftype: DefType, instance, index: int,
                 raw: Callable[..., Any], tail: Callable[..., Any]):
        self.type = deftype
        self.instance = instance
        self.index = index
        self.raw = raw
        self.tail = tail

    @property
    def functype(self) -> ir.FuncType:
        """The function's type, with closed value types."""
        return self.type.comptype

    def call(self, *args: Any) -> Any:
        """Call from the host: raw arguments in, raw results out; traps raise :class:`Trap`."""
        return enter(self.raw, args, self.instance.store.stack_frames)

    def __repr__(self) -> str:
        return f"<wasm function {self.index}>"


class HostFunction:
    """A function implemented in Python: ``callable`` takes raw arguments and
    returns raw results, following the raw calling convention."""

    __slots__ = ("type", "raw", "tail", "__weakref__")

    def __init__(self, functype: ir.FuncType | DefType, callable: Callable[..., Any]):
        self.type = functype if isinstance(functype, DefType) else func_deftype(functype)
        self.raw = callable
        self.tail = callable

    @property
    def functype(self) -> ir.FuncType:
        """The function's type, with closed value types."""
        return self.type.comptype

    def call(self, *args: Any) -> Any:
        """Call the host function with raw arguments."""
        return self.raw(*args)

    def __repr__(self) -> str:
        return f"<host function {self.raw!r}>"


FunctionInstance = WasmFunction | HostFunction
"""A function reference value (``funcref``)."""


def func_deftype(functype: ir.FuncType) -> DefType:
    """The closed defined type of a final function type written without type indices."""
    return canonicalize(ir.Module(types=[ir.SubType(True, (), functype)]))[0]

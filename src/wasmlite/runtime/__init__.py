"""Store-side runtime objects: instances of functions, tables, memories,
globals, tags and segments; module instances; traps; instantiation.

Raw values (the runtime's value representation, shared by every tier):

* ``i32`` / ``i64``: unsigned Python ints (``0 <= v < 2**32`` / ``2**64``);
* ``f64``: a Python float, every bit pattern preserved;
* ``f32``: a Python float exactly representable in binary32; a NaN carries
  its f32 mantissa shifted left by 29 (see :mod:`wasmlite.runtime.floats`);
* ``v128``: an unsigned 128-bit Python int (lane 0 in the low bits);
* ``funcref``: a function instance (``WasmFunction`` / ``HostFunction``) or
  ``None``; ``externref``: any Python object, ``None`` being null;
* ``anyref`` and its subtypes: see :mod:`wasmlite.runtime.aggregate`;
  ``exnref``: a :class:`WasmException` or ``None``.
"""

from .exception import WasmException
from .function import HostFunction, WasmFunction
from .global_ import GlobalInstance
from .instance import ModuleInstance
from .instantiate import instantiate
from .memory import MemoryInstance
from .segment import DataInstance, ElemInstance
from .store import StoreState
from .table import TableInstance
from .tag import TagInstance
from .trap import Frame, Trap, TrapCode

__all__ = [
    "HostFunction", "WasmFunction", "GlobalInstance", "ModuleInstance", "instantiate",
    "MemoryInstance", "DataInstance", "ElemInstance", "StoreState", "TableInstance",
    "TagInstance", "Frame", "Trap", "TrapCode", "WasmException",
]

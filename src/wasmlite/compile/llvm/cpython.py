"""The CPython C API as native code uses it: calls between Python and machine code.

Python calls a native function as a *builtin* (``METH_FASTCALL``, made with
``PyCFunction_NewEx``) whose machine code unboxes its arguments, runs the
wasm function and boxes the result: a call costs about what a call of
``abs`` costs, with no ``ctypes`` conversion in between. Native code calls
Python back with ``PyObject_Vectorcall`` on boxed arguments. Everything runs
with the GIL held (native code is only ever entered from Python).

Only functions of CPython's stable ABI are used (plus ``PyObject_Vectorcall``,
which every supported CPython exports); :func:`available` says whether this
interpreter has them, else the native tier is not offered.
"""

from __future__ import annotations

import ctypes
import functools

from llvmlite import ir

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["available", "register", "declare", "make_builtin", "NativeContext", "FUNCTIONS"]

_PTR = ir.PointerType()
_I32 = ir.IntType(32)
_I64 = ir.IntType(64)
_F64 = ir.DoubleType()
_VOID = ir.VoidType()

FUNCTIONS: dict[str, ir.FunctionType] = {
    "PyLong_AsVoidPtr": ir.FunctionType(_PTR, [_PTR]),
    "PyLong_AsUnsignedLongLongMask": ir.FunctionType(_I64, [_PTR]),
    "PyLong_FromUnsignedLongLong": ir.FunctionType(_PTR, [_I64]),
    "PyFloat_AsDouble": ir.FunctionType(_F64, [_PTR]),
    "PyFloat_FromDouble": ir.FunctionType(_PTR, [_F64]),
    "PyErr_Occurred": ir.FunctionType(_PTR, []),
    "PyThreadState_Get": ir.FunctionType(_PTR, []),
    "PyObject_Vectorcall": ir.FunctionType(_PTR, [_PTR, _PTR, _I64, _PTR]),
    "PyObject_CallNoArgs": ir.FunctionType(_PTR, [_PTR]),
    "Py_IncRef": ir.FunctionType(_VOID, [_PTR]),
    "Py_DecRef": ir.FunctionType(_VOID, [_PTR]),
    "PyTuple_New": ir.FunctionType(_PTR, [_I64]),
    "PyTuple_SetItem": ir.FunctionType(_I32, [_PTR, _I64, _PTR]),
    "PyNumber_Lshift": ir.FunctionType(_PTR, [_PTR, _PTR]),
    "PyNumber_Rshift": ir.FunctionType(_PTR, [_PTR, _PTR]),
    "PyNumber_Or": ir.FunctionType(_PTR, [_PTR, _PTR]),
}
"""The C API functions native code calls, with their LLVM types."""

METH_FASTCALL = 0x0080


class _MethodDef(ctypes.Structure):
    _fields_ = [("ml_name", ctypes.c_char_p), ("ml_meth", ctypes.c_void_p),
                ("ml_flags", ctypes.c_int), ("ml_doc", ctypes.c_char_p)]


@functools.cache
def _addresses() -> dict[str, int] | None:
    api = getattr(ctypes, "pythonapi", None)
    if api is None:
        return None
    found = {}
    for name in (*FUNCTIONS, "PyCFunction_NewEx"):
        try:
            address = ctypes.cast(getattr(api, name), ctypes.c_void_p).value
        except AttributeError:
            return None
        if not address:
            return None
        found[name] = address
    return found


def available() -> bool:
    """Whether this interpreter offers the C API native code needs."""
    return _addresses() is not None


@functools.cache
def register() -> None:
    """Tell LLVM where the C API functions are (before loading machine code)."""
    import llvmlite.binding as llvm
    for name, address in (_addresses() or {}).items():
        llvm.add_symbol(name, address)


def declare(module: ir.Module, name: str) -> ir.Function:
    """C API function ``name`` declared in ``module`` (once)."""
    fn = module.globals.get(name)
    if fn is None:
        fn = ir.Function(module, FUNCTIONS[name], name)
    return fn


class NativeContext(int):
    """The address of an instance's context, as the ``self`` of its builtins:
    machine code reads the address back (``PyLong_AsVoidPtr``); ``owner``
    keeps what the builtins need alive as long as any of them is."""

    owner: Any


@functools.cache
def _new_builtin():
    new = ctypes.pythonapi.PyCFunction_NewEx
    new.restype = ctypes.py_object
    new.argtypes = [ctypes.c_void_p, ctypes.py_object, ctypes.c_void_p]
    return new


def make_builtin(address: int, name: str, context: NativeContext, keep: list):
    """A builtin function named ``name`` running the ``METH_FASTCALL`` machine
    code at ``address`` with ``context`` as its ``self``; what must outlive it
    goes into ``keep`` (which ``context.owner`` holds)."""
    label = ctypes.create_string_buffer(name.encode())
    definition = _MethodDef(ctypes.cast(label, ctypes.c_char_p), address, METH_FASTCALL, None)
    keep += (label, definition)
    return _new_builtin()(ctypes.addressof(definition), context, None)

"""The WebAssembly component model.

* ``ir/``: the component IR, plain data named after the spec's Binary.md;
* ``binary/``: component binaries decoded into the IR, and encoded back;
* ``text/``: the component text format, parsed into component binaries;
* ``validate/``: validation, and the component's type;
* ``types.py``: the public component types; ``values.py``: Python values;
* ``canonical/``: the canonical ABI (lifting and lowering values);
* ``instantiate/``: instantiation (index spaces, resources, imports);
* ``api/``: the wasmtime-py compatible classes this package exports.

The names exported are wasmtime-py's ``wasmtime.component`` names, plus the
typed API of Wasmtime's Rust crate: :class:`TypedFunc` (from ``Func.typed``),
the annotation markers of ``LinkerInstance.func_wrap`` (``u8`` ... ``s64``,
``f32``, ``f64``, ``char``, ``Result``, ``Own``, ``Borrow``; see
:mod:`wasmlite.component.api.markers`).
"""

from .api import (Borrow, Component, ComponentExtern, ComponentInstanceType, ComponentItem,
                  ComponentType, ExportIndex, Func, Instance, Linker, LinkerInstance, ModuleType,
                  Own, Result, TypedFunc, char, s8, s16, s32, s64, u8, u16, u32, u64)
from .api.markers import f32, f64
from .types import (Bool, BorrowType, Char, EnumType, ErrorContext, F32, F64, FlagsType,
                    FuncType, FutureType, ListType, OptionType, OwnType, RecordType,
                    ResourceType, ResultType, S8, S16, S32, S64, StreamType, String, TupleType,
                    U8, U16, U32, U64, ValType, VariantType)
from .values import Record, ResourceAny, ResourceHost, Variant

__all__ = [
    "Component", "ExportIndex", "Linker", "LinkerInstance", "Instance", "Func",
    "ResourceType", "ResourceAny", "ResourceHost", "ComponentType", "ModuleType",
    "ComponentItem", "ComponentInstanceType", "FuncType", "ValType", "Bool", "U8", "U16",
    "U32", "U64", "S8", "S16", "S32", "S64", "F32", "F64", "Char", "String", "ErrorContext",
    "ListType", "RecordType", "TupleType", "VariantType", "EnumType", "OptionType",
    "ResultType", "FlagsType", "StreamType", "FutureType", "OwnType", "BorrowType", "Variant",
    "Record", "ComponentExtern",
    # beyond wasmtime-py: typed host functions and typed calls
    "TypedFunc", "Result", "Own", "Borrow", "char", "u8", "u16", "u32", "u64", "s8", "s16",
    "s32", "s64", "f32", "f64",
]

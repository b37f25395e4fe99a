"""The byte codes of the component binary format (Binary.md), shared by the
decoder and the encoder: one table per grammar rule, byte to meaning."""

from __future__ import annotations

MAGIC = b"\x00asm"
VERSION = b"\x0d\x00"
"""The pre-standard component version (``0x0d``), two bytes."""
LAYER = b"\x01\x00"
"""The layer of a component; core modules have layer ``0x00 0x00``."""
PREAMBLE = MAGIC + VERSION + LAYER

# Section ids.
CUSTOM, CORE_MODULE, CORE_INSTANCE, CORE_TYPE, COMPONENT, INSTANCE, ALIAS, TYPE, CANON, START, \
    IMPORT, EXPORT, VALUE = range(13)

SECTION_NAMES = ("custom", "core module", "core instance", "core type", "component", "instance",
                 "alias", "type", "canon", "start", "import", "export", "value")

CORE_SORT_CODES: dict[str, int] = {
    "func": 0x00, "table": 0x01, "memory": 0x02, "global": 0x03, "tag": 0x04,
    "type": 0x10, "module": 0x11, "instance": 0x12,
}
CORE_SORT_BY_CODE = {c: s for s, c in CORE_SORT_CODES.items()}

CORE_SORT_PREFIX = 0x00
"""The ``sort`` byte that a ``core:sort`` byte follows."""
SORT_CODES: dict[str, int] = {
    "func": 0x01, "value": 0x02, "type": 0x03, "component": 0x04, "instance": 0x05,
}
SORT_BY_CODE = {c: s for s, c in SORT_CODES.items()}

# core:instanceexpr and instanceexpr
INSTANTIATE = 0x00
INLINE_EXPORTS = 0x01
CORE_INSTANCE_ARG_SORT = 0x12
"""A core instantiation argument is always a core instance."""

# alias targets
ALIAS_EXPORT = 0x00
ALIAS_CORE_EXPORT = 0x01
ALIAS_OUTER = 0x02

# core:deftype
MODULE_TYPE = 0x50
NON_FINAL_SUB_PREFIX = 0x00
"""Written before a non-final core ``sub`` (``0x50``), which a module type's
opcode would otherwise shadow."""
CORE_ALIAS_TYPE_SORT = 0x10
CORE_ALIAS_OUTER = 0x01

# core:moduledecl
MODULE_IMPORT, MODULE_TYPE_DECL, MODULE_ALIAS, MODULE_EXPORT = 0x00, 0x01, 0x02, 0x03
CORE_EXTERN_KINDS = ("func", "table", "memory", "global", "tag")

# instancedecl / componentdecl
DECL_CORE_TYPE, DECL_TYPE, DECL_ALIAS, DECL_IMPORT, DECL_EXPORT = 0x00, 0x01, 0x02, 0x03, 0x04

# deftype
RESOURCE_TYPE = 0x3F
FUNC_TYPE = 0x40
ASYNC_FUNC_TYPE = 0x43
COMPONENT_TYPE = 0x41
INSTANCE_TYPE = 0x42

PRIMITIVE_CODES: dict[str, int] = {
    "bool": 0x7F, "s8": 0x7E, "u8": 0x7D, "s16": 0x7C, "u16": 0x7B, "s32": 0x7A, "u32": 0x79,
    "s64": 0x78, "u64": 0x77, "f32": 0x76, "f64": 0x75, "char": 0x74, "string": 0x73,
    "error-context": 0x64,
}
PRIMITIVE_BY_CODE = {c: p for p, c in PRIMITIVE_CODES.items()}

RECORD, VARIANT, LIST, TUPLE, FLAGS, ENUM = 0x72, 0x71, 0x70, 0x6F, 0x6E, 0x6D
OPTION, RESULT, OWN, BORROW, FIXED_LENGTH_LIST, STREAM, FUTURE, MAP = \
    0x6B, 0x6A, 0x69, 0x68, 0x67, 0x66, 0x65, 0x63

# resultlist
RESULT_ONE = 0x00
RESULT_NONE = 0x01

# externtype
EXTERN_CODES: dict[str, int] = {
    "core module": 0x00, "func": 0x01, "value": 0x02, "type": 0x03, "component": 0x04,
    "instance": 0x05,
}
EXTERN_BY_CODE = {c: s for s, c in EXTERN_CODES.items()}
BOUND_EQ = 0x00
BOUND_SUB_RESOURCE = 0x01
VALUE_BOUND_TYPE = 0x01

# nameattributes attributes
ATTR_IMPLEMENTS, ATTR_VERSION_SUFFIX, ATTR_EXTERNAL_ID = 0x00, 0x01, 0x02

# canon
CANON_LIFT = 0x00
CANON_LOWER = 0x01
CANON_FUNC_SORT = 0x00
"""The ``func`` sort byte that follows ``lift`` (core func) and ``lower`` (func)."""

CANON_BUILTIN_CODES: dict[str, int] = {
    "resource.new": 0x02, "resource.drop": 0x03, "resource.rep": 0x04,
    "task.cancel": 0x05, "subtask.cancel": 0x06, "task.return": 0x09,
    "context.get": 0x0A, "context.set": 0x0B, "thread.yield": 0x0C, "subtask.drop": 0x0D,
    "stream.new": 0x0E, "stream.read": 0x0F, "stream.write": 0x10,
    "stream.cancel-read": 0x11, "stream.cancel-write": 0x12,
    "stream.drop-readable": 0x13, "stream.drop-writable": 0x14,
    "future.new": 0x15, "future.read": 0x16, "future.write": 0x17,
    "future.cancel-read": 0x18, "future.cancel-write": 0x19,
    "future.drop-readable": 0x1A, "future.drop-writable": 0x1B,
    "error-context.new": 0x1C, "error-context.debug-message": 0x1D,
    "error-context.drop": 0x1E,
    "waitable-set.new": 0x1F, "waitable-set.wait": 0x20, "waitable-set.poll": 0x21,
    "waitable-set.drop": 0x22, "waitable.join": 0x23,
    "backpressure.inc": 0x24, "backpressure.dec": 0x25,
    "thread.index": 0x26, "thread.new-indirect": 0x27, "thread.resume-later": 0x28,
    "thread.suspend": 0x29, "thread.suspend-then-resume": 0x2A,
    "thread.yield-then-resume": 0x2B, "thread.suspend-then-promote": 0x2C,
    "thread.yield-then-promote": 0x2D,
    "thread.spawn-ref": 0x40, "thread.spawn-indirect": 0x41,
    "thread.available-parallelism": 0x42,
}
CANON_BUILTIN_BY_CODE = {c: n for n, c in CANON_BUILTIN_CODES.items()}

# canonopt
OPT_UTF8, OPT_UTF16, OPT_LATIN1_UTF16 = 0x00, 0x01, 0x02
OPT_MEMORY, OPT_REALLOC, OPT_POST_RETURN, OPT_ASYNC, OPT_CALLBACK = 0x03, 0x04, 0x05, 0x06, 0x07
OPT_CORE_TYPE, OPT_GC = 0x08, 0x09
STRING_ENCODING_CODES: dict[str, int] = {
    "utf8": OPT_UTF8, "utf16": OPT_UTF16, "latin1+utf16": OPT_LATIN1_UTF16,
}
STRING_ENCODING_BY_CODE = {c: e for e, c in STRING_ENCODING_CODES.items()}
INDEX_OPTION_CODES: dict[str, int] = {
    "memory": OPT_MEMORY, "realloc": OPT_REALLOC, "post-return": OPT_POST_RETURN,
    "callback": OPT_CALLBACK, "core-type": OPT_CORE_TYPE,
}
INDEX_OPTION_BY_CODE = {c: n for n, c in INDEX_OPTION_CODES.items()}

# component-name section
NAME_COMPONENT = 0x00
NAME_SORT = 0x01

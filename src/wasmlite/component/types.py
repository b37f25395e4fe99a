"""Resolved component types: what validation produces and the canonical ABI reads.

The classes are named after the component model's specification (Explainer.md,
"Type definitions"; CanonicalABI.md). Every type is immutable once built.

* Value types (:class:`ValType` and its subclasses) are equal and hashable by
  their structure: ``List(U32()) == List(U32())``. Own and borrow handles
  compare their resource types by identity, so structural equality stops there.
* :class:`ResourceType` has identity semantics: every resource definition, and
  every instantiation of a component that defines one, makes a distinct object
  that equals only itself.
* :class:`FuncType`, :class:`InstanceType`, :class:`ComponentType` and
  :class:`ModuleType` are the extern types (together with value types and
  resource types, see :data:`ExternType`), structural as well.

``str()`` of a type is WIT-like text (``list<u32>``, ``record { a: u8 }``,
``result<string, u32>``, ``func(a: u32) -> string``) meant for error messages.

The attribute names follow wasmtime-py's component type classes (``element``,
``fields``, ``elements``, ``cases``, ``names``, ``payload``, ``ok``, ``err``,
``ty``, ``params``, ``result``), and ``ListType`` ... ``BorrowType`` are aliases
under wasmtime-py's names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Union

__all__ = [
    "Seq", "ValType", "Primitive", "Bool", "S8", "U8", "S16", "U16", "S32", "U32", "S64", "U64",
    "F32", "F64", "Char", "String", "ErrorContext", "List", "Record", "Tuple", "Variant",
    "Enum", "Option", "Result", "Flags", "Own", "Borrow", "Stream", "Future",
    "ResourceType", "FuncType", "InstanceType", "ComponentType", "ModuleType",
    "ExternType", "PRIMITIVES", "primitive",
    "ListType", "RecordType", "TupleType", "VariantType", "EnumType", "OptionType",
    "ResultType", "FlagsType", "OwnType", "BorrowType", "StreamType", "FutureType",
]


class Seq(tuple):  # type: ignore[type-arg]
    """A tuple that also equals the list of the same items, as wasmtime-py's type
    classes give lists (``FuncType.params == [("x", U32())]``)."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, list):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return tuple.__eq__(self, other)  # type: ignore[arg-type]

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = tuple.__hash__


class _Immutable:
    """Refuses assignment after construction (constructors use ``_set``)."""

    __slots__ = ()

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _set(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)


class ValType(_Immutable):
    """A component value type.

    ``_abi`` is a cache the canonical ABI fills on first use (alignment, size,
    flat types, lift and lower functions); it takes no part in equality.
    """

    __slots__ = ("_abi",)

    def _key(self) -> tuple:
        """The fields that make up equality and the hash."""
        return ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self is other or self._key() == other._key()  # type: ignore[attr-defined]
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self) -> int:
        return hash((self.__class__.__name__, self._key()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(repr(k) for k in self._key())})"

    def __str__(self) -> str:
        raise NotImplementedError


# --- primitive value types -----------------------------------------------------------

class Primitive(ValType):
    """A primitive value type; ``name`` is its name in the text format and in WIT."""

    __slots__ = ()
    name = ""

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class Bool(Primitive):
    """``bool``."""
    __slots__ = ()
    name = "bool"


class S8(Primitive):
    """``s8``: a signed 8-bit integer."""
    __slots__ = ()
    name = "s8"


class U8(Primitive):
    """``u8``: an unsigned 8-bit integer."""
    __slots__ = ()
    name = "u8"


class S16(Primitive):
    """``s16``: a signed 16-bit integer."""
    __slots__ = ()
    name = "s16"


class U16(Primitive):
    """``u16``: an unsigned 16-bit integer."""
    __slots__ = ()
    name = "u16"


class S32(Primitive):
    """``s32``: a signed 32-bit integer."""
    __slots__ = ()
    name = "s32"


class U32(Primitive):
    """``u32``: an unsigned 32-bit integer."""
    __slots__ = ()
    name = "u32"


class S64(Primitive):
    """``s64``: a signed 64-bit integer."""
    __slots__ = ()
    name = "s64"


class U64(Primitive):
    """``u64``: an unsigned 64-bit integer."""
    __slots__ = ()
    name = "u64"


class F32(Primitive):
    """``f32``: an IEEE-754 binary32 number (NaNs canonical across the boundary)."""
    __slots__ = ()
    name = "f32"


class F64(Primitive):
    """``f64``: an IEEE-754 binary64 number (NaNs canonical across the boundary)."""
    __slots__ = ()
    name = "f64"


class Char(Primitive):
    """``char``: a Unicode scalar value (a code point that is not a surrogate)."""
    __slots__ = ()
    name = "char"


class String(Primitive):
    """``string``: a sequence of Unicode scalar values."""
    __slots__ = ()
    name = "string"


class ErrorContext(Primitive):
    """``error-context``: a handle to an error context (async built-ins)."""
    __slots__ = ()
    name = "error-context"


PRIMITIVES: dict[str, type[Primitive]] = {
    cls.name: cls for cls in (Bool, S8, U8, S16, U16, S32, U32, S64, U64, F32, F64, Char,
                              String, ErrorContext)
}
"""Primitive type classes by their text-format name (``"u32"`` -> :class:`U32`)."""


def primitive(name: str) -> Primitive:
    """The primitive value type called ``name`` in the text format (``"u32"``)."""
    return PRIMITIVES[name]()


# --- compound value types --------------------------------------------------------------

def _opt(t: ValType | None) -> str:
    return "_" if t is None else str(t)


class List(ValType):
    """``list<element>``, or with ``length`` the fixed-length ``list<element, length>``."""

    __slots__ = ("element", "length")
    element: ValType
    length: int | None

    def __init__(self, element: ValType, length: int | None = None) -> None:
        self._set("element", element)
        self._set("length", length)

    def _key(self) -> tuple:
        return (self.element, self.length)

    def __str__(self) -> str:
        if self.length is None:
            return f"list<{self.element}>"
        return f"list<{self.element}, {self.length}>"


class Record(ValType):
    """``record { name: type, ... }``: ``fields`` is a tuple of ``(name, type)`` in order."""

    __slots__ = ("fields",)
    fields: tuple[tuple[str, ValType], ...]

    def __init__(self, fields: Mapping[str, ValType] | Iterable[tuple[str, ValType]]) -> None:
        items = fields.items() if isinstance(fields, Mapping) else fields
        self._set("fields", Seq((name, t) for name, t in items))

    def _key(self) -> tuple:
        return self.fields

    def __repr__(self) -> str:
        return f"Record({list(self.fields)!r})"

    def __str__(self) -> str:
        return "record { " + ", ".join(f"{n}: {t}" for n, t in self.fields) + " }"


class Tuple(ValType):
    """``tuple<t, ...>``: ``elements`` is a tuple of types."""

    __slots__ = ("elements",)
    elements: tuple[ValType, ...]

    def __init__(self, elements: Iterable[ValType]) -> None:
        self._set("elements", Seq(elements))

    def _key(self) -> tuple:
        return self.elements

    def __repr__(self) -> str:
        return f"Tuple({list(self.elements)!r})"

    def __str__(self) -> str:
        return "tuple<" + ", ".join(str(t) for t in self.elements) + ">"


class Variant(ValType):
    """``variant { name(type), name, ... }``: ``cases`` is a tuple of ``(name, type or None)``."""

    __slots__ = ("cases",)
    cases: tuple[tuple[str, ValType | None], ...]

    def __init__(self, cases: Mapping[str, ValType | None]
                 | Iterable[tuple[str, ValType | None]]) -> None:
        items = cases.items() if isinstance(cases, Mapping) else cases
        self._set("cases", Seq((name, t) for name, t in items))

    def _key(self) -> tuple:
        return self.cases

    def __repr__(self) -> str:
        return f"Variant({list(self.cases)!r})"

    def __str__(self) -> str:
        return "variant { " + ", ".join(n if t is None else f"{n}({t})"
                                        for n, t in self.cases) + " }"


class _Labels(ValType):
    """A type made of a tuple of ``names`` (enum cases or flags), printed as
    ``<keyword> { name, ... }``."""

    __slots__ = ("names",)
    names: tuple[str, ...]
    _keyword = ""

    def __init__(self, names: Iterable[str]) -> None:
        self._set("names", Seq(names))

    def _key(self) -> tuple:
        return self.names

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self.names)!r})"

    def __str__(self) -> str:
        return f"{self._keyword} {{ " + ", ".join(self.names) + " }"


class Enum(_Labels):
    """``enum { name, ... }``: ``names`` is a tuple of case names."""

    __slots__ = ()
    _keyword = "enum"


class Option(ValType):
    """``option<payload>``."""

    __slots__ = ("payload",)
    payload: ValType

    def __init__(self, payload: ValType) -> None:
        self._set("payload", payload)

    def _key(self) -> tuple:
        return (self.payload,)

    def __str__(self) -> str:
        return f"option<{self.payload}>"


class Result(ValType):
    """``result<ok, err>``; either payload may be absent (``None``)."""

    __slots__ = ("ok", "err")
    ok: ValType | None
    err: ValType | None

    def __init__(self, ok: ValType | None = None, err: ValType | None = None) -> None:
        self._set("ok", ok)
        self._set("err", err)

    def _key(self) -> tuple:
        return (self.ok, self.err)

    def __str__(self) -> str:
        if self.err is None:
            return "result" if self.ok is None else f"result<{self.ok}>"
        return f"result<{_opt(self.ok)}, {self.err}>"


class Flags(_Labels):
    """``flags { name, ... }``: ``names`` is a tuple of flag names, bit 0 first."""

    __slots__ = ()
    _keyword = "flags"


class _Handle(ValType):
    """A handle to a resource of type ``ty``, printed as ``<keyword><R>``."""

    __slots__ = ("ty",)
    ty: ResourceType
    _keyword = ""

    def __init__(self, ty: ResourceType) -> None:
        self._set("ty", ty)

    def _key(self) -> tuple:
        return (self.ty,)

    def __str__(self) -> str:
        return f"{self._keyword}<{self.ty}>"


class Own(_Handle):
    """``own<R>``: a handle that owns a resource of type ``ty``."""

    __slots__ = ()
    _keyword = "own"


class Borrow(_Handle):
    """``borrow<R>``: a handle that borrows a resource of type ``ty`` for one call."""

    __slots__ = ()
    _keyword = "borrow"


class Stream(ValType):
    """``stream<payload>`` (or ``stream`` without payload): a handle to a stream end."""

    __slots__ = ("payload",)
    payload: ValType | None

    def __init__(self, payload: ValType | None = None) -> None:
        self._set("payload", payload)

    def _key(self) -> tuple:
        return (self.payload,)

    def __str__(self) -> str:
        return "stream" if self.payload is None else f"stream<{self.payload}>"


class Future(ValType):
    """``future<payload>`` (or ``future`` without payload): a handle to a future end."""

    __slots__ = ("payload",)
    payload: ValType | None

    def __init__(self, payload: ValType | None = None) -> None:
        self._set("payload", payload)

    def _key(self) -> tuple:
        return (self.payload,)

    def __str__(self) -> str:
        return "future" if self.payload is None else f"future<{self.payload}>"


# --- resources ---------------------------------------------------------------------------

class ResourceType(_Immutable):
    """A resource type; equal only to itself.

    ``name`` is for messages. ``rep`` is the core type of the representation
    (``"i32"``, the only one the MVP allows). ``destructor`` is called with the
    representation when an owning handle is dropped (a core function instance
    or a Python callable taking the representation), or is ``None``.
    ``instance`` is the state of the component instance that defined the type
    (:class:`wasmlite.component.canonical.InstanceState`), ``None`` for a
    resource the host defines; borrowing a handle to one's own resource type
    passes the representation itself. ``host_id`` is the integer that names a
    host-defined resource type (wasmtime-py's ``ResourceType.host(n)``);
    :meth:`host` returns one object per integer, so that identity still
    decides equality.
    """

    __slots__ = ("name", "rep", "destructor", "instance", "host_id", "__weakref__")
    name: str
    rep: str
    destructor: Any
    instance: Any
    host_id: int | None

    _hosts: dict[int, ResourceType] = {}

    def __init__(self, name: str | None = None, destructor: Any = None, instance: Any = None,
                 rep: str = "i32", host_id: int | None = None) -> None:
        if name is None:     # wasmtime-py's ResourceType() refuses to be built directly
            from ..errors import WasmtimeError
            raise WasmtimeError("Cannot directly construct a `ResourceType`")
        self._set("name", name)
        self._set("rep", rep)
        self._set("destructor", destructor)
        self._set("instance", instance)
        self._set("host_id", host_id)

    @classmethod
    def host(cls, host_id: int) -> ResourceType:
        """The host-defined resource type named by the integer ``host_id`` (always the
        same object for the same integer)."""
        t = cls._hosts.get(host_id)
        if t is None:
            t = cls._hosts[host_id] = cls(f"host-resource-{host_id}", host_id=host_id)
        return t

    @property
    def is_host(self) -> bool:
        """Whether the host defines this resource type (no component instance does)."""
        return self.instance is None

    __eq__ = object.__eq__
    __hash__ = object.__hash__

    def __repr__(self) -> str:
        return f"<ResourceType {self.name} at {id(self):#x}>"

    def __str__(self) -> str:
        return self.name


# --- function and extern types -------------------------------------------------------------

class _Structural(_Immutable):
    __slots__ = ()

    def _key(self) -> tuple:
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self is other or self._key() == other._key()  # type: ignore[attr-defined]
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self) -> int:
        return hash((self.__class__.__name__, self._key()))


class FuncType(_Structural):
    """A component function type: named ``params`` (a tuple of ``(name, type)``) and
    one optional ``result``; ``is_async`` for functions declared ``async``.

    ``_abi`` is the canonical ABI's cache of what it precomputes per function type.
    """

    __slots__ = ("params", "result", "is_async", "_abi")
    params: tuple[tuple[str, ValType], ...]
    result: ValType | None
    is_async: bool

    def __init__(self, params: Mapping[str, ValType] | Iterable[tuple[str, ValType]] | None = None,
                 result: ValType | None = None, is_async: bool = False) -> None:
        if params is None:   # wasmtime-py's FuncType() refuses to be built directly
            from ..errors import WasmtimeError
            raise WasmtimeError("Cannot directly construct a `FuncType`")
        items = params.items() if isinstance(params, Mapping) else params
        self._set("params", Seq((name, t) for name, t in items))
        self._set("result", result)
        self._set("is_async", is_async)

    def _key(self) -> tuple:
        return (self.params, self.result, self.is_async)

    @property
    def param_types(self) -> tuple[ValType, ...]:
        """The parameter types, without names."""
        return tuple(t for _, t in self.params)

    @property
    def result_types(self) -> tuple[ValType, ...]:
        """The result type as a tuple of zero or one types."""
        return () if self.result is None else (self.result,)

    def __repr__(self) -> str:
        return f"FuncType({list(self.params)!r}, {self.result!r})"

    def __str__(self) -> str:
        text = ("async func(" if self.is_async else "func(") + \
            ", ".join(f"{n}: {t}" for n, t in self.params) + ")"
        return text if self.result is None else f"{text} -> {self.result}"


class ModuleType(_Structural):
    """The type of a core module: ``imports`` as ``(module, name, core extern type)`` and
    ``exports`` as ``(name, core extern type)``, in order (core types from :mod:`wasmlite.ir`)."""

    __slots__ = ("imports", "exports")
    imports: tuple[tuple[str, str, Any], ...]
    exports: tuple[tuple[str, Any], ...]

    def __init__(self, imports: Iterable[tuple[str, str, Any]] = (),
                 exports: Iterable[tuple[str, Any]] = ()) -> None:
        self._set("imports", tuple(imports))
        self._set("exports", tuple(exports))

    def _key(self) -> tuple:
        return (self.imports, self.exports)

    def __repr__(self) -> str:
        return f"ModuleType({list(self.imports)!r}, {list(self.exports)!r})"

    def __str__(self) -> str:
        return "module"


def _extern_text(t: Any) -> str:
    if isinstance(t, ResourceType):
        return "resource"
    return str(t)


class InstanceType(_Structural):
    """The type of a component instance: ``exports`` as ``(name, extern type)``, in order."""

    __slots__ = ("exports",)
    exports: tuple[tuple[str, ExternType], ...]

    def __init__(self, exports: Mapping[str, ExternType]
                 | Iterable[tuple[str, ExternType]] = ()) -> None:
        items = exports.items() if isinstance(exports, Mapping) else exports
        self._set("exports", tuple((name, t) for name, t in items))

    def _key(self) -> tuple:
        return self.exports

    def export(self, name: str) -> ExternType | None:
        """The type of export ``name``, or ``None``."""
        for n, t in self.exports:
            if n == name:
                return t
        return None

    def __repr__(self) -> str:
        return f"InstanceType({list(self.exports)!r})"

    def __str__(self) -> str:
        return "instance { " + "; ".join(f"export {n}: {_extern_text(t)}"
                                         for n, t in self.exports) + " }"


class ComponentType(_Structural):
    """The type of a component: ``imports`` and ``exports`` as ``(name, extern type)``."""

    __slots__ = ("imports", "exports")
    imports: tuple[tuple[str, ExternType], ...]
    exports: tuple[tuple[str, ExternType], ...]

    def __init__(self, imports: Mapping[str, ExternType]
                 | Iterable[tuple[str, ExternType]] = (),
                 exports: Mapping[str, ExternType]
                 | Iterable[tuple[str, ExternType]] = ()) -> None:
        imp = imports.items() if isinstance(imports, Mapping) else imports
        exp = exports.items() if isinstance(exports, Mapping) else exports
        self._set("imports", tuple((name, t) for name, t in imp))
        self._set("exports", tuple((name, t) for name, t in exp))

    def _key(self) -> tuple:
        return (self.imports, self.exports)

    def __repr__(self) -> str:
        return f"ComponentType({list(self.imports)!r}, {list(self.exports)!r})"

    def __str__(self) -> str:
        parts = [f"import {n}: {_extern_text(t)}" for n, t in self.imports]
        parts += [f"export {n}: {_extern_text(t)}" for n, t in self.exports]
        return "component { " + "; ".join(parts) + " }"


ExternType = Union[FuncType, ValType, ResourceType, InstanceType, ComponentType, ModuleType]
"""What a component import or export can be: a function, a value (its value
type), a type (a resource type, or a value type it is equal to), an instance,
a component or a core module."""


# wasmtime-py's names for the same classes.
ListType = List
RecordType = Record
TupleType = Tuple
VariantType = Variant
EnumType = Enum
OptionType = Option
ResultType = Result
FlagsType = Flags
OwnType = Own
BorrowType = Borrow
StreamType = Stream
FutureType = Future

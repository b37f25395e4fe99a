"""Shapes: what a Python annotation says about a component value type.

:func:`shape_of` reads an annotation (see :mod:`.markers` for the table) into
a :class:`Shape`, which

* ``matches(t)``: whether the component type ``t`` is one the annotation
  stands for (``int`` matches every integer type, for instance);
* ``to_host(v)`` / ``from_host(v)``: converts a value between the runtime's
  Python values (:mod:`wasmlite.component.values`) and the annotated ones
  (dataclasses, ``Enum`` members, ``Flag`` values); ``identity`` says that
  both are the same, so that callers skip the conversion;
* ``str()``: the annotation in WIT-like text, for messages.

A Shape is built once (per ``func_wrap`` or ``typed``), never per call.
"""

from __future__ import annotations

import dataclasses
import enum
import types as pytypes
import typing
from typing import Any, Callable, Optional, Sequence

from ...api.types import ValType as CoreValType
from .. import types as t
from ..values import Record, ResourceAny, ResourceHost, Variant
from .markers import HandleKind, Result

__all__ = ["Shape", "shape_of", "result_shape_of", "signature_text", "wit_name"]

_INTEGERS = (t.U8, t.U16, t.U32, t.U64, t.S8, t.S16, t.S32, t.S64)


def wit_name(python_name: str) -> str:
    """The component-model name a Python identifier stands for (``a_b`` -> ``a-b``)."""
    return python_name.lower().replace("_", "-")


class Shape:
    """What an annotation says about a value type (see the module docstring)."""

    identity = True

    def matches(self, ty: t.ValType) -> bool:
        raise NotImplementedError

    def to_host(self, v: Any) -> Any:
        return v

    def from_host(self, v: Any) -> Any:
        return v

    def __str__(self) -> str:
        raise NotImplementedError


class Exact(Shape):
    """Exactly the type ``ty``."""

    def __init__(self, ty: t.ValType) -> None:
        self.ty = ty

    def matches(self, ty: t.ValType) -> bool:
        return ty == self.ty

    def __str__(self) -> str:
        return str(self.ty)


class AnyOf(Shape):
    """Any type of the classes ``classes`` (``int``: the integers; ``float``:
    ``f32`` and ``f64``; ``ResourceAny``: the handles; ``Variant``: any
    variant; ``Any``: every type)."""

    def __init__(self, classes: tuple[type, ...], text: str) -> None:
        self.classes = classes
        self.text = text

    def matches(self, ty: t.ValType) -> bool:
        return isinstance(ty, self.classes)

    def __str__(self) -> str:
        return self.text


class ListShape(Shape):
    """``list[T]``."""

    def __init__(self, element: Shape) -> None:
        self.element = element
        self.identity = element.identity

    def matches(self, ty: t.ValType) -> bool:
        return isinstance(ty, t.List) and ty.length is None and self.element.matches(ty.element)

    def to_host(self, v: Any) -> Any:
        conv = self.element.to_host
        return [conv(x) for x in v]

    def from_host(self, v: Any) -> Any:
        conv = self.element.from_host
        return [conv(x) for x in v]

    def __str__(self) -> str:
        return f"list<{self.element}>"


class TupleShape(Shape):
    """``tuple[T, ...]``."""

    def __init__(self, elements: Sequence[Shape]) -> None:
        self.elements = tuple(elements)
        self.identity = all(e.identity for e in self.elements)

    def matches(self, ty: t.ValType) -> bool:
        return (isinstance(ty, t.Tuple) and len(ty.elements) == len(self.elements)
                and all(s.matches(e) for s, e in zip(self.elements, ty.elements)))

    def to_host(self, v: Any) -> Any:
        return tuple(s.to_host(x) for s, x in zip(self.elements, v))

    def from_host(self, v: Any) -> Any:
        return tuple(s.from_host(x) for s, x in zip(self.elements, v))

    def __str__(self) -> str:
        return "tuple<" + ", ".join(map(str, self.elements)) + ">"


class OptionShape(Shape):
    """``Optional[T]``: ``None``, the payload, or ``Variant("some", payload)``."""

    def __init__(self, payload: Shape) -> None:
        self.payload = payload
        self.identity = payload.identity

    def matches(self, ty: t.ValType) -> bool:
        return isinstance(ty, t.Option) and self.payload.matches(ty.payload)

    def _convert(self, v: Any, conv: Callable[[Any], Any]) -> Any:
        if v is None:
            return None
        if isinstance(v, Variant):
            return v if v.tag != "some" else Variant("some", conv(v.payload))
        return conv(v)

    def to_host(self, v: Any) -> Any:
        return self._convert(v, self.payload.to_host)

    def from_host(self, v: Any) -> Any:
        return self._convert(v, self.payload.from_host)

    def __str__(self) -> str:
        return f"option<{self.payload}>"


class ResultShape(Shape):
    """``Result[T, E]``. A tagged value (``Variant("ok" | "err", payload)``)
    converts its payload by the tag; an untagged one by the case whose
    annotated class (``to_host``: whose runtime class) it is an instance of."""

    def __init__(self, ok: Optional[Shape], err: Optional[Shape]) -> None:
        self.ok = ok
        self.err = err
        self.identity = all(s is None or s.identity for s in (ok, err))

    def matches(self, ty: t.ValType) -> bool:
        if not isinstance(ty, t.Result):
            return False
        for s, x in ((self.ok, ty.ok), (self.err, ty.err)):
            if s is None or x is None:
                if s is not x:
                    return False
            elif not s.matches(x):
                return False
        return True

    def _convert(self, v: Any, host_side: bool) -> Any:
        cases = {"ok": self.ok, "err": self.err}
        if isinstance(v, Variant):
            s = cases.get(v.tag)
            if s is None or v.payload is None:
                return v
            return Variant(v.tag, s.from_host(v.payload) if host_side else s.to_host(v.payload))
        for s in (self.ok, self.err):
            if s is None or s.identity:
                continue
            cls = s.host_class if host_side else s.runtime_class  # type: ignore[attr-defined]
            if isinstance(v, cls):
                return s.from_host(v) if host_side else s.to_host(v)
        return v

    def to_host(self, v: Any) -> Any:
        return self._convert(v, False)

    def from_host(self, v: Any) -> Any:
        return self._convert(v, True)

    def __str__(self) -> str:
        ok = "_" if self.ok is None else str(self.ok)
        if self.err is None:
            return "result" if self.ok is None else f"result<{ok}>"
        return f"result<{ok}, {self.err}>"


class RecordShape(Shape):
    """A dataclass: a record with its fields, in order."""

    identity = False
    runtime_class = Record

    def __init__(self, cls: type) -> None:
        self.host_class = cls
        hints = typing.get_type_hints(cls, include_extras=True)
        self.fields = [(f.name, wit_name(f.name), shape_of(hints[f.name], f"field `{f.name}`"))
                       for f in dataclasses.fields(cls)]

    def matches(self, ty: t.ValType) -> bool:
        return (isinstance(ty, t.Record) and len(ty.fields) == len(self.fields)
                and all(name == w and s.matches(ft)
                        for (name, ft), (_, w, s) in zip(ty.fields, self.fields)))

    def to_host(self, v: Any) -> Any:
        return self.host_class(**{py: s.to_host(getattr(v, w)) for py, w, s in self.fields})

    def from_host(self, v: Any) -> Any:
        return Record(**{w: s.from_host(getattr(v, py)) for py, w, s in self.fields})

    def __str__(self) -> str:
        return "record { " + ", ".join(f"{w}: {s}" for _, w, s in self.fields) + " }"


def _case_name(member: enum.Enum) -> str:
    return member.value if isinstance(member.value, str) else wit_name(member.name)


class EnumShape(Shape):
    """An ``enum.Enum``: an enum with its cases, in order."""

    identity = False
    runtime_class = str

    def __init__(self, cls: type[enum.Enum]) -> None:
        self.host_class = cls
        self.members = {_case_name(m): m for m in cls}
        self.names = {m: n for n, m in self.members.items()}

    def matches(self, ty: t.ValType) -> bool:
        return isinstance(ty, t.Enum) and list(ty.names) == list(self.members)

    def to_host(self, v: Any) -> Any:
        return self.members[v]

    def from_host(self, v: Any) -> Any:
        name = self.names.get(v)
        return v if name is None else name

    def __str__(self) -> str:
        return "enum { " + ", ".join(self.members) + " }"


class FlagsShape(Shape):
    """An ``enum.Flag``: flags with its members' names, in order."""

    identity = False
    runtime_class = set

    def __init__(self, cls: type[enum.Flag]) -> None:
        self.host_class = cls
        self.members = {wit_name(m.name): m for m in cls if m.name}  # type: ignore[arg-type]
        self.none = cls(0)

    def matches(self, ty: t.ValType) -> bool:
        return isinstance(ty, t.Flags) and list(ty.names) == list(self.members)

    def to_host(self, v: Any) -> Any:
        out = self.none
        for name in v:
            out |= self.members[name]
        return out

    def from_host(self, v: Any) -> Any:
        if isinstance(v, self.host_class):
            return {n for n, m in self.members.items() if m in v}
        return v

    def __str__(self) -> str:
        return "flags { " + ", ".join(self.members) + " }"


class HandleShape(Shape):
    """A resource handle: ``own`` or ``borrow`` (``kind``), or either (``None``)."""

    def __init__(self, kind: Optional[str]) -> None:
        self.kind = kind

    def matches(self, ty: t.ValType) -> bool:
        if self.kind == "own":
            return isinstance(ty, t.Own)
        if self.kind == "borrow":
            return isinstance(ty, t.Borrow)
        return isinstance(ty, (t.Own, t.Borrow))

    def __str__(self) -> str:
        return "own<_> or borrow<_>" if self.kind is None else f"{self.kind}<_>"


_NONE = (None, type(None))


def _core_marker(meta: Any) -> Optional[Shape]:
    if isinstance(meta, CoreValType):
        text = str(meta)
        if text in ("f32", "f64"):
            return Exact(t.primitive(text))
    return None


def shape_of(hint: Any, what: str = "the annotation") -> Shape:
    """The :class:`Shape` of the annotation ``hint``; TypeError (naming
    ``what``) for one that stands for no component type."""
    if hint is Any:
        return AnyOf((t.ValType,), "_")
    if isinstance(hint, t.ValType):
        return Exact(hint)
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Annotated:
        for meta in hint.__metadata__:
            if isinstance(meta, t.ValType):
                return Exact(meta)
            if isinstance(meta, HandleKind):
                return HandleShape(meta.kind)
            core = _core_marker(meta)
            if core is not None:
                return core
        return shape_of(args[0], what)
    if origin is list or hint is list:
        if len(args) != 1:
            raise TypeError(f"{what}: `list` needs its element type (`list[u32]`)")
        return ListShape(shape_of(args[0], what))
    if origin is tuple:
        if not args or args[-1] is Ellipsis or args == ((),):
            raise TypeError(f"{what}: a tuple annotation lists its element types "
                            "(`tuple[u32, str]`)")
        return TupleShape([shape_of(a, what) for a in args])
    if origin is typing.Union or origin is pytypes.UnionType:
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1 and len(args) == 2:
            return OptionShape(shape_of(rest[0], what))
        raise TypeError(f"{what}: a union stands for no component type (only `T | None`, "
                        "an option)")
    if origin is Result:
        if len(args) != 2:
            raise TypeError(f"{what}: `Result` takes two types (`Result[T, E]`)")
        ok, err = (None if a in _NONE else shape_of(a, what) for a in args)
        return ResultShape(ok, err)
    if hint is Result:
        raise TypeError(f"{what}: `Result` needs its payload types (`Result[T, E]`)")
    simple = _SIMPLE.get(hint)
    if simple is not None:
        return simple()
    if isinstance(hint, type):
        if dataclasses.is_dataclass(hint):
            return RecordShape(hint)
        if issubclass(hint, enum.Flag):
            return FlagsShape(hint)
        if issubclass(hint, enum.Enum):
            return EnumShape(hint)
        if issubclass(hint, (ResourceAny, ResourceHost)):
            return HandleShape(None)
    core = _core_marker(hint)
    if core is not None:
        return core
    raise TypeError(f"{what}: unsupported annotation {hint!r} (see "
                    "wasmlite.component.api.markers for the annotations that stand for "
                    "component types)")


_SIMPLE: dict[Any, Callable[[], Shape]] = {
    bool: lambda: Exact(t.Bool()),
    str: lambda: Exact(t.String()),
    bytes: lambda: Exact(t.List(t.U8())),
    int: lambda: AnyOf(_INTEGERS, "int"),
    float: lambda: AnyOf((t.F32, t.F64), "float"),
    Variant: lambda: AnyOf((t.Variant,), "variant"),
}


def result_shape_of(hint: Any, what: str = "the return value") -> Optional[Shape]:
    """The shape of a function's result annotation; ``None`` for no result."""
    if hint in _NONE:
        return None
    return shape_of(hint, what)


def signature_text(params: Sequence[tuple[str, Shape]], result: Optional[Shape]) -> str:
    """A function signature in the text of :class:`~wasmlite.component.types.FuncType`."""
    text = "func(" + ", ".join(f"{n}: {s}" for n, s in params) + ")"
    return text if result is None else f"{text} -> {result}"

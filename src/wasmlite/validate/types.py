"""Defined types, type equivalence and subtyping (closed types).

A module's value types name defined types by *type index*; that index only
means something inside its module. This file turns them into **closed** types
that mean the same thing everywhere:

* :func:`canonicalize` maps each type index of a module to a :class:`DefType`.
  Defined types are interned process-wide by their iso-recursive structure
  (their rec group, with references into the group kept relative and
  references outside the group replaced by the outer ``DefType``), so two
  structurally equal types -- of one module or of two different modules -- get
  the *same* ``DefType`` object. Type equivalence is therefore ``is``.
* A closed value type is an ``ir`` value type whose reference heap types are
  abstract names or ``DefType`` objects (never ints): ``RefType(True, dt)``.
  :func:`close_valtype` builds one from a module's value type. Closed types
  compare with ``==`` and hash, so they can be used as dict keys.

Runtime use
-----------
* ``call_indirect`` / ``call_ref`` type check: canonicalize each module once
  (``deftypes = canonicalize(module)``) and keep ``deftypes[typeidx]`` on every
  function instance. At the call, ``actual is expected`` is the fast path;
  when it fails, ``actual.matches(expected)`` decides (a function whose type
  declares the expected type as a supertype also matches).
* Link-time import checks: :func:`extern_subtype` (provided <: required) on
  closed extern types; build them with :func:`close_externtype`.
* Casts (``ref.test`` / ``ref.cast`` / ``br_on_cast``) on a value whose
  defined type is ``dt``: ``heap_subtype(dt, target_heap)``.
"""

from __future__ import annotations

from .. import ir
from ..errors import InvalidError

__all__ = [
    "DefType", "BOT", "ExternType", "rec_groups", "canonicalize", "close_valtype", "close_externtype",
    "heap_subtype", "ref_subtype", "val_subtype", "result_subtype",
    "comptype_subtype", "limits_subtype", "extern_subtype", "is_subtype",
    "top_heap", "page_size_log2", "is_defaultable", "unpack",
]

BOT = "bot"
"""The bottom heap type: a subtype of every heap type (unreachable code only)."""


class DefType:
    """A closed defined type: one member of an interned rec group.

    ``kind`` is ``"func"``, ``"struct"`` or ``"array"``; ``comptype`` is the
    ``ir`` composite type with closed value types; ``supertype`` is the
    declared supertype (``DefType`` or ``None``); ``depth`` counts declared
    supertypes up to the root. ``group`` is the structural key of the rec
    group (equal keys mean equivalent groups) and ``index`` the position in it.
    """

    __slots__ = ("kind", "final", "supertype", "depth", "comptype", "group", "index")

    def __init__(self, group: tuple, index: int):
        self.group = group
        self.index = index
        self.kind = ""
        self.final = True
        self.supertype: DefType | None = None
        self.depth = 0
        self.comptype: ir.CompType | None = None

    def matches(self, other: "DefType") -> bool:
        """Whether this type is ``other`` or declares it, directly or not, as a supertype."""
        steps = self.depth - other.depth
        if steps < 0:
            return False
        t = self
        while steps:
            t = t.supertype
            steps -= 1
        return t is other

    def __repr__(self) -> str:
        return f"<{self.kind} type {id(self):#x}>"

    def __str__(self) -> str:
        ct = self.comptype
        if isinstance(ct, ir.FuncType):
            return f"(func (param {' '.join(_brief(t) for t in ct.params)})" \
                   f" (result {' '.join(_brief(t) for t in ct.results)}))"
        return f"({self.kind})"


def _brief(t) -> str:
    """A value type's text without expanding defined types (which may be recursive)."""
    if isinstance(t, ir.RefType) and isinstance(t.heap, DefType):
        return f"(ref {'null ' if t.nullable else ''}{t.heap.kind})"
    return str(t)


# --- canonicalisation ----------------------------------------------------------

_GROUPS: dict[tuple, tuple[DefType, ...]] = {}
"""Interned rec groups: structural key -> its defined types."""


def _key_heap(heap, start: int, end: int, canon: list[DefType]):
    if isinstance(heap, int):
        if heap >= end:
            raise InvalidError(f"unknown type {heap}")
        if heap >= start:
            return ("rec", heap - start)
        return canon[heap]
    if heap not in ir.ABSTRACT_HEAP_TYPES:
        raise InvalidError(f"unknown type {heap}")
    return heap


def _key_val(t, start: int, end: int, canon: list[DefType]):
    if isinstance(t, ir.RefType):
        return ("ref", t.nullable, _key_heap(t.heap, start, end, canon))
    return t


def _key_field(f: ir.FieldType, start, end, canon):
    return (_key_val(f.storage, start, end, canon), f.mutable)


def _key_subtype(st: ir.SubType, start: int, end: int, canon: list[DefType]) -> tuple:
    ct = st.comptype
    if isinstance(ct, ir.FuncType):
        ckey = ("func", tuple(_key_val(t, start, end, canon) for t in ct.params),
                tuple(_key_val(t, start, end, canon) for t in ct.results))
    elif isinstance(ct, ir.StructType):
        ckey = ("struct", tuple(_key_field(f, start, end, canon) for f in ct.fields))
    else:
        ckey = ("array", _key_field(ct.element, start, end, canon))
    supers = tuple(_key_heap(x, start, end, canon) for x in st.supertypes)
    return (st.final, supers, ckey)


def _close_in_group(t, group: tuple[DefType, ...], start: int, canon: list[DefType]):
    if isinstance(t, ir.RefType) and isinstance(t.heap, int):
        x = t.heap
        return ir.RefType(t.nullable, group[x - start] if x >= start else canon[x])
    return t


def _build_group(key: tuple, subtypes: list[ir.SubType], start: int,
                 canon: list[DefType]) -> tuple[DefType, ...]:
    group = tuple(DefType(key, i) for i in range(len(subtypes)))
    for dt, st in zip(group, subtypes):
        ct = st.comptype

        def close(t):
            return _close_in_group(t, group, start, canon)

        if isinstance(ct, ir.FuncType):
            dt.kind = "func"
            dt.comptype = ir.FuncType(tuple(map(close, ct.params)), tuple(map(close, ct.results)))
        elif isinstance(ct, ir.StructType):
            dt.kind = "struct"
            dt.comptype = ir.StructType(tuple(ir.FieldType(close(f.storage), f.mutable)
                                              for f in ct.fields))
        else:
            dt.kind = "array"
            dt.comptype = ir.ArrayType(ir.FieldType(close(ct.element.storage), ct.element.mutable))
        dt.final = st.final
    for dt, st in zip(group, subtypes):
        if st.supertypes:
            x = st.supertypes[0]
            dt.supertype = group[x - start] if x >= start else canon[x]
    for dt in group:        # supertypes precede their subtypes within a group
        dt.depth = dt.supertype.depth + 1 if dt.supertype is not None else 0
    return group


def rec_groups(module: ir.Module) -> list[tuple[int, int]]:
    """The module's rec groups as ``(first type index, count)``; one group per
    type when the module lists none."""
    if module.rec_groups:
        return module.rec_groups
    return [(i, 1) for i in range(len(module.types))]


def canonicalize(module: ir.Module) -> list[DefType]:
    """The closed defined type of every type index of ``module``.

    Raises :class:`InvalidError` (``unknown type``) when a type refers to a type
    index beyond its own rec group, and (``sub type``) when a declared supertype
    is not an earlier type. Subtype *matching* is checked by the validator.
    """
    canon: list[DefType] = []
    types = module.types
    for start, count in rec_groups(module):
        end = start + count
        subtypes = types[start:end]
        for i, st in enumerate(subtypes):
            if len(st.supertypes) > 1:
                raise InvalidError(f"sub type {start + i} has multiple supertypes")
            for x in st.supertypes:
                if isinstance(x, int) and x < end and x >= start + i:
                    raise InvalidError(f"sub type {start + i} has forward super type {x}")
        key = tuple(_key_subtype(st, start, end, canon) for st in subtypes)
        group = _GROUPS.get(key)
        if group is None:
            group = _GROUPS.setdefault(key, _build_group(key, subtypes, start, canon))
        canon.extend(group)
    return canon


def close_valtype(t: ir.ValType, deftypes: list[DefType]) -> ir.ValType:
    """``t`` with its type index (if any) replaced by the closed defined type."""
    if isinstance(t, ir.RefType):
        heap = t.heap
        if isinstance(heap, int):
            if heap >= len(deftypes) or heap < 0:
                raise InvalidError(f"unknown type {heap}")
            return ir.RefType(t.nullable, deftypes[heap])
        if heap not in ir.ABSTRACT_HEAP_TYPES:
            raise InvalidError(f"unknown type {heap}")
        return t
    if t not in ir.NUM_TYPES and t != "v128":
        raise InvalidError(f"unknown value type {t!r}")
    return t


ExternType = DefType | ir.GlobalType | ir.TableType | ir.MemType
"""A closed extern type: the ``DefType`` of a function or tag, else an ``ir`` type."""


def close_externtype(kind: str, desc, deftypes: list[DefType]) -> ExternType:
    """The closed extern type of an import or export description.

    ``kind`` is ``"func" "table" "memory" "global" "tag"``; functions and tags
    give their ``DefType``; globals and tables give ``ir`` types with closed
    value types; memories are returned unchanged.
    """
    if kind in ("func", "tag"):
        idx = desc if kind == "func" else desc.typeidx
        if idx >= len(deftypes):
            raise InvalidError(f"unknown type {idx}")
        return deftypes[idx]
    if kind == "global":
        return ir.GlobalType(close_valtype(desc.valtype, deftypes), desc.mutable)
    if kind == "table":
        return ir.TableType(close_valtype(desc.element, deftypes), desc.limits)
    return desc


# --- subtyping -------------------------------------------------------------------

_ABSTRACT_SUPERS = {
    "any": frozenset({"any"}),
    "eq": frozenset({"eq", "any"}),
    "i31": frozenset({"i31", "eq", "any"}),
    "struct": frozenset({"struct", "eq", "any"}),
    "array": frozenset({"array", "eq", "any"}),
    "none": frozenset({"none", "i31", "struct", "array", "eq", "any"}),
    "func": frozenset({"func"}),
    "nofunc": frozenset({"nofunc", "func"}),
    "extern": frozenset({"extern"}),
    "noextern": frozenset({"noextern", "extern"}),
    "exn": frozenset({"exn"}),
    "noexn": frozenset({"noexn", "exn"}),
}
"""Abstract heap type -> the abstract heap types it is a subtype of."""

_KIND_SUPERS = {"func": _ABSTRACT_SUPERS["func"],
                "struct": _ABSTRACT_SUPERS["struct"],
                "array": _ABSTRACT_SUPERS["array"]}

_KIND_BOTTOM = {"func": "nofunc", "struct": "none", "array": "none"}
_KIND_TOP = {"func": "func", "struct": "any", "array": "any"}
_ABSTRACT_TOP = {"any": "any", "eq": "any", "i31": "any", "struct": "any", "array": "any",
                 "none": "any", "func": "func", "nofunc": "func", "extern": "extern",
                 "noextern": "extern", "exn": "exn", "noexn": "exn"}


def heap_subtype(h1, h2) -> bool:
    """``h1 <: h2`` for closed heap types (abstract names, ``DefType``, ``BOT``)."""
    if h1 is h2:
        return True
    if type(h1) is DefType:
        if type(h2) is DefType:
            return h1.matches(h2)
        return h2 in _KIND_SUPERS[h1.kind]
    if h1 == BOT:
        return True
    if type(h2) is DefType:
        return h1 == _KIND_BOTTOM[h2.kind]
    if h1 == h2:
        return True
    supers = _ABSTRACT_SUPERS.get(h1)
    return supers is not None and h2 in supers


def ref_subtype(r1: ir.RefType, r2: ir.RefType) -> bool:
    """``r1 <: r2`` for closed reference types."""
    return (r2.nullable or not r1.nullable) and heap_subtype(r1.heap, r2.heap)


def val_subtype(t1, t2) -> bool:
    """``t1 <: t2`` for closed value types; ``None`` is the unknown (bottom) type."""
    if t1 is t2 or t1 is None:
        return True
    if type(t1) is ir.RefType:
        return type(t2) is ir.RefType and ref_subtype(t1, t2)
    return t1 == t2


def result_subtype(ts1, ts2) -> bool:
    """Pointwise subtyping of two result types of equal length."""
    return len(ts1) == len(ts2) and all(map(val_subtype, ts1, ts2))


def _storage_subtype(s1, s2) -> bool:
    if s1 in ("i8", "i16") or s2 in ("i8", "i16"):
        return s1 == s2
    return val_subtype(s1, s2)


def _field_subtype(f1: ir.FieldType, f2: ir.FieldType) -> bool:
    if f1.mutable != f2.mutable:
        return False
    if f1.mutable:
        return _storage_subtype(f1.storage, f2.storage) and _storage_subtype(f2.storage, f1.storage)
    return _storage_subtype(f1.storage, f2.storage)


def comptype_subtype(c1: ir.CompType, c2: ir.CompType) -> bool:
    """Structural subtyping of two closed composite types."""
    if isinstance(c1, ir.FuncType):
        return (isinstance(c2, ir.FuncType) and result_subtype(c2.params, c1.params)
                and result_subtype(c1.results, c2.results))
    if isinstance(c1, ir.StructType):
        return (isinstance(c2, ir.StructType) and len(c1.fields) >= len(c2.fields)
                and all(map(_field_subtype, c1.fields, c2.fields)))
    return isinstance(c2, ir.ArrayType) and _field_subtype(c1.element, c2.element)


def limits_subtype(l1: ir.Limits, l2: ir.Limits) -> bool:
    """Import matching of limits: ``l1`` (provided) fits within ``l2`` (required)."""
    if l1.min < l2.min:
        return False
    if l2.max is None:
        return True
    return l1.max is not None and l1.max <= l2.max


def extern_subtype(kind: str, provided: ExternType, required: ExternType) -> bool:
    """Whether an extern of type ``provided`` may be imported as ``required``.

    Both are closed extern types of the same ``kind`` (see
    :func:`close_externtype`): functions match by declared subtyping of their
    ``DefType``; globals covariantly if immutable and invariantly if mutable;
    tables need matching limits and an equivalent element type; memories need
    the same address type, page size and sharing, and matching limits; tags
    need equivalent types.
    """
    if kind == "func":
        return provided.matches(required)
    if kind == "tag":
        return provided is required
    if kind == "global":
        if provided.mutable != required.mutable:
            return False
        if provided.mutable:
            return provided.valtype == required.valtype
        return val_subtype(provided.valtype, required.valtype)
    if kind == "table":
        l1, l2 = provided.limits, required.limits
        return (l1.is64 == l2.is64 and limits_subtype(l1, l2)
                and ref_subtype(provided.element, required.element)
                and ref_subtype(required.element, provided.element))
    if kind == "memory":
        l1, l2 = provided.limits, required.limits
        return (l1.is64 == l2.is64 and l1.shared == l2.shared
                and page_size_log2(l1) == page_size_log2(l2)
                and limits_subtype(l1, l2))
    raise ValueError(f"unknown extern kind {kind!r}")


is_subtype = extern_subtype
"""Alias of :func:`extern_subtype`: the link-time import check."""


# --- type properties ---------------------------------------------------------------

def top_heap(heap) -> str:
    """The top of the hierarchy a closed heap type belongs to (``any func extern exn``)."""
    if type(heap) is DefType:
        return _KIND_TOP[heap.kind]
    return _ABSTRACT_TOP[heap]


def page_size_log2(limits: ir.Limits) -> int:
    """The log2 of a memory's page size in bytes (16 unless a custom page size is given)."""
    return 16 if limits.page_size_log2 is None else limits.page_size_log2


def is_defaultable(t) -> bool:
    """Whether a value type has a default value (numbers, vectors, nullable references)."""
    return not isinstance(t, ir.RefType) or t.nullable


def unpack(storage):
    """The value type that a storage type is read as (packed ``i8``/``i16`` are ``i32``)."""
    return "i32" if storage in ("i8", "i16") else storage

"""Index spaces of a component (or of a component, instance or module type)
and the resolution of references into them.

A reference by identifier that is not defined in the current scope but in
an enclosing one becomes an outer alias, inserted just before the
definition that made the reference (for the sorts an outer alias may name);
the alias is unnamed, so every such reference makes its own (as
``wasm-tools parse`` does).
A reference to an instance export (``(func $i "name")``) becomes an export
alias the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Union

from ...text.cursor import Cursor
from ...text.resolve import Space
from .binary import name, u32

SORT_BYTES: dict[str, bytes] = {
    "core func": b"\x00\x00", "core table": b"\x00\x01", "core memory": b"\x00\x02",
    "core global": b"\x00\x03", "core tag": b"\x00\x04", "core type": b"\x00\x10",
    "core module": b"\x00\x11", "core instance": b"\x00\x12",
    "func": b"\x01", "value": b"\x02", "type": b"\x03", "component": b"\x04", "instance": b"\x05",
}
"""Every sort and its binary encoding (``sort`` of the binary format)."""

CORE_EXPORT_SORTS = frozenset(("core func", "core table", "core memory", "core global", "core tag"))
"""The sorts a core instance exports."""

OUTER_SORTS = frozenset(("core module", "core type", "type", "component"))
"""The sorts an outer alias may name."""

NAME_ORDER = ("core func", "core table", "core memory", "core global", "core tag", "core type",
              "core module", "core instance", "func", "value", "type", "component", "instance")
"""The order of the sorts in the ``component-name`` section."""


class Gensym:
    """The key of a definition the text did not name (an inline type, an inline instance)."""

    __slots__ = ()


Key = Union[str, Gensym, None]


@dataclass(slots=True)
class Ref:
    """A reference written in the text: to ``target`` (an index, an identifier
    or a generated key) in the ``sort`` space, or to the export ``exports``
    of the instance ``target`` (nested instance exports for several names).
    ``at`` is the token the reference starts at, for errors."""

    sort: str
    target: int | str | Gensym
    exports: tuple[str, ...] = ()
    at: int = 0


Encode = Callable[["Scope"], bytes]
"""Encodes a definition in a scope, resolving its references there."""


@dataclass(slots=True)
class Item:
    """A definition of a scope, to be encoded once all that precede it are.

    ``section`` is the section id (in a component) or the declarator's
    opcode (in a type); ``defines`` lists the ``(sort, key)`` of every index
    the definition adds, registered after it is encoded (before, when
    ``early``: core types may refer to themselves)."""

    section: int
    defines: list[tuple[str, Key]]
    encode: Encode
    early: bool = False
    named: bool = True      # whether its identifiers go to the name section


class Scope:
    """The index spaces of one component or type, and its encoded definitions."""

    def __init__(self, cur: Cursor, kind: str, ident: str | None, parent: Scope | None):
        self.cur = cur
        self.kind = kind          # "component", "component type", "instance type", "module type"
        self.ident = ident
        self.parent = parent
        self.spaces = {sort: Space(sort) for sort in SORT_BYTES}
        self.entries: list[tuple[int, bytes]] = []
        self.unnamed: set[tuple[str, int]] = set()

    # -- definitions -------------------------------------------------------------

    def define(self, sort: str, key: Key, at: int | None = None) -> int:
        """Append an index to the ``sort`` space, named ``key`` if given."""
        return self.spaces[sort].define(self.cur, key, self.cur.i if at is None else at)

    def run(self, items: list[Item]) -> None:
        """Encode ``items`` in order, each after the aliases its references need."""
        for item in items:
            if item.early:
                for sort, key in item.defines:
                    self.define(sort, key)
                self.entries.append((item.section, item.encode(self)))
            else:
                payload = item.encode(self)
                for sort, key in item.defines:
                    index = self.define(sort, key)
                    if not item.named:
                        self.unnamed.add((sort, index))
                self.entries.append((item.section, payload))

    def labels(self, sort: str) -> dict[int, str]:
        """The identifiers of the ``sort`` space, by index."""
        return {index: key for key, index in self.spaces[sort].names.items()
                if isinstance(key, str) and (sort, index) not in self.unnamed}

    # -- aliases -------------------------------------------------------------------

    def add_alias(self, sort: str, target: bytes, key: Key = None) -> int:
        """Insert an alias of ``sort`` (``target`` is its encoded target) now; its index."""
        if self.kind == "module type":
            payload = b"\x10\x01" + target[1:]
            self.entries.append((0x02, payload))
        elif self.kind == "component":
            self.entries.append((6, SORT_BYTES[sort] + target))
        else:
            self.entries.append((0x02, SORT_BYTES[sort] + target))
        return self.define(sort, key)

    # -- references ----------------------------------------------------------------

    def error(self, reason: str, at: int, expected: str | None = None):
        return self.cur.error(reason, expected, at)

    def resolve(self, ref: Ref) -> int:
        """The index ``ref`` stands for, adding the aliases it needs."""
        if not ref.exports:
            return self.lookup(ref.sort, ref.target, ref.at)
        if ref.sort in CORE_EXPORT_SORTS:
            if len(ref.exports) != 1:
                raise self.error("unexpected token", ref.at, "one core export name")
            instance = self.lookup("core instance", ref.target, ref.at)
            return self.add_alias(ref.sort, b"\x01" + u32(instance) + name(ref.exports[0]))
        if ref.sort.startswith("core ") and ref.sort != "core module":
            raise self.error("core instances cannot export this kind of item", ref.at)
        index = self.lookup("instance", ref.target, ref.at)
        last = len(ref.exports) - 1
        for k, export in enumerate(ref.exports):
            sort = ref.sort if k == last else "instance"
            index = self.add_alias(sort, b"\x00" + u32(index) + name(export))
        return index

    def lookup(self, sort: str, target: int | str | Gensym, at: int) -> int:
        """The index of ``target`` in the ``sort`` space; an identifier of an
        enclosing scope brings in an outer alias named like it."""
        if isinstance(target, int):
            return target
        found = self.spaces[sort].names.get(target)
        if found is not None:
            return found
        depth = 0
        scope = self.parent
        while scope is not None:
            depth += 1
            found = scope.spaces[sort].names.get(target)
            if found is not None:
                if sort not in OUTER_SORTS:
                    raise self.error(f"outer item `{target}` is not a module, type, or component", at)
                return self.add_alias(sort, b"\x02" + u32(depth) + u32(found))
            scope = scope.parent
        raise self.error(f"unknown {sort}", at, f"a defined {sort} identifier")

    def outer(self, target: int | str, at: int) -> tuple[int, Scope]:
        """The count of ``(alias outer target ...)`` and the scope it names."""
        if isinstance(target, int):
            depth = target
        else:
            depth = 0
            scope: Scope | None = self
            while scope is not None and scope.ident != target:
                scope = scope.parent
                depth += 1
            if scope is None:
                raise self.error(f"outer component `{target}` not found", at)
        scope = self
        for _ in range(depth):
            scope = scope.parent
            if scope is None:
                raise self.error(f"outer count of `{depth}` is too large", at)
        return depth, scope

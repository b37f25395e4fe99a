"""What the parser of one component field (or type declarator) carries:
the cursor, and the definitions the field's inline forms expand into."""

from __future__ import annotations

from ...text.cursor import Cursor
from ...text.lexer import ID, KEYWORD, LPAR, NUMBER, RPAR, STRING
from .binary import CORE_TYPE, TYPE
from .scope import Gensym, Item, Ref

_TYPE_DECL, _CORE_TYPE_DECL = 0x01, 0x00


class FieldContext:
    """Parses one field; inline type definitions go to ``pre``, to be
    defined before the field (in the order their text ends), then the inline
    instances of its instantiation arguments (``bundles``)."""

    def __init__(self, cur: Cursor, in_type: bool):
        self.cur = cur
        self.in_type = in_type      # inside a component or instance type
        self.pre: list[Item] = []
        self.bundles: list[Item] = []   # inline instances of instantiation arguments

    @property
    def type_section(self) -> int:
        """Where a type definition goes: the type section or a type declarator."""
        return _TYPE_DECL if self.in_type else TYPE

    @property
    def core_type_section(self) -> int:
        return _CORE_TYPE_DECL if self.in_type else CORE_TYPE

    def inline_type(self, encode, core: bool = False) -> Ref:
        """Define an inline type before the field; a reference to it."""
        key = Gensym()
        if core:
            self.pre.append(Item(self.core_type_section, [("core type", key)], encode))
            return Ref("core type", key, (), self.cur.i)
        self.pre.append(Item(self.type_section, [("type", key)], encode))
        return Ref("type", key, (), self.cur.i)

    # -- small reads -----------------------------------------------------------------

    def target(self) -> int | str:
        """An index or an identifier."""
        cur = self.cur
        if cur.kind() == ID:
            return cur.id()
        if cur.kind() == NUMBER:
            return cur.u32()
        raise cur.unexpected("an index or an identifier")

    def has_target(self) -> bool:
        return self.cur.kind() in (ID, NUMBER)

    def item_ref(self, sort: str) -> Ref:
        """``idx name*`` after a sort keyword, up to ``)``."""
        cur = self.cur
        at = cur.i
        target = self.target()
        names = []
        while cur.kind() == STRING:
            names.append(cur.name())
        if sort in ("core func", "core table", "core memory", "core global", "core tag") and len(names) > 1:
            raise cur.unexpected("')'")
        return Ref(sort, target, tuple(names), at)

    def sort(self) -> str:
        """A sort keyword (``func``, ``core module``, ...), after its ``(``."""
        cur = self.cur
        kw = cur.keyword()
        if kw == "core":
            kw2 = cur.keyword()
            sort = "core " + kw2
            if sort not in _CORE_SORTS:
                raise cur.error("unexpected token", "a core sort", cur.i - 1)
            return sort
        if kw not in ("func", "value", "type", "component", "instance"):
            raise cur.error("unexpected token", "a sort", cur.i - 1)
        return kw

    def sort_ref(self) -> Ref:
        """``(sort idx name*)``."""
        cur = self.cur
        cur.lpar()
        sort = self.sort()
        ref = self.item_ref(sort)
        cur.rpar()
        return ref

    def core_ref(self, sort: str) -> Ref:
        """A core item: ``idx``, ``idx "name"``, ``(core sort idx "name"?)``
        or ``(sort idx "name"?)``."""
        cur = self.cur
        if self.has_target():
            return self.item_ref(sort)
        short = sort[5:]
        at = cur.i
        cur.lpar()
        cur.accept("core")
        cur.keyword(short)
        ref = self.item_ref(sort)
        ref.at = at
        cur.rpar()
        return ref

    def component_ref(self, sort: str) -> Ref:
        """``idx`` or ``(sort idx name*)``."""
        cur = self.cur
        if self.has_target():
            return Ref(sort, self.target(), (), cur.i - 1)
        at = cur.i
        cur.lpar()
        if sort == "core module":
            cur.accept("core")
            cur.keyword("module")
        else:
            cur.keyword(sort)
        ref = self.item_ref(sort)
        ref.at = at
        cur.rpar()
        return ref

    def peek_type_ref(self) -> bool:
        """Whether ``(type idx name*)`` comes next (a type use, not a type definition)."""
        cur = self.cur
        return cur.peek_sexpr("type") and cur.kind(2) in (ID, NUMBER) and cur.kind(3) in (RPAR, STRING)

    def type_ref(self) -> Ref:
        """``(type idx name*)``, or an index."""
        return self.component_ref("type")

    def at_rpar(self) -> bool:
        return self.cur.kind() == RPAR

    def peek_keyword_sexpr(self) -> str | None:
        """The keyword after ``(`` if one follows (``core x`` as one word)."""
        cur = self.cur
        kw = cur.sexpr_keyword()
        if kw == "core" and cur.kind(2) == KEYWORD:
            return "core " + cur.texts[cur.i + 2]
        return kw

    def is_lpar(self) -> bool:
        return self.cur.kind() == LPAR


_CORE_SORTS = frozenset(("core func", "core table", "core memory", "core global", "core tag",
                         "core type", "core module", "core instance"))

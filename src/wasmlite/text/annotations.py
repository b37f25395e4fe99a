"""The annotations a module interprets: ``(@custom ...)`` and ``(@name ...)``.

``(@custom "name" placement? "bytes"*)`` becomes a custom section; it may only
stand between module fields. Its placement (``(before type)``, ``(after
last)``...; after the last section when omitted) goes into
``Module.custom_places``. ``(@name "text")`` names the module (right after
``module $id?``) or a function (right after ``func $id?``).
``(@metadata.code.branch_hint "\\00" | "\\01")`` stands inside a function body,
before the ``if`` or ``br_if`` it hints (unlikely or likely taken); the hints
of a module become a ``metadata.code.branch_hint`` custom section. Every
other annotation was already dropped by the lexer.
"""

from __future__ import annotations

from bisect import bisect_left

from .. import ir
from ..binary.branch_hints import LIKELY, UNLIKELY
from .cursor import Cursor
from .error import ParseError
from .lexer import ID, KEYWORD, LPAR, STRING, Annotation

# keywords after which (and after whose identifier) an @name annotation may stand
NAMED_DEFINITIONS = frozenset(("module", "type", "func", "param", "local", "table", "memory", "global",
                               "tag", "elem", "data", "field"))
SECTION_KINDS = frozenset(("type", "import", "func", "table", "memory", "global", "export", "start",
                           "elem", "code", "data", "datacount", "tag"))
_LAST = ("after", "last")
BRANCH_HINT = "metadata.code.branch_hint"
_HINT_VALUES = {b"\x00": UNLIKELY, b"\x01": LIKELY}


class ModuleAnnotations:
    """The interpreted annotations found inside one module's tokens."""

    def __init__(self, cur: Cursor, start: int, end: int, fields: list[tuple[str, int]]):
        self.cur = cur
        self.by_position: dict[int, list[Annotation]] = {}
        self.mine: list[Annotation] = []
        # branch hints by function: the field's first token -> {token position: hint}
        self.branch_hints: dict[int, dict[int, int]] = {}
        for a in cur.tokens.annotations:
            if start <= a.at <= end:
                self.mine.append(a)
                self.by_position.setdefault(a.at, []).append(a)
        if not self.mine:
            return
        boundaries = {at for _, at in fields}
        boundaries.add(end)
        kinds, texts = cur.kinds, cur.texts
        for a in self.mine:
            if a.name == "custom":
                if a.at not in boundaries:
                    raise self._error(a, "misplaced @custom annotation", "a custom annotation between module fields")
                continue
            if a.name == BRANCH_HINT:
                self._branch_hint(a, fields, end)
                continue
            k = a.at - 1
            if k >= 0 and kinds[k] == ID:
                k -= 1
            if not (k >= 0 and kinds[k] == KEYWORD and texts[k] in NAMED_DEFINITIONS):
                raise self._error(a, "misplaced @name annotation", "an @name annotation after a definition's keyword")
        self.start = start

    def _error(self, a: Annotation, reason: str, expected: str) -> ParseError:
        line, column = self.cur.tokens.position(a.offset)
        return ParseError(reason, line, column, "(@" + a.name, expected)

    def _branch_hint(self, a: Annotation, fields: list[tuple[str, int]], end: int) -> None:
        """Record a branch hint annotation under the function field it stands in."""
        k = bisect_left(fields, a.at, key=lambda f: f[1]) - 1
        field_end = fields[k + 1][1] if k + 1 < len(fields) else end
        if k < 0 or fields[k][0] != "func" or a.at >= field_end:
            raise self._error(a, f"@{BRANCH_HINT} annotation: not in a function",
                              "a branch hint inside a function body")
        body = Cursor(a.tokens)
        payload = bytearray()
        while body.kind() != -1:
            if body.kind() != STRING:
                raise body.error(f"@{BRANCH_HINT} annotation: unexpected token", "a string")
            payload += body.string()
        hint = _HINT_VALUES.get(bytes(payload))
        if hint is None:
            raise self._error(a, f"@{BRANCH_HINT} annotation: invalid hint value", '"\\00" or "\\01"')
        hints = self.branch_hints.setdefault(fields[k][1], {})
        if a.at in hints:
            raise self._error(a, f"@{BRANCH_HINT} annotation: duplicate annotation",
                              "one branch hint per instruction")
        hints[a.at] = hint

    def misplaced_branch_hint(self, at: int, reason: str = "invalid placement") -> ParseError:
        """The error for the branch hint at token position ``at``, which hints no instruction."""
        a = next(a for a in self.by_position[at] if a.name == BRANCH_HINT)
        return self._error(a, f"@{BRANCH_HINT} annotation: {reason}",
                           "an instruction right after the branch hint")

    def customs_before(self, at: int, module: ir.Module) -> None:
        """Append the custom sections written just before token ``at``."""
        for a in self.by_position.get(at, ()):
            if a.name == "custom":
                name, data, place = self._custom(a)
                module.customs.append((name, data))
                module.custom_places.append(place)

    def _custom(self, a: Annotation) -> tuple[str, bytes, tuple[str, str]]:
        """The custom section an ``@custom`` annotation denotes, and its placement."""
        body = Cursor(a.tokens)
        try:
            name = body.name()
        except ParseError as e:
            reason = "missing section name" if e.reason == "unexpected token" else e.reason
            raise ParseError(f"@custom annotation: {reason}", e.line, e.column, e.token,
                             "a section name string") from None
        place = _LAST
        if body.kind() == LPAR:
            body.i += 1
            where = body.peek_keyword()
            if where not in ("before", "after"):
                raise body.error("@custom annotation: malformed placement", "'before' or 'after'")
            body.i += 1
            section = body.peek_keyword()
            if section not in SECTION_KINDS and not (section == "first" and where == "before")\
                    and not (section == "last" and where == "after"):
                raise body.error("@custom annotation: malformed section kind", "a section name")
            body.i += 1
            body.rpar()
            place = (where, section)
        data = bytearray()
        while body.kind() != -1:
            if body.kind() != STRING:
                raise body.error("@custom annotation: unexpected token", "a string")
            data += body.string()
        return name, bytes(data), place

    def name_at(self, what: str, *positions: int) -> str | None:
        """The text of the ``@name`` annotation of a ``what`` (module, function)
        written at one of ``positions``."""
        found = None
        for at in dict.fromkeys(positions):
            for a in self.by_position.get(at, ()):
                if a.name == "name":
                    if found is not None:
                        raise self._error(a, f"@name annotation: multiple {what} names", "one @name annotation")
                    found = Cursor(a.tokens).name()
        return found

    def module_name(self, names: ir.Names) -> None:
        """Apply an ``@name`` annotation written at the start of the module."""
        if self.mine:
            name = self.name_at("module", self.start)
            if name is not None:
                names.module = name

    def func_name(self, head: int, index: int, names: ir.Names, ids: list[str | None]) -> None:
        """Record function ``index``'s name: an ``@name`` annotation written at
        ``head`` (after ``func``) or after its identifier, else the identifier."""
        name = None
        if self.mine:
            name = self.name_at("function", head, head + 1 if ids[index] is not None else head)
        if name is None and index < len(ids) and ids[index] is not None:
            name = ids[index]
        if name is not None:
            names.funcs[index] = name

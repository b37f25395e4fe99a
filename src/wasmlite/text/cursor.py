"""A position in a token stream, with the small reads every grammar rule needs."""

from __future__ import annotations

from .error import LiteralError, ParseError
from .lexer import ID, KEYWORD, LPAR, NUMBER, RPAR, STRING, Tokens
from .numbers import parse_uint
from .strings import string_bytes, string_name


class Cursor:
    """Reads tokens ``kinds[i]``, ``texts[i]`` of a :class:`Tokens` stream."""

    __slots__ = ("tokens", "kinds", "texts", "i")

    def __init__(self, tokens: Tokens, start: int = 0):
        self.tokens = tokens
        self.kinds = tokens.kinds
        self.texts = tokens.texts
        self.i = start

    # -- errors ---------------------------------------------------------------

    def error(self, reason: str, expected: str | None = None, at: int | None = None) -> ParseError:
        """A :class:`ParseError` at token ``at`` (default: the current token)."""
        return self.tokens.error(self.i if at is None else at, reason, expected)

    def unexpected(self, expected: str) -> ParseError:
        """The error for a token that does not fit the grammar here."""
        i = self.i
        if i < len(self.kinds) and self.kinds[i] == KEYWORD and expected.startswith("an instruction"):
            return self.error("unknown operator", expected)
        return self.error("unexpected token", expected)

    def literal_error(self, e: LiteralError, at: int | None = None) -> ParseError:
        return self.error(e.reason, e.expected, at)

    # -- peeking --------------------------------------------------------------

    def kind(self, ahead: int = 0) -> int:
        """Kind of the token ``ahead`` positions on, or -1 past the end."""
        i = self.i + ahead
        return self.kinds[i] if i < len(self.kinds) else -1

    def peek_keyword(self, ahead: int = 0) -> str | None:
        """The keyword ``ahead`` positions on, if that token is a keyword."""
        i = self.i + ahead
        if i < len(self.kinds) and self.kinds[i] == KEYWORD:
            return self.texts[i]
        return None

    def peek_sexpr(self, keyword: str) -> bool:
        """Whether the next tokens are ``(`` ``keyword``."""
        i = self.i
        kinds = self.kinds
        return (i + 1 < len(kinds) and kinds[i] == LPAR and kinds[i + 1] == KEYWORD
                and self.texts[i + 1] == keyword)

    def sexpr_keyword(self) -> str | None:
        """The keyword after ``(`` if the next tokens are ``(`` and a keyword."""
        i = self.i
        kinds = self.kinds
        if i + 1 < len(kinds) and kinds[i] == LPAR and kinds[i + 1] == KEYWORD:
            return self.texts[i + 1]
        return None

    def at_rpar(self) -> bool:
        i = self.i
        return i < len(self.kinds) and self.kinds[i] == RPAR

    # -- consuming ------------------------------------------------------------

    def lpar(self, expected: str = "'('") -> None:
        if self.kind() != LPAR:
            raise self.unexpected(expected)
        self.i += 1

    def rpar(self) -> None:
        if self.kind() != RPAR:
            raise self.unexpected("')'")
        self.i += 1

    def keyword(self, expected: str | None = None) -> str:
        """Consume a keyword (``expected`` if given)."""
        i = self.i
        if i < len(self.kinds) and self.kinds[i] == KEYWORD and (expected is None or self.texts[i] == expected):
            self.i = i + 1
            return self.texts[i]
        raise self.unexpected(repr(expected) if expected else "a keyword")

    def open(self, keyword: str) -> None:
        """Consume ``(`` ``keyword``."""
        if not self.peek_sexpr(keyword):
            raise self.unexpected(f"'({keyword}'")
        self.i += 2

    def accept(self, keyword: str) -> bool:
        """Consume ``keyword`` if it is next."""
        i = self.i
        if i < len(self.kinds) and self.kinds[i] == KEYWORD and self.texts[i] == keyword:
            self.i = i + 1
            return True
        return False

    def accept_sexpr(self, keyword: str) -> bool:
        """Consume ``(`` ``keyword`` if they are next."""
        if self.peek_sexpr(keyword):
            self.i += 2
            return True
        return False

    def id(self) -> str | None:
        """Consume an identifier if one is next; its name."""
        i = self.i
        if i < len(self.kinds) and self.kinds[i] == ID:
            self.i = i + 1
            return self.texts[i]
        return None

    def u32(self) -> int:
        return self.uint(32)

    def uint(self, bits: int) -> int:
        i = self.i
        if i >= len(self.kinds) or self.kinds[i] != NUMBER:
            raise self.unexpected("an unsigned integer")
        try:
            value = parse_uint(self.texts[i], bits)
        except LiteralError as e:
            raise self.literal_error(e) from None
        self.i = i + 1
        return value

    def string(self) -> bytes:
        """Consume a string literal; its bytes."""
        i = self.i
        if i >= len(self.kinds) or self.kinds[i] != STRING:
            raise self.unexpected("a string")
        try:
            value = string_bytes(self.texts[i])
        except LiteralError as e:
            raise self.literal_error(e) from None
        self.i = i + 1
        return value

    def name(self) -> str:
        """Consume a string literal that must be valid UTF-8; its text."""
        i = self.i
        if i >= len(self.kinds) or self.kinds[i] != STRING:
            raise self.unexpected("a name string")
        try:
            value = string_name(self.texts[i])
        except LiteralError as e:
            raise self.literal_error(e) from None
        self.i = i + 1
        return value

    def strings(self) -> bytes:
        """Consume a possibly empty run of string literals; their concatenated bytes."""
        parts = []
        while self.kind() == STRING:
            parts.append(self.string())
        return b"".join(parts)

    def skip_sexpr(self) -> None:
        """Skip the balanced s-expression that starts at the current ``(``."""
        kinds = self.kinds
        n = len(kinds)
        i = self.i + 1
        depth = 1
        while depth:
            if i >= n:
                self.i = n
                raise self.unexpected("')'")
            k = kinds[i]
            if k == LPAR:
                depth += 1
            elif k == RPAR:
                depth -= 1
            i += 1
        self.i = i

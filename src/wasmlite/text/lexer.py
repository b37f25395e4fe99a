"""The lexer: WebAssembly text into tokens.

Tokens are stored column-wise in a :class:`Tokens` object (parallel lists of
kinds, texts and source offsets) so that the parser indexes plain lists.
Comments and whitespace are dropped. Annotations ``(@id ...)`` are taken out of
the token stream; those the parser interprets (``@custom``, ``@name``,
``@metadata.code.branch_hint``) are kept in :attr:`Tokens.annotations`
together with the position in the stream where they appeared; every other
annotation is ignored, as the annotations proposal prescribes.
"""

from __future__ import annotations

import re

from .error import LiteralError, ParseError, line_starts_of, position
from .strings import string_name

# token kinds
LPAR = 0        # "("
RPAR = 1        # ")"
KEYWORD = 2     # starts with a lowercase letter: instruction names, "func", "offset=8", "nan"...
NUMBER = 3      # starts with a digit or a sign: validated when parsed
STRING = 4      # text is the literal including its quotes
ID = 5          # text is the identifier's name, without "$"
RESERVED = 6    # any other run of identifier characters: malformed wherever it is used
ANNOTATION = 7  # "(@id": only during lexing; never left in a token stream


_IDCHAR = r"0-9A-Za-z!#$%&'*+\-./:<=>?@\\^_`|~"
_STRING = r'"(?:[^"\\\x00-\x1f\x7f]|\\[^\x00-\x1f\x7f])*"'
_LOOSE_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SPACE = r"(?>(?:[ \t\n\r]+|;;[^\n\r]*)*)"   # atomic: no backtracking into whitespace
_ATOM_ENDS = rf"(?![{_IDCHAR},\[\]{{}}\"]|;(?!;))"
# One match per token, whitespace and line comments before it included; the
# group that matched tells the kind. Every position matches some group, so
# scanning never searches ahead past an error.
_TOKEN = re.compile(
    _SPACE + "(?:"
    rf"(\(@(?:[{_IDCHAR}]+|{_STRING}))"              # 1 annotation start
    r"|(\()(?!;)"                                     # 2 (
    r"|(\))"                                          # 3 )
    rf"|([a-z][{_IDCHAR}]*){_ATOM_ENDS}"              # 4 keyword
    rf"|([0-9+\-][{_IDCHAR}]*){_ATOM_ENDS}"           # 5 number
    rf"|\$([{_IDCHAR}]+){_ATOM_ENDS}"                 # 6 identifier
    rf"|({_STRING}){_ATOM_ENDS}"                      # 7 string
    rf"|((?>(?:[{_IDCHAR},\[\]{{}}]|;(?!;)|{_STRING})+))"  # 8 any other atom
    r"|(\(;)"                                         # 9 block comment
    r"|(\Z)"                                          # 10 end of input
    r"|(.))",                                          # 11 anything else: an error
    re.DOTALL)
_PLAIN_ATOM = re.compile(rf"[{_IDCHAR}]+\Z")
_STRING_ATOM = re.compile(rf"{_STRING}\Z", re.DOTALL)
_COMMENT_DELIMITER = re.compile(r"\(;|;\)")

_INTERPRETED_ANNOTATIONS = ("custom", "name", "metadata.code.branch_hint")


class Annotation:
    """An interpreted annotation: its id, its own tokens, and where it stood."""

    __slots__ = ("name", "tokens", "at", "offset")

    def __init__(self, name: str, tokens: "Tokens", at: int, offset: int):
        self.name = name
        self.tokens = tokens      # the tokens between the id and the closing ")"
        self.at = at              # index of the next token of the enclosing stream
        self.offset = offset      # source offset of "(@"


class Tokens:
    """A token stream: parallel lists, plus the source for error positions."""

    __slots__ = ("kinds", "texts", "offsets", "source", "annotations", "annotated", "_line_starts")

    def __init__(self, source: str):
        self.kinds: list[int] = []
        self.texts: list[str] = []
        self.offsets: list[int] = []
        self.source = source
        self.annotations: list[Annotation] = []
        self.annotated = False    # the source held annotations, interpreted or not
        self._line_starts: list[int] | None = None

    def position(self, offset: int) -> tuple[int, int]:
        """``(line, column)`` of a source offset."""
        if self._line_starts is None:
            self._line_starts = line_starts_of(self.source)
        return position(self.source, offset, self._line_starts)

    def error(self, index: int, reason: str, expected: str | None = None) -> ParseError:
        """A :class:`ParseError` located at token ``index`` (``len`` means end of input)."""
        if index < len(self.kinds):
            offset = self.offsets[index]
            token = self.texts[index]
            kind = self.kinds[index]
            if kind == ID:
                token = "$" + token
            elif kind == LPAR:
                token = "("
        else:
            offset = len(self.source)
            token = None
        line, column = self.position(offset)
        return ParseError(reason, line, column, token, expected)


def _fail(source: str, offset: int, reason: str, token: str | None, expected: str | None = None):
    line, column = position(source, offset)
    raise ParseError(reason, line, column, token, expected)


def _skip_block_comment(source: str, start: int) -> int:
    """The offset just after the block comment opening at ``start``."""
    depth = 1
    pos = start + 2
    search = _COMMENT_DELIMITER.search
    while True:
        m = search(source, pos)
        if m is None:
            _fail(source, start, "unclosed comment", "(;", "';)'")
        pos = m.end()
        if m.group() == "(;":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return pos


def _classify(source: str, text: str, offset: int) -> tuple[int, str]:
    """The kind and stored text of an atom (a run of non-delimiting characters)."""
    first = text[0]
    if _PLAIN_ATOM.match(text):
        if first == "$":
            if len(text) == 1:
                return RESERVED, text
            return ID, text[1:]
        if "a" <= first <= "z":
            return KEYWORD, text
        if "0" <= first <= "9" or first in "+-":
            return NUMBER, text
        return RESERVED, text
    if first == '"' and _STRING_ATOM.match(text):
        return STRING, text
    if first == "$" and _STRING_ATOM.match(text, 1):
        try:
            name = string_name(text[1:])
        except LiteralError as e:
            _fail(source, offset, e.reason, text, e.expected)
        if not name:
            _fail(source, offset, "empty identifier", text, "a non-empty identifier")
        return ID, name
    return RESERVED, text


def tokenize(source: str) -> Tokens:
    """Split ``source`` into tokens; raise :class:`ParseError` on illegal characters,
    unclosed strings, comments or annotations."""
    tokens = Tokens(source)
    kinds = tokens.kinds
    texts = tokens.texts
    offsets = tokens.offsets
    add_kind = kinds.append
    add_text = texts.append
    add_offset = offsets.append
    finditer = _TOKEN.finditer
    pos = 0
    has_annotations = False
    while True:
        for m in finditer(source, pos):
            pos = m.end()
            group = m.lastindex
            if group == 4:
                add_kind(KEYWORD)
                add_text(m.group(4))
                add_offset(m.start(4))
            elif group == 2:
                add_kind(LPAR)
                add_text("(")
                add_offset(pos - 1)
            elif group == 3:
                add_kind(RPAR)
                add_text(")")
                add_offset(pos - 1)
            elif group == 5:
                add_kind(NUMBER)
                add_text(m.group(5))
                add_offset(m.start(5))
            elif group == 6:
                add_kind(ID)
                add_text(m.group(6))
                add_offset(m.start(6))
            elif group == 7:
                add_kind(STRING)
                add_text(m.group(7))
                add_offset(m.start(7))
            elif group == 8:
                at = m.start(8)
                kind, text = _classify(source, m.group(8), at)
                add_kind(kind)
                add_text(text)
                add_offset(at)
            elif group == 1:
                at = m.start(1)
                add_kind(ANNOTATION)
                add_text(_annotation_id(source, m.group(1), at))
                add_offset(at)
                has_annotations = True
            elif group == 9:
                pos = _skip_block_comment(source, m.start(9))
                break
            elif group == 11:
                _lex_failure(source, m.start(11))
            else:
                if has_annotations:
                    _extract_annotations(tokens)
                    tokens.annotated = True
                return tokens


def _annotation_id(source: str, text: str, offset: int) -> str:
    """The id of an annotation from its opening ``(@id``."""
    name = text[2:]
    if name[0] == '"':
        try:
            name = string_name(name)
        except LiteralError as e:
            _fail(source, offset, e.reason, text, e.expected)
        if not name:
            _fail(source, offset, "empty annotation id", text, "an annotation id")
    return name


def _lex_failure(source: str, pos: int):
    char = source[pos]
    if char == '"' or (char == "$" and source.startswith('"', pos + 1)):
        if not _LOOSE_STRING.match(source, pos + (char == "$")):
            _fail(source, pos, "unclosed string", char, "'\"'")
    _fail(source, pos, "illegal character", char, "a printable ASCII character")


def _extract_annotations(tokens: Tokens) -> None:
    """Move every annotation out of the stream; keep the interpreted ones."""
    kinds, texts, offsets = tokens.kinds, tokens.texts, tokens.offsets
    out = Tokens(tokens.source)
    n = len(kinds)
    i = 0
    while i < n:
        kind = kinds[i]
        if kind != ANNOTATION:
            out.kinds.append(kind)
            out.texts.append(texts[i])
            out.offsets.append(offsets[i])
            i += 1
            continue
        depth = 1
        j = i + 1
        while depth:
            if j == n:
                _fail(tokens.source, offsets[i], "unclosed annotation", "(@" + texts[i], "')'")
            k = kinds[j]
            if k == LPAR or k == ANNOTATION:
                depth += 1
            elif k == RPAR:
                depth -= 1
            j += 1
        if texts[i] in _INTERPRETED_ANNOTATIONS:
            body = Tokens(tokens.source)
            for t in range(i + 1, j - 1):
                k = kinds[t]
                body.kinds.append(LPAR if k == ANNOTATION else k)
                body.texts.append(texts[t])
                body.offsets.append(offsets[t])
            out.annotations.append(Annotation(texts[i], body, len(out.kinds), offsets[i]))
        i = j
    tokens.kinds, tokens.texts, tokens.offsets = out.kinds, out.texts, out.offsets
    tokens.annotations = out.annotations

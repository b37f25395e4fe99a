"""Function names as Wasmtime prints them in a backtrace: demangled.

Wasmtime demangles a function's name before printing it: first as a legacy
Rust symbol, then as an Itanium C++ symbol (where even a lone type code such
as ``i`` reads as ``int``). This module covers the common shapes: Rust legacy
paths, and C++ names made of plain and nested names, builtin and
standard-library types, pointer, reference and const qualifiers, parameter
lists and ``.suffix`` clones. A name it cannot read whole is printed as it is
(templates and back-references among them).
"""

from __future__ import annotations

import re

__all__ = ["demangle"]

_BUILTIN = {
    "v": "void", "w": "wchar_t", "b": "bool", "c": "char", "a": "signed char",
    "h": "unsigned char", "s": "short", "t": "unsigned short", "i": "int",
    "j": "unsigned int", "l": "long", "m": "unsigned long", "x": "long long",
    "y": "unsigned long long", "n": "__int128", "o": "unsigned __int128", "f": "float",
    "d": "double", "e": "long double", "g": "__float128", "z": "...",
}
_BUILTIN2 = {"Dn": "std::nullptr_t", "Di": "char32_t", "Ds": "char16_t", "Du": "char8_t",
             "Da": "auto", "Dc": "decltype(auto)", "Df": "decimal32", "Dd": "decimal64",
             "De": "decimal128", "Dh": "half"}
_STD = {"Sa": "std::allocator", "Sb": "std::basic_string", "Ss": "std::string",
        "Si": "std::basic_istream<char, std::char_traits<char> >",
        "So": "std::ostream",
        "Sd": "std::basic_iostream<char, std::char_traits<char> >"}

_RUST_HASH = re.compile(r"h[0-9a-f]{16}$")
_RUST_ESCAPES = {"$SP$": "@", "$BP$": "*", "$RF$": "&", "$LT$": "<", "$GT$": ">",
                 "$LP$": "(", "$RP$": ")", "$C$": ","}


def demangle(name: str) -> str:
    """``name`` demangled as Wasmtime prints it, or ``name`` itself."""
    if not name:
        return name
    try:
        rust = _rust_legacy(name)
        if rust is not None:
            return rust
        cpp = _Itanium(name).symbol()
        if cpp is not None:
            return cpp
    except (IndexError, ValueError):
        pass
    return name


# --- Rust (legacy mangling) -----------------------------------------------------------

def _rust_legacy(name: str) -> str | None:
    body = name[3:] if name.startswith("_ZN") else name[2:] if name.startswith("ZN") else None
    if body is None:
        return None
    parts = []
    i = 0
    while i < len(body) and body[i] != "E":
        j = i
        while j < len(body) and body[j].isdigit():
            j += 1
        if j == i:
            return None
        n = int(body[i:j])
        part = body[j:j + n]
        if len(part) != n:
            return None
        parts.append(part)
        i = j + n
    if i >= len(body) or not parts or not _RUST_HASH.match(parts[-1]):
        return None
    if i + 1 != len(body) and not body[i + 1:].startswith("."):
        return None
    return "::".join(_rust_unescape(p) for p in parts)


def _rust_unescape(part: str) -> str:
    if part.startswith("_$"):
        part = part[1:]
    out = []
    i = 0
    while i < len(part):
        if part[i] == "$":
            end = part.find("$", i + 1)
            if end < 0:
                raise ValueError(part)
            escape = part[i:end + 1]
            if escape in _RUST_ESCAPES:
                out.append(_RUST_ESCAPES[escape])
            elif escape.startswith("$u"):
                out.append(chr(int(escape[2:-1], 16)))
            else:
                raise ValueError(part)
            i = end + 1
        elif part.startswith("..", i):
            out.append("::")
            i += 2
        else:
            out.append(part[i])
            i += 1
    return "".join(out)


# --- C++ (Itanium mangling) -----------------------------------------------------------

class _Itanium:
    """A recursive-descent reader of the subset of Itanium mangled names above."""

    def __init__(self, text: str):
        self.text = text
        self.pos = 0

    def peek(self, n: int = 1) -> str:
        return self.text[self.pos:self.pos + n]

    def symbol(self) -> str | None:
        text = self.text
        clone = ""
        if text.startswith("_Z"):
            base, dot, rest = text.partition(".")
            if dot:
                clone = f" [clone .{rest}]"
            self.text = base
            self.pos = 2
            result = self.encoding()
        else:
            result = self.type()
        if result is None or self.pos != len(self.text):
            return None
        return result + clone

    def encoding(self) -> str | None:
        if self.peek() == "L":
            self.pos += 1
        name, const = self.name()
        if name is None:
            return None
        if self.pos == len(self.text):
            return name
        params = []
        while self.pos < len(self.text):
            t = self.type()
            if t is None:
                return None
            params.append(t)
        args = "" if params == ["void"] else ", ".join(params)
        return f"{name}({args}){' const' if const else ''}"

    def name(self) -> tuple[str | None, bool]:
        if self.peek() == "N":
            self.pos += 1
            const = False
            while self.peek() in ("K", "V", "r"):
                const = const or self.peek() == "K"
                self.pos += 1
            parts = []
            if self.peek(2) == "St":
                self.pos += 2
                parts.append("std")
            while self.peek() != "E":
                part = self.source_name()
                if part is None:
                    return None, False
                parts.append(part)
            self.pos += 1
            return "::".join(parts), const
        if self.peek(2) == "St":
            self.pos += 2
            part = self.source_name()
            return (None if part is None else f"std::{part}"), False
        return self.source_name(), False

    def source_name(self) -> str | None:
        start = self.pos
        while self.peek().isdigit():
            self.pos += 1
        if self.pos == start:
            return None
        n = int(self.text[start:self.pos])
        part = self.text[self.pos:self.pos + n]
        if len(part) != n or n == 0:
            return None
        self.pos += n
        return part

    def type(self) -> str | None:
        c = self.peek()
        if c in ("P", "R", "O"):
            self.pos += 1
            inner = self.type()
            return None if inner is None else inner + {"P": "*", "R": "&", "O": "&&"}[c]
        if c in ("K", "V"):
            self.pos += 1
            inner = self.type()
            return None if inner is None else inner + (" const" if c == "K" else " volatile")
        if c in _BUILTIN:
            self.pos += 1
            return _BUILTIN[c]
        two = self.peek(2)
        if two in _BUILTIN2:
            self.pos += 2
            return _BUILTIN2[two]
        if two in _STD:
            self.pos += 2
            return _STD[two]
        if two == "St":
            self.pos += 2
            part = self.source_name()
            return "std" if part is None else f"std::{part}"
        if c == "N" or c.isdigit():
            name, _ = self.name()
            return name
        return None

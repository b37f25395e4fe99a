"""Import and export names (Explainer.md, "Import and Export Definitions").

``externname`` is a plain name (a kebab-case ``label``, or ``[constructor]r``,
``[method]r.m``, ``[static]r.m``), an interface name
(``ns:pkg/iface@version``), or a dependency, URL or integrity name (imports
only). :func:`parse_name` checks the grammar and returns a :class:`Name`;
names compare case-insensitively through :attr:`Name.key`, where
``[method]a.a`` and ``[static]a.a`` are the same name as ``a``.
"""

from __future__ import annotations

import re

from ...errors import InvalidError

LABEL, CONSTRUCTOR, METHOD, STATIC, INTERFACE, DEPENDENCY, URL, HASH = (
    "label", "constructor", "method", "static", "interface", "dependency", "url", "hash")


def is_kebab(s: str) -> bool:
    """Whether ``s`` is a kebab-case label: words of letters and digits, each
    all lowercase or all uppercase, the first starting with a letter,
    separated by single ``-``."""
    if not s or s.endswith("-"):
        return False
    lower = upper = digit = False
    first = True
    for c in s:
        if "a" <= c <= "z" and not (lower or upper):
            lower = True
        elif "A" <= c <= "Z" and not (lower or upper):
            upper = True
        elif "0" <= c <= "9" and not (lower or upper) and not first:
            digit = True
        elif "a" <= c <= "z" and lower:
            pass
        elif "A" <= c <= "Z" and upper:
            pass
        elif "0" <= c <= "9" and (lower or upper):
            digit = True
        elif c == "-" and (lower or upper or digit):
            lower = upper = digit = False
            first = False
        else:
            return False
    return True


def kebab_label(s: str, what: str) -> str:
    """Check a record field, case, flag, enum or parameter name (``what`` says
    which, as ``"record field"``); the name."""
    if not s:
        raise InvalidError(f"{what} name cannot be empty")
    if not is_kebab(s):
        raise InvalidError(f"{what} name `{s}` is not in kebab case")
    return s


class Name:
    """A parsed extern name: its ``kind`` (``"label"``, ``"method"``, ...),
    the text, and for methods and statics the ``resource`` and ``method``."""

    __slots__ = ("kind", "text", "resource", "method", "interface", "version")

    def __init__(self, kind: str, text: str, resource: str = "", method: str = "",
                 interface: str = "", version: str | None = None) -> None:
        self.kind = kind
        self.text = text
        self.resource = resource
        self.method = method
        self.interface = interface
        self.version = version

    @property
    def key(self) -> tuple[str, str]:
        """The name's identity for uniqueness: case-insensitive, and
        ``[method]a.a`` / ``[static]a.a`` equal to ``a``."""
        if self.kind in (METHOD, STATIC):
            if self.resource.lower() == self.method.lower():
                return (LABEL, self.resource.lower())
            return ("function", f"{self.resource}.{self.method}".lower())
        if self.kind == LABEL:
            return (LABEL, self.text.lower())
        if self.kind == CONSTRUCTOR:
            return (CONSTRUCTOR, self.resource.lower())
        return (self.kind, self.text.lower() if self.kind == INTERFACE else self.text)

    def __str__(self) -> str:
        return self.text


class _Parser:
    """A cursor over a name, failing with wasm-tools' messages."""

    def __init__(self, text: str) -> None:
        self.next = text

    def eat(self, prefix: str) -> bool:
        if self.next.startswith(prefix):
            self.next = self.next[len(prefix):]
            return True
        return False

    def expect(self, prefix: str) -> None:
        if not self.eat(prefix):
            raise InvalidError(f"expected `{prefix}` at `{self.next}`")

    def take_until(self, c: str) -> str:
        i = self.next.find(c)
        if i < 0:
            raise InvalidError(f"failed to find `{c}` character")
        taken, self.next = self.next[:i], self.next[i + 1:]
        return taken

    def take_up_to(self, c: str) -> str:
        i = self.next.find(c)
        if i < 0:
            raise InvalidError(f"failed to find `{c}` character")
        taken, self.next = self.next[:i], self.next[i:]
        return taken

    def take_rest(self) -> str:
        rest, self.next = self.next, ""
        return rest

    @staticmethod
    def kebab(s: str) -> str:
        if not is_kebab(s):
            raise InvalidError(f"`{s}` is not in kebab case")
        return s

    def take_kebab(self) -> str:
        m = re.match(r"[a-zA-Z0-9-]*", self.next)
        end = m.end() if m else 0
        if end == len(self.next):
            return self.kebab(self.take_rest())
        taken, self.next = self.next[:end], self.next[end:]
        return self.kebab(taken)

    def take_lowercase_kebab(self) -> str:
        s = self.take_kebab()
        for c in s:
            if c.isalpha() and not c.islower():
                raise InvalidError(f"character `{c}` is not lowercase in package "
                                   "name/namespace")
        return s

    def pkg_path(self, require_projection: bool) -> str:
        start = self.next
        self.take_lowercase_kebab()
        self.expect(":")
        self.take_lowercase_kebab()
        if self.next.startswith("/"):
            self.expect("/")
            self.take_kebab()
        elif require_projection:
            raise InvalidError("expected `/` after package name")
        return start[:len(start) - len(self.next)]

    def pkg_name(self, is_interface: bool) -> tuple[str, str | None]:
        path = self.pkg_path(is_interface)
        version = None
        if self.eat("@"):
            i = self.next.find(">")
            version = self.take_rest() if i < 0 else self.take_up_to(">")
            if not is_interface:
                check_semver(version)
        return path, version


_POSITIONS = ("major version number", "minor version number", "patch version number")


def semver_error(version: str) -> str | None:
    """Why ``version`` is not a semantic version (as the semver crate words
    it), or ``None`` when it is one."""
    if not version:
        return "empty string, expected a semver version"
    i = 0
    for n, position in enumerate(_POSITIONS):
        start = i
        while i < len(version) and version[i].isdigit():
            i += 1
        if i == start:
            if i == len(version):
                return f"unexpected end of input while parsing {position}"
            return f"unexpected character {version[i]!r} while parsing {position}"
        if version[start] == "0" and i - start > 1:
            return f"invalid leading zero in {position}"
        if n < 2:
            if i == len(version):
                return f"unexpected end of input while parsing {position}"
            if version[i] != ".":
                return f"unexpected character {version[i]!r} after {position}"
            i += 1
    rest = version[i:]
    for mark, what in (("-", "pre-release identifier"), ("+", "build metadata")):
        if rest.startswith(mark):
            end = rest.find("+", 1) if mark == "-" else len(rest)
            part = rest[1:end if end > 0 else len(rest)]
            for segment in part.split("."):
                if not segment:
                    return f"empty identifier segment in {what}"
                bad = next((c for c in segment if not (c.isalnum() and c.isascii() or c == "-")),
                           None)
                if bad is not None:
                    return f"unexpected character {bad!r} while parsing {what}"
            rest = rest[1 + len(part):]
    if rest:
        return f"unexpected character {rest[0]!r} after {_POSITIONS[2]}"
    return None


def check_semver(version: str) -> None:
    """Raise unless ``version`` is a valid semantic version."""
    error = semver_error(version)
    if error is not None:
        raise InvalidError(f"`{version}` is not a valid semver: {error}")


def _semver_range(text: str) -> None:
    if text.startswith(">="):
        lower, _, upper = text[2:].partition(" ")
        check_semver(lower)
        if upper:
            if not upper.startswith("<"):
                raise InvalidError("expected `<` at start of version range upper bounds")
            check_semver(upper[1:])
    elif text.startswith("<"):
        check_semver(text[1:])
    else:
        raise InvalidError("expected `>=` or `<` at start of version range")


def _parse(text: str) -> Name:
    p = _Parser(text)
    if p.eat("[constructor]"):
        return Name(CONSTRUCTOR, text, resource=p.kebab(p.take_rest()))
    for prefix, kind in (("[method]", METHOD), ("[static]", STATIC)):
        if p.eat(prefix):
            resource = p.kebab(p.take_until("."))
            method = p.kebab(p.take_rest())
            return Name(kind, text, resource=resource, method=method)
    if p.eat("unlocked-dep="):
        p.expect("<")
        p.pkg_path(False)
        if p.eat("@"):
            if not p.eat("*"):
                p.expect("{")
                _semver_range(p.take_up_to("}"))
                p.expect("}")
        p.expect(">")
        return _finish(p, Name(DEPENDENCY, text))
    if p.eat("locked-dep="):
        p.expect("<")
        p.pkg_name(False)
        p.expect(">")
        _optional_hash(p)
        return _finish(p, Name(DEPENDENCY, text))
    if p.eat("url="):
        p.expect("<")
        url = p.take_up_to(">")
        if "<" in url:
            raise InvalidError("url cannot contain `<`")
        p.expect(">")
        _optional_hash(p)
        return _finish(p, Name(URL, text))
    if p.eat("integrity="):
        p.expect("<")
        _hash(p)
        p.expect(">")
        return _finish(p, Name(HASH, text))
    if ":" in text:
        path, version = p.pkg_name(True)
        return _finish(p, Name(INTERFACE, text, interface=path, version=version))
    return Name(LABEL, p.kebab(p.take_rest()))


def _finish(p: _Parser, name: Name) -> Name:
    if p.next:
        raise InvalidError(f"trailing characters found: `{p.next}`")
    return name


def _optional_hash(p: _Parser) -> None:
    if p.eat(","):
        p.expect("integrity=<")
        _hash(p)
        p.expect(">")


_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")


def _hash(p: _Parser) -> None:
    text = p.take_up_to(">")
    for part in text.split(" "):
        algo, dash, digest = part.partition("-")
        if algo not in ("sha256", "sha384", "sha512"):
            raise InvalidError(f"unrecognized hash algorithm: `{algo}`")
        if not dash:
            raise InvalidError(f"expected `-` after hash algorithm: {algo}")
        if not _BASE64.fullmatch(digest) or len(digest) % 4:
            raise InvalidError(f"not valid base64: `{digest}`")
    if not text:
        raise InvalidError("integrity hash cannot be empty")


def parse_name(text: str) -> Name:
    """Parse an extern name; raises :class:`InvalidError` with the grammar
    rule that failed."""
    return _parse(text)


def check_interface_version(name: Name, suffix: str | None) -> None:
    """The version of an interface name, completed by a ``versionsuffix``
    attribute, must be a valid semver."""
    if name.version is None:
        return
    error = semver_error(name.version + (suffix or ""))
    if error is not None:
        raise InvalidError(f"invalid interface version: {error}")

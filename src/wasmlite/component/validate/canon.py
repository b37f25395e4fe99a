"""Canonical definitions (Explainer.md, "Canonical Definitions"): ``canon
lift`` and ``canon lower`` with their options (the ``async`` option
included); the other built-ins are in ``builtins.py``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ... import ir as core
from ...errors import InvalidError
from .. import ir
from .abi import FlatSignature, contains_ptr, flatten_functype
from .core import core_functype, functype_parts
from .resolved import FuncType
from .subtype import memory_type

if TYPE_CHECKING:
    from .scope import Scope

_ENCODING_NAMES = {"utf8": "utf8", "utf16": "utf16", "latin1+utf16": "latin1-utf16"}


class CanonOptions:
    """Checked canonical options: the string encoding and the core indices
    of ``memory``, ``realloc``, ``post-return`` and ``callback``."""

    __slots__ = ("string_encoding", "memory", "realloc", "post_return", "is_async",
                 "callback")

    def __init__(self) -> None:
        self.string_encoding = "utf8"
        self.memory: int | None = None
        self.realloc: int | None = None
        self.post_return: int | None = None
        self.is_async = False
        self.callback: int | None = None

    def require_memory(self) -> None:
        if self.memory is None:
            raise InvalidError("canonical option `memory` is required")

    def require_realloc(self) -> None:
        self.require_memory()
        if self.realloc is None:
            raise InvalidError("canonical option `realloc` is required")


class CanonInfo:
    """What validation learned about one ``canon lift`` or ``canon lower``:
    the component function type, the checked options and the flattened core
    signature."""

    __slots__ = ("kind", "type", "options", "signature")

    def __init__(self, kind: str, type: FuncType, options: CanonOptions,
                 signature: FlatSignature) -> None:
        self.kind = kind
        self.type = type
        self.options = options
        self.signature = signature


def check_options(scope: Scope, opts: tuple[ir.CanonOpt, ...]) -> CanonOptions:
    """Each option at most once, each index valid, ``realloc``'s signature."""
    o = CanonOptions()
    encoding: str | None = None
    seen: set[str] = set()
    for opt in opts:
        name = opt.name
        if name == "string-encoding":
            shown = _ENCODING_NAMES.get(str(opt.value), str(opt.value))
            if encoding is not None:
                raise InvalidError(f"canonical encoding option `{_ENCODING_NAMES[encoding]}` "
                                   f"conflicts with option `{shown}`")
            encoding = str(opt.value)
            continue
        if name in seen:
            raise InvalidError(f"canonical option `{name}` is specified more than once")
        seen.add(name)
        if name == "memory":
            assert isinstance(opt.value, int)
            mem = scope.memory_at(opt.value)
            if mem.limits.is64:
                raise InvalidError("64-bit memories require the `cm64` feature to be enabled")
            memory_type(mem, core.MemType(core.Limits(0, None, False, False,
                                                       mem.limits.page_size_log2)))
            o.memory = opt.value
        elif name == "realloc":
            o.realloc = opt.value  # type: ignore[assignment]
        elif name == "post-return":
            o.post_return = opt.value  # type: ignore[assignment]
        elif name == "async":
            o.is_async = True
        elif name == "callback":
            o.callback = opt.value  # type: ignore[assignment]
    if encoding is not None:
        o.string_encoding = encoding
    if o.callback is not None and not o.is_async:
        raise InvalidError("cannot specify callback without async")
    if o.is_async and o.post_return is not None:
        raise InvalidError("cannot specify post-return function in async")
    if o.realloc is not None:
        if o.memory is None:
            raise InvalidError("canonical option `realloc` requires `memory` to also be "
                               "specified")
        ft = scope.core_func_at(o.realloc)
        if not ft.matches(core_functype(("i32",) * 4, ("i32",))):
            raise InvalidError("canonical option `realloc` uses a core function with an "
                               "incorrect signature")
    return o


def signature(ft: FuncType, o: CanonOptions, context: str) -> FlatSignature:
    """The flattened signature, with the options the types require."""
    for _, p in ft.params:
        if contains_ptr(p):
            if context == "lower":
                o.require_memory()
            else:
                o.require_realloc()
    sig = flatten_functype(ft, context, o.is_async)
    if o.is_async and context == "lower" and ft.result is not None:
        o.require_memory()
    if sig.params_in_memory:
        o.require_memory()
        if context == "lift":
            o.require_realloc()
    if context == "lower" and not o.is_async and contains_ptr(ft.result) \
            and o.realloc is None:
        o.require_realloc()
    if sig.results_in_memory:
        o.require_memory()
    return sig


def _types_text(ts: tuple[object, ...]) -> str:
    return "[" + ", ".join(str(t).upper() for t in ts) + "]"


def lift(scope: Scope, canon: ir.Lift) -> CanonInfo:
    """``canon lift``: the core function's type must be the flattened type."""
    ft = scope.func_type_at(canon.type)
    core_ft = scope.core_func_at(canon.core_func)
    o = check_options(scope, canon.opts)
    if o.post_return is not None:
        post = scope.core_func_at(o.post_return)
        post_params, post_results = functype_parts(post)
        if post_params != functype_parts(core_ft)[1] or post_results:
            raise InvalidError("canonical option `post-return` uses a core function with an "
                               "incorrect signature")
    _check_asyncness(ft, o)
    if o.callback is not None:
        cb_params, _ = functype_parts(scope.core_func_at(o.callback))
        if tuple(cb_params) not in (("i32",) * 3, ("i32",)):
            raise InvalidError("canonical option `callback` uses a core function with an "
                               "incorrect signature")
    sig = signature(ft, o, "lift")
    if o.is_async:
        sig.results = ("i32",) if o.callback is not None else ()
        if ft.result is not None and contains_ptr(ft.result):
            o.require_memory()
    expected = core_functype(sig.params, sig.results)
    if not core_ft.matches(expected):
        params, results = functype_parts(core_ft)
        if tuple(params) != sig.params:
            raise InvalidError(f"lowered parameter types `{_types_text(sig.params)}` do not "
                               f"match parameter types `{_types_text(params)}` of core "
                               f"function {canon.core_func}")
        if tuple(results) != sig.results:
            raise InvalidError(f"lowered result types `{_types_text(sig.results)}` do not "
                               f"match result types `{_types_text(results)}` of core "
                               f"function {canon.core_func}")
        raise InvalidError(f"lowered function type does not match the type of core "
                           f"function {canon.core_func}")
    scope.funcs.append(ft)
    return CanonInfo("lift", ft, o, sig)


def lower(scope: Scope, canon: ir.Lower) -> CanonInfo:
    """``canon lower``: a core function of the flattened type."""
    ft = scope.func_at(canon.func)
    o = check_options(scope, canon.opts)
    if o.post_return is not None:
        raise InvalidError("canonical option `post-return` cannot be specified for lowerings")
    if o.callback is not None:
        raise InvalidError("canonical option `callback` cannot be specified for lowerings")
    _check_asyncness(ft, o)
    sig = signature(ft, o, "lower")
    scope.core_funcs.append(core_functype(sig.params, sig.results))
    return CanonInfo("lower", ft, o, sig)


def _check_asyncness(ft: FuncType, o: CanonOptions) -> None:
    if o.is_async and not ft.is_async:
        raise InvalidError("the `async` canonical option requires an async function type")

"""The host/wasm boundary: per-signature code that converts values on the way in and out.

Two kinds of functions are generated, once per function signature, as Python
source specialised to the parameter and result types (no per-call loops over
types, no ``Val`` objects when plain Python values are passed):

* an *entry* is the ``__call__`` method of the :class:`Func` subclass for one
  signature: ``func(store, *args)`` checks the store and the argument count,
  converts API values to raw values, runs the call (through the runtime's wasm
  entry for wasm functions) and converts the results back (none -> ``None``,
  one -> the value, several -> list);
* a *host adapter* is the raw callable of a :class:`HostFunction`: it converts raw
  arguments to API values, calls the embedder's Python function and converts
  what it returns to raw results.

Both report transitions to the store's call hook when one is set.
"""

from __future__ import annotations

from .. import ir
from ..errors import WasmtimeError
from ..runtime.entry import enter
from ..runtime.function import WasmFunction
from .convert import FRAGMENT_GLOBALS, lift_expr, lower_lines

TYPE_CHECKING = False

if TYPE_CHECKING:
    import typing
    from .store import Store

_FILENAME = "<wasmlite.api.boundary>"
_GLOBALS = dict(FRAGMENT_GLOBALS, __name__=__name__, WasmtimeError=WasmtimeError)

_entry_methods: dict[tuple, typing.Callable] = {}
_adapter_factories: dict[tuple, typing.Callable] = {}


def _compile(source: str, name: str) -> typing.Callable:
    namespace: dict[str, typing.Any] = {}
    exec(compile(source, _FILENAME, "exec"), dict(_GLOBALS), namespace)
    return namespace[name]


def _indent(lines: list[str], depth: int) -> list[str]:
    pad = "    " * depth
    return [pad + line for line in lines]


# --- entries: Python -> function instance ---------------------------------------------

_MISSING = object()


def _entry_source(params: tuple, results: tuple) -> str:
    n = len(params)
    args = [f"a{i}" for i in range(n)]
    signature = ", ".join(["self", "store"] + [f"{a}=_MISSING" for a in args] + ["*extra"])
    packed = f"({', '.join(args)}{',' if n == 1 else ''})"
    body = [
        "S = self._store",
        "if store is not S: _check_store(S, store)",
        f"if extra{''.join(f' or {a} is _MISSING' for a in args)}: _arity(self, {packed}, extra)",
    ]
    for i, t in enumerate(params):
        body += lower_lines(t, args[i], f"T{i}", "S")
    body += [
        "if S._state.call_hook is None:",
        f"    r = self._invoke(self._fn.raw, {packed}, S._state.stack_frames)",
        "else:",
        f"    r = _hooked(self, {packed})",
    ]
    if not results:
        body.append("return None")
    elif len(results) == 1:
        body.append(f"return {lift_expr(results[0], 'r', 'S._wrap')}")
    else:
        outs = [f"r{i}" for i in range(len(results))]
        body.append(f"{', '.join(outs)} = r")
        body.append(f"return [{', '.join(lift_expr(t, o, 'S._wrap') for t, o in zip(results, outs))}]")
    return "\n".join([
        f"def __call__({signature}):",
        *_indent(body, 1),
    ])


def _arity(func: typing.Any, args: tuple, extra: tuple) -> typing.NoReturn:
    given = sum(1 for a in args if a is not _MISSING) + len(extra)
    expected = len(args)
    which = "many" if given > expected else "few"
    raise WasmtimeError(f"too {which} parameters provided: given {given}, expected {expected}")


def _hooked(func: typing.Any, args: tuple) -> typing.Any:
    fn = func._fn
    if type(fn) is not WasmFunction:
        return fn.raw(*args)
    hook = func._store._state.call_hook
    hook("calling_wasm")
    try:
        r = enter(fn.raw, args, func._store._state.stack_frames)
    except BaseException:
        hook("returning_from_wasm")
        raise
    hook("returning_from_wasm")
    return r


def call_host(raw: typing.Callable, args: tuple, frames: int) -> typing.Any:
    """Call a host function's raw callable from Python (``frames`` is for wasm only)."""
    return raw(*args)


def invoker(fn: typing.Any) -> typing.Callable[[typing.Callable, tuple, int], typing.Any]:
    """How Python calls function instance ``fn``: through the runtime's wasm entry
    (or the way its compiled module names, as the native tier does), or directly
    for a host function."""
    if type(fn) is not WasmFunction:
        return call_host
    return getattr(fn.instance.compiled, "invoke", enter)


def entry_method(params: tuple, results: tuple) -> typing.Callable:
    """The ``__call__`` method for Funcs of type ``params -> results``: it checks the
    store, converts the arguments, calls ``self._fn`` and converts the results."""
    key = (params, results)
    method = _entry_methods.get(key)
    if method is None:
        from .store import check_store
        namespace = dict(_GLOBALS, _MISSING=_MISSING, _check_store=check_store, _arity=_arity,
                         _hooked=_hooked, **{f"T{i}": t for i, t in enumerate(params)})
        code = compile(_entry_source(params, results), _FILENAME, "exec")
        exec(code, namespace)
        method = _entry_methods[key] = namespace["__call__"]
    return method


# --- host adapters: function instance -> Python ---------------------------------------

def _adapter_body(params: tuple, results: tuple, access_caller: bool) -> list[str]:
    args = [lift_expr(t, f"a{i}", "W") for i, t in enumerate(params)]
    lines = []
    if access_caller:
        lines += [
            "c = make_caller()",
            "try:",
            f"    r = FN({', '.join(['c'] + args)})",
            "finally:",
            "    c._invalidate()",
        ]
    else:
        lines.append(f"r = FN({', '.join(args)})")
    if not results:
        lines += ["if r is not None: no_results()", "return None"]
    elif len(results) == 1:
        lines += lower_lines(results[0], "r", "T0", "S")
        lines.append("return r")
    else:
        outs = [f"r{i}" for i in range(len(results))]
        lines.append(f"if len(r) != {len(results)}: wrong_count()")
        lines.append(f"{', '.join(outs)} = r")
        for i, t in enumerate(results):
            lines += lower_lines(t, outs[i], f"T{i}", "S")
        lines.append(f"return ({', '.join(outs)})")
    return lines


def _adapter_source(params: tuple, results: tuple, access_caller: bool) -> str:
    args = ", ".join(f"a{i}" for i in range(len(params)))
    packed = f"({args}{',' if len(params) == 1 else ''})"
    body = _adapter_body(params, results, access_caller)
    result_types = [f"T{i}" for i in range(len(results))]
    return "\n".join([
        "def factory(FN, STATE, S, W, make_caller, hooked, no_results, wrong_count, "
        f"{', '.join(result_types + ['_'])}):",
        f"    def plain({args}):",
        *_indent(body, 2),
        f"    def host({args}):",
        "        if STATE.call_hook is not None:",
        f"            return hooked(plain, {packed})",
        *_indent(body, 2),
        "    return host",
    ])


def _no_results() -> typing.NoReturn:
    raise WasmtimeError("callback produced results when it shouldn't")


def _wrong_count() -> typing.NoReturn:
    raise WasmtimeError("callback produced wrong number of results")


def make_host_adapter(store: "Store", functype: ir.FuncType, fn: typing.Callable,
                      access_caller: bool) -> typing.Callable:
    """The raw callable that runs the embedder's ``fn`` for a host function of ``store``.

    ``fn`` receives API values (after a :class:`Caller` when ``access_caller``) and
    returns None, one value, or a sequence of values, per ``functype``'s results.
    """
    params, results = functype.params, functype.results
    key = (params, results, access_caller)
    factory = _adapter_factories.get(key)
    if factory is None:
        factory = _adapter_factories[key] = _compile(
            _adapter_source(params, results, access_caller), "factory")
    state = store._state

    def hooked(plain: typing.Callable, args: tuple) -> typing.Any:
        hook: typing.Any = state.call_hook
        hook("calling_host")
        try:
            r = plain(*args)
        except BaseException:
            hook("returning_from_host")
            raise
        hook("returning_from_host")
        return r

    make_caller = None
    if access_caller:
        from .caller import caller_factory
        make_caller = caller_factory(store)
    return factory(fn, state, store, store._wrap, make_caller, hooked, _no_results, _wrong_count,
                   *results, None)


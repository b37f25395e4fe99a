"""Callbacks: the Python functions native code calls, one set per instance.

Native code calls into Python for imported functions, ``call_indirect``
(the table lookup and signature check run on the runtime's own table and
types, then the element's raw callable runs), shared globals and globals
of reference types, ``memory.grow``, ``memory.init``, ``data.drop``, and
every table instruction but ``call_indirect``'s lookup (on the runtime's own
table and element segment objects, which the portable tier and the host see
too). References cross as :class:`Handles`. A callback keeps an
exception it catches on the instance's :class:`NativeState` and sets the
:data:`~.abi.HOST_EXCEPTION` status; the builtin that entered native code
re-raises that same exception object once native code has returned (see
:mod:`.traps`). Wasm functions of the portable tier are called through the
runtime's entry (:func:`~wasmlite.runtime.entry.enter`), which gives them
their Python frame budget as a call from the host does; native ones and
host functions are called directly.

Callbacks that run wasm-visible code are compiled with the file name of
compiled wasm code and the instance in their globals, so that host
functions find their calling instance (:func:`~wasmlite.runtime.instance.calling_instance`)
as they do under the portable tier.
"""

from __future__ import annotations

import ctypes

from ...ir import ValType
from ...runtime.entry import enter
from ...runtime.floats import f32_from_bits, f32_to_bits, f64_from_bits, f64_to_bits
from ...runtime.function import WasmFunction
from ...runtime.trap import WASM_FILENAME, Trap, TrapCode
from . import abi
from .traps import status_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Sequence

__all__ = ["TO_BITS", "FROM_BITS", "NativeState", "Handles", "resolver", "import_callback",
           "indirect_callback", "ref_callback", "global_callbacks", "memory_callbacks",
           "table_callbacks",
           "with_references", "direct", "meters"]

TO_BITS: dict[ValType, Callable[[Any], int]] = {
    "i32": lambda v: v, "i64": lambda v: v, "f32": f32_to_bits, "f64": f64_to_bits,
    "v128": lambda v: v}
"""Raw value -> the bit pattern a context slot holds."""

FROM_BITS: dict[ValType, Callable[[int], Any]] = {
    "i32": lambda b: b & 0xFFFFFFFF, "i64": lambda b: b,
    "f32": lambda b: f32_from_bits(b & 0xFFFFFFFF), "f64": f64_from_bits,
    "v128": lambda b: b}
"""A context slot's bit pattern -> raw value."""


def is_reference(t: ValType) -> bool:
    """Whether values of type ``t`` are references (handles in native code)."""
    return t not in TO_BITS


class Handles:
    """The references native code of one instance holds, as i64 *handles*.

    Handle 0 is null (``None``); handle ``i + 1`` is the instance's function
    ``i`` (so ``ref.func`` is a constant); any other reference gets the next
    free handle the first time it crosses into native code, and the same
    handle every later time. The objects stay alive as long as the instance
    (native code may hold their handles anywhere), and come back out as the
    same objects, so a reference keeps its identity through native code."""

    __slots__ = ("objects", "_known")

    def __init__(self, funcs: Sequence[Any]):
        self.objects: list[Any] = [None, *funcs]
        """Handle -> reference."""
        self._known: dict[int, int] = {}
        for h in range(len(self.objects) - 1, 0, -1):
            self._known[id(self.objects[h])] = h

    def handle(self, ref: Any) -> int:
        """The handle of reference ``ref``."""
        if ref is None:
            return 0
        h = self._known.get(id(ref))
        if h is None:
            h = self._known[id(ref)] = len(self.objects)
            self.objects.append(ref)
        return h

    def to_bits(self, t: ValType) -> Callable[[Any], int]:
        """Raw value of type ``t`` -> the bit pattern native code holds."""
        return self.handle if is_reference(t) else TO_BITS[t]

    def from_bits(self, t: ValType) -> Callable[[int], Any]:
        """The bit pattern native code holds -> raw value of type ``t``."""
        return self.objects.__getitem__ if is_reference(t) else FROM_BITS[t]


def with_references(raw: Callable, functype, handles: Handles) -> Callable:
    """The raw callable of a native function whose signature has references:
    ``raw`` (its builtin) called with their handles, its results converted back."""
    params = [handles.handle if is_reference(t) else None for t in functype.params]
    results = [handles.objects.__getitem__ if is_reference(t) else None
               for t in functype.results]
    n = len(params)
    multiple = len(results) > 1

    def call(*args):
        if len(args) != n:
            return raw(*args)       # the builtin's own TypeError
        r = raw(*[a if c is None else c(a) for c, a in zip(params, args)])
        if multiple:
            return tuple(v if c is None else c(v) for c, v in zip(results, r))
        if results and results[0] is not None:
            return results[0](r)
        return r
    return call


def direct(fn) -> bool:
    """Whether native code calls function instance ``fn`` without the runtime's
    entry: a host function, or a wasm function compiled natively."""
    return type(fn) is not WasmFunction or "__native__" in fn.instance.namespace


class NativeState:
    """An instance's context array and the Python side of its native code."""

    def __init__(self, size: int):
        self.context = (ctypes.c_uint64 * size)()
        self.address = ctypes.addressof(self.context)
        self.pending: BaseException | None = None
        self.keep: list = []                # callables and bindings that must stay alive
        self.meter_in: Callable[[], None] | None = None
        self.meter_out: Callable[[], None] | None = None
        self.handles: Handles = Handles(())
        """The instance's references as native code holds them (set when linked)."""
        self.entry_context: Any = None
        """The :class:`~.cpython.NativeContext` the instance's builtins run with."""
        self.callback_codes: set = set()
        """The code objects of this instance's callbacks that call wasm-visible
        code (their frames stand for native code in a Python traceback)."""

    def failed(self, exc: BaseException) -> None:
        """Note that a callback raised ``exc``."""
        self.pending = exc
        self.context[abi.STATUS] = abi.HOST_EXCEPTION

    def trap(self, code: TrapCode) -> int:
        """Note a trap found by a callback; 0 for the callback to return."""
        self.context[abi.STATUS] = status_of(code)
        return 0

    def install(self, slot: int, fn: object) -> None:
        """Put Python object ``fn`` (a callable, or ``None``) in context slot ``slot``."""
        self.keep.append(fn)
        self.context[slot] = id(fn)
        code = getattr(fn, "__code__", None)
        if code is not None and code.co_filename == WASM_FILENAME:
            self.callback_codes.add(code)


def _source(name: str, params: Sequence[ValType], results: Sequence[ValType], leading: Sequence[str],
            lookup: Sequence[str], how: str, metered: bool = False) -> str:
    """A callback calling ``fn``: ``how`` is ``"direct"``, ``"entry"`` (through
    the runtime's entry) or ``"either"`` (decided per call); ``metered``: the
    store's fuel and epoch deadline are brought up to date before the call and
    taken back into native code after it. Reference arguments arrive as
    handles (``OBJ`` gives their objects) and reference results leave as
    handles (``HANDLE``)."""
    names = [f"a{i}" for i in range(len(params))]
    args = [f"OBJ[{a}]" if is_reference(t) else a for a, t in zip(names, params)]
    packed = f"({', '.join(args)}{',' if len(args) == 1 else ''})"
    lines = [f"def {name}({', '.join([*leading, *names])}):", "    try:"]
    lines += [f"        {line}" for line in lookup]
    if metered:
        lines += ["        METER_OUT()", "        try:"]
        indent = "            "
    else:
        indent = "        "
    through = f"ENTER(fn.raw, {packed}, FRAMES)"
    if how == "direct":
        lines.append(f"{indent}r = RAW({', '.join(args)})")
    elif how == "entry":
        lines.append(f"{indent}r = {through}")
    else:
        lines.append(f"{indent}r = fn.raw({', '.join(args)}) if DIRECT(fn) else {through}")
    if metered:
        lines += ["        finally:", "            METER_IN()"]
    if len(results) > 1:
        for i, (at, t) in enumerate(zip(abi.slot_offsets(results), results)):
            if t == "v128":     # two slots, low half first
                lines += [f"        C[SPILL + {at}] = r[{i}] & 0xFFFFFFFFFFFFFFFF",
                          f"        C[SPILL + {at + 1}] = r[{i}] >> 64"]
            else:
                lines.append(f"        C[SPILL + {at}] = B{i}(r[{i}])")
    elif results and is_reference(results[0]):
        lines.append("        r = HANDLE(r)")
    lines += ["    except BaseException as e:", "        STATE.failed(e)",
              "        return 0" if len(results) == 1 else "        return None"]
    lines.append("    return r" if len(results) == 1 else "    return None")
    return "\n".join(lines)


def _compile(source: str, name: str, code_name: str, namespace: dict) -> Callable:
    exec(compile(source, WASM_FILENAME, "exec"), namespace)
    fn = namespace[name]
    fn.__code__ = fn.__code__.replace(co_name=code_name, co_qualname=code_name)
    return fn


def _namespace(state: NativeState, inst, spill: int, results: Sequence[ValType]) -> dict:
    handles = state.handles
    ns: dict[str, Any] = {"__wasm_instance__": inst, "__name__": "<wasm>", "STATE": state,
                          "C": state.context, "SPILL": spill, "ENTER": enter, "DIRECT": direct,
                          "FRAMES": inst.store.stack_frames,
                          "METER_IN": state.meter_in, "METER_OUT": state.meter_out,
                          "OBJ": handles.objects, "HANDLE": handles.handle}
    for i, t in enumerate(results):
        ns[f"B{i}"] = handles.to_bits(t)
    return ns


def import_callback(state: NativeState, inst, index: int, spill: int,
                    metered: bool = False) -> Callable:
    """The callback that calls imported function ``index`` of ``inst``."""
    fn = inst.funcs[index]
    functype = fn.type.comptype
    ns = _namespace(state, inst, spill, functype.results)
    ns["fn"] = fn
    # a host function's raw callable is fixed, and so is a native function's once linked
    ns["RAW"] = fn.raw
    source = _source("call", functype.params, functype.results, (), (),
                     "direct" if direct(fn) else "entry", metered)
    return _compile(source, "call", f"wasm[{index}]", ns)


def indirect_callback(state: NativeState, inst, typeidx: int, spill: int,
                      metered: bool = False) -> Callable:
    """The ``call_indirect`` callback for type index ``typeidx`` of ``inst``: the
    same checks, in the same order, as the portable tier."""
    functype = inst.module.func_type(typeidx)
    ns = _namespace(state, inst, spill, functype.results)
    ns.update(TABLES=inst.tables, EXPECTED=inst.types[typeidx], OOB=TrapCode.TABLE_OUT_OF_BOUNDS,
              NULL=TrapCode.INDIRECT_CALL_TO_NULL, MISMATCH=TrapCode.BAD_SIGNATURE)
    lookup = ["elements = TABLES[table].elements",
              "if index >= len(elements): return STATE.trap(OOB)",
              "fn = elements[index]",
              "if fn is None: return STATE.trap(NULL)",
              "if not fn.type.matches(EXPECTED): return STATE.trap(MISMATCH)"]
    source = _source("call_indirect", functype.params, functype.results, ("table", "index"),
                     lookup, "either", metered)
    return _compile(source, "call_indirect", "call_indirect", ns)


def ref_callback(state: NativeState, inst, typeidx: int, spill: int,
                 metered: bool = False) -> Callable:
    """The ``call_ref`` callback for type index ``typeidx`` of ``inst``: calls
    the function whose handle it is given (never null: native code traps on
    that first)."""
    functype = inst.module.func_type(typeidx)
    ns = _namespace(state, inst, spill, functype.results)
    source = _source("call_ref", functype.params, functype.results, ("h",),
                     ["fn = OBJ[h]"], "either", metered)
    return _compile(source, "call_ref", "call_ref", ns)


def global_callbacks(state: NativeState, inst) -> tuple[Callable, Callable]:
    """``(get, set)`` for the globals native code reads through callbacks."""
    globs = inst.globals
    handles = state.handles
    to_bits = [handles.to_bits(g.type.valtype) for g in globs]
    from_bits = [handles.from_bits(g.type.valtype) for g in globs]

    def get(g: int) -> int:
        return to_bits[g](globs[g].value)

    def set_(g: int, bits: int) -> None:
        try:
            globs[g].value = from_bits[g](bits)
        except BaseException as e:
            state.failed(e)
    return get, set_


def table_callbacks(state: NativeState, inst) -> dict[int, Callable]:
    """The table instructions' callbacks, by context slot: the portable tier's
    own operations (``wasmlite.compile.python.support``), with its checks and
    traps, on the instance's own tables and element segments, with references
    as handles."""
    from ..python import support
    tables = inst.tables
    elems = inst.elems
    objects = state.handles.objects
    handle = state.handles.handle

    def guarded(op: Callable, failed: int = 0) -> Callable:
        """``op`` with a trap it raises made a status, any other exception kept."""
        def call(*args: int) -> int:
            try:
                return op(*args)
            except Trap as trap:
                return state.trap(trap.trap_code)
            except BaseException as e:
                state.failed(e)
                return failed
        return call

    def done(_: None) -> int:
        return 0

    return {
        abi.TABLE_GET: guarded(lambda t, i: handle(support.table_get(tables[t].elements, i))),
        abi.TABLE_SET: guarded(lambda t, i, h: done(
            support.table_set(tables[t].elements, i, objects[h]))),
        abi.TABLE_SIZE: lambda t: len(tables[t].elements),
        abi.TABLE_GROW: guarded(lambda t, h, n: support.table_grow(tables[t], objects[h], n), -1),
        abi.TABLE_FILL: guarded(lambda t, i, h, n: done(
            support.table_fill(tables[t].elements, i, objects[h], n))),
        abi.TABLE_COPY: guarded(lambda dst, src, d, s, n: done(
            support.table_copy(tables[dst].elements, tables[src].elements, d, s, n))),
        abi.TABLE_INIT: guarded(lambda e, t, d, s, n: done(
            support.table_init(tables[t].elements, elems[e], d, s, n))),
        abi.ELEM_DROP: lambda e: done(elems[e].drop()),
    }


def memory_callbacks(state: NativeState, inst) -> tuple[Callable, Callable, Callable]:
    """``(grow, init, drop)``: ``memory.grow``, ``memory.init`` and ``data.drop``."""
    from ..python.support import memory_init

    def grow(memory: int, delta: int) -> int:
        try:
            return inst.mems[memory].grow(delta)
        except BaseException as e:
            state.failed(e)
            return -1

    def init(data: int, memory: int, dst: int, src: int, n: int) -> None:
        try:
            memory_init(inst.mems[memory], inst.datas[data], dst, src, n)
        except Trap as trap:
            # a status, so that the trap carries the native backtrace as others do
            state.trap(trap.trap_code)
        except BaseException as e:
            state.failed(e)

    def drop(data: int) -> None:
        inst.datas[data].drop()
    return grow, init, drop


def resolver(state: NativeState, inst, layout: abi.Layout, n_imports: int) -> Callable:
    """The callback resolving a ``call_indirect`` cache miss (see :mod:`.indirect`):
    the portable tier's checks, then the instance's own function index (cached,
    and its object kept alive so that its address keeps naming it) or -1."""
    from ...runtime.function import WasmFunction
    tables = inst.tables
    expected = [inst.types[t] for t in layout.indirect_types]
    context = state.context
    pinned = state.keep
    mask = abi.INDIRECT_CACHE - 1

    def resolve(table: int, index: int, position: int) -> int:
        try:
            elements = tables[table].elements
            if index >= len(elements):
                return state.trap(TrapCode.TABLE_OUT_OF_BOUNDS) - 2
            fn = elements[index]
            if fn is None:
                return state.trap(TrapCode.INDIRECT_CALL_TO_NULL) - 2
            if not fn.type.matches(expected[position]):
                return state.trap(TrapCode.BAD_SIGNATURE) - 2
            if type(fn) is not WasmFunction or fn.instance is not inst or fn.index < n_imports:
                return -1
            pinned.append(fn)
            slot = layout.cache_slot(position) + (index & mask) * 2
            context[slot] = id(fn)
            context[slot + 1] = fn.index
            return fn.index
        except BaseException as e:
            state.failed(e)
            return -2
    return resolve


_WRAP = 1 << 64
_BOUND = 1 << 62
"""The most fuel (either way) native code holds at once; the rest stays with the store."""


def _signed(bits: int) -> int:
    return bits - _WRAP if bits >> 63 else bits


def meters(state: NativeState, store, fuel: bool, epoch: bool
           ) -> tuple[Callable[[], None], Callable[[], None], Callable[[], int]]:
    """``(meter_in, meter_out, epoch_check)`` for native code of ``store`` that
    consumes ``fuel`` and checks the ``epoch`` deadline (see :mod:`.abi`): the
    store's fuel is the number of record whenever Python code runs, the
    context's while native code does."""
    context = state.context

    def meter_in() -> None:
        if fuel:
            have = store.fuel
            have = _BOUND if have > _BOUND else -_BOUND if have < -_BOUND else have
            context[abi.FUEL] = context[abi.FUEL_START] = have % _WRAP
        if epoch:
            context[abi.EPOCH] = 0 if store.epoch_source() >= store.epoch_deadline \
                else abi.EPOCH_COUNTDOWN

    def meter_out() -> None:
        if fuel:
            store.fuel -= _signed(context[abi.FUEL_START]) - _signed(context[abi.FUEL])
            context[abi.FUEL_START] = context[abi.FUEL]

    def epoch_check() -> int:
        if store.epoch_source() >= store.epoch_deadline:
            context[abi.EPOCH] = 0
            return 1
        context[abi.EPOCH] = abi.EPOCH_COUNTDOWN
        return 0

    state.meter_in = meter_in
    state.meter_out = meter_out
    return meter_in, meter_out, epoch_check

"""Tiering: a module starts on the portable tier and moves to machine code
once it runs hot (``Config.strategy = "auto"`` with llvmlite installed).

- A module whose machine code a precompiled artifact or the code cache already
  holds runs native from its first call.
- Any other module runs portable at once. A sampler looks, every
  :data:`SAMPLE_INTERVAL` seconds, at which module's wasm each thread is
  running (and which of its functions are on the stack); a module seen running
  for :data:`TIER_UP_AFTER` seconds (``WASMLITE_TIER_UP`` sets it, or turns
  tiering off) is compiled to machine code in a child process
  (:mod:`.background`) while the portable tier goes on. The functions seen on
  the stack get *on-stack replacement* entries too: each runs its function
  from one of its loops on, given the locals.
- When the machine code arrives, each instance moves to it at its next
  function call or loop iteration: the instance gets its native context (the
  memories, tables and function references are already shared; the mutable
  globals native code keeps move into the context, and portable frames still
  running read them there) and every function its native entry; a portable
  frame at the header of a loop entered with an empty operand stack hands the
  rest of its call to the on-stack replacement entry. Other portable frames
  finish on the portable tier (as do calls of functions in tail form, with
  locals of reference types, or metering fuel or epochs).
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
import time
import weakref

from ...runtime.trap import WASM_FILENAME
from ..python.module import CompiledModule, _FirstCall

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable
    from .module import NativeModule

__all__ = ["TieredModule", "SAMPLE_INTERVAL", "TIER_UP_AFTER", "tier_up_after"]

SAMPLE_INTERVAL = 0.05
"""Seconds between two looks at what each thread runs."""

TIER_UP_AFTER = 0.25
"""Seconds a module's wasm must have been seen running before it is compiled
to machine code, unless the environment variable ``WASMLITE_TIER_UP`` says
otherwise (a number of seconds, or ``off``: never)."""


def tier_up_after() -> float | None:
    """Seconds of running after which a module is compiled to machine code;
    ``None``: never (``WASMLITE_TIER_UP=off``)."""
    setting = os.environ.get("WASMLITE_TIER_UP")
    if setting is None:
        return TIER_UP_AFTER
    if setting.strip().lower() == "off":
        return None
    try:
        seconds = float(setting)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:
        from ...errors import WasmtimeError
        raise WasmtimeError("WASMLITE_TIER_UP must be a number of seconds or 'off', "
                            f"found {setting!r}")
    return seconds


HAND_OVER_WAIT = 5.0
"""The most seconds an exiting process waits for its compiles in the background
to reach their child processes, which then finish them for the code cache."""

_handing_over: set[threading.Event] = set()


@atexit.register
def _finish_handing_over() -> None:
    deadline = time.monotonic() + HAND_OVER_WAIT
    for handed_over in list(_handing_over):
        handed_over.wait(max(0.0, deadline - time.monotonic()))


FRAMES_LOOKED_AT = 32
"""How far down a thread's stack a look goes to find a wasm frame."""


class TieredModule(CompiledModule):
    """A module run by the portable tier until its machine code (a
    :class:`.module.NativeModule` made when it is needed) is ready."""

    osr_points = True

    def __init__(self, module, *, opt: str = "speed", **settings):
        super().__init__(module, **settings)
        self.opt = opt
        self.native: NativeModule | None = None
        """The module as the native tier compiles it, once the tier-up began."""
        self.state = "portable"
        """``"portable"``, ``"compiling"``, ``"native"``, ``"unsupported"`` (the
        native tier does not compile all of it) or ``"failed"`` (the child
        process could not compile it): in the last two it stays portable."""
        self.running = 0.0
        """Seconds the sampler has seen this module's wasm running (about)."""
        self.frames_seen: set[int] = set()
        """The functions the sampler found running (on some thread's stack):
        their machine code gets on-stack replacement entries."""
        self.osr_entered = 0
        """How many running calls moved to machine code at a loop header."""
        self.hot_after: float | None = None
        self._instances: weakref.WeakSet = weakref.WeakSet()
        self._arrival = threading.Event()

    def wait_native(self, timeout: float | None = None) -> bool:
        """Wait until the tier-up has ended; whether the machine code arrived."""
        self._arrival.wait(timeout)
        return self.state == "native"

    def tier_up(self) -> None:
        """Start compiling the machine code now (once; on another thread)."""
        with self._lock:
            if self.state != "portable":
                return
            self.state = "compiling"
        handed_over = threading.Event()     # the process waits for it as it exits
        _handing_over.add(handed_over)
        threading.Thread(target=self._compile, args=(handed_over,),
                         name="wasmlite native compile", daemon=True).start()

    def _compile(self, handed_over: threading.Event) -> None:
        from .coverage import unsupported
        obj = None
        try:
            if unsupported(self.module, fuel=self.fuel, epoch=self.epoch) is not None:
                with self._lock:
                    self.state = "unsupported"
                self._arrival.set()
                return
            from .background import compile_in_child
            native = self.native_module()
            path = native.object_path()
            if path is None:                # nothing for a later process: no need to wait
                handed_over.set()
            obj = compile_in_child(self.module, self.opt, self.fuel, self.epoch, path,
                                   frozenset(self.frames_seen), handed_over.set)
        except Exception:       # noqa: BLE001 - whatever went wrong, the module stays portable
            obj = None
        finally:
            handed_over.set()
            _handing_over.discard(handed_over)
        self.arrive(obj)

    def native_module(self) -> NativeModule:
        """The module as the native tier compiles it (made on first use)."""
        if self.native is None:
            from .module import NativeModule
            native = NativeModule(self.module, binary=self.binary, cache=self.cache,
                                  fuel=self.fuel, epoch=self.epoch, opt=self.opt)
            with self._lock:
                if self.native is None:
                    self.native = native
        return self.native

    def arrive(self, obj: bytes | None) -> None:
        """Take the object file of the module's machine code (``None``: it could
        not be compiled, so the module stays portable); each instance moves to
        it at its next call of one of its functions."""
        native = self.native_module() if obj is not None else None
        with self._lock:
            if native is None:
                self.state = "failed"
            else:
                native.take_object(obj)
                self.state = "native"
                for inst in list(self._instances):
                    _arm(self, inst)
            self._instances.clear()
        self._arrival.set()

    # --- instances -----------------------------------------------------------------

    def link(self, inst) -> None:
        super().link(inst)
        with self._lock:
            if self.state == "native":
                self._switch(inst, running=False)
                return
            self._instances.add(inst)
        if self.state == "portable":
            self.hot_after = tier_up_after()
            if self.hot_after is not None:
                _sampler.watch(self)

    def _materialize(self, inst, index: int) -> tuple[Callable, Callable]:
        self._materialize_native(inst)
        return super()._materialize(inst, index)

    def _materialize_native(self, inst) -> None:
        """Move running ``inst`` to the machine code if it has arrived."""
        if self.state == "native" and "__native__" not in inst.namespace:
            with self._lock:
                if "__native__" not in inst.namespace:
                    self._switch(inst, running=True)

    def _switch(self, inst, running: bool) -> None:
        """Move ``inst`` from the portable tier to the machine code; when calls
        of it are ``running``, their loops may move too."""
        native = self.native
        assert native is not None
        ns = inst.namespace
        entries = native.native_entries(inst)
        context = ns["__native__"].context
        for g, gt in enumerate(self.global_types):
            if gt.mutable and g not in native.shared_globals:
                ns[f"G{g}"] = _ContextGlobal(context, native.layout.globals + g, gt.valtype)
        compiled = ns["__compiled__"]
        for index, raw in entries.items():
            fn = inst.funcs[index]
            fn.raw = fn.tail = ns[f"F{index}"] = ns[f"R{index}"] = raw
            compiled.add(index)
        if running:
            ns["OSR"] = {at: self._counted(entry)
                         for at, entry in native.osr_entries(inst, entries).items()}

    def _counted(self, entry: Callable) -> Callable:
        def enter(*locals_):
            self.osr_entered += 1
            return entry(*locals_)
        return enter

    def locate(self, index: int, code, lasti: int):
        if self.native is not None:         # it knows the portable code's sites too
            return self.native.locate(index, code, lasti)
        return super().locate(index, code, lasti)


def _arm(module: TieredModule, inst) -> None:
    """Have ``inst``'s next call of one of its functions move it to machine code
    (from another thread than the one running it, which makes the move itself)."""
    if "__native__" in inst.namespace:
        return
    ns = inst.namespace
    for index in range(module.n_imported_funcs, len(inst.funcs)):
        fn = inst.funcs[index]
        fn.raw = ns[f"F{index}"] = _FirstCall(module, inst, index, 0)
        fn.tail = ns[f"R{index}"] = _FirstCall(module, inst, index, 1)
    ns["OSR"] = _SwitchAtLoop(module, inst)


class _SwitchAtLoop:
    """What a loop header of an armed instance's portable code finds as its
    on-stack replacement entries: asking for one moves the instance to machine
    code first (a loop that calls nothing moves too)."""

    __slots__ = ("module", "inst")

    def __init__(self, module: TieredModule, inst) -> None:
        self.module = module
        self.inst = inst

    def __contains__(self, at: tuple[int, int]) -> bool:
        self.module._materialize_native(self.inst)
        return at in self.inst.namespace["OSR"]

    def __getitem__(self, at: tuple[int, int]) -> Callable:
        return self.inst.namespace["OSR"][at]


class _ContextGlobal:
    """A mutable global as portable code reads it (``.value``) once native code
    keeps it in an instance's context."""

    __slots__ = ("context", "slot", "to_bits", "from_bits")

    def __init__(self, context, slot: int, valtype):
        from .callbacks import FROM_BITS, TO_BITS
        self.context = context
        self.slot = slot
        self.to_bits = TO_BITS[valtype]
        self.from_bits = FROM_BITS[valtype]

    @property
    def value(self):
        return self.from_bits(self.context[self.slot])

    @value.setter
    def value(self, value) -> None:
        self.context[self.slot] = self.to_bits(value)


class _Sampler:
    """Counts, for each watched module, the looks that found its wasm running,
    on a thread that runs while some module is watched."""

    def __init__(self) -> None:
        self._watched: weakref.WeakSet = weakref.WeakSet()
        self._lock = threading.Lock()
        self._running = False

    def watch(self, module: TieredModule) -> None:
        with self._lock:
            self._watched.add(module)
            if not self._running:
                self._running = True
                threading.Thread(target=self._run, name="wasmlite tiering", daemon=True).start()

    def forked(self) -> None:
        """Start over in a forked child, which has none of its parent's threads."""
        self._lock = threading.Lock()
        self._running = False
        if self._watched:
            self.watch(next(iter(self._watched)))

    def _run(self) -> None:
        while True:
            time.sleep(SAMPLE_INTERVAL)
            with self._lock:
                if not self._watched:
                    self._running = False
                    return
                watched = set(self._watched)
            for module in _running_modules(watched):
                module.running += SAMPLE_INTERVAL
                if module.running >= module.hot_after:
                    with self._lock:
                        self._watched.discard(module)
                    module.tier_up()


def _running_modules(watched: set) -> set:
    """The modules of ``watched`` whose wasm some thread is running now."""
    found = set()
    for frame in sys._current_frames().values():
        for _ in range(FRAMES_LOOKED_AT):
            if frame is None:
                break
            code = frame.f_code
            if code.co_filename == WASM_FILENAME:
                inst = frame.f_globals.get("__wasm_instance__")
                module = getattr(inst, "compiled", None)
                if module in watched:
                    found.add(module)
                    name = code.co_name     # wasm[<index>]
                    if name.startswith("wasm[") and name.endswith("]"):
                        module.frames_seen.add(int(name[5:-1]))
            frame = frame.f_back
    return found


_sampler = _Sampler()
os.register_at_fork(after_in_child=_sampler.forked)

"""Config: the settings an Engine is created with (proposals, fuel, epochs, limits)."""

from __future__ import annotations

from ..errors import NotSupportedError, WasmtimeError, closed
from .closeable import Closeable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Union

# Proposal switches: Config attribute -> (feature name used by the stages, default).
PROPOSALS: dict[str, tuple[str, bool]] = {
    "wasm_threads": ("threads", True),
    "wasm_tail_call": ("tail_call", True),
    "wasm_reference_types": ("reference_types", True),
    "wasm_simd": ("simd", True),
    "wasm_relaxed_simd": ("relaxed_simd", True),
    "wasm_bulk_memory": ("bulk_memory", True),
    "wasm_multi_value": ("multi_value", True),
    "wasm_multi_memory": ("multi_memory", True),
    "wasm_memory64": ("memory64", True),
    "wasm_exceptions": ("exceptions", True),
    "wasm_legacy_exceptions": ("legacy_exceptions", False),
    "wasm_function_references": ("function_references", True),
    "wasm_gc": ("gc", True),
    "wasm_wide_arithmetic": ("wide_arithmetic", True),
    "wasm_custom_page_sizes": ("custom_page_sizes", False),
    "wasm_extended_const": ("extended_const", True),
    "wasm_stack_switching": ("stack_switching", False),
    "wasm_component_model": ("component_model", True),
    "wasm_component_model_map": ("component_model_map", False),
    "wasm_component_model_implements": ("component_model_implements", False),
    "wasm_component_model_async": ("component_model_async", True),
    "wasm_component_model_error_context": ("component_model_error_context", False),
    "wasm_component_model_fixed_length_lists": ("component_model_fixed_length_lists", False),
    "wasm_component_model_memory64": ("component_model_memory64", False),
    "wasm_component_model_gc": ("component_model_gc", False),
}

# Switches that change nothing observable in wasmlite but are accepted for compatibility.
_BOOL_SETTINGS: dict[str, bool] = {
    "debug_info": False,
    "wasm_relaxed_simd_deterministic": False,
    "cranelift_debug_verifier": False,
    "cranelift_nan_canonicalization": False,
    "parallel_compilation": True,
    "shared_memory": False,
    "gc_support": True,
    "memory_may_move": True,
    "native_unwind_info": True,
    "macos_use_mach_ports": True,
    "signals_based_traps": True,
    "memory_init_cow": True,
    "consume_fuel": False,
    "epoch_interruption": False,
}

_INT_SETTINGS: dict[str, int | None] = {
    "max_wasm_stack": 2 * 1024 * 1024,
    "memory_reservation": None,
    "memory_guard_size": None,
    "memory_reservation_for_growth": None,
}

_STRATEGIES = ("auto", "cranelift", "python", "portable", "native")


def native_tier(settings) -> str | None:
    """How an engine with ``settings`` (a Config's) uses the native tier:
    ``"native"`` (always), ``"tiered"`` (once a module runs hot) or ``None``."""
    strategy = settings["strategy"]
    if strategy == "native":
        return "native"
    if strategy in ("auto", "cranelift"):
        from ..compile.llvm import available
        return "tiered" if available() else None
    return None
_OPT_LEVELS = ("none", "speed", "speed_and_size")
_PROFILERS = ("none", "jitdump", "vtune", "perfmap")


_SIZE_MASK = (1 << 64) - 1


class ModuleVersionStrategy:
    """How precompiled artifacts are tied to a version (``Config.module_version``).

    The version string goes into every artifact's ``.wasmlite.engine`` section
    and is compared when the artifact is deserialized: :meth:`wasmlite_version`
    (the default) writes and requires the wasmlite package version,
    :meth:`custom` a string of the embedder's choosing (at most 255 bytes of
    UTF-8), and :meth:`none` writes an empty string and accepts any version.
    """

    __slots__ = ("kind", "version")

    def __init__(self, kind: str = "wasmlite", version: str = "") -> None:
        if kind not in ("wasmlite", "custom", "none"):
            raise ValueError(f"unknown module version strategy {kind!r}")
        self.kind = kind
        self.version = version

    @classmethod
    def wasmlite_version(cls) -> "ModuleVersionStrategy":
        """Artifacts carry, and must match, the wasmlite package version."""
        return cls("wasmlite")

    @classmethod
    def custom(cls, version: str) -> "ModuleVersionStrategy":
        """Artifacts carry, and must match, ``version``."""
        if not isinstance(version, str):
            raise TypeError("expected a str")
        return cls("custom", version)

    @classmethod
    def none(cls) -> "ModuleVersionStrategy":
        """Artifacts carry no version, and any version is accepted."""
        return cls("none")

    def as_str(self) -> str:
        """The version string written into artifacts."""
        if self.kind == "wasmlite":
            from .. import __version__
            return __version__
        return self.version

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ModuleVersionStrategy) and \
            (self.kind, self.version) == (other.kind, other.version)

    def __hash__(self) -> int:
        return hash((self.kind, self.version))

    def __repr__(self) -> str:
        if self.kind == "custom":
            return f"ModuleVersionStrategy.custom({self.version!r})"
        return "ModuleVersionStrategy.wasmlite_version()" if self.kind == "wasmlite" \
            else "ModuleVersionStrategy.none()"


def _bool_property(name: str, doc: str) -> property:
    def get(self: "Config") -> bool:
        return self._settings[name]

    def set(self: "Config", enable: bool) -> None:
        self._check_open()
        if not isinstance(enable, bool):
            raise TypeError("expected a bool")
        self._settings[name] = enable

    return property(get, set, doc=doc)


def _truth_property(name: str, doc: str) -> property:
    """A switch that takes any value and keeps its truth, as wasmtime-py's does."""
    def get(self: "Config") -> bool:
        return self._settings[name]

    def set(self: "Config", enable: object) -> None:
        self._check_open()
        self._settings[name] = bool(enable)

    return property(get, set, doc=doc)


def _size_property(name: str, doc: str) -> property:
    """A size in bytes: any int, taken modulo 2**64 as the C ``size_t`` behind
    wasmtime-py's setting takes it (so ``-1`` is the largest size)."""
    def get(self: "Config") -> int | None:
        return self._settings[name]

    def set(self: "Config", size: int) -> None:
        self._check_open()
        if not isinstance(size, int):
            raise TypeError("expected an int")
        self._settings[name] = int(size) & _SIZE_MASK

    return property(get, set, doc=doc)


class Config(Closeable):
    """Global settings used to create an :class:`Engine`.

    Every setting is an attribute that can be assigned (as in wasmtime) and read back.
    The :class:`Engine` made from a Config takes it: assigning a setting afterwards,
    or making a second Engine from it, raises ValueError (as after :meth:`close`).
    """

    def __init__(self) -> None:
        self._consumed = False
        self._settings: dict[str, Any] = {name: default for name, (_, default) in PROPOSALS.items()}
        self._settings.update(_BOOL_SETTINGS)
        self._settings.update(_INT_SETTINGS)
        self._settings.update(strategy="auto", cranelift_opt_level="speed", profiler="none",
                              cache=None, target=None,
                              module_version=ModuleVersionStrategy.wasmlite_version())
        self._cranelift_flags: dict[str, str] = {}

    def close(self) -> None:
        """Discard the settings; the Config can no longer be changed or used."""
        self._consumed = True

    def _check_open(self) -> None:
        if self._consumed:
            raise closed()

    def _consume(self) -> tuple[dict[str, Any], frozenset[str]]:
        """The settings and enabled proposals, for the Engine that takes this Config."""
        self._check_open()
        profiler = self._settings["profiler"]
        if profiler != "none":
            raise NotSupportedError(f"profiler {profiler!r}: wasmlite writes no profiling "
                                    "data; profile the Python process instead")
        self._consumed = True
        return dict(self._settings), self.features()

    # -- proposals ------------------------------------------------------------
    wasm_threads = _bool_property("wasm_threads", "Enable the threads proposal (shared memories, atomics).")
    wasm_tail_call = _bool_property("wasm_tail_call", "Enable the tail-call proposal.")
    wasm_reference_types = _bool_property("wasm_reference_types", "Enable the reference-types proposal.")
    wasm_simd = _bool_property("wasm_simd", "Enable the 128-bit SIMD proposal.")
    wasm_relaxed_simd = _bool_property("wasm_relaxed_simd", "Enable the relaxed SIMD proposal.")
    wasm_relaxed_simd_deterministic = _bool_property(
        "wasm_relaxed_simd_deterministic", "Make relaxed SIMD instructions deterministic.")
    wasm_bulk_memory = _bool_property("wasm_bulk_memory", "Enable the bulk-memory proposal.")
    wasm_multi_value = _bool_property("wasm_multi_value", "Enable the multi-value proposal.")
    wasm_multi_memory = _bool_property("wasm_multi_memory", "Enable the multi-memory proposal.")
    wasm_memory64 = _bool_property("wasm_memory64", "Enable the memory64 proposal.")
    wasm_exceptions = _bool_property("wasm_exceptions", "Enable the exception-handling proposal.")
    wasm_legacy_exceptions = _bool_property(
        "wasm_legacy_exceptions", "Accept legacy exception handling (``try``, ``catch``, "
        "``delegate``, ``rethrow``), which wasmtime refuses; off by default, as there.")
    wasm_function_references = _bool_property(
        "wasm_function_references", "Enable the typed function references proposal.")
    wasm_gc = _bool_property("wasm_gc", "Enable the GC proposal.")
    wasm_wide_arithmetic = _bool_property("wasm_wide_arithmetic", "Enable the wide-arithmetic proposal.")
    wasm_custom_page_sizes = _bool_property("wasm_custom_page_sizes", "Enable the custom-page-sizes proposal.")
    wasm_extended_const = _bool_property("wasm_extended_const", "Enable the extended-const proposal.")
    wasm_stack_switching = _bool_property("wasm_stack_switching", "Enable the stack-switching proposal.")
    wasm_component_model = _bool_property("wasm_component_model", "Enable the component model.")
    wasm_component_model_map = _bool_property("wasm_component_model_map", "Enable component-model maps.")
    wasm_component_model_implements = _bool_property(
        "wasm_component_model_implements", "Enable component-model `implements`.")
    wasm_component_model_async = _bool_property(
        "wasm_component_model_async", "Accept components using component-model async (on by "
        "default, as in Wasmtime); calls that need it raise `not supported: component-model "
        "async`.")
    wasm_component_model_error_context = _bool_property(
        "wasm_component_model_error_context", "Enable the component-model `error-context` type.")
    wasm_component_model_fixed_length_lists = _bool_property(
        "wasm_component_model_fixed_length_lists", "Enable component-model fixed-length lists.")
    wasm_component_model_memory64 = _bool_property(
        "wasm_component_model_memory64", "Enable 64-bit memories in the canonical ABI (not "
        "supported: components needing it raise `not supported: component-model memory64`).")
    wasm_component_model_gc = _bool_property(
        "wasm_component_model_gc", "Enable the canonical ABI's `gc` option (not supported: "
        "components needing it raise `not supported: component-model gc`).")

    # -- execution control ----------------------------------------------------
    consume_fuel = _bool_property(
        "consume_fuel", "Make wasm code consume fuel; stores start with zero fuel.")
    epoch_interruption = _truth_property(
        "epoch_interruption", "Make wasm code trap once the engine epoch passes the store deadline.")
    max_wasm_stack = _size_property(
        "max_wasm_stack", "Maximum wasm stack size, in bytes: deeper calls trap with `call stack "
        "exhausted`. The default, 2 MiB, allows 32,000 nested calls; the allowance scales with "
        "the size, up to 1,000,000.")

    # -- accepted for compatibility ----------------------------------------------
    debug_info = _bool_property("debug_info", "Emit debug information (no effect in wasmlite).")
    cranelift_debug_verifier = _bool_property("cranelift_debug_verifier", "No effect in wasmlite.")
    cranelift_nan_canonicalization = _bool_property("cranelift_nan_canonicalization", "No effect in wasmlite.")
    parallel_compilation = _bool_property("parallel_compilation", "No effect in wasmlite.")
    shared_memory = _bool_property("shared_memory", "Allow creating shared memories from the host.")
    gc_support = _bool_property("gc_support", "No effect in wasmlite.")
    memory_may_move = _bool_property("memory_may_move", "No effect: linear memory never moves in wasmlite.")
    native_unwind_info = _bool_property("native_unwind_info", "No effect in wasmlite.")
    macos_use_mach_ports = _bool_property("macos_use_mach_ports", "No effect in wasmlite.")
    signals_based_traps = _bool_property("signals_based_traps", "No effect: wasmlite checks bounds explicitly.")
    memory_init_cow = _bool_property("memory_init_cow", "No effect in wasmlite.")
    memory_reservation = _size_property("memory_reservation", "Address space reserved per linear memory, in bytes.")
    memory_guard_size = _size_property("memory_guard_size", "No effect: wasmlite checks bounds explicitly.")
    memory_reservation_for_growth = _size_property("memory_reservation_for_growth", "No effect in wasmlite.")

    @property
    def strategy(self) -> str:
        """Compilation strategy: ``"portable"`` (wasm compiled to Python code; also
        ``"python"``), ``"native"`` (machine code through LLVM, compiled before a
        module's first call; needs the llvmlite package, and modules using what it
        does not compile yet run portable), or ``"auto"`` (also ``"cranelift"``,
        the default): with llvmlite installed, a module runs portable at once and
        moves to machine code, compiled in the background, once it runs hot (at
        once when the code cache or artifact holds its machine code); without
        llvmlite, portable."""
        return self._settings["strategy"]

    @strategy.setter
    def strategy(self, strategy: str) -> None:
        self._check_open()
        if strategy not in _STRATEGIES:
            raise WasmtimeError("unknown strategy: " + str(strategy))
        if strategy == "native":
            from ..compile.llvm import require
            require()
        self._settings["strategy"] = strategy

    @property
    def cranelift_opt_level(self) -> str:
        """Optimization level: ``"none"``, ``"speed"`` or ``"speed_and_size"``."""
        return self._settings["cranelift_opt_level"]

    @cranelift_opt_level.setter
    def cranelift_opt_level(self, opt_level: str) -> None:
        self._check_open()
        if opt_level not in _OPT_LEVELS:
            raise WasmtimeError("unknown opt level: " + str(opt_level))
        self._settings["cranelift_opt_level"] = opt_level

    @property
    def profiler(self) -> str:
        """Profiling strategy: wasmtime-py's names are accepted, but an Engine
        is only made with ``"none"`` (the others raise NotSupportedError there)."""
        return self._settings["profiler"]

    @profiler.setter
    def profiler(self, profiler: str) -> None:
        self._check_open()
        if profiler not in _PROFILERS:
            raise WasmtimeError("unknown profiler: " + str(profiler))
        self._settings["profiler"] = profiler

    @property
    def cache(self) -> Union[bool, str, None]:
        """Compilation cache: ``True`` for the default location or a configuration path."""
        return self._settings["cache"]

    @cache.setter
    def cache(self, enabled: Union[bool, str]) -> None:
        self._check_open()
        if isinstance(enabled, bool):
            if not enabled:
                raise WasmtimeError("caching cannot be explicitly disabled")
        elif isinstance(enabled, str):
            from ..compile.cache import read_config_file
            read_config_file(enabled)       # a file that cannot be read or parsed is refused now
        else:
            raise TypeError("expected string or bool")
        self._settings["cache"] = enabled

    @property
    def module_version(self) -> ModuleVersionStrategy:
        """The version precompiled artifacts carry and must match (see
        :class:`ModuleVersionStrategy`); the wasmlite version by default."""
        return self._settings["module_version"]

    @module_version.setter
    def module_version(self, strategy: ModuleVersionStrategy) -> None:
        self._check_open()
        if not isinstance(strategy, ModuleVersionStrategy):
            raise TypeError("expected a ModuleVersionStrategy")
        if strategy.kind == "custom" and len(strategy.version.encode()) > 255:
            raise WasmtimeError("custom module version cannot be more than 255 bytes: "
                                + strategy.version)
        self._settings["module_version"] = strategy

    @property
    def target(self) -> str | None:
        """Target triple (``None`` for the host). wasmlite's compiled code runs on any
        host, so any triple wasmtime recognises is accepted; others raise WasmtimeError."""
        return self._settings["target"]

    @target.setter
    def target(self, triple: str) -> None:
        self._check_open()
        if not isinstance(triple, str):
            raise TypeError("expected a str")
        from .target import check_triple
        check_triple(triple)
        self._settings["target"] = triple

    def cranelift_flag_enable(self, flag: str) -> None:
        """Record a code-generator flag (no effect in wasmlite)."""
        if not isinstance(flag, str):
            raise TypeError("expected a str")
        self._check_open()
        self._cranelift_flags[flag] = "true"

    def cranelift_flag_set(self, key: str, value: str) -> None:
        """Record a code-generator setting (no effect in wasmlite)."""
        if not isinstance(key, str):
            raise TypeError("expected a str for key")
        if not isinstance(value, str):
            raise TypeError("expected a str for value")
        self._check_open()
        self._cranelift_flags[key] = value

    def features(self) -> frozenset[str]:
        """Names of the enabled WebAssembly proposals (``"simd"``, ``"gc"``, ...)."""
        return frozenset(feature for name, (feature, _) in PROPOSALS.items() if self._settings[name])

    def snapshot(self) -> dict[str, Any]:
        """A copy of every setting, keyed by attribute name."""
        return dict(self._settings)

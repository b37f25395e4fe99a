"""Linker: names for externs and host functions, used to satisfy a module's imports."""

from __future__ import annotations

from .. import ir
from ..errors import ArgumentTypeError, LinkError, WasmtimeError, closed
from ..runtime.function import HostFunction
from ..runtime.global_ import GlobalInstance
from ..runtime.memory import MemoryInstance
from ..runtime.table import TableInstance
from ..validate.types import DefType, canonicalize, close_externtype, is_defaultable
from .boundary import make_host_adapter
from .arguments import c_str, expect
from .closeable import Closeable
from .engine import Engine, open_engine
from .extern import AsExtern, unwrap_extern
from .func import Func
from .instance import Instance, instantiate_module
from .module import Module
from .shared_memory import SharedMemory
from .store import Store, store_of
from .types import FuncType, func_comptype

TYPE_CHECKING = False

if TYPE_CHECKING:
    from .store import Storelike
    import typing
    from .instance_pre import InstancePre


class StoreDefinition:
    """A definition bound to one store (a runtime extern of that store), or to none
    (a shared memory, usable in every store)."""

    __slots__ = ("store", "extern")

    def __init__(self, store: typing.Optional[Store], extern: typing.Any):
        self.store = store
        self.extern = extern

    def resolve(self, store: Store) -> typing.Any:
        """The runtime extern for an instantiation in ``store``."""
        if self.store is not None and store is not self.store:
            raise WasmtimeError("object used with the wrong store")
        return self.extern


class HostDefinition:
    """A store-independent host function: instantiated once per store that uses it."""

    __slots__ = ("functype", "fn", "access_caller", "__weakref__")

    def __init__(self, functype: ir.FuncType, fn: typing.Callable, access_caller: bool):
        self.functype = functype
        self.fn = fn
        self.access_caller = access_caller

    def resolve(self, store: Store) -> HostFunction:
        """This function's instance in ``store`` (made on first use)."""
        host = store._host_funcs.get(self)
        if host is None:
            host = store._host_funcs[self] = HostFunction(self.functype, self._raw(store))
        return host

    def _raw(self, store: Store) -> typing.Callable:
        return make_host_adapter(store, self.functype, self.fn, self.access_caller)


class RawHostDefinition(HostDefinition):
    """A store-independent host function in the runtime's raw calling convention:
    ``fn(store)`` makes its raw callable for one store."""

    __slots__ = ()

    def _raw(self, store: Store) -> typing.Callable:
        return self.fn(store)


Definition = StoreDefinition | HostDefinition


def _module_ir(module: object) -> ir.Module:
    """The IR of ``module``, which must be an open Module."""
    return expect(module, Module, "a `Module`")._ir_open()


class Linker(Closeable):
    """Resolves imports by ``(module, name)`` and instantiates modules.

    After :meth:`close` the linker forgets its definitions and its methods raise
    ValueError.
    """

    def __init__(self, engine: Engine):
        self.engine = open_engine(engine)
        self._defs: dict[tuple[str, str], Definition] = {}
        self._allow_shadowing = False
        self._closed = False

    def close(self) -> None:
        """Forget every definition; the linker can no longer be used."""
        self._defs.clear()
        self._closed = True

    def _check_open(self) -> None:
        if self._closed:
            raise closed()

    # -- configuration --------------------------------------------------------------

    @property
    def allow_shadowing(self) -> bool:
        """Whether a later definition may replace an earlier one of the same name."""
        return self._allow_shadowing

    @allow_shadowing.setter
    def allow_shadowing(self, allow: bool) -> None:
        self._check_open()
        self._allow_shadowing = bool(allow)

    def _insert(self, module: str, name: str, definition: Definition) -> None:
        self._check_open()
        key = (module, name)
        if key in self._defs and not self._allow_shadowing:
            raise WasmtimeError(f"import of `{module}::{name}` defined twice")
        self._defs[key] = definition

    # -- definitions ----------------------------------------------------------------

    def define(self, store: Storelike, module: str, name: str, item: AsExtern) -> None:
        """Name ``item`` (a Func, Memory, Table, Global or Tag of ``store``)."""
        self._check_open()
        c_str(module, "module")
        c_str(name, "name")
        owner = store_of(store)
        ext = unwrap_extern(owner, item, "object used with the wrong store")
        bound = None if isinstance(item, SharedMemory) else owner
        self._insert(module, name, StoreDefinition(bound, ext))

    def define_func(self, module: str, name: str, ty: FuncType, func: typing.Callable[..., typing.Any],
                    access_caller: bool = False) -> None:
        """Name a host function usable in any store (see :class:`Func` for ``func``)."""
        self._check_open()
        c_str(module, "module")
        c_str(name, "name")
        if not isinstance(ty, FuncType):
            raise ArgumentTypeError("expected a FuncType")
        if not callable(func):
            raise TypeError("expected a callable")
        self._insert(module, name, HostDefinition(ty._ir, func, bool(access_caller)))

    def func_wrap(self, module: str, name: str, func: typing.Callable[..., typing.Any]) -> None:
        """Name a host function whose wasm type is read from its annotations
        (``wasmlite.i32`` ..., ``ExternRef | None``, ``Func | None``, an optional first
        parameter annotated ``Caller``; the return annotation gives the results)."""
        from .wrap import signature_of
        ty, access_caller = signature_of(func)
        self.define_func(module, name, ty, func, access_caller)

    def func_new(self, module: str, name: str, ty: FuncType,
                 func: typing.Callable[[typing.Any, list, list], None]) -> None:
        """Name a host function called as ``func(caller, params, results)``: ``params``
        is a list of ``Val``, and ``func`` fills the list ``results``."""
        from .wrap import dynamic_adapter
        self._check_open()
        c_str(module, "module")
        c_str(name, "name")
        if not isinstance(ty, FuncType):
            raise ArgumentTypeError("expected a FuncType")
        self.define_func(module, name, ty, dynamic_adapter(ty._ir, func), True)

    def define_instance(self, store: Storelike, name: str, instance: Instance) -> None:
        """Name every export of ``instance`` as ``name::<export>``."""
        self._check_open()
        expect(instance, Instance, "an `Instance`")
        c_str(name, "name")
        owner = store_of(store)
        if instance._store is not owner:
            raise WasmtimeError("object used with the wrong store")
        for export, ext in instance._inst.exports.items():
            self._insert(name, export, StoreDefinition(owner, ext))

    def define_module(self, store: Storelike, name: str, module: Module) -> None:
        """Name the exports of ``module`` under ``name``: a command (exporting ``_start``)
        is instantiated afresh on each call of an export; a reactor is instantiated now
        (running ``_initialize`` if exported) and its exports defined."""
        self._check_open()
        m = _module_ir(module)
        c_str(name, "name")
        owner = store_of(store)
        if any(e.name == "_start" for e in m.exports):
            for export in module.exports:
                if isinstance(export.type, FuncType):
                    func = Func(owner, export.type, self._command_export(owner, module, export.name))
                    self._insert(name, export.name, StoreDefinition(owner, func._fn))
            return
        instance = self.instantiate(owner, module)
        init = instance.get_func(owner, "_initialize")
        if init is not None:
            init(owner)
        self.define_instance(owner, name, instance)

    def _command_export(self, store: Store, module: Module, export: str) -> typing.Callable:
        def run(*args: typing.Any) -> typing.Any:
            instance = self.instantiate(store, module)
            func = instance.exports(store)[export]
            if not isinstance(func, Func):
                raise WasmtimeError(f"export `{export}` is not a function")
            return func(store, *args)
        return run

    def define_wasi(self) -> None:
        """Define the WASI preview 1 functions (``wasi_snapshot_preview1``); they act on
        the state given to each store with ``Store.set_wasi``."""
        self._check_open()
        from ..wasi.raw import raw_functions
        from ..wasi.signatures import MODULE
        from .exit_trap import ExitTrap
        for name, functype, factory in raw_functions(ExitTrap):
            self._insert(MODULE, name, RawHostDefinition(functype, factory, False))

    def define_unknown_imports_as_traps(self, module: Module) -> None:
        """Define every still-undefined function import of ``module`` as a function that
        raises when called."""
        self._check_open()
        m = _module_ir(module)
        deftypes = canonicalize(m)
        for imp in m.imports:
            if imp.kind != "func" or (imp.module, imp.name) in self._defs:
                continue
            message = f"unknown import: `{imp.module}::{imp.name}` has not been defined"
            functype = func_comptype(close_externtype("func", imp.desc, deftypes))
            self._insert(imp.module, imp.name, HostDefinition(functype, _raiser(message), False))

    def define_unknown_imports_as_default_values(self, store: Storelike, module: Module) -> None:
        """Define every still-undefined import of ``module``: functions returning default
        values (zeros, nulls), and zero-initialised globals, tables and memories."""
        self._check_open()
        m = _module_ir(module)
        owner = store_of(store)
        deftypes = canonicalize(m)
        for imp in m.imports:
            if (imp.module, imp.name) in self._defs:
                continue
            closed = close_externtype(imp.kind, imp.desc, deftypes)
            ext: typing.Any
            if imp.kind == "func" and isinstance(closed, DefType):
                defaults = tuple(_default_value(t, imp) for t in func_comptype(closed).results)
                result = None if not defaults else defaults[0] if len(defaults) == 1 else defaults
                ext = HostFunction(closed, lambda *args, _r=result: _r)
            elif isinstance(closed, ir.GlobalType):
                ext = GlobalInstance(closed, _default_value(closed.valtype, imp))
            elif isinstance(closed, ir.TableType):
                ext = TableInstance(closed, _default_value(closed.element, imp), owner._state.table_limiter)
            elif isinstance(closed, ir.MemType):
                ext = MemoryInstance(closed, owner._state.memory_limiter)
            else:
                continue
            self._insert(imp.module, imp.name, StoreDefinition(owner, ext))

    # -- use ------------------------------------------------------------------------

    def _resolve(self, module: Module) -> list[Definition]:
        self._check_open()
        defs = []
        for imp in _module_ir(module).imports:
            definition = self._defs.get((imp.module, imp.name))
            if definition is None:
                raise LinkError(f"unknown import: `{imp.module}::{imp.name}` has not been defined")
            defs.append(definition)
        return defs

    def instantiate(self, store: Storelike, module: Module) -> Instance:
        """Instantiate ``module`` with its imports taken from this linker."""
        self._check_open()
        _module_ir(module)
        owner = store_of(store)
        externs = [d.resolve(owner) for d in self._resolve(module)]
        return Instance._from_runtime(owner, instantiate_module(owner, module, externs))

    def instantiate_pre(self, module: Module) -> "InstancePre":
        """Resolve ``module``'s imports now, for instantiating it later in any store."""
        from .instance_pre import InstancePre
        return InstancePre(module, self._resolve(module))

    def get(self, store: Storelike, module: str, name: str) -> AsExtern:
        """The extern named ``module::name``."""
        self._check_open()
        c_str(module, "module")
        c_str(name, "name")
        owner = store_of(store)
        definition = self._defs.get((module, name))
        if definition is None:
            raise WasmtimeError("item not defined in linker")
        return owner._wrap(definition.resolve(owner))

    def get_default(self, store: Storelike, name: str) -> Func:
        """The default export of module ``name``: its ``""`` or ``_start`` function, else
        a function doing nothing."""
        self._check_open()
        c_str(name, "name")
        owner = store_of(store)
        for field in ("", "_start"):
            definition = self._defs.get((name, field))
            if definition is not None:
                item = owner._wrap(definition.resolve(owner))
                if not isinstance(item, Func):
                    raise WasmtimeError(f"default export in '{name}' is not a function")
                return item
        return Func(owner, FuncType([], []), lambda: None)


def _raiser(message: str) -> typing.Callable[..., typing.NoReturn]:
    def unknown_import(*args: typing.Any) -> typing.NoReturn:
        raise WasmtimeError(message)
    return unknown_import


def _default_value(t: ir.ValType, imp: ir.Import) -> typing.Any:
    if not is_defaultable(t):
        raise WasmtimeError(f"no default value for import `{imp.module}::{imp.name}` of type {t}")
    if t in ("i32", "i64", "v128"):
        return 0
    if t in ("f32", "f64"):
        return 0.0
    return None

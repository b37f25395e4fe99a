"""InstancePre: a module whose imports a Linker has already resolved."""

from __future__ import annotations

from ..errors import closed
from .closeable import Closeable
from .instance import Instance, instantiate_module
from .module import Module
from .store import store_of

TYPE_CHECKING = False

if TYPE_CHECKING:
    from .store import Storelike
    import typing
    from .linker import Definition


class InstancePre(Closeable):
    """A module with its imports resolved, instantiable in any store (store-bound
    definitions only in their own store). After :meth:`close` its methods raise
    ValueError."""

    __slots__ = ("_module", "_defs", "_closed")

    def __init__(self, module: Module, definitions: typing.Sequence["Definition"]):
        self._module = module
        self._defs = tuple(definitions)
        self._closed = False

    def close(self) -> None:
        """Release the resolved imports; the InstancePre can no longer be used."""
        self._defs = ()
        self._closed = True

    def instantiate(self, store: Storelike) -> Instance:
        """A new instance in ``store``."""
        if self._closed:
            raise closed()
        owner = store_of(store)
        externs = [d.resolve(owner) for d in self._defs]
        return Instance._from_runtime(owner, instantiate_module(owner, self._module, externs))

    @property
    def module(self) -> Module:
        """The module this was made from."""
        if self._closed:
            raise closed()
        return self._module

"""Tag: an exception tag, viewed from the host."""

from __future__ import annotations

from ..errors import ArgumentTypeError
from ..runtime.function import func_deftype
from ..runtime.tag import TagInstance
from .store import Store, check_store, store_of
from .types import FuncType, TagType, func_comptype

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .store import Storelike


class Tag:
    """An exception tag; tags are equal only to themselves."""

    __slots__ = ("_store", "_tag", "__weakref__")

    def __init__(self, store: Storelike, ty: TagType) -> None:
        if not isinstance(ty, TagType):
            raise ArgumentTypeError("expected a TagType")
        owner = store_of(store)
        self._store = owner
        self._tag = TagInstance(func_deftype(ty.functype._ir))
        owner._wrappers[self._tag] = self

    @classmethod
    def _from_runtime(cls, store: Store, tag: TagInstance) -> "Tag":
        t = object.__new__(cls)
        t._store = store
        t._tag = tag
        return t

    def type(self, store: Storelike) -> TagType:
        """The tag's type."""
        check_store(self._store, store)
        return TagType(FuncType._from_ir(func_comptype(self._tag.type)))

    def eq(self, store: Storelike, other: "Tag") -> bool:
        """Whether ``other`` is the same tag."""
        check_store(self._store, store)
        if not isinstance(other, Tag):
            raise ArgumentTypeError("expected a Tag")
        return other._tag is self._tag

"""The ``close()`` / ``with`` protocol wasmtime-py objects offer."""

from __future__ import annotations


TYPE_CHECKING = False
if TYPE_CHECKING:
    import typing



class Closeable:
    """``close()`` releases what the object holds; ``with obj:`` closes it on exit.

    Python's garbage collector frees everything anyway; closing only lets it happen
    at a chosen point.
    """

    __slots__ = ()

    def close(self) -> None:
        """Release the resources held (nothing, unless a subclass holds some)."""

    def __enter__(self) -> typing.Any:
        return self

    def __exit__(self, *exc: typing.Any) -> None:
        self.close()

"""Custom sections, and the ``component-name`` section (Binary.md, "Name Section")."""

from __future__ import annotations

from ...ir import _Record

COMPONENT_NAME_SECTION = "component-name"


class CustomSection(_Record):
    """A custom section: its name and its raw contents."""

    __slots__ = ("name", "data")

    def __init__(self, name: str, data: bytes) -> None:
        self.name = name
        self.data = data


class ComponentNames(_Record):
    """The names of a ``component-name`` section.

    ``component`` is the component's own name (or ``None``); ``sorts`` maps a
    sort name (``"func"``, ``"core module"``, ..., see ``sorts.py``) to the
    names of the items of that sort, index to name, in the order written.
    """

    __slots__ = ("component", "sorts")

    def __init__(self, component: str | None = None,
                 sorts: dict[str, dict[int, str]] | None = None) -> None:
        self.component = component
        self.sorts = {} if sorts is None else sorts

    def name_of(self, sort: str, index: int) -> str | None:
        """The name of item ``index`` of ``sort``, if the section names it."""
        return self.sorts.get(sort, {}).get(index)


class NameSection(_Record):
    """A well-formed ``component-name`` custom section, decoded.

    (A malformed one is kept as a :class:`CustomSection`: a name section
    never makes a component malformed.)
    """

    __slots__ = ("names",)

    def __init__(self, names: ComponentNames) -> None:
        self.names = names

"""``wasi:filesystem/preopens``: the directories the configuration preopened.

Each call returns new handles to the same directories (preview 1's
descriptors 3 and up); dropping one leaves the directory open.
"""

from __future__ import annotations

from ...component.values import ResourceHost
from .descriptor import Descriptor
from .interface import Interface
from .resources import own
from .results import VALUE
from .state import Preview2State


def get_directories(state: Preview2State) -> list[tuple[ResourceHost, str]]:
    """Each preopened directory with its guest path."""
    found = []
    for guest_path, directory in state.context.preopens:
        flags = {"read"}
        if directory.dir_perms.can_mutate:
            flags.add("mutate-directory")
        handle = own(state.table, "descriptor", Descriptor(directory, flags, owned=False))
        found.append((handle, guest_path))
    return found


INTERFACES = {"wasi:filesystem/preopens": Interface(
    {"get-directories": (get_directories, VALUE)}, uses=("descriptor",))}

"""WASI preview 1 (wasi_snapshot_preview1) for wasmlite."""

from .config import DirPerms, FilePerms, WasiConfig
from .context import WasiContext
from .errno import Errno
from .linking import define_wasi
from .proc import ProcExit

__all__ = ["DirPerms", "Errno", "FilePerms", "ProcExit", "WasiConfig", "WasiContext",
           "define_wasi"]

"""Compiling a module to machine code in a child process.

The portable tier goes on running the module meanwhile, on its own core: the
child builds the LLVM IR and optimizes it without holding this process's GIL
and without adding LLVM's memory to this process's.

The child reads the module (a pickled :class:`~wasmlite.ir.Module`) and its
settings on stdin and answers with the object file on stdout. Given the code
cache's path for the object file, it writes the file there first: a compile
whose parent has exited meanwhile (its program was shorter than the compile)
still serves the next run. Without a path the child is killed when this
process exits.
"""

from __future__ import annotations

import atexit
import os
import pickle
import subprocess
import sys
import threading

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable
    from ... import ir

__all__ = ["compile_in_child", "MEMORY_LIMIT"]

MEMORY_LIMIT = 2 << 30
"""The most memory (bytes of data) a compiling child may take; past it the
compile fails and the module stays portable."""

_one_at_a_time = threading.Lock()
"""Compiles in the background run one after another: each takes a core and
LLVM's memory."""

_children: set[tuple[int, subprocess.Popen]] = set()
"""Children whose work dies with this process (no cache file to write), with
the process that started each (a forked child inherits the set)."""


def compile_in_child(module: ir.Module, opt: str, fuel: bool, epoch: bool,
                     path: str | None, osr: frozenset[int] = frozenset(),
                     sent: Callable[[], None] | None = None) -> bytes | None:
    """The object file of ``module``'s machine code (see :class:`.module.NativeModule`
    for the settings, and :meth:`~.module.NativeModule.compile_now` for ``osr``),
    compiled in a child process, which also writes it to ``path`` when given;
    ``None`` when it could not be (no interpreter to start, or the child
    failed). Waits for the compiles asked for before; ``sent()`` is called once
    the child has the whole request."""
    if not sys.executable:
        return None         # no interpreter to start
    request = pickle.dumps((module, opt, fuel, epoch, path, osr), pickle.HIGHEST_PROTOCOL)
    package_root = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.dirname(os.path.abspath(__file__)))))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    with _one_at_a_time:
        try:
            child = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     env=env)
        except OSError:
            return None
        owned = (os.getpid(), child)
        if path is None:
            _children.add(owned)
        try:
            with child.stdin:
                child.stdin.write(request)
            if sent is not None:
                sent()
            with child.stdout:
                obj = child.stdout.read()
            child.wait()
        except (OSError, ValueError):
            return None
        finally:
            _children.discard(owned)
    return obj if child.returncode == 0 and obj else None


@atexit.register
def _kill_children() -> None:
    for pid, child in list(_children):
        if pid == os.getpid():
            child.kill()


def _main() -> int:
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_DATA, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ImportError, ValueError, OSError):
        pass        # no such limit here: the compile takes what it needs
    from .module import NativeModule
    from .objects import write_file
    module, opt, fuel, epoch, path, osr = pickle.load(sys.stdin.buffer)
    obj = NativeModule(module, opt=opt, fuel=fuel, epoch=epoch).compile_now(osr)
    if path is not None:
        write_file(path, obj)
    try:
        sys.stdout.buffer.write(obj)
        sys.stdout.buffer.flush()
    except BrokenPipeError:     # the parent has exited; the cache has the file
        os._exit(0)
    return 0


if __name__ == "__main__":
    sys.exit(_main())

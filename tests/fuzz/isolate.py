"""Run a function in a forked child with a time and memory limit.

wasmlite runs in the fuzzing process's own interpreter, so a module that makes
it allocate without bound (a huge GC array, say) or run for long must not take
the fuzzer, or the machine, down with it. The child sends back the pickled
result; the parent kills it when it runs past ``timeout`` seconds or its
private resident memory passes ``max_rss`` bytes.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
from dataclasses import dataclass
from typing import Any, Callable

MAX_RSS = 1536 * 1024 * 1024


@dataclass
class Outcome:
    status: str          # "ok", "raised", "timeout", "memory", "died"
    value: Any = None    # the result for "ok", the exception's text for "raised"


def _private_memory(pid: int) -> int:
    """Bytes resident in ``pid`` and not shared: the pages it wrote since the fork
    (those inherited from the parent do not count)."""
    total = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith(("Private_Clean:", "Private_Dirty:")):
                    total += int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        return 0
    return total


def run(func: Callable[..., Any], *args: Any, timeout: float = 60.0,
        max_rss: int = MAX_RSS) -> Outcome:
    """``func(*args)`` in a child process; its pickled result, or why there is none."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        status = 0
        try:
            os.close(read_end)
            try:
                payload = pickle.dumps(Outcome("ok", func(*args)))
            except BaseException as exc:  # noqa: BLE001 - reported to the parent
                payload = pickle.dumps(Outcome("raised", f"{type(exc).__name__}: {exc}"[:2000]))
            view = memoryview(payload)
            while view:
                view = view[os.write(write_end, view):]
        except BaseException:  # noqa: BLE001
            status = 1
        finally:
            os._exit(status)
    os.close(write_end)
    chunks = []
    deadline = time.monotonic() + timeout
    verdict = None
    try:
        while True:
            ready, _, _ = select.select([read_end], [], [], 0.05)
            if ready:
                chunk = os.read(read_end, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
                continue
            if time.monotonic() > deadline:
                verdict = Outcome("timeout", f"ran longer than {timeout:g} s")
            elif _private_memory(pid) > max_rss:
                verdict = Outcome("memory", f"used more than {max_rss >> 20} MiB")
            if verdict is not None:
                os.kill(pid, signal.SIGKILL)
                break
    finally:
        os.close(read_end)
        _, status = os.waitpid(pid, 0)
    if verdict is not None:
        return verdict
    if not chunks:
        return Outcome("died", f"child ended with status {status:#x} without a result")
    return pickle.loads(b"".join(chunks))

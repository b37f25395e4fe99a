"""Keeping the code cache's directory within its limits.

The limits are the clean-up settings of a wasmtime cache configuration
(``[cache]`` table), with wasmtime's defaults:

* ``files-total-size-soft-limit`` (``"1Gi"``) and ``file-count-soft-limit``
  (``"65536"``): when the cache files together exceed either, a clean-up
  deletes the least recently used ones until both are back under
  ``files-total-size-limit-percent-if-deleting`` and
  ``file-count-limit-percent-if-deleting`` (``"70%"`` each) of their limit;
* ``cleanup-interval`` (``"1h"``): a process that writes to the cache looks at
  the directory at most that often (the time of the last look is the
  modification time of a marker file in it).

A cache file counts as used when a process writes to it or finds it valid.
"""

from __future__ import annotations

import os
import time

__all__ = ["CacheLimits", "clean_if_due", "clean"]

_MARKER = ".last-cleanup"
_SUFFIX = ".wlc"

_BINARY = {"": 1, "K": 1000, "Ki": 1 << 10, "M": 1000 ** 2, "Mi": 1 << 20,
           "G": 1000 ** 3, "Gi": 1 << 30, "T": 1000 ** 4, "Ti": 1 << 40, "P": 1000 ** 5, "Pi": 1 << 50}
_SI = {"": 1, "K": 1000, "M": 1000 ** 2, "G": 1000 ** 3, "T": 1000 ** 4, "P": 1000 ** 5}
_PERCENT = {"%": 1}
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

_SETTINGS = (
    # key, CacheLimits attribute, unit suffixes, the form an error names
    ("files-total-size-soft-limit", "size", _BINARY,
     '"{integer}(K | Ki | M | Mi | G | Gi | T | Ti | P | Pi)?"'),
    ("file-count-soft-limit", "count", _SI, '"{integer}(K | M | G | T | P)?"'),
    ("files-total-size-limit-percent-if-deleting", "size_percent", _PERCENT, '"{integer}%"'),
    ("file-count-limit-percent-if-deleting", "count_percent", _PERCENT, '"{integer}%"'),
    ("cleanup-interval", "interval", _SECONDS, '"{integer}(s | m | h | d)"'),
)


def _number(text: object, key: str, units: dict, form: str) -> int:
    """The number ``text`` gives, scaled by its unit suffix."""
    if isinstance(text, str):
        digits = len(text) - len(text.lstrip("0123456789"))
        unit = text[digits:]
        if digits and unit in units:
            return int(text[:digits]) * units[unit]
    raise ValueError(f"`{key}`: expected a string of the form {form}, found {text!r}")


class CacheLimits:
    """How large the cache directory may grow, and how often it is checked."""

    __slots__ = ("size", "count", "size_percent", "count_percent", "interval")

    def __init__(self, size: int = 1 << 30, count: int = 65536, size_percent: int = 70,
                 count_percent: int = 70, interval: float = 3600.0):
        self.size = size
        self.count = count
        self.size_percent = size_percent
        self.count_percent = count_percent
        self.interval = interval

    @classmethod
    def from_settings(cls, settings: dict) -> "CacheLimits":
        """The limits a ``[cache]`` table sets; ``ValueError`` names a malformed one."""
        limits = cls()
        for key, attr, units, form in _SETTINGS:
            if key in settings:
                setattr(limits, attr, _number(settings[key], key, units, form))
        return limits


def clean_if_due(directory: str, limits: CacheLimits) -> None:
    """:func:`clean` ``directory`` unless it was looked at less than
    ``limits.interval`` seconds ago."""
    marker = os.path.join(directory, _MARKER)
    now = time.time()
    try:
        if now - os.stat(marker).st_mtime < limits.interval:
            return
    except FileNotFoundError:
        pass
    except OSError:
        return
    try:
        os.close(os.open(marker, os.O_WRONLY | os.O_CREAT, 0o600))
        os.utime(marker, (now, now))
    except OSError:
        return
    clean(directory, limits)


def clean(directory: str, limits: CacheLimits) -> None:
    """Delete the least recently used cache files of ``directory`` if they exceed
    a soft limit, until they are within the percentage kept after deleting."""
    files = []
    try:
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.name.endswith(_SUFFIX) and entry.is_file(follow_symlinks=False):
                    st = entry.stat(follow_symlinks=False)
                    files.append((st.st_mtime, st.st_size, entry.path))
    except OSError:
        return
    total = sum(size for _, size, _ in files)
    count = len(files)
    if total <= limits.size and count <= limits.count:
        return
    size_goal = limits.size * limits.size_percent // 100
    count_goal = limits.count * limits.count_percent // 100
    for _, size, path in sorted(files):
        if total <= size_goal and count <= count_goal:
            break
        try:
            os.unlink(path)
        except OSError:
            continue
        total -= size
        count -= 1

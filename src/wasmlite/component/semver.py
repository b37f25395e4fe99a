"""Names whose versions semver calls compatible, which look each other up as
Wasmtime's name maps do: ``a:b/c@0.2.0`` finds an export ``a:b/c@0.2.12``.

Two versions are compatible when they share their major number (1.0 and up),
or are both 0.y with the same y (y of 1 and up); a 0.0.z version, a
pre-release, or a name without a version matches only itself.
"""

from __future__ import annotations

from collections.abc import Collection

__all__ = ["compatible_key", "find_compatible"]


def compatible_key(name: str) -> str | None:
    """What every name compatible with ``name`` shares (``a:b/c@1``, ``a:b/c@0.2``),
    or ``None`` when only ``name`` itself matches it."""
    base, at, version = name.partition("@")
    if not at:
        return None
    release = version.partition("+")[0]
    numbers = release.split(".")
    if "-" in release or len(numbers) != 3 or not all(n.isdigit() for n in numbers):
        return None
    major, minor = int(numbers[0]), int(numbers[1])
    if major:
        return f"{base}@{major}"
    if minor:
        return f"{base}@0.{minor}"
    return None


def find_compatible(names: Collection[str], name: str) -> str | None:
    """``name`` when ``names`` holds it, else the highest version in ``names``
    compatible with it, else ``None``."""
    if name in names:
        return name
    key = compatible_key(name)
    if key is None:
        return None
    matches = [n for n in names if compatible_key(n) == key]
    return max(matches, key=_version_numbers) if matches else None


def _version_numbers(name: str) -> tuple[int, ...]:
    return tuple(int(n) for n in name.partition("@")[2].partition("+")[0].split("."))

"""``wasi:random``: the ``random``, ``insecure`` and ``insecure-seed`` interfaces.

``random`` reads the secure source preview 1's ``random_get`` reads;
``insecure`` draws from a generator seeded from it once per store, and
``insecure-seed`` returns the same two numbers for the store's life.
"""

from __future__ import annotations

from ...runtime.trap import Trap
from ..proc import secure_random_bytes
from .interface import Interface
from .results import VALUE
from .state import Preview2State

MAX_BYTES = 64 << 20
"""More random bytes than this in one call is a trap."""


def _check(size: int) -> None:
    if size > MAX_BYTES:
        raise Trap(f"too many random bytes requested: {size} (at most {MAX_BYTES})")


def get_random_bytes(state: Preview2State, size: int) -> bytes:
    """``size`` cryptographically secure random bytes."""
    _check(size)
    return secure_random_bytes(size)


def get_random_u64(state: Preview2State) -> int:
    """A cryptographically secure random ``u64``."""
    return int.from_bytes(secure_random_bytes(8), "little")


def get_insecure_random_bytes(state: Preview2State, size: int) -> bytes:
    """``size`` random bytes from a fast generator."""
    _check(size)
    return state.insecure.randbytes(size)


def get_insecure_random_u64(state: Preview2State) -> int:
    """A random ``u64`` from a fast generator."""
    return state.insecure.getrandbits(64)


def insecure_seed(state: Preview2State) -> tuple[int, int]:
    """A 128-bit seed, the same for every call in a store."""
    return state.insecure_seed


INTERFACES = {
    "wasi:random/random": Interface({
        "get-random-bytes": (get_random_bytes, VALUE),
        "get-random-u64": (get_random_u64, VALUE),
    }),
    "wasi:random/insecure": Interface({
        "get-insecure-random-bytes": (get_insecure_random_bytes, VALUE),
        "get-insecure-random-u64": (get_insecure_random_u64, VALUE),
    }),
    "wasi:random/insecure-seed": Interface({
        "insecure-seed": (insecure_seed, VALUE),
    }),
}

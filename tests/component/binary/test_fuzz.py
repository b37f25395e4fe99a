"""Mutated component binaries: decoding either succeeds or raises the project's
errors, never another Python exception; what decodes, encodes and decodes
again to the same IR."""

from __future__ import annotations

import random

import pytest

from component.component_scripts import require_scripts
from wasmlite.component.binary import decode_component, encode_component, is_component
from wasmlite.errors import WasmtimeError

CORPUS_SCRIPTS = ("binary/binary.wast", "validation/defined-types.wast",
                  "validation/resources.wast", "resources/borrows.wast", "values/strings.wast",
                  "async/cancel-stream.wast", "linking/unit.wast")
MUTANTS_PER_SEED = 1500


def _mutate(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not out:
            break
        i = rng.randrange(len(out))
        choice = rng.random()
        if choice < 0.6:
            out[i] = rng.randrange(256)
        elif choice < 0.75:
            del out[i]
        elif choice < 0.9:
            out.insert(i, rng.choice((0x00, 0x01, 0x7F, 0x80, 0xFF, rng.randrange(256))))
        else:
            del out[i:]
    return bytes(out)


@pytest.fixture(scope="module")
def corpus(binaries_of) -> list[bytes]:
    require_scripts()
    components = [b.data for script in CORPUS_SCRIPTS for b in binaries_of(script)
                  if b.command != "assert_malformed" and is_component(b.data)]
    assert components
    return components


@pytest.mark.parametrize("seed", range(4))
def test_mutated_binaries_raise_only_decode_errors(corpus: list[bytes], seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(MUTANTS_PER_SEED):
        data = _mutate(rng, rng.choice(corpus))
        try:
            component = decode_component(data, lazy_modules=False)
        except WasmtimeError:
            continue
        again = decode_component(encode_component(component), lazy_modules=False)
        assert again == component, data.hex()


def test_truncations_raise_decode_errors(corpus: list[bytes]) -> None:
    for data in corpus[:40]:
        for end in range(len(data)):
            try:
                decode_component(data[:end], lazy_modules=False)
            except WasmtimeError:
                pass

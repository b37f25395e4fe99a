"""itk-wasm's compression pipelines compiled to WASI (the ``itkwasm-compress-stringify-wasi``
package: Zstandard compression plus base64 data URLs) give the same bytes under wasmlite as
under wasmtime.

The wasmtime side is the package as published. For the wasmlite side, itkwasm's own
``itkwasm/pipeline.py`` (the ``Pipeline`` class, which drives a reactor module through its
exports and reads and writes linear memory with ctypes through ``Memory.data_ptr``) and the
package's two generated wrappers are executed again as new modules with ``import wasmtime``
bound to ``wasmlite``; nothing of their code is copied.

Two settings keep the check about the code under test and its time modest: both engines'
on-disk code caches go to a fresh directory (wasmlite's cache key does not change when its
compiler's source does, so a warm cache would run code an older compiler produced), and
``Module.serialize`` in the wasmlite-bound pipeline returns nothing (itkwasm writes every
compiled module to its own cache directory, here a fresh one that is never read back;
serializing compiles all of a 2.9 MB module's functions ahead of time, about 20 s, where a run
compiles only the functions it calls).
"""

from __future__ import annotations

import random
import re
import sys

import pytest

import wasmlite

from ._runtimes import load_with_runtime

pytest.importorskip("wasmtime", reason="wasmtime (the oracle) is not installed")
pytest.importorskip("itkwasm_compress_stringify_wasi",
                    reason="the itkwasm-compress-stringify-wasi package (dev extras) is not installed")


def _inputs() -> dict[str, bytes]:
    rng = random.Random(20240607)
    text = b"".join(b"line %d: the quick brown fox jumps over the lazy dog\n" % (i % 37) for i in range(120))
    return {
        "empty": b"",
        "one-byte": b"x",
        "text": text,
        "random": bytes(rng.getrandbits(8) for _ in range(3000)),
        "mixed": bytes(range(256)) * 8 + text[:1500] + bytes(rng.getrandbits(8) for _ in range(500)),
    }


INPUTS = _inputs()

# (input, stringify, compression level, data URL prefix)
COMPRESSIONS = [
    ("empty", False, 3, None),
    ("one-byte", True, 3, None),
    ("text", True, 5, None),
    ("random", False, 1, None),
    ("mixed", True, 9, "data:application/x-test;base64,"),
    ("text", False, 19, None),
]


@pytest.fixture(scope="module")
def pipelines(tmp_path_factory):
    """(wasmtime, wasmlite) pairs of the package's ``compress_stringify`` and
    ``parse_string_decompress`` functions."""
    cache = tmp_path_factory.mktemp("xdg-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(cache))
        import itkwasm.pipeline
        import itkwasm_compress_stringify_wasi as package
        from importlib_resources import files

        patch.setattr(itkwasm.pipeline, "_module_store_dir", cache / "itkwasm-wasmtime")
        (cache / "itkwasm-wasmtime").mkdir()
        wrappers = {name: sys.modules[f"itkwasm_compress_stringify_wasi.{name}"]
                    for name in ("compress_stringify", "parse_string_decompress")}
        for wrapper in wrappers.values():  # a pipeline made before this test would use the user's cache
            patch.setattr(wrapper, "_pipeline", None)

        on_wasmlite = load_with_runtime(itkwasm.pipeline.__file__, "itkwasm._pipeline_on_wasmlite", wasmlite)
        assert on_wasmlite.Store is wasmlite.Store
        on_wasmlite._module_store_dir = cache / "itkwasm-wasmlite"
        on_wasmlite._module_store_dir.mkdir()

        class Module(wasmlite.Module):
            def serialize(self) -> bytes:
                return b""

        on_wasmlite.Module = Module
        modules = files("itkwasm_compress_stringify_wasi") / "wasm_modules"
        pairs = {}
        for name, wrapper in wrappers.items():
            copy = load_with_runtime(wrapper.__file__, f"{name}_on_wasmlite", wasmlite)
            copy._pipeline = on_wasmlite.Pipeline(modules / f"{name.replace('_', '-')}.wasi.wasm")
            pairs[name] = (getattr(package, name), getattr(copy, name))
        yield pairs


@pytest.mark.parametrize("case", COMPRESSIONS, ids=[f"{c[0]}-{'text' if c[1] else 'raw'}-{c[2]}" for c in COMPRESSIONS])
def test_compress_matches_wasmtime(pipelines, case):
    name, stringify, level, prefix = case
    options = {"stringify": stringify, "compression_level": level}
    if prefix is not None:
        options["data_url_prefix"] = prefix
    oracle, subject = pipelines["compress_stringify"]
    expected = oracle(INPUTS[name], **options)
    assert expected.startswith((prefix or "data:application/zstd;base64,").encode() if stringify else b"\x28\xb5\x2f\xfd")
    assert subject(INPUTS[name], **options) == expected


def test_decompress_round_trip(pipelines):
    compress, _ = pipelines["compress_stringify"]
    oracle, subject = pipelines["parse_string_decompress"]
    for name, data in INPUTS.items():
        for stringify in (True, False):
            packed = compress(data, stringify=stringify, compression_level=3)
            assert oracle(packed, parse_string=stringify) == data
            assert subject(packed, parse_string=stringify) == data, (name, stringify)


def _frames(trap: BaseException) -> list[str]:
    return re.findall(r"<wasm function \d+>", str(trap))


def test_corrupt_input_traps_alike(pipelines):
    """Bad input ends in ``unreachable`` (the C++ program aborts) with the same wasm
    functions on the stack. The offsets are left out: wasmtime's optimizer reports the
    branch that leads to the ``unreachable``, wasmlite the ``unreachable`` itself."""
    oracle, subject = pipelines["parse_string_decompress"]
    for corrupt, parse_string in ((b"data:application/zstd;base64,AAAA", True),
                                  (b"\x28\xb5\x2f\xfd garbage", False)):
        import wasmtime
        with pytest.raises(wasmtime.Trap) as expected:
            oracle(corrupt, parse_string=parse_string)
        with pytest.raises(wasmlite.Trap) as got:
            subject(corrupt, parse_string=parse_string)
        assert "wasm `unreachable` instruction executed" in str(expected.value)
        assert "wasm `unreachable` instruction executed" in str(got.value)
        assert _frames(got.value) == _frames(expected.value) != []

"""wasmtime as the reference: one compiled module exporting one function per instruction.

Operands and results cross the boundary as raw bit patterns: f32 as i32 and f64
as i64 (reinterpreted inside the module, so signalling NaNs survive), v128 as
two i64 halves. Every export takes and returns unsigned bit patterns here.
"""

from __future__ import annotations

import pytest

wasmtime = pytest.importorskip(
    "wasmtime", reason="the wasmtime package is the differential oracle for numeric semantics")

# How each value type crosses the boundary: (wasm types, unwrap into the real
# operand inside the module, wrap a result back into bits).
_CARRIER = {
    "i32": (("i32",), "", ""),
    "i64": (("i64",), "", ""),
    "f32": (("i32",), "f32.reinterpret_i32", "i32.reinterpret_f32"),
    "f64": (("i64",), "f64.reinterpret_i64", "i64.reinterpret_f64"),
    "v128": (("i64", "i64"), "", ""),
}
_BITS = {"i32": 32, "i64": 64, "f32": 32, "f64": 64}


def _signed(value: int, bits: int) -> int:
    return value - (1 << bits) if value >> (bits - 1) else value


class OracleTrap(Exception):
    """wasmtime trapped; ``message`` is its full trap message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _function(export: str, instruction: str, params, results) -> str:
    """The text of one exported function applying ``instruction`` to its parameters."""
    wasm_params, body, index = [], [], 0
    for t in params:
        carriers, unwrap, _ = _CARRIER[t]
        wasm_params += carriers
        if t == "v128":
            body += [f"local.get {index}", "i64x2.splat", f"local.get {index + 1}",
                     "i64x2.replace_lane 1"]
        else:
            body += [f"local.get {index}", unwrap]
        index += len(carriers)
    body.append(instruction)
    wasm_results = []
    if results == ("v128",):
        wasm_results = ["i64", "i64"]
        body += ["local.set $r", "local.get $r", "i64x2.extract_lane 0",
                 "local.get $r", "i64x2.extract_lane 1"]
    else:
        for t in results:
            carriers, _, wrap = _CARRIER[t]
            wasm_results += carriers
        if len(results) == 1:
            body.append(_CARRIER[results[0]][2])
    return (f'(func (export "{export}") (param {" ".join(wasm_params)}) '
            f'(result {" ".join(wasm_results)}) (local $r v128)\n  '
            + "\n  ".join(line for line in body if line) + ")")


class Oracle:
    """A wasmtime instance of one module; ``call(export, params, results, args)``."""

    def __init__(self, functions: list[tuple[str, str, tuple, tuple]]):
        config = wasmtime.Config()
        config.wasm_relaxed_simd = True
        config.wasm_wide_arithmetic = True
        engine = wasmtime.Engine(config)
        text = "(module\n" + "\n".join(_function(*f) for f in functions) + ")"
        self._store = wasmtime.Store(engine)
        instance = wasmtime.Instance(self._store, wasmtime.Module(engine, text), [])
        exports = instance.exports(self._store)
        self._funcs = {f[0]: exports[f[0]] for f in functions}

    def call(self, export: str, params: tuple, results: tuple, args: list[int]):
        """Run ``export`` on bit-pattern ``args``; bit-pattern result(s), or OracleTrap."""
        wasm_args = []
        for t, a in zip(params, args):
            if t == "v128":
                wasm_args += [_signed(a & (2 ** 64 - 1), 64), _signed(a >> 64, 64)]
            else:
                wasm_args.append(_signed(a, _BITS[t]))
        try:
            out = self._funcs[export](self._store, *wasm_args)
        except wasmtime.Trap as trap:
            raise OracleTrap(trap.message) from None
        if not isinstance(out, (list, tuple)):
            out = [out]
        if results == ("v128",):
            return (out[0] & (2 ** 64 - 1)) | (out[1] & (2 ** 64 - 1)) << 64
        values = [v & ((1 << _BITS[t]) - 1) for t, v in zip(results, out)]
        return values[0] if len(values) == 1 else tuple(values)

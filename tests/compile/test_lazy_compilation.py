"""Functions are compiled on their first call, once per module, and helpers a
module does not use are never loaded."""

import subprocess
import sys

from wasmlite import ir
from wasmlite.compile.python import compile_module
from wasmlite.runtime import instantiate
from wasmlite.runtime.function import HostFunction

from conftest import module_of

WAT = """
(module
  (func $used (export "used") (result i32) (i32.const 1))
  (func $never (export "never") (result i32) (i32.const 2)))
"""


def test_function_never_called_is_never_compiled(store):
    cm = compile_module(module_of(WAT))
    inst = instantiate(cm, [], store=store)
    assert cm.codes == {}
    assert inst.exports["used"].call() == 1
    assert set(cm.codes) == {0}


def test_instances_of_a_module_share_code(store):
    cm = compile_module(module_of(WAT))
    a = instantiate(cm, [], store=store)
    b = instantiate(cm, [], store=store)
    a.exports["used"].call()
    b.exports["used"].call()
    code_a = a.exports["used"].raw.__code__
    code_b = b.exports["used"].raw.__code__
    assert code_a is code_b
    assert a.exports["used"].raw is not b.exports["used"].raw


def test_compiled_function_replaces_its_stub(store):
    cm = compile_module(module_of(WAT))
    inst = instantiate(cm, [], store=store)
    fn = inst.exports["used"]
    stub = fn.raw
    fn.call()
    assert fn.raw is not stub
    assert inst.namespace["F0"] is fn.raw
    assert fn.raw.__code__.co_name == "wasm[0]"


def test_compile_module_returns_the_prepared_module_while_in_use():
    module = module_of(WAT)
    assert compile_module(module) is compile_module(module)


IMPORTER = """
(module
  (import "m" "f" (func $f (result i32)))
  (func (export "g") (result i32) (call $f)))
"""


def test_imported_host_function_is_bound_directly(store):
    host = HostFunction(ir.FuncType((), ("i32",)), lambda: 7)
    inst = instantiate(compile_module(module_of(IMPORTER)), [host], store=store)
    assert inst.namespace["F0"] is host.raw
    assert inst.exports["g"].call() == 7


def test_imported_wasm_function_is_bound_once_compiled(store):
    exporter = instantiate(compile_module(module_of(WAT)), [], store=store)
    used = exporter.exports["used"]
    cold = instantiate(compile_module(module_of(IMPORTER)), [used], store=store)
    assert cold.namespace["F0"] is not used.raw
    assert cold.exports["g"].call() == 1
    assert cold.namespace["F0"] is used.raw
    warm = instantiate(compile_module(module_of(IMPORTER)), [used], store=store)
    assert warm.namespace["F0"] is used.raw
    assert warm.exports["g"].call() == 1


PROPOSAL_PARTS = ("wasmlite.runtime.simd", "wasmlite.runtime.aggregate",
                  "wasmlite.compile.python.atomics", "wasmlite.compile.python.gc_ops",
                  "wasmlite.validate.gc", "wasmlite.validate.exceptions",
                  "wasmlite.validate.simd", "ctypes")


def test_a_module_without_proposals_never_loads_their_parts():
    script = f"""
import sys, wasmlite
engine = wasmlite.Engine()
store = wasmlite.Store(engine)
module = wasmlite.Module(engine, '(module (memory 1) (global (mut i32) (i32.const 1))'
                                 ' (func (export "f") (result i32) (i32.const 7)))')
assert wasmlite.Instance(store, module, []).exports(store)["f"](store) == 7
print([name for name in {PROPOSAL_PARTS!r} if name in sys.modules])
"""
    found = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           check=True).stdout
    assert found.strip() == "[]"


def test_gc_and_threads_code_gets_its_helpers(store):
    gc = module_of("""(module (type $p (struct (field i32)))
        (func (export "f") (result i32) (struct.get $p 0 (struct.new $p (i32.const 5)))))""")
    assert instantiate(compile_module(gc), [], store=store).exports["f"].call() == 5
    threads = module_of("""(module (memory 1 1 shared)
        (func (export "f") (result i32)
          (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 3)))
          (i32.atomic.load (i32.const 0))))""")
    assert instantiate(compile_module(threads), [], store=store).exports["f"].call() == 3


def test_a_module_with_simd_gets_the_simd_helpers(store):
    simd = module_of("""(module (func (export "f") (result i32)
        (i32x4.extract_lane 1 (i32x4.add (v128.const i32x4 1 2 3 4) (v128.const i32x4 5 6 7 8)))))""")
    assert instantiate(compile_module(simd), [], store=store).exports["f"].call() == 8


def test_a_module_whose_only_simd_is_a_memory_access_gets_the_simd_helpers(store):
    simd = module_of("""(module (memory 1) (data (i32.const 0) "\\00\\07")
        (func (export "f") (result i32)
          (v128.store (i32.const 16) (v128.load8_splat (i32.const 1)))
          (i32.load (i32.const 16))))""")
    assert instantiate(compile_module(simd), [], store=store).exports["f"].call() == 0x07070707

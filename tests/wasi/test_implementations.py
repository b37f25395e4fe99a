"""Every wasi_snapshot_preview1 function has an implementation, found without
importing the modules a program does not use."""

import subprocess
import sys

from wasmlite.wasi.linking import implementation
from wasmlite.wasi.signatures import SIGNATURES


def test_every_function_has_an_implementation():
    for name in SIGNATURES:
        assert callable(implementation(name)), name


def test_only_the_modules_of_imported_functions_are_loaded():
    script = """
import sys, wasmlite
engine = wasmlite.Engine()
module = wasmlite.Module(engine, '''(module
  (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1))''')
store = wasmlite.Store(engine)
store.set_wasi(wasmlite.WasiConfig())
linker = wasmlite.Linker(engine)
linker.define_wasi()
linker.instantiate(store, module)
print(sorted(m.rsplit('.', 1)[1] for m in sys.modules if m.startswith('wasmlite.wasi.')))
"""
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True).stdout
    assert "fd_io" in loaded
    for unused in ("path_ops", "poll", "readdir", "sockets", "clocks"):
        assert f"'{unused}'" not in loaded, unused

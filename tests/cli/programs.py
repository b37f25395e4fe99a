"""Small WASI programs in WAT used by the command line tests."""

_WASI = "wasi_snapshot_preview1"

IMPORTS = f"""
  (import "{_WASI}" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "{_WASI}" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "{_WASI}" "proc_exit" (func $proc_exit (param i32)))
  (import "{_WASI}" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "{_WASI}" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "{_WASI}" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "{_WASI}" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "{_WASI}" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
"""

ROUTINES = """
  (memory (export "memory") 1)
  ;; write(fd, ptr, len): one iovec at address 16, byte count at 24
  (func $write (param $fd i32) (param $ptr i32) (param $len i32)
    (i32.store (i32.const 16) (local.get $ptr))
    (i32.store (i32.const 20) (local.get $len))
    (drop (call $fd_write (local.get $fd) (i32.const 16) (i32.const 1) (i32.const 24))))
  ;; read(fd, ptr, len) -> count
  (func $read (param $fd i32) (param $ptr i32) (param $len i32) (result i32)
    (i32.store (i32.const 16) (local.get $ptr))
    (i32.store (i32.const 20) (local.get $len))
    (drop (call $fd_read (local.get $fd) (i32.const 16) (i32.const 1) (i32.const 24)))
    (i32.load (i32.const 24)))
"""


def program(body: str, imports: str = "") -> str:
    """A module with the WASI imports, ``imports``, the routines above and ``body``."""
    return f"(module {IMPORTS}{imports}{ROUTINES}\n{body}\n)"


HELLO = program("""
  (data (i32.const 256) "hello, world\\n")
  (func (export "_start") (call $write (i32.const 1) (i32.const 256) (i32.const 13)))
""")

def exit_program(code: int) -> str:
    """A program whose ``_start`` calls ``proc_exit(code)``."""
    return program(f"""
  (func (export "_start") (call $proc_exit (i32.const {code})))
""")

TRAP = program("""
  (func $explode (unreachable))
  (func $middle (call $explode))
  (func (export "_start") (call $middle))
""")

ECHO_ARGS = program("""
  ;; argv pointers at 1024, strings at 2048; print the strings NUL-separated
  (func (export "_start")
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (drop (call $args_get (i32.const 1024) (i32.const 2048)))
    (call $write (i32.const 1) (i32.const 2048) (i32.load (i32.const 4))))
""")

ECHO_ENV = program("""
  (func (export "_start")
    (drop (call $environ_sizes_get (i32.const 0) (i32.const 4)))
    (drop (call $environ_get (i32.const 1024) (i32.const 2048)))
    (call $write (i32.const 1) (i32.const 2048) (i32.load (i32.const 4))))
""")

CAT_STDIN = program("""
  (func (export "_start") (local $n i32)
    (loop $more
      (local.set $n (call $read (i32.const 0) (i32.const 4096) (i32.const 4096)))
      (if (local.get $n) (then
        (call $write (i32.const 1) (i32.const 4096) (local.get $n))
        (br $more)))))
""")

CAT_FILE = program("""
  ;; open input.txt in the first preopen (fd 3) and copy it to stdout;
  ;; exit with the errno when it cannot be opened
  (data (i32.const 256) "input.txt")
  (func (export "_start") (local $errno i32)
    (local.set $errno (call $path_open (i32.const 3) (i32.const 0) (i32.const 256) (i32.const 9)
                                       (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0)
                                       (i32.const 0)))
    (if (local.get $errno) (then (call $proc_exit (local.get $errno))))
    (call $write (i32.const 1) (i32.const 4096)
          (call $read (i32.load (i32.const 0)) (i32.const 4096) (i32.const 4096))))
""")

MATH = """
(module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "negate") (param i64) (result i64) (i64.sub (i64.const 0) (local.get 0)))
  (func (export "half") (param f64) (result f64) (f64.mul (local.get 0) (f64.const 0.5)))
  (func (export "pair") (result i32 f32) (i32.const -1) (f32.const 2.5))
  (func (export "nothing"))
  (global (export "not_a_function") i32 (i32.const 0)))
"""

SPIN = """
(module
  (func (export "_start") (loop $forever (br $forever))))
"""

LIBRARY = """
(module
  (func (export "double") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2))))
"""

USES_LIBRARY = """
(module
  (import "lib" "double" (func $double (param i32) (result i32)))
  (func (export "run") (result i32) (call $double (i32.const 21))))
"""

UNKNOWN_IMPORT = """
(module
  (import "env" "missing" (func))
  (func (export "_start")))
"""

BENCHMARK = program(imports="""
  (import "bench" "start" (func $start))
  (import "bench" "end" (func $end))
""", body="""
  (data (i32.const 256) "done\\n")
  (func (export "_start")
    (call $start)
    (call $end)
    (call $write (i32.const 1) (i32.const 256) (i32.const 5)))
""")

"""Components covering the whole text grammar (every defined value type, every
canonical built-in and option, type declarators, aliases in every form,
inline exports, imports and instantiation arguments, core types, start and
values) encode like ``wasm-tools parse``; and the parser's own checks."""

from __future__ import annotations

import subprocess

import pytest

from wasmlite.component.text import component_wat2wasm
from wasmlite.component.text.script import ComponentValue
from wasmlite.text import ParseError
from wasmlite.text.wast import parse_wast

from ..component_scripts import wasm_tools

SNIPPETS = {
"defined types": '''(component
  (type $r (resource (rep i32)))
  (type (record (field "a" u32) (field "b" (list string))))
  (type (variant (case "a") (case "b" u8) (case "c" (option (tuple u8 s64)))))
  (type (list u8 4)) (type (map string u32)) (type (flags "x" "y")) (type (enum "p" "q"))
  (type (result)) (type (result u8)) (type (result (error string))) (type (result u8 (error u16)))
  (type (own $r)) (type (borrow $r)) (type (stream)) (type (stream u8)) (type (future)) (type (future string))
  (type error-context) (type bool) (type (func async (param "x" f32) (result f64)))
  (type $c char)
)''',
"component and instance types": '''(component $C
  (type $t u32)
  (type $ct (component
    (import "i" (instance $i (export "r" (type (sub resource)))))
    (alias export $i "r" (type $r))
    (type (func (param "a" (own $r)) (result $t)))
    (core type (module (import "a" "b" (func (param i32))) (export "m" (memory 1))))
    (export "f" (func (type 3)))
    (export "v" (value u32))
  ))
  (type (instance (export "g" (func (param "x" (list $t)))) (alias outer $C $t (type $u)) (export "u" (type (eq $u)))))
)''',
"resources, canon built-ins and options": '''(component
  (core module $m (func (export "d") (param i32)) (memory (export "mem") 1)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 0)
    (func (export "cb") (param i32 i32 i32) (result i32) i32.const 0)
    (func (export "f") (param i32 i32) (result i32) i32.const 0)
    (table (export "t") 1 funcref))
  (core instance $i (instantiate $m))
  (type $r (resource (rep i32) (dtor (core func $i "d"))))
  (type $s (stream u8)) (type $fu (future))
  (core func (canon resource.new $r)) (core func (canon resource.rep $r)) (core func (canon resource.drop $r))
  (core func (canon backpressure.inc)) (core func (canon backpressure.dec)) (core func (canon task.cancel))
  (core func (canon task.return (result (list u8)) (memory (core memory $i "mem")) string-encoding=utf16))
  (core func (canon task.return))
  (core func (canon context.get i32 0)) (core func (canon context.set i32 1))
  (core func (canon subtask.cancel async)) (core func (canon subtask.drop))
  (core func (canon stream.new $s)) (core func (canon stream.read $s async (memory (core memory $i "mem")) (realloc (core func $i "realloc"))))
  (core func (canon stream.write $s (memory (core memory $i "mem")))) (core func (canon stream.cancel-read $s async))
  (core func (canon stream.cancel-write $s)) (core func (canon stream.drop-readable $s)) (core func (canon stream.drop-writable $s))
  (core func (canon future.new $fu)) (core func (canon future.read $fu)) (core func (canon future.write $fu async))
  (core func (canon future.cancel-read $fu)) (core func (canon future.cancel-write $fu async))
  (core func (canon future.drop-readable $fu)) (core func (canon future.drop-writable $fu))
  (core func (canon error-context.new (memory (core memory $i "mem")) string-encoding=latin1+utf16))
  (core func (canon error-context.debug-message (memory (core memory $i "mem")) (realloc (core func $i "realloc"))))
  (core func (canon error-context.drop)) (core func (canon waitable-set.new))
  (core func (canon waitable-set.wait (memory (core memory $i "mem")))) (core func (canon waitable-set.poll (memory (core memory $i "mem"))))
  (core func (canon waitable-set.drop)) (core func (canon waitable.join))
  (core func (canon thread.index)) (core type $ft (func (param i32)))
  (core func (canon thread.new-indirect $ft (core table $i "t"))) (core func (canon thread.resume-later))
  (core func (canon thread.suspend)) (core func (canon thread.yield))
  (core func (canon thread.suspend-then-resume)) (core func (canon thread.yield-then-resume))
  (func $lifted (param "s" string) (result u32)
    (canon lift (core func $i "f") (memory (core memory $i "mem")) (realloc (core func $i "realloc")) string-encoding=utf8 (post-return (core func $i "d"))))
  (func (param "s" string) (canon lift (core func $i "f") async (callback (core func $i "cb")) (memory (core memory $i "mem"))))
  (core func $low (canon lower (func $lifted) (memory (core memory $i "mem")) async))
  (canon lift (core func $i "f") (func $long (param "a" u32) (param "b" u32) (result u32)))
  (canon lower (func $long) (core func $low2))
  (export "long" (func $long))
)''',
"instances, aliases, exports": '''(component $Outer
  (import "i" (instance $i (export "a" (instance (export "b" (func))))))
  (import "c" (component $c (import "f" (func)) (export "g" (func))))
  (import "v" (value $v u32))
  (import "t" (type $t (sub resource)))
  (core module $m (export "m1") (export "m2"))
  (component $inner (export "inner")
    (import "f" (func))
    (core module $n (func (export "x")))
    (core instance $ni (instantiate $n))
    (alias outer $Outer $m (core module $mm))
    (core instance (instantiate $mm))
    (core instance $bundle (export "x" (func $ni "x")))
    (core func $x (alias core export $ni "x"))
    (export "g" (func 0)))
  (instance $made (export "made") (instantiate $c (with "f" (func $i "a" "b"))))
  (instance (instantiate $inner (with "f" (func $made "g"))))
  (instance $b (export "x" (func $i "a" "b")) (export "y" (instance $i "a")))
  (instance (instantiate $inner (with "f" (instance (export "g" (func $i "a" "b"))))))
  (alias export $i "a" (instance $a))
  (func $ab (alias export $a "b"))
  (export $e "ab" (func $ab) (func))
  (export "v" (value $v))
  (export "t2" (type $t))
  (export "m" (core module $m))
  (export "comp" (component $c))
  (start $ab)
)''',
"core types and start": '''(component
  (core type $f (func (param i32) (result i32)))
  (core type $s (struct (field i32)))
  (core type $mt (module (type $x (func)) (import "a" "b" (func (type $x))) (import "a" "c" (global (mut i32)))
    (import "a" "d" (table 1 funcref)) (export "e" (func (param i32))) (alias outer 1 0 (type $y))))
  (core module $im (import "m") (type $mt))
  (import "f" (func $f (param "x" u32) (result u32)))
  (import "g" (value $g u32))
  (start $f (value $g) (result (value $r)))
  (export "r" (value $r))
)''',
}


@pytest.mark.skipif(wasm_tools() is None, reason="wasm-tools is not installed (pip install -e '.[dev]')")
@pytest.mark.parametrize("name", list(SNIPPETS))
def test_encodes_like_wasm_tools(name):
    text = SNIPPETS[name]
    reference = subprocess.run([wasm_tools(), "parse", "-"], input=text.encode(), capture_output=True)
    assert reference.returncode == 0, reference.stderr.decode()
    assert component_wat2wasm(text) == reference.stdout


def _canon_bytes(text: str) -> bytes:
    """The content of the only canon section of a component."""
    wasm = component_wat2wasm(text)
    at = wasm.index(b"\x08", 8)          # the canon section follows the module and instance ones
    return wasm[at:]


def test_cancellable_sets_the_flag_byte():
    base = ('(component (core module $m (memory (export "mem") 1)) (core instance $i (instantiate $m))'
            ' (core func (canon waitable-set.wait {} (memory (core memory $i "mem")))))')
    assert b"\x20\x01" in component_wat2wasm(base.format("cancellable"))
    assert b"\x20\x00" in component_wat2wasm(base.format(""))
    assert component_wat2wasm("(component (core func (canon thread.yield cancellable)))").endswith(b"\x0c\x01")


def test_bare_fields_and_nested_names():
    assert component_wat2wasm("(type u8)") == component_wat2wasm("(component (type u8))")
    wasm = component_wat2wasm("(component $outer (component $inner))")
    assert b"component-name" in wasm and b"outer" in wasm and b"inner" in wasm


@pytest.mark.parametrize("text, reason", [
    ("(component (export \"x\" (func $nope)))", "unknown func"),
    ("(component (type $t u8) (type $t u8))", "duplicate type"),
    ("(component $c (core module $m) (component (core instance (instantiate $m))))", None),
    ("(component (import \"f\" (func)) (component (export \"g\" (func 0)) (export \"h\" (func $f))))",
     "unknown func"),
    ("(component (func $f (import \"f\")) (component (export \"g\" (func $f))))",
     "outer item `f` is not a module, type, or component"),
    ("(component (alias outer $nowhere $t (type)))", "outer component `nowhere` not found"),
    ("(component (import \"a\" (implements \"a:b/c\") (implements \"a:b/c\") (instance)))", "unexpected token"),
    ("(component (type (list)))", "unexpected token"),
    ("(component (canon frobnicate (core func)))", "unexpected token"),
])
def test_malformed_components_raise_parse_errors(text, reason):
    if reason is None:            # an outer core module is aliased in, not an error
        component_wat2wasm(text)
        return
    with pytest.raises(ParseError) as info:
        component_wat2wasm(text)
    assert info.value.reason == reason


def test_script_commands_and_values():
    commands = parse_wast(r'''
      (component definition $D (func (export "f") (param "x" u32) (canon lift (core func 0))))
      (component instance $i $D)
      (component $named quote "(type u8)")
      (assert_invalid (component (type (list u8 0))) "zero")
      (assert_malformed (component quote "(type (list))") "unexpected token")
      (register "reg" $i)
      (assert_return (invoke $i "f"
          (record.const (field "a" u8.const 1) (field "b" (s64.const -2)))
          (variant.const "c") (variant.const "d" (str.const "x")) (list.const (char.const "\u{1F600}"))
          (tuple.const (bool.const true) (f32.const 1)) (enum.const "e") (option.none)
          (option.some (u16.const 3)) (result.ok) (result.err (s8.const -1)) (flags.const "a" "b"))
        (u64.const 18446744073709551615) (s32.const -2147483648))
      (assert_trap (component (type u8)) "trap")
    ''')
    types = [c.type for c in commands]
    assert types == ["component_definition", "component_instance", "component", "assert_invalid",
                     "assert_malformed", "register", "assert_return", "assert_uninstantiable"]
    assert commands[1].instance == "i" and commands[1].component == "D"
    assert commands[2].name == "named" and commands[2].component.form == "quote"
    assert commands[3].module.wasm is not None
    assert isinstance(commands[4].module.error, ParseError)
    args = commands[6].action.args
    assert args[0] == ComponentValue("record", (("a", ComponentValue("u8", 1)), ("b", ComponentValue("s64", -2))))
    assert args[1] == ComponentValue("variant", ("c", None))
    assert args[2] == ComponentValue("variant", ("d", ComponentValue("string", "x")))
    assert args[3] == ComponentValue("list", (ComponentValue("char", "\U0001F600"),))
    assert args[4].value[0] == ComponentValue("bool", True) and args[4].value[1].type == "f32"
    assert args[5:8] == (ComponentValue("enum", "e"), ComponentValue("option", None),
                         ComponentValue("option", ComponentValue("u16", 3)))
    assert args[8:] == (ComponentValue("result", ("ok", None)),
                        ComponentValue("result", ("err", ComponentValue("s8", -1))),
                        ComponentValue("flags", ("a", "b")))
    assert commands[6].expected == (ComponentValue("u64", 2**64 - 1), ComponentValue("s32", -2**31))

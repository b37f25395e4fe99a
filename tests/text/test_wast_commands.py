"""WAST scripts into command objects, and their json-from-wast rendering."""

import pytest

from wasmlite.text import ParseError
from wasmlite.text import script as s
from wasmlite.text.script import command_json
from wasmlite.text.wast import parse_wast

SCRIPT = r'''
(module $M (func (export "f") (param i32) (result i32) (local.get 0)))
(module binary "\00asm" "\01\00\00\00")
(module quote "(func (export \"g\"))")
(module definition $D (global (export "g") i32 (i32.const 7)))
(module instance $I $D)
(register "m" $M)
(register "other")
(invoke "f" (i32.const -1))
(assert_return (invoke $M "f" (i32.const 0xffffffff)) (i32.const -1))
(assert_return (get $I "g") (i32.const 7))
(assert_trap (invoke "f" (i32.const 0)) "unreachable")
(assert_trap (module (func $s unreachable) (start $s)) "unreachable")
(assert_exhaustion (invoke "f" (i32.const 0)) "call stack exhausted")
(assert_exception (invoke "f" (i32.const 0)))
(assert_invalid (module (func (result i32))) "type mismatch")
(assert_malformed (module quote "(func (i32.const))") "unexpected token")
(assert_malformed (module binary "") "unexpected end")
(assert_unlinkable (module (import "x" "y" (func))) "unknown import")
(assert_malformed_custom (module quote "(@custom 4)") "missing section name")
(thread $T (shared (module $M)) (register "m" $M) (invoke "f" (i32.const 1)))
(wait $T)
'''


@pytest.fixture(scope="module")
def commands():
    return parse_wast(SCRIPT)


def test_every_command_kind_is_parsed(commands):
    assert [c.type for c in commands] == [
        "module", "module", "module", "module_definition", "module_instance", "register",
        "register", "action", "assert_return", "assert_return", "assert_trap",
        "assert_uninstantiable", "assert_exhaustion", "assert_exception", "assert_invalid",
        "assert_malformed", "assert_malformed", "assert_unlinkable", "assert_malformed_custom",
        "thread", "wait"]
    assert [c.line for c in commands[:3]] == [2, 3, 4]


def test_modules_are_delivered_as_binaries(commands):
    text, binary, quote, definition = (c.module for c in commands[:4])
    assert text.form == "text" and text.wasm.startswith(b"\0asm") and text.error is None
    assert binary.form == "binary" and binary.wasm == b"\0asm\1\0\0\0"
    assert quote.form == "quote" and quote.wasm.startswith(b"\0asm")
    assert quote.source == '(func (export "g")) '
    assert commands[0].name == "M" and definition.wasm and commands[3].name == "D"


def test_malformed_text_modules_carry_their_error(commands):
    malformed = commands[15].module
    assert malformed.wasm is None
    assert isinstance(malformed.error, ParseError)
    assert malformed.error.reason == "unexpected token"


def test_actions_and_values(commands):
    invoke = commands[8].action
    assert invoke == s.Invoke("M", "f", (s.Value("i32", -1),))
    assert commands[8].expected == (s.Value("i32", -1),)
    assert commands[9].action == s.Get("I", "g")
    assert commands[5].module == "M" and commands[5].as_name == "m"
    assert commands[6].module is None


def test_threads_hold_their_commands(commands):
    thread, wait = commands[-2:]
    assert thread.name == "T" and thread.shared_module == "M"
    assert [c.type for c in thread.commands] == ["register", "action"]
    assert wait.thread == "T"


RESULTS = r'''
(assert_return (invoke "r")
  (f32.const nan:canonical) (f64.const nan:arithmetic) (f32.const -0x1p-149) (i64.const -1)
  (v128.const f32x4 nan:canonical 1 -nan:0x1 nan:arithmetic)
  (v128.const i16x8 -1 2 3 4 5 6 7 0xffff)
  (ref.null func) (ref.null none) (ref.null) (ref.extern 3) (ref.extern) (ref.host 2)
  (ref.func) (ref.struct) (ref.array) (ref.i31) (ref.eq) (ref.any)
  (either (i32.const 1) (v128.const i64x2 1 -1)))
'''


def test_result_patterns():
    (command,) = parse_wast(RESULTS)
    v = command.expected
    assert v[0] == s.Value("f32", "nan:canonical")
    assert v[1] == s.Value("f64", "nan:arithmetic")
    assert v[2] == s.Value("f32", 0x80000001)
    assert v[4] == s.Value("v128", ("nan:canonical", 0x3F800000, 0xFF800001, "nan:arithmetic"), "f32")
    assert v[5] == s.Value("v128", (-1, 2, 3, 4, 5, 6, 7, -1), "i16")
    assert v[6:12] == (s.Value("ref.null", "func"), s.Value("ref.null", "none"), s.Value("ref.null", None),
                       s.Value("ref.extern", 3), s.Value("ref.extern", None), s.Value("ref.host", 2))
    assert [x.type for x in v[12:18]] == ["ref.func", "ref.struct", "ref.array", "ref.i31", "ref.eq", "ref.any"]
    assert v[18] == s.Value("either", (s.Value("i32", 1), s.Value("v128", (1, -1), "i64")))


def test_json_rendering_matches_json_from_wast():
    (command,) = parse_wast(RESULTS)
    assert command_json(command)["expected"] == [
        {"type": "f32", "value": "nan:canonical"}, {"type": "f64", "value": "nan:arithmetic"},
        {"type": "f32", "value": str(0x80000001)}, {"type": "i64", "value": "-1"},
        {"type": "v128", "lane_type": "f32",
         "value": ["nan:canonical", str(0x3F800000), str(0xFF800001), "nan:arithmetic"]},
        {"type": "v128", "lane_type": "i16", "value": ["-1", "2", "3", "4", "5", "6", "7", "-1"]},
        {"type": "funcref", "value": "null"}, {"type": "nullref"}, {"type": "refnull"},
        {"type": "externref", "value": "3"}, {"type": "externref"}, {"type": "anyref", "value": "2"},
        {"type": "funcref"}, {"type": "structref"}, {"type": "arrayref"}, {"type": "i31ref"},
        {"type": "eqref"}, {"type": "anyref"},
        {"type": "either", "values": [{"type": "i32", "value": "1"},
                                      {"type": "v128", "lane_type": "i64", "value": ["1", "-1"]}]}]


def test_json_rendering_of_module_commands(commands):
    assert command_json(commands[0]) == {"type": "module", "line": 2, "name": "M", "module_type": "binary"}
    assert command_json(commands[2]) == {"type": "module", "line": 4, "module_type": "text"}
    assert command_json(commands[5]) == {"type": "register", "line": 7, "name": "M", "as": "m"}
    assert command_json(commands[11]) == {"type": "assert_uninstantiable", "line": 13,
                                          "module_type": "binary", "text": "unreachable"}


def test_a_script_of_bare_fields_is_one_module():
    (command,) = parse_wast("(func (export \"f\")) (memory 1)")
    assert command.type == "module" and command.module.wasm.startswith(b"\0asm")


def test_malformed_scripts_raise():
    with pytest.raises(ParseError, match="unexpected token"):
        parse_wast("(assert_return (invoke \"f\") (i32.add))")
    with pytest.raises(ParseError):
        parse_wast("(bogus)")


@pytest.mark.parametrize("cut", [10, 40, 200, 500, len(SCRIPT) - 3])
def test_truncated_scripts_raise_parse_errors(cut):
    with pytest.raises(ParseError):
        parse_wast(SCRIPT[:cut])

"""``wasmlite wast``: a script's results per file and the totals, and the
exit status."""

from __future__ import annotations

from wasmlite.cli import main

SCRIPT = """
(component
  (core module $m (func (export "f") (param i32) (result i32) local.get 0))
  (core instance $i (instantiate $m))
  (func (export "f") (param "x" u32) (result u32) (canon lift (core func $i "f"))))
(assert_return (invoke "f" (u32.const 7)) (u32.const 7))
(assert_return (invoke "f" (u32.const 7)) (u32.const 8))
(module (func (export "g") (result i32) i32.const 1))
(assert_return (invoke "g") (i32.const 1))
(assert_invalid (component (core func (canon resource.drop 0))) "type index out of bounds")
"""


def test_wast_command(tmp_path, capsys) -> None:
    path = tmp_path / "t.wast"
    path.write_text(SCRIPT)
    status = main(["wast", str(path)])
    out = capsys.readouterr().out
    assert status == 1
    assert f"{path}: 5/6 passed, 1 failed" in out
    assert "expected 8, got 7" in out
    assert "total: 5/6 passed, 1 failed, 0 skipped in 1 file(s)" in out
    path.write_text(SCRIPT.replace("(u32.const 8)", "(u32.const 7)"))
    assert main(["wast", "-q", str(path)]) == 0

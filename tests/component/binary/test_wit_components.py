"""Components as tools make them from WIT (``wasm-tools component embed
--dummy`` and ``component new``): interfaces with versions, resources,
shim modules and fix-up instances, async functions, streams and futures. Each
decodes and encodes back to the same bytes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from component.component_scripts import wasm_tools
from wasmlite.component import ir
from wasmlite.component.binary import decode_component, encode_component

WORLDS = {
    "resources": """
package example:demo@1.2.3;

interface shapes {
  resource canvas {
    constructor(width: u32, height: u32);
    draw: func(points: list<tuple<f32, f32>>) -> result<u64, string>;
    merge: static func(a: borrow<canvas>, b: canvas) -> canvas;
  }
  record point { x: s32, y: s32 }
  variant shape { circle(f64), square(point), none }
  flags style { bold, italic }
  enum color { red, green, blue }
  paint: func(s: shape, c: option<color>, st: style) -> list<point>;
}

world app {
  import shapes;
  import log: func(msg: string);
  export run: func(args: list<string>) -> result<_, u8>;
  export shapes;
}
""",
    "async": """
package example:streams;

interface io {
  read: async func(n: u32) -> stream<u8>;
  later: func() -> future<string>;
  fixed: func(x: list<u8, 4>) -> map<string, u32>;
}

world app {
  import io;
  export io;
}
""",
}


def _component_from_wit(wit: str, folder: Path) -> bytes:
    tool = wasm_tools()
    if tool is None:
        pytest.skip("wasm-tools is not installed (pip install -e '.[dev]')")
    (folder / "world.wit").write_text(wit)
    core = folder / "core.wasm"
    component = folder / "component.wasm"
    subprocess.run([tool, "component", "embed", "--dummy", str(folder), "-o", str(core)],
                   check=True)
    subprocess.run([tool, "component", "new", str(core), "-o", str(component)], check=True)
    return component.read_bytes()


@pytest.mark.parametrize("world", sorted(WORLDS))
def test_wit_components_round_trip(world: str, tmp_path) -> None:
    data = _component_from_wit(WORLDS[world], tmp_path)
    component = decode_component(data, lazy_modules=False)
    assert encode_component(component) == data
    imports = [imp.name for imp in component.imports]
    assert any(name.is_interface for name in imports)
    modules = [s for s in component.sections if isinstance(s, ir.CoreModule)]
    assert modules and all(m.decoded for m in modules)


def test_resources_and_interface_versions(tmp_path) -> None:
    component = decode_component(_component_from_wit(WORLDS["resources"], tmp_path))
    names = [imp.name.name for imp in component.imports]
    assert "example:demo/shapes@1.2.3" in names and "log" in names
    exports = [export.name.name for export in component.exports]
    assert "run" in exports and "example:demo/shapes@1.2.3" in exports
    canons = [c for s in component.sections if isinstance(s, ir.CanonSection) for c in s.canons]
    assert {"resource.drop"} <= {c.name for c in canons if isinstance(c, ir.CanonBuiltin)}
    assert any(isinstance(c, ir.Lift) for c in canons)
    assert any(isinstance(c, ir.Lower) and ir.find_option(c.opts, "memory") for c in canons)

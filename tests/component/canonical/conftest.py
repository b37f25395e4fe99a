"""A real linear memory and ``realloc`` for canonical ABI tests: a core module
compiled by wasmlite exports a memory, a bump allocator and echo functions."""

from __future__ import annotations

import pytest

import wasmlite
from wasmlite.component.canonical import CanonicalOptions, InstanceState

WAT = """
(module
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 1024))
  (global $posts (export "posts") (mut i32) (i32.const 0))
  ;; a bump allocator: aligned, never reuses, copies the old block
  (func (export "realloc") (param $old i32) (param $old_size i32) (param $align i32)
        (param $new_size i32) (result i32)
    (local $p i32)
    (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
                           (i32.sub (i32.const 0) (local.get $align))))
    (global.set $next (i32.add (local.get $p) (local.get $new_size)))
    (if (i32.gt_u (global.get $next) (i32.mul (memory.size) (i32.const 65536)))
      (then (drop (memory.grow (i32.const 1)))))
    (if (local.get $old_size)
      (then (memory.copy (local.get $p) (local.get $old)
              (select (local.get $old_size) (local.get $new_size)
                      (i32.lt_u (local.get $old_size) (local.get $new_size))))))
    (local.get $p))
  ;; (ptr, len) -> pointer to a return area holding them
  (func (export "echo_pair") (param i32 i32) (result i32)
    (i32.store (i32.const 8) (local.get 0))
    (i32.store (i32.const 12) (local.get 1))
    (i32.const 8))
  (func (export "echo_i32") (param i32) (result i32) (local.get 0))
  (func (export "post") (param i32)
    (global.set $posts (i32.add (global.get $posts) (i32.const 1))))
)
"""


class Env:
    """A store, an instance of the test module, and options built on it."""

    def __init__(self) -> None:
        self.store = wasmlite.Store(wasmlite.Engine())
        module = wasmlite.Module(self.store.engine, WAT)
        self.instance = wasmlite.Instance(self.store, module, [])
        exports = self.instance.exports(self.store)
        self.memory = exports["memory"]._mem
        self.wasm_realloc = exports["realloc"]._fn
        self.echo_pair = exports["echo_pair"]._fn
        self.echo_i32 = exports["echo_i32"]._fn
        self.post = exports["post"]._fn
        self.posts = exports["posts"]
        self.reallocs: list[tuple[int, int, int, int]] = []
        self.state = InstanceState(name="test")

    def realloc(self, old: int, old_size: int, align: int, new_size: int) -> int:
        self.reallocs.append((old, old_size, align, new_size))
        return self.wasm_realloc.call(old, old_size, align, new_size)  # type: ignore[no-any-return]

    def opts(self, encoding: str = "utf8", post_return=None,
             state: InstanceState | None = None) -> CanonicalOptions:
        return CanonicalOptions(instance=state or self.state, memory=self.memory,
                                realloc=self.realloc, post_return=post_return,
                                string_encoding=encoding)

    def write(self, ptr: int, data: bytes) -> None:
        self.memory.write(ptr, data)

    def read(self, ptr: int, n: int) -> bytes:
        return self.memory.read(ptr, n)


@pytest.fixture
def env() -> Env:
    return Env()

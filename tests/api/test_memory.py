"""Memory: host view of linear memory."""

import ctypes

import pytest

from wasmlite import Limits, Memory, MemoryType, Store, WasmtimeError


@pytest.fixture
def memory(store):
    return Memory(store, MemoryType(Limits(1, 3)))


def test_size_and_growth(store, memory):
    assert memory.size(store) == 1
    assert memory.data_len(store) == 65536
    assert memory.grow(store, 1) == 1
    assert memory.size(store) == 2
    assert memory.grow(store, 0) == 2


def test_growth_past_maximum_fails(store, memory):
    with pytest.raises(WasmtimeError, match="failed to grow memory by `5`"):
        memory.grow(store, 5)
    with pytest.raises(WasmtimeError, match="cannot grow by negative amount"):
        memory.grow(store, -1)


def test_read_and_write_use_slice_semantics(store, memory):
    assert memory.write(store, b"hello", 10) == 5
    assert memory.read(store, 10, 15) == bytearray(b"hello")
    assert memory.read(store, 12, 10) == bytearray()
    memory.write(store, b"end", -3)
    assert memory.read(store, -3) == bytearray(b"end")
    with pytest.raises(IndexError):
        memory.write(store, b"xx", 65535)
    with pytest.raises(IndexError):
        memory.write(store, b"x", 65536)


def test_data_ptr_stays_valid_across_growth(store, memory):
    ptr = memory.data_ptr(store)
    base = ctypes.addressof(ptr.contents)
    memory.grow(store, 1)
    memory.write(store, b"\x2a", 65536 + 7)
    assert ctypes.addressof(memory.data_ptr(store).contents) == base
    assert ptr[65536 + 7] == 42
    ptr[3] = 9
    assert memory.read(store, 3, 4) == bytearray(b"\x09")


def test_buffer_pointer_is_writable(store, memory):
    buf = memory.get_buffer_ptr(store, 4, 100)
    buf[0] = 1
    buf[3] = 4
    assert memory.read(store, 100, 104) == bytearray(b"\x01\x00\x00\x04")
    assert len(memory.get_buffer_ptr(store)) == 65536


def test_type_reports_declared_limits(store, memory):
    assert memory.type(store).limits == Limits(1, 3)
    assert memory.page_size(store) == 65536
    assert memory.page_size_log2(store) == 16


def test_memory_belongs_to_its_store(memory):
    with pytest.raises(WasmtimeError, match="wrong store"):
        memory.size(Store())


def test_store_memory_limit_applies(engine):
    store = Store(engine)
    store.set_limits(memory_size=2 * 65536)
    with pytest.raises(WasmtimeError, match="exceeds memory limits"):
        Memory(store, MemoryType(Limits(3, None)))
    memory = Memory(store, MemoryType(Limits(1, None)))
    assert memory.grow(store, 1) == 1
    with pytest.raises(WasmtimeError, match="failed to grow memory"):
        memory.grow(store, 1)

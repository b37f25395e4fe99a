"""Memory instructions and memory types: alignment, offsets, address types, limits."""

import pytest

from wasmlite import ir
from wasmlite.errors import InvalidError
from wasmlite.validate import validate_module
from wasmlite.opcodes import BY_NAME, natural_alignment

from .builders import I64, expr, func_module, memory, op


def invalid(module) -> str:
    with pytest.raises(InvalidError) as info:
        validate_module(module)
    return str(info.value)


@pytest.mark.parametrize("name, size", [
    ("i32.load", 4), ("i64.load", 8), ("f32.store", 4), ("i32.load8_u", 1), ("i64.store16", 2),
    ("i64.load32_s", 4), ("v128.load", 16), ("v128.load8x8_s", 8), ("v128.load16_splat", 2),
    ("v128.load64_zero", 8), ("v128.store32_lane", 4), ("i32.atomic.load", 4),
    ("i64.atomic.rmw8.add_u", 1), ("i64.atomic.rmw32.cmpxchg_u", 4), ("memory.atomic.wait64", 8),
    ("memory.atomic.notify", 4),
])
def test_natural_alignment_comes_from_the_access_width(name, size):
    assert 1 << natural_alignment(BY_NAME[name]) == size


def test_alignment_up_to_natural_is_valid():
    body = [op("i32.const", 0), op("i64.load32_u", 2, 0, 0), op("drop")]
    validate_module(func_module(body, mems=[memory()]))


def test_alignment_beyond_natural_is_invalid():
    body = [op("i32.const", 0), op("i64.load32_u", 3, 0, 0), op("drop")]
    assert "alignment must not be larger than natural" in invalid(func_module(body, mems=[memory()]))


def test_atomic_alignment_must_be_exactly_natural():
    body = [op("i32.const", 0), op("i32.atomic.load", 1, 0, 0), op("drop")]
    assert "natural" in invalid(func_module(body, mems=[memory(1, 1, shared=True)]))


def test_offset_must_fit_a_32_bit_memory():
    body = [op("i32.const", 0), op("i32.load", 2, 1 << 32, 0), op("drop")]
    assert "offset out of range" in invalid(func_module(body, mems=[memory()]))
    body = [op("i64.const", 0), op("i32.load", 2, 1 << 32, 0), op("drop")]
    validate_module(func_module(body, mems=[memory(is64=True)]))


def test_memory64_addresses_are_i64():
    body = [op("i32.const", 0), op("i32.load", 2, 0, 0), op("drop")]
    assert "type mismatch" in invalid(func_module(body, mems=[memory(is64=True)]))
    body = [op("memory.size", 0), op("memory.grow", 0)]
    validate_module(func_module(body, results=[I64], mems=[memory(is64=True)]))


def test_instructions_name_one_of_several_memories():
    body = [op("i64.const", 0), op("i32.load8_s", 0, 0, 1), op("drop")]
    validate_module(func_module(body, mems=[memory(), memory(is64=True)]))
    body = [op("i32.const", 0), op("i32.load8_s", 0, 0, 2), op("drop")]
    assert invalid(func_module(body, mems=[memory(), memory()])) == "unknown memory 2"


def test_memory_copy_length_uses_the_smaller_address_type():
    body = [op("i64.const", 0), op("i32.const", 0), op("i32.const", 0), op("memory.copy", 1, 0)]
    validate_module(func_module(body, mems=[memory(), memory(is64=True)]))


def test_memory_init_and_data_drop_need_the_data_count_section():
    data = [ir.Data("passive", b"x")]
    body = [op("data.drop", 0)]
    assert invalid(func_module(body, mems=[memory()], datas=data)) == "data count section required"
    validate_module(func_module(body, mems=[memory()], datas=data, data_count=1))
    assert invalid(func_module([op("data.drop", 1)], datas=data, data_count=1)) == "unknown data segment 1"


@pytest.mark.parametrize("mem, message", [
    (memory(65537), "memory size must be at most 65536 pages (4GiB)"),
    (memory(0, 65537), "memory size must be at most 65536 pages (4GiB)"),
    (memory(2, 1), "size minimum must not be greater than maximum"),
    (memory((1 << 48) + 1, is64=True), "memory size must be at most"),
    (memory(1, shared=True), "shared memory must have maximum"),
    (memory(1, page_size_log2=8), "invalid custom page size"),
])
def test_invalid_memory_types(mem, message):
    assert message in invalid(ir.Module(mems=[mem]))


@pytest.mark.parametrize("mem", [
    memory(65536), memory(1 << 48, 1 << 48, is64=True), memory(0xFFFF_FFFF, page_size_log2=0),
    memory(1, 2, shared=True),
])
def test_valid_memory_types(mem):
    validate_module(ir.Module(mems=[mem]))


def test_table_limits():
    def table(limits):
        return ir.Table(ir.TableType(ir.RefType(True, "func"), limits))
    validate_module(ir.Module(tables=[table(ir.Limits(0, 0xFFFF_FFFF))]))
    validate_module(ir.Module(tables=[table(ir.Limits(0, 1 << 40, is64=True))]))
    assert "table size" in invalid(ir.Module(tables=[table(ir.Limits(0, 1 << 32))]))
    assert "size minimum must not be greater than maximum" in \
        invalid(ir.Module(tables=[table(ir.Limits(3, 2))]))


def test_active_data_offset_has_the_memory_address_type():
    data = [ir.Data("active", b"", 0, expr(op("i32.const", 0)))]
    assert "type mismatch" in invalid(ir.Module(mems=[memory(is64=True)], datas=data))
    assert invalid(ir.Module(datas=data)) == "unknown memory 0"
    validate_module(ir.Module(mems=[memory()], datas=data))

"""Linear memory keeps its base address while it grows."""

import ctypes
import subprocess
import sys

import pytest

from wasmlite import ir
from wasmlite.runtime import MemoryInstance


def memory(min_pages, max_pages=None, is64=False, page_size_log2=None, limiter=None):
    return MemoryInstance(ir.MemType(ir.Limits(min_pages, max_pages, is64,
                                               page_size_log2=page_size_log2)), limiter)


def test_growth_keeps_address_and_contents():
    mem = memory(1, 4)
    address = mem.address
    mem.view[100] = 42
    assert mem.grow(2) == 1
    assert mem.address == address
    assert mem.pages == 3
    assert len(mem.view) == 3 * 65536
    assert mem.view[100] == 42
    assert mem.view[3 * 65536 - 1] == 0


def test_growth_beyond_maximum_fails():
    mem = memory(1, 2)
    assert mem.grow(2) == -1
    assert mem.pages == 1
    assert mem.grow(1) == 1
    assert mem.grow(0) == 2


def test_limiter_refuses_growth():
    seen = []

    def limiter(current, desired, maximum):
        seen.append((current, desired, maximum))
        return desired <= 2 * 65536

    mem = memory(1, None, limiter=limiter)
    assert mem.grow(1) == 1
    assert mem.grow(1) == -1
    assert seen[-1] == (2 * 65536, 3 * 65536, None)


def test_limiter_refuses_initial_size():
    with pytest.raises(MemoryError):
        memory(3, limiter=lambda current, desired, maximum: desired <= 65536)


def test_memory64_without_maximum_grows_within_reservation():
    mem = memory(0, None, is64=True)
    assert mem.grow(3) == 0
    assert mem.pages == 3
    assert mem.grow(1 << 40) == -1


def test_custom_page_size_of_one_byte():
    mem = memory(10, 20, page_size_log2=0)
    assert mem.page_size == 1
    assert len(mem.view) == 10
    assert mem.grow(5) == 10
    assert len(mem.view) == 15


def test_view_is_the_bytes_at_the_address():
    mem = memory(1)
    mem.view[7] = 0x5A
    assert ctypes.c_ubyte.from_address(mem.address + 7).value == 0x5A


def test_bound_namespace_sees_the_grown_view():
    class Holder:
        def __init__(self):
            self.namespace = {}

    holder = Holder()
    mem = memory(1, 3)
    mem.bind(holder, "V0")
    mem.grow(1)
    assert len(holder.namespace["V0"]) == 2 * 65536


def test_read_and_write_check_bounds():
    mem = memory(1)
    mem.write(65530, b"abcdef")
    assert mem.read(65530, 6) == b"abcdef"
    with pytest.raises(IndexError):
        mem.write(65531, b"abcdef")
    with pytest.raises(IndexError):
        mem.read(65535, 2)


@pytest.mark.parametrize("lazy_mapping", [True, False], ids=["mapping", "mprotect"])
def test_region_keeps_its_address_as_it_grows(monkeypatch, lazy_mapping):
    from wasmlite.runtime import mmap_region
    monkeypatch.setattr(mmap_region.Region, "lazy_mapping", lazy_mapping)
    region = mmap_region.Region(1 << 20)
    assert (region._libc is None) == lazy_mapping
    assert region.commit(65536)
    view = region.view(65536)
    view[10] = 3
    address = region.address
    assert ctypes.c_ubyte.from_address(address + 10).value == 3
    assert region.commit(1 << 20)
    assert region.address == address
    grown = region.view(1 << 20)
    assert grown[10] == 3 and grown[(1 << 20) - 1] == 0
    assert not region.commit((1 << 20) + 1)


def test_memory_does_not_need_ctypes_until_asked_for_its_address():
    code = ("import sys\n"
            "from wasmlite import ir\n"
            "from wasmlite.runtime import MemoryInstance\n"
            "mem = MemoryInstance(ir.MemType(ir.Limits(1, None)))\n"
            "mem.grow(1); mem.write(70000, b'x')\n"
            "assert 'ctypes' not in sys.modules\n"
            "assert mem.address > 0 and 'ctypes' in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True)

"""Tables grow in place within their limits."""

from wasmlite import ir
from wasmlite.runtime import TableInstance


def table(min_size, max_size=None, limiter=None):
    return TableInstance(ir.TableType(ir.FUNCREF, ir.Limits(min_size, max_size)), None, limiter)


def test_growth_fills_with_the_initial_value_in_place():
    t = table(2, 5)
    elements = t.elements
    assert t.grow(2, "x") == 2
    assert t.elements is elements
    assert elements == [None, None, "x", "x"]


def test_growth_beyond_maximum_fails():
    t = table(2, 3)
    assert t.grow(2, None) == -1
    assert t.size == 2


def test_limiter_refuses_growth():
    t = table(1, limiter=lambda current, desired, maximum: desired <= 2)
    assert t.grow(1, None) == 1
    assert t.grow(1, None) == -1

"""Func made from Python callables, called from Python."""

import pytest

from wasmlite import Caller, Func, FuncType, Store, Val, ValType, WasmtimeError

I32, I64, F32, F64 = ValType.i32(), ValType.i64(), ValType.f32(), ValType.f64()


def test_results_are_none_one_value_or_list(store):
    none = Func(store, FuncType([], []), lambda: None)
    one = Func(store, FuncType([I32], [I32]), lambda x: x + 1)
    two = Func(store, FuncType([I32], [I32, I64]), lambda x: (x, -x))
    assert none(store) is None
    assert one(store, 41) == 42
    assert two(store, 3) == [3, -3]
    assert one.call(store, 1) == 2


def test_parameters_arrive_signed_and_floats_as_floats(store):
    seen = []
    f = Func(store, FuncType([I32, I64, F32, F64], []), lambda *a: seen.append(a))
    f(store, 0xFFFFFFFF, 2 ** 63, 0.1, 0.25)
    a, b, c, d = seen[0]
    assert (a, b, d) == (-1, -(2 ** 63), 0.25)
    assert c == pytest.approx(0.1, rel=1e-7) and c != 0.1


def test_argument_count_errors(store):
    f = Func(store, FuncType([I32, I32], []), lambda a, b: None)
    with pytest.raises(WasmtimeError, match="too few parameters provided: given 1, expected 2"):
        f(store, 1)
    with pytest.raises(WasmtimeError, match="too many parameters provided: given 3, expected 2"):
        f(store, 1, 2, 3)


@pytest.mark.parametrize("arg", [1.5, "1", None, b"1"])
def test_argument_type_errors(store, arg):
    f = Func(store, FuncType([I32], []), lambda a: None)
    with pytest.raises(TypeError):
        f(store, arg)


def test_integer_arguments_and_results_wrap_to_their_width():
    store = Store()
    seen = []
    f = Func(store, FuncType([I32, I64], [I32]), lambda a, b: seen.append((a, b)) or 2 ** 40 + 7)
    assert f(store, 2 ** 32 + 5, -(2 ** 64) - 1) == 7
    assert seen == [(5, -1)]


def test_vals_are_accepted_as_arguments(store):
    f = Func(store, FuncType([I64], [I64]), lambda a: a)
    assert f(store, Val.i64(-5)) == -5
    with pytest.raises(TypeError, match="wrong type of `Val` provided"):
        f(store, Val.i32(1))


def test_bad_results_are_reported(store):
    with pytest.raises(WasmtimeError, match="callback produced results when it shouldn't"):
        Func(store, FuncType([], []), lambda: 1)(store)
    with pytest.raises(WasmtimeError, match="callback produced wrong number of results"):
        Func(store, FuncType([], [I32, I32]), lambda: [1])(store)
    with pytest.raises(TypeError, match="don't know how to convert 1.5 to i32"):
        Func(store, FuncType([], [I32]), lambda: 1.5)(store)


def test_type_of_func(store):
    ty = FuncType([I32, F64], [ValType.externref()])
    f = Func(store, ty, lambda a, b: None)
    assert f.type(store) == ty
    assert f.ty(store) == ty


def test_func_belongs_to_its_store(store):
    f = Func(store, FuncType([], []), lambda: None)
    with pytest.raises(WasmtimeError, match="wrong store"):
        f(Store())


def test_caller_is_passed_first_when_requested(store):
    got = []
    f = Func(store, FuncType([I32], []), lambda caller, x: got.append((caller, x)), access_caller=True)
    f(store, 3)
    caller, x = got[0]
    assert isinstance(caller, Caller) and x == 3
    assert caller.get("anything") is None


def test_externref_identity_is_preserved(store):
    obj = object()
    f = Func(store, FuncType([ValType.externref()], [ValType.externref()]), lambda x: x)
    assert f(store, obj) is obj
    assert f(store, None) is None


def test_host_exception_propagates_unchanged(store):
    error = KeyError("mine")

    def fail():
        raise error
    with pytest.raises(KeyError) as info:
        Func(store, FuncType([], []), fail)(store)
    assert info.value is error

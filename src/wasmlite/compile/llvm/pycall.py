"""Native code meeting Python objects: boxing, calls into Python, failures.

The helpers here are LLVM functions defined once per module (on first use):

* ``wasm.call.<n>(ctx, slot, n objects)``: call the Python callable in context
  slot ``slot`` with ``n`` boxed arguments (their references are consumed);
  the result object, or null with the status set to
  :data:`~.abi.HOST_EXCEPTION` (the Python exception stays set);
* ``wasm.int`` / ``wasm.float`` / ``wasm.v128`` ``(ctx, object)``: a result
  object unboxed (and released); a wrong type sets the status as a failed call does;
* ``wasm.box128(low, high)`` / ``wasm.as_v128(object)``: a v128 (two i64
  halves) as a Python int below 2**128, and back (with an error flag; the
  object stays referenced);
* ``wasm.trace(ctx, entry)``: one backtrace entry (see :mod:`.abi`);
* ``wasm.failed(ctx)``: what a builtin returns when it finds a status set: the
  Python exception already set, or the one the context's ``FAIL`` callable
  raises;
* ``wasm.arity(ctx, index, count)``: the ``TypeError`` of a builtin called with
  the wrong number of arguments.
"""

from __future__ import annotations

from llvmlite import ir

from . import abi
from .cpython import declare

__all__ = ["box", "call_python", "unbox_int", "unbox_float", "unbox_v128", "as_v128", "release", "trace", "failed", "arity",
           "PTR"]

PTR = ir.PointerType()
I32 = ir.IntType(32)
I64 = ir.IntType(64)
F64 = ir.DoubleType()
VOID = ir.VoidType()
I1 = ir.IntType(1)
V128 = ir.VectorType(I64, 2)
_NULL = ir.Constant(PTR, None)


def _slot(b: ir.IRBuilder, ctx: ir.Value, slot, typ: ir.Type = I64) -> ir.Value:
    index = slot if isinstance(slot, ir.Value) else ir.Constant(I64, slot)
    return b.load(b.gep(ctx, [index], source_etype=I64), typ=typ)


def _set_slot(b: ir.IRBuilder, ctx: ir.Value, slot: int, value: ir.Value) -> None:
    b.store(value, b.gep(ctx, [ir.Constant(I64, slot)], source_etype=I64))


def _define(module: ir.Module, name: str, fnty: ir.FunctionType, build) -> ir.Function:
    fn = module.globals.get(name)
    if fn is None:
        fn = ir.Function(module, fnty, name)
        fn.linkage = "internal"
        build(fn, ir.IRBuilder(fn.append_basic_block("entry")))
    return fn


def _capi(b: ir.IRBuilder, name: str, args) -> ir.Value:
    return b.call(declare(b.module, name), list(args))


def box(b: ir.IRBuilder, value: ir.Value) -> ir.Value:
    """A new reference to ``value`` as a Python object: an integer (i32 or i64)
    as an unsigned int, a double as a float."""
    if value.type == F64:
        return _capi(b, "PyFloat_FromDouble", [value])
    if value.type == V128:
        return b.call(_box128(b.module), [b.extract_element(value, ir.Constant(I32, 0)),
                                          b.extract_element(value, ir.Constant(I32, 1))])
    if value.type != I64:
        value = b.zext(value, I64)
    return _capi(b, "PyLong_FromUnsignedLongLong", [value])


def _box128(module: ir.Module) -> ir.Function:
    def build(fn: ir.Function, b: ir.IRBuilder) -> None:
        low, high = fn.args
        low_obj = _capi(b, "PyLong_FromUnsignedLongLong", [low])
        wide = fn.append_basic_block("wide")
        narrow = fn.append_basic_block("narrow")
        b.cbranch(b.icmp_unsigned("==", high, ir.Constant(I64, 0)), narrow, wide)
        b.position_at_end(narrow)
        b.ret(low_obj)
        b.position_at_end(wide)
        high_obj = _capi(b, "PyLong_FromUnsignedLongLong", [high])
        count = _capi(b, "PyLong_FromUnsignedLongLong", [ir.Constant(I64, 64)])
        missing = b.or_(b.or_(b.icmp_unsigned("==", low_obj, _NULL),
                              b.icmp_unsigned("==", high_obj, _NULL)),
                        b.icmp_unsigned("==", count, _NULL))
        fail = fn.append_basic_block("fail")
        shift = fn.append_basic_block("shift")
        b.cbranch(missing, fail, shift)
        b.position_at_end(fail)
        for obj in (low_obj, high_obj, count):
            release(b, obj)
        b.ret(_NULL)
        b.position_at_end(shift)
        top = _capi(b, "PyNumber_Lshift", [high_obj, count])
        release(b, high_obj)
        release(b, count)
        combine = fn.append_basic_block("combine")
        no_top = fn.append_basic_block("no_top")
        b.cbranch(b.icmp_unsigned("==", top, _NULL), no_top, combine)
        b.position_at_end(no_top)
        release(b, low_obj)
        b.ret(_NULL)
        b.position_at_end(combine)
        result = _capi(b, "PyNumber_Or", [top, low_obj])
        release(b, top)
        release(b, low_obj)
        b.ret(result)
    return _define(module, "wasm.box128", ir.FunctionType(PTR, [I64, I64]), build)


def as_v128(b: ir.IRBuilder, obj: ir.Value) -> tuple[ir.Value, ir.Value]:
    """The v128 of Python int ``obj`` (its low 128 bits) and an i1 that says a
    Python exception was raised (then the value is zero); ``obj`` stays referenced."""
    def build(fn: ir.Function, b: ir.IRBuilder) -> None:
        obj, = fn.args
        rt = fn.function_type.return_type
        low = _capi(b, "PyLong_AsUnsignedLongLongMask", [obj])
        fail = fn.append_basic_block("fail")
        high_part = fn.append_basic_block("high")
        b.cbranch(b.icmp_unsigned("!=", _capi(b, "PyErr_Occurred", []), _NULL), fail, high_part)
        b.position_at_end(fail)
        b.ret(b.insert_value(ir.Constant(rt, None), ir.Constant(I1, 1), 1))
        b.position_at_end(high_part)
        count = _capi(b, "PyLong_FromUnsignedLongLong", [ir.Constant(I64, 64)])
        shifted = fn.append_basic_block("shifted")
        shift = fn.append_basic_block("shift")
        b.cbranch(b.icmp_unsigned("==", count, _NULL), fail, shift)
        b.position_at_end(shift)
        top = _capi(b, "PyNumber_Rshift", [obj, count])
        release(b, count)
        b.cbranch(b.icmp_unsigned("==", top, _NULL), fail, shifted)
        b.position_at_end(shifted)
        high = _capi(b, "PyLong_AsUnsignedLongLongMask", [top])
        release(b, top)
        value = b.insert_element(ir.Constant(V128, None), low, ir.Constant(I32, 0))
        value = b.insert_element(value, high, ir.Constant(I32, 1))
        agg = b.insert_value(ir.Constant(rt, None), value, 0)
        failed_ = b.icmp_unsigned("!=", _capi(b, "PyErr_Occurred", []), _NULL)
        b.ret(b.insert_value(agg, failed_, 1))
    fn = _define(b.module, "wasm.as_v128",
                 ir.FunctionType(ir.LiteralStructType([V128, I1]), [PTR]), build)
    pair = b.call(fn, [obj])
    return b.extract_value(pair, 0), b.extract_value(pair, 1)


def unbox_v128(b: ir.IRBuilder, ctx: ir.Value, obj: ir.Value) -> ir.Value:
    """The v128 of result object ``obj`` (zero after a failure), released."""
    def build(fn: ir.Function, b: ir.IRBuilder) -> None:
        ctx, obj = fn.args
        null = fn.append_basic_block("null")
        present = fn.append_basic_block("present")
        b.cbranch(b.icmp_unsigned("==", obj, _NULL), null, present)
        b.position_at_end(null)
        b.ret(ir.Constant(V128, None))
        b.position_at_end(present)
        value, failed_ = as_v128(b, obj)
        release(b, obj)
        failed = fn.append_basic_block("failed")
        done = fn.append_basic_block("done")
        b.cbranch(failed_, failed, done)
        b.position_at_end(failed)
        _set_failed(b, ctx)
        b.ret(ir.Constant(V128, None))
        b.position_at_end(done)
        b.ret(value)
    return b.call(_define(b.module, "wasm.v128", ir.FunctionType(V128, [PTR, PTR]), build),
                  [ctx, obj])


def release(b: ir.IRBuilder, obj: ir.Value) -> None:
    """Drop the reference ``obj`` (which may be null)."""
    _capi(b, "Py_DecRef", [obj])


def _set_failed(b: ir.IRBuilder, ctx: ir.Value) -> None:
    _set_slot(b, ctx, abi.STATUS, ir.Constant(I64, abi.HOST_EXCEPTION))


def _call_helper(module: ir.Module, n: int) -> ir.Function:
    def build(fn: ir.Function, b: ir.IRBuilder) -> None:
        ctx, slot, *objects = fn.args
        argv = b.alloca(PTR, ir.Constant(I64, max(n, 1)))
        fail = fn.append_basic_block("box_failed")
        for obj in objects:
            ok = fn.append_basic_block()
            b.cbranch(b.icmp_unsigned("==", obj, ir.Constant(PTR, None)), fail, ok)
            b.position_at_end(ok)
        for k, obj in enumerate(objects):
            b.store(obj, b.gep(argv, [ir.Constant(I64, k)], source_etype=PTR))
        callable_ = _slot(b, ctx, slot, PTR)
        result = _capi(b, "PyObject_Vectorcall", [callable_, argv, ir.Constant(I64, n),
                                                  ir.Constant(PTR, None)])
        for obj in objects:
            release(b, obj)
        raised = fn.append_basic_block("raised")
        done = fn.append_basic_block("done")
        b.cbranch(b.icmp_unsigned("==", result, ir.Constant(PTR, None)), raised, done)
        b.position_at_end(raised)
        _set_failed(b, ctx)
        b.ret(result)
        b.position_at_end(done)
        b.ret(result)
        b.position_at_end(fail)
        for obj in objects:
            release(b, obj)
        _set_failed(b, ctx)
        b.ret(ir.Constant(PTR, None))
    return _define(module, f"wasm.call.{n}", ir.FunctionType(PTR, [PTR, I64, *[PTR] * n]), build)


def call_python(b: ir.IRBuilder, ctx: ir.Value, slot: int, args) -> ir.Value:
    """Call the Python callable in context slot ``slot`` with ``args`` (integers
    and doubles, boxed here); the result object (a new reference), or null
    after an exception (the status says so)."""
    objects = [box(b, v) for v in args]
    return b.call(_call_helper(b.module, len(objects)),
                  [ctx, ir.Constant(I64, slot), *objects])


def _unbox_helper(module: ir.Module, kind: str) -> ir.Function:
    typ = I64 if kind == "int" else F64
    convert = "PyLong_AsUnsignedLongLongMask" if kind == "int" else "PyFloat_AsDouble"
    error = ir.Constant(typ, -1 if kind == "int" else -1.0)

    def build(fn: ir.Function, b: ir.IRBuilder) -> None:
        ctx, obj = fn.args
        null = fn.append_basic_block("null")
        present = fn.append_basic_block("present")
        b.cbranch(b.icmp_unsigned("==", obj, ir.Constant(PTR, None)), null, present)
        b.position_at_end(null)
        b.ret(ir.Constant(typ, 0))
        b.position_at_end(present)
        value = _capi(b, convert, [obj])
        release(b, obj)
        maybe = fn.append_basic_block("maybe_error")
        done = fn.append_basic_block("done")
        same = b.icmp_unsigned("==", value, error) if kind == "int" \
            else b.fcmp_ordered("==", value, error)
        b.cbranch(same, maybe, done)
        b.position_at_end(maybe)
        error_set = b.icmp_unsigned("!=", _capi(b, "PyErr_Occurred", []), ir.Constant(PTR, None))
        failed = fn.append_basic_block("failed")
        b.cbranch(error_set, failed, done)
        b.position_at_end(failed)
        _set_failed(b, ctx)
        b.ret(ir.Constant(typ, 0))
        b.position_at_end(done)
        b.ret(value)
    return _define(module, f"wasm.{kind}", ir.FunctionType(typ, [PTR, PTR]), build)


def unbox_int(b: ir.IRBuilder, ctx: ir.Value, obj: ir.Value) -> ir.Value:
    """The i64 of result object ``obj`` (its low 64 bits; 0 after a failure), released."""
    return b.call(_unbox_helper(b.module, "int"), [ctx, obj])


def unbox_float(b: ir.IRBuilder, ctx: ir.Value, obj: ir.Value) -> ir.Value:
    """The double of result object ``obj`` (0 after a failure), released."""
    return b.call(_unbox_helper(b.module, "float"), [ctx, obj])


def trace(b: ir.IRBuilder, ctx: ir.Value, entry: ir.Value) -> None:
    """Add backtrace entry ``entry`` (an i64, see :mod:`.abi`) unless the trace is full."""
    def build(fn: ir.Function, b: ir.IRBuilder) -> None:
        ctx, entry = fn.args
        count = _slot(b, ctx, abi.TRACE_COUNT)
        room = fn.append_basic_block("room")
        full = fn.append_basic_block("full")
        b.cbranch(b.icmp_unsigned("<", count, ir.Constant(I64, abi.TRACE_LENGTH)), room, full)
        b.position_at_end(room)
        b.store(entry, b.gep(ctx, [b.add(count, ir.Constant(I64, abi.TRACE))], source_etype=I64))
        _set_slot(b, ctx, abi.TRACE_COUNT, b.add(count, ir.Constant(I64, 1)))
        b.ret_void()
        b.position_at_end(full)
        b.ret_void()
    fn = _define(b.module, "wasm.trace", ir.FunctionType(VOID, [PTR, I64]), build)
    fn.attributes.add("cold")
    fn.attributes.add("noinline")
    b.call(fn, [ctx, entry])


def failed(b: ir.IRBuilder, ctx: ir.Value) -> ir.Value:
    """What a builtin returns once native code reported a failure (null, with a
    Python exception set)."""
    def build(fn: ir.Function, b: ir.IRBuilder) -> None:
        ctx, = fn.args
        already = fn.append_basic_block("already_raised")
        report = fn.append_basic_block("report")
        error_set = b.icmp_unsigned("!=", _capi(b, "PyErr_Occurred", []), ir.Constant(PTR, None))
        b.cbranch(error_set, already, report)
        b.position_at_end(already)
        _set_slot(b, ctx, abi.STATUS, ir.Constant(I64, 0))
        _set_slot(b, ctx, abi.TRACE_COUNT, ir.Constant(I64, 0))
        b.ret(ir.Constant(PTR, None))
        b.position_at_end(report)
        b.ret(_capi(b, "PyObject_CallNoArgs", [_slot(b, ctx, abi.FAIL, PTR)]))
    fn = _define(b.module, "wasm.failed", ir.FunctionType(PTR, [PTR]), build)
    fn.attributes.add("cold")
    fn.attributes.add("noinline")
    return b.call(fn, [ctx])


def arity(b: ir.IRBuilder, ctx: ir.Value, index: int, count: ir.Value) -> ir.Value:
    """What a builtin returns when called with ``count`` arguments, a wrong number."""
    def build(fn: ir.Function, b: ir.IRBuilder) -> None:
        ctx, index, count = fn.args
        result = call_python(b, ctx, abi.ARITY, [index, count])
        _set_slot(b, ctx, abi.STATUS, ir.Constant(I64, 0))
        b.ret(result)
    fn = _define(b.module, "wasm.arity", ir.FunctionType(PTR, [PTR, I64, I64]), build)
    fn.attributes.add("cold")
    fn.attributes.add("noinline")
    return b.call(fn, [ctx, ir.Constant(I64, index), count])

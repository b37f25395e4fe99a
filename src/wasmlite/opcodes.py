"""THE instruction table: every WebAssembly 3.0 instruction, one row each.

The decoder, encoder, text parser, validator and every compiler tier read this
table; adding an instruction is one row here plus its semantics in each tier.

Columns of a row:

``code``
    the opcode: one byte, or a prefix byte (0xFB GC, 0xFC misc, 0xFD SIMD,
    0xFE threads) followed by the sub-opcode (a u32 LEB128 in the binary).
``name``
    the text-format mnemonic. Rows that share a mnemonic but differ in
    encoding carry a distinguishing suffix after a space
    (``ref.test null``, ``ref.cast null``, ``select t``): the text parser maps
    them.
``imm``
    immediate kinds, in binary order. Their Python shapes in an instruction
    tuple (see ``ir.py``):

    =============  ===========================================================
    blocktype      ``None`` (empty) | ValType (one result) | int type index
    label          int label index (relative depth)
    labels         tuple[int, ...] (br_table targets, the default follows as
                   a separate ``label``)
    func type table mem global local elem data tag field
                   int index
    u32            int
    i32 i64        int, signed, as the LEB128 encodes it
    f32 f64        int: the IEEE-754 bit pattern
    memarg         THREE immediates: align exponent, offset, memory index
    lane           int lane index
    v128           int, 128-bit little-endian value
    shuffle        tuple of 16 lane indices
    heaptype       HeapType (``ir.py``)
    valtypes       tuple[ValType, ...] (typed ``select``)
    zero           nothing (a reserved zero byte in the binary)
    castflags      int (bit 0: first type nullable, bit 1: second nullable)
    catches        tuple of (kind, tag or None, label); kind 0 catch,
                   1 catch_ref, 2 catch_all, 3 catch_all_ref
    =============  ===========================================================
``sig``
    the stack signature ``params -> results`` for instructions whose typing
    is fixed; ``a`` stands for the address type (i32 or i64) of the memory
    the instruction names. ``*`` means the instruction is typed by special
    rules (control, variables, references, ...) in the validator.
``feature``
    the proposal the instruction belongs to; ``core`` is everything in the
    Wasm 2.0 core plus tail calls and typed function references.
"""

from __future__ import annotations

__all__ = ["Op", "OPS", "BY_NAME", "BY_CODE", "BY_PREFIX", "PREFIXES", "SIMD_PREFIX",
           "is_simd_numeric", "natural_alignment"]

PREFIXES = (0xFB, 0xFC, 0xFD, 0xFE)

SIMD_PREFIX = 0xFD


class Op:
    """One row of the instruction table.

    Rows are never modified after construction; each row is equal only to itself.
    """

    __slots__ = ("prefix", "code", "name", "imm", "params", "results", "feature")

    def __init__(self, prefix: int | None, code: int, name: str, imm: tuple[str, ...],
                 params: tuple[str, ...] | None, results: tuple[str, ...] | None,
                 feature: str) -> None:
        self.prefix = prefix        # None for single-byte opcodes
        self.code = code
        self.name = name
        self.imm = imm
        self.params = params        # None: typed by special rules
        self.results = results
        self.feature = feature

    def __repr__(self) -> str:
        return f"<op {self.name}>"


def is_simd_numeric(op: Op) -> bool:
    """Whether ``op`` is a SIMD instruction without memory access (one computed
    by a function of :mod:`wasmlite.runtime.simd`)."""
    return op.prefix == SIMD_PREFIX and "memarg" not in op.imm and op.name != "v128.const"


_VALUE_BYTES = {"i32": 4, "i64": 8, "f32": 4, "f64": 8, "v128": 16}


def natural_alignment(op: Op) -> int:
    """log2 of the bytes a memory instruction accesses, read from its name:
    ``i64.load32_s`` -> 2, ``i32.store8`` -> 0, ``v128.load16x4_s`` -> 3,
    ``v128.load`` -> 4, ``i64.atomic.rmw16.add_u`` -> 1, ``memory.atomic.wait64`` -> 3."""
    prefix, _, rest = op.name.partition(".")
    if prefix == "memory":                      # memory.atomic.notify / wait32 / wait64
        return 3 if rest.endswith("64") else 2
    access = next(w for w in rest.split(".") if w.startswith(("load", "store", "rmw")))
    width = access.removeprefix("load").removeprefix("store").removeprefix("rmw")
    bits, _, lanes = width.partition("_")[0].partition("x")     # "8x8_s" -> 8, 8
    size = int(bits) * int(lanes or 1) // 8 if bits else _VALUE_BYTES[prefix]
    return size.bit_length() - 1


# code | name | immediates | signature | feature
_TABLE = """
0x00      unreachable            -                  *                   core
0x01      nop                    -                  ->                  core
0x02      block                  blocktype          *                   core
0x03      loop                   blocktype          *                   core
0x04      if                     blocktype          *                   core
0x05      else                   -                  *                   core
0x06      try                    blocktype          *                   legacy_exceptions
0x07      catch                  tag                *                   legacy_exceptions
0x08      throw                  tag                *                   exceptions
0x09      rethrow                label              *                   legacy_exceptions
0x0A      throw_ref              -                  *                   exceptions
0x0B      end                    -                  *                   core
0x0C      br                     label              *                   core
0x0D      br_if                  label              *                   core
0x0E      br_table               labels,label       *                   core
0x0F      return                 -                  *                   core
0x10      call                   func               *                   core
0x11      call_indirect          type,table         *                   core
0x12      return_call            func               *                   core
0x13      return_call_indirect   type,table         *                   core
0x14      call_ref               type               *                   core
0x15      return_call_ref        type               *                   core
0x18      delegate               label              *                   legacy_exceptions
0x19      catch_all              -                  *                   legacy_exceptions
0x1A      drop                   -                  *                   core
0x1B      select                 -                  *                   core
0x1C      select t               valtypes           *                   core
0x1F      try_table              blocktype,catches  *                   exceptions
0x20      local.get              local              *                   core
0x21      local.set              local              *                   core
0x22      local.tee              local              *                   core
0x23      global.get             global             *                   core
0x24      global.set             global             *                   core
0x25      table.get              table              *                   core
0x26      table.set              table              *                   core
0x28      i32.load               memarg             a -> i32            core
0x29      i64.load               memarg             a -> i64            core
0x2A      f32.load               memarg             a -> f32            core
0x2B      f64.load               memarg             a -> f64            core
0x2C      i32.load8_s            memarg             a -> i32            core
0x2D      i32.load8_u            memarg             a -> i32            core
0x2E      i32.load16_s           memarg             a -> i32            core
0x2F      i32.load16_u           memarg             a -> i32            core
0x30      i64.load8_s            memarg             a -> i64            core
0x31      i64.load8_u            memarg             a -> i64            core
0x32      i64.load16_s           memarg             a -> i64            core
0x33      i64.load16_u           memarg             a -> i64            core
0x34      i64.load32_s           memarg             a -> i64            core
0x35      i64.load32_u           memarg             a -> i64            core
0x36      i32.store              memarg             a i32 ->            core
0x37      i64.store              memarg             a i64 ->            core
0x38      f32.store              memarg             a f32 ->            core
0x39      f64.store              memarg             a f64 ->            core
0x3A      i32.store8             memarg             a i32 ->            core
0x3B      i32.store16            memarg             a i32 ->            core
0x3C      i64.store8             memarg             a i64 ->            core
0x3D      i64.store16            memarg             a i64 ->            core
0x3E      i64.store32            memarg             a i64 ->            core
0x3F      memory.size            mem                -> a                core
0x40      memory.grow            mem                a -> a              core
0x41      i32.const              i32                -> i32              core
0x42      i64.const              i64                -> i64              core
0x43      f32.const              f32                -> f32              core
0x44      f64.const              f64                -> f64              core
0x45      i32.eqz                -                  i32 -> i32          core
0x46      i32.eq                 -                  i32 i32 -> i32      core
0x47      i32.ne                 -                  i32 i32 -> i32      core
0x48      i32.lt_s               -                  i32 i32 -> i32      core
0x49      i32.lt_u               -                  i32 i32 -> i32      core
0x4A      i32.gt_s               -                  i32 i32 -> i32      core
0x4B      i32.gt_u               -                  i32 i32 -> i32      core
0x4C      i32.le_s               -                  i32 i32 -> i32      core
0x4D      i32.le_u               -                  i32 i32 -> i32      core
0x4E      i32.ge_s               -                  i32 i32 -> i32      core
0x4F      i32.ge_u               -                  i32 i32 -> i32      core
0x50      i64.eqz                -                  i64 -> i32          core
0x51      i64.eq                 -                  i64 i64 -> i32      core
0x52      i64.ne                 -                  i64 i64 -> i32      core
0x53      i64.lt_s               -                  i64 i64 -> i32      core
0x54      i64.lt_u               -                  i64 i64 -> i32      core
0x55      i64.gt_s               -                  i64 i64 -> i32      core
0x56      i64.gt_u               -                  i64 i64 -> i32      core
0x57      i64.le_s               -                  i64 i64 -> i32      core
0x58      i64.le_u               -                  i64 i64 -> i32      core
0x59      i64.ge_s               -                  i64 i64 -> i32      core
0x5A      i64.ge_u               -                  i64 i64 -> i32      core
0x5B      f32.eq                 -                  f32 f32 -> i32      core
0x5C      f32.ne                 -                  f32 f32 -> i32      core
0x5D      f32.lt                 -                  f32 f32 -> i32      core
0x5E      f32.gt                 -                  f32 f32 -> i32      core
0x5F      f32.le                 -                  f32 f32 -> i32      core
0x60      f32.ge                 -                  f32 f32 -> i32      core
0x61      f64.eq                 -                  f64 f64 -> i32      core
0x62      f64.ne                 -                  f64 f64 -> i32      core
0x63      f64.lt                 -                  f64 f64 -> i32      core
0x64      f64.gt                 -                  f64 f64 -> i32      core
0x65      f64.le                 -                  f64 f64 -> i32      core
0x66      f64.ge                 -                  f64 f64 -> i32      core
0x67      i32.clz                -                  i32 -> i32          core
0x68      i32.ctz                -                  i32 -> i32          core
0x69      i32.popcnt             -                  i32 -> i32          core
0x6A      i32.add                -                  i32 i32 -> i32      core
0x6B      i32.sub                -                  i32 i32 -> i32      core
0x6C      i32.mul                -                  i32 i32 -> i32      core
0x6D      i32.div_s              -                  i32 i32 -> i32      core
0x6E      i32.div_u              -                  i32 i32 -> i32      core
0x6F      i32.rem_s              -                  i32 i32 -> i32      core
0x70      i32.rem_u              -                  i32 i32 -> i32      core
0x71      i32.and                -                  i32 i32 -> i32      core
0x72      i32.or                 -                  i32 i32 -> i32      core
0x73      i32.xor                -                  i32 i32 -> i32      core
0x74      i32.shl                -                  i32 i32 -> i32      core
0x75      i32.shr_s              -                  i32 i32 -> i32      core
0x76      i32.shr_u              -                  i32 i32 -> i32      core
0x77      i32.rotl               -                  i32 i32 -> i32      core
0x78      i32.rotr               -                  i32 i32 -> i32      core
0x79      i64.clz                -                  i64 -> i64          core
0x7A      i64.ctz                -                  i64 -> i64          core
0x7B      i64.popcnt             -                  i64 -> i64          core
0x7C      i64.add                -                  i64 i64 -> i64      core
0x7D      i64.sub                -                  i64 i64 -> i64      core
0x7E      i64.mul                -                  i64 i64 -> i64      core
0x7F      i64.div_s              -                  i64 i64 -> i64      core
0x80      i64.div_u              -                  i64 i64 -> i64      core
0x81      i64.rem_s              -                  i64 i64 -> i64      core
0x82      i64.rem_u              -                  i64 i64 -> i64      core
0x83      i64.and                -                  i64 i64 -> i64      core
0x84      i64.or                 -                  i64 i64 -> i64      core
0x85      i64.xor                -                  i64 i64 -> i64      core
0x86      i64.shl                -                  i64 i64 -> i64      core
0x87      i64.shr_s              -                  i64 i64 -> i64      core
0x88      i64.shr_u              -                  i64 i64 -> i64      core
0x89      i64.rotl               -                  i64 i64 -> i64      core
0x8A      i64.rotr               -                  i64 i64 -> i64      core
0x8B      f32.abs                -                  f32 -> f32          core
0x8C      f32.neg                -                  f32 -> f32          core
0x8D      f32.ceil               -                  f32 -> f32          core
0x8E      f32.floor              -                  f32 -> f32          core
0x8F      f32.trunc              -                  f32 -> f32          core
0x90      f32.nearest            -                  f32 -> f32          core
0x91      f32.sqrt               -                  f32 -> f32          core
0x92      f32.add                -                  f32 f32 -> f32      core
0x93      f32.sub                -                  f32 f32 -> f32      core
0x94      f32.mul                -                  f32 f32 -> f32      core
0x95      f32.div                -                  f32 f32 -> f32      core
0x96      f32.min                -                  f32 f32 -> f32      core
0x97      f32.max                -                  f32 f32 -> f32      core
0x98      f32.copysign           -                  f32 f32 -> f32      core
0x99      f64.abs                -                  f64 -> f64          core
0x9A      f64.neg                -                  f64 -> f64          core
0x9B      f64.ceil               -                  f64 -> f64          core
0x9C      f64.floor              -                  f64 -> f64          core
0x9D      f64.trunc              -                  f64 -> f64          core
0x9E      f64.nearest            -                  f64 -> f64          core
0x9F      f64.sqrt               -                  f64 -> f64          core
0xA0      f64.add                -                  f64 f64 -> f64      core
0xA1      f64.sub                -                  f64 f64 -> f64      core
0xA2      f64.mul                -                  f64 f64 -> f64      core
0xA3      f64.div                -                  f64 f64 -> f64      core
0xA4      f64.min                -                  f64 f64 -> f64      core
0xA5      f64.max                -                  f64 f64 -> f64      core
0xA6      f64.copysign           -                  f64 f64 -> f64      core
0xA7      i32.wrap_i64           -                  i64 -> i32          core
0xA8      i32.trunc_f32_s        -                  f32 -> i32          core
0xA9      i32.trunc_f32_u        -                  f32 -> i32          core
0xAA      i32.trunc_f64_s        -                  f64 -> i32          core
0xAB      i32.trunc_f64_u        -                  f64 -> i32          core
0xAC      i64.extend_i32_s       -                  i32 -> i64          core
0xAD      i64.extend_i32_u       -                  i32 -> i64          core
0xAE      i64.trunc_f32_s        -                  f32 -> i64          core
0xAF      i64.trunc_f32_u        -                  f32 -> i64          core
0xB0      i64.trunc_f64_s        -                  f64 -> i64          core
0xB1      i64.trunc_f64_u        -                  f64 -> i64          core
0xB2      f32.convert_i32_s      -                  i32 -> f32          core
0xB3      f32.convert_i32_u      -                  i32 -> f32          core
0xB4      f32.convert_i64_s      -                  i64 -> f32          core
0xB5      f32.convert_i64_u      -                  i64 -> f32          core
0xB6      f32.demote_f64         -                  f64 -> f32          core
0xB7      f64.convert_i32_s      -                  i32 -> f64          core
0xB8      f64.convert_i32_u      -                  i32 -> f64          core
0xB9      f64.convert_i64_s      -                  i64 -> f64          core
0xBA      f64.convert_i64_u      -                  i64 -> f64          core
0xBB      f64.promote_f32        -                  f32 -> f64          core
0xBC      i32.reinterpret_f32    -                  f32 -> i32          core
0xBD      i64.reinterpret_f64    -                  f64 -> i64          core
0xBE      f32.reinterpret_i32    -                  i32 -> f32          core
0xBF      f64.reinterpret_i64    -                  i64 -> f64          core
0xC0      i32.extend8_s          -                  i32 -> i32          core
0xC1      i32.extend16_s         -                  i32 -> i32          core
0xC2      i64.extend8_s          -                  i64 -> i64          core
0xC3      i64.extend16_s         -                  i64 -> i64          core
0xC4      i64.extend32_s         -                  i64 -> i64          core
0xD0      ref.null               heaptype           *                   core
0xD1      ref.is_null            -                  *                   core
0xD2      ref.func               func               *                   core
0xD3      ref.eq                 -                  *                   gc
0xD4      ref.as_non_null        -                  *                   core
0xD5      br_on_null             label              *                   core
0xD6      br_on_non_null         label              *                   core

0xFB 0    struct.new             type               *                   gc
0xFB 1    struct.new_default     type               *                   gc
0xFB 2    struct.get             type,field         *                   gc
0xFB 3    struct.get_s           type,field         *                   gc
0xFB 4    struct.get_u           type,field         *                   gc
0xFB 5    struct.set             type,field         *                   gc
0xFB 6    array.new              type               *                   gc
0xFB 7    array.new_default      type               *                   gc
0xFB 8    array.new_fixed        type,u32           *                   gc
0xFB 9    array.new_data         type,data          *                   gc
0xFB 10   array.new_elem         type,elem          *                   gc
0xFB 11   array.get              type               *                   gc
0xFB 12   array.get_s            type               *                   gc
0xFB 13   array.get_u            type               *                   gc
0xFB 14   array.set              type               *                   gc
0xFB 15   array.len              -                  *                   gc
0xFB 16   array.fill             type               *                   gc
0xFB 17   array.copy             type,type          *                   gc
0xFB 18   array.init_data        type,data          *                   gc
0xFB 19   array.init_elem        type,elem          *                   gc
0xFB 20   ref.test               heaptype           *                   gc
0xFB 21   ref.test null          heaptype           *                   gc
0xFB 22   ref.cast               heaptype           *                   gc
0xFB 23   ref.cast null          heaptype           *                   gc
0xFB 24   br_on_cast             castflags,label,heaptype,heaptype  *   gc
0xFB 25   br_on_cast_fail        castflags,label,heaptype,heaptype  *   gc
0xFB 26   any.convert_extern     -                  *                   gc
0xFB 27   extern.convert_any     -                  *                   gc
0xFB 28   ref.i31                -                  *                   gc
0xFB 29   i31.get_s              -                  *                   gc
0xFB 30   i31.get_u              -                  *                   gc

0xFC 0    i32.trunc_sat_f32_s    -                  f32 -> i32          core
0xFC 1    i32.trunc_sat_f32_u    -                  f32 -> i32          core
0xFC 2    i32.trunc_sat_f64_s    -                  f64 -> i32          core
0xFC 3    i32.trunc_sat_f64_u    -                  f64 -> i32          core
0xFC 4    i64.trunc_sat_f32_s    -                  f32 -> i64          core
0xFC 5    i64.trunc_sat_f32_u    -                  f32 -> i64          core
0xFC 6    i64.trunc_sat_f64_s    -                  f64 -> i64          core
0xFC 7    i64.trunc_sat_f64_u    -                  f64 -> i64          core
0xFC 8    memory.init            data,mem           *                   core
0xFC 9    data.drop              data               ->                  core
0xFC 10   memory.copy            mem,mem            *                   core
0xFC 11   memory.fill            mem                a i32 a ->          core
0xFC 12   table.init             elem,table         *                   core
0xFC 13   elem.drop              elem               ->                  core
0xFC 14   table.copy             table,table        *                   core
0xFC 15   table.grow             table              *                   core
0xFC 16   table.size             table              *                   core
0xFC 17   table.fill             table              *                   core
0xFC 19   i64.add128             -                  i64 i64 i64 i64 -> i64 i64   wide_arithmetic
0xFC 20   i64.sub128             -                  i64 i64 i64 i64 -> i64 i64   wide_arithmetic
0xFC 21   i64.mul_wide_s         -                  i64 i64 -> i64 i64  wide_arithmetic
0xFC 22   i64.mul_wide_u         -                  i64 i64 -> i64 i64  wide_arithmetic

0xFD 0    v128.load              memarg             a -> v128           simd
0xFD 1    v128.load8x8_s         memarg             a -> v128           simd
0xFD 2    v128.load8x8_u         memarg             a -> v128           simd
0xFD 3    v128.load16x4_s        memarg             a -> v128           simd
0xFD 4    v128.load16x4_u        memarg             a -> v128           simd
0xFD 5    v128.load32x2_s        memarg             a -> v128           simd
0xFD 6    v128.load32x2_u        memarg             a -> v128           simd
0xFD 7    v128.load8_splat       memarg             a -> v128           simd
0xFD 8    v128.load16_splat      memarg             a -> v128           simd
0xFD 9    v128.load32_splat      memarg             a -> v128           simd
0xFD 10   v128.load64_splat      memarg             a -> v128           simd
0xFD 11   v128.store             memarg             a v128 ->           simd
0xFD 12   v128.const             v128               -> v128             simd
0xFD 13   i8x16.shuffle          shuffle            v128 v128 -> v128   simd
0xFD 14   i8x16.swizzle          -                  v128 v128 -> v128   simd
0xFD 15   i8x16.splat            -                  i32 -> v128         simd
0xFD 16   i16x8.splat            -                  i32 -> v128         simd
0xFD 17   i32x4.splat            -                  i32 -> v128         simd
0xFD 18   i64x2.splat            -                  i64 -> v128         simd
0xFD 19   f32x4.splat            -                  f32 -> v128         simd
0xFD 20   f64x2.splat            -                  f64 -> v128         simd
0xFD 21   i8x16.extract_lane_s   lane               v128 -> i32         simd
0xFD 22   i8x16.extract_lane_u   lane               v128 -> i32         simd
0xFD 23   i8x16.replace_lane     lane               v128 i32 -> v128    simd
0xFD 24   i16x8.extract_lane_s   lane               v128 -> i32         simd
0xFD 25   i16x8.extract_lane_u   lane               v128 -> i32         simd
0xFD 26   i16x8.replace_lane     lane               v128 i32 -> v128    simd
0xFD 27   i32x4.extract_lane     lane               v128 -> i32         simd
0xFD 28   i32x4.replace_lane     lane               v128 i32 -> v128    simd
0xFD 29   i64x2.extract_lane     lane               v128 -> i64         simd
0xFD 30   i64x2.replace_lane     lane               v128 i64 -> v128    simd
0xFD 31   f32x4.extract_lane     lane               v128 -> f32         simd
0xFD 32   f32x4.replace_lane     lane               v128 f32 -> v128    simd
0xFD 33   f64x2.extract_lane     lane               v128 -> f64         simd
0xFD 34   f64x2.replace_lane     lane               v128 f64 -> v128    simd
0xFD 35   i8x16.eq               -                  v128 v128 -> v128   simd
0xFD 36   i8x16.ne               -                  v128 v128 -> v128   simd
0xFD 37   i8x16.lt_s             -                  v128 v128 -> v128   simd
0xFD 38   i8x16.lt_u             -                  v128 v128 -> v128   simd
0xFD 39   i8x16.gt_s             -                  v128 v128 -> v128   simd
0xFD 40   i8x16.gt_u             -                  v128 v128 -> v128   simd
0xFD 41   i8x16.le_s             -                  v128 v128 -> v128   simd
0xFD 42   i8x16.le_u             -                  v128 v128 -> v128   simd
0xFD 43   i8x16.ge_s             -                  v128 v128 -> v128   simd
0xFD 44   i8x16.ge_u             -                  v128 v128 -> v128   simd
0xFD 45   i16x8.eq               -                  v128 v128 -> v128   simd
0xFD 46   i16x8.ne               -                  v128 v128 -> v128   simd
0xFD 47   i16x8.lt_s             -                  v128 v128 -> v128   simd
0xFD 48   i16x8.lt_u             -                  v128 v128 -> v128   simd
0xFD 49   i16x8.gt_s             -                  v128 v128 -> v128   simd
0xFD 50   i16x8.gt_u             -                  v128 v128 -> v128   simd
0xFD 51   i16x8.le_s             -                  v128 v128 -> v128   simd
0xFD 52   i16x8.le_u             -                  v128 v128 -> v128   simd
0xFD 53   i16x8.ge_s             -                  v128 v128 -> v128   simd
0xFD 54   i16x8.ge_u             -                  v128 v128 -> v128   simd
0xFD 55   i32x4.eq               -                  v128 v128 -> v128   simd
0xFD 56   i32x4.ne               -                  v128 v128 -> v128   simd
0xFD 57   i32x4.lt_s             -                  v128 v128 -> v128   simd
0xFD 58   i32x4.lt_u             -                  v128 v128 -> v128   simd
0xFD 59   i32x4.gt_s             -                  v128 v128 -> v128   simd
0xFD 60   i32x4.gt_u             -                  v128 v128 -> v128   simd
0xFD 61   i32x4.le_s             -                  v128 v128 -> v128   simd
0xFD 62   i32x4.le_u             -                  v128 v128 -> v128   simd
0xFD 63   i32x4.ge_s             -                  v128 v128 -> v128   simd
0xFD 64   i32x4.ge_u             -                  v128 v128 -> v128   simd
0xFD 65   f32x4.eq               -                  v128 v128 -> v128   simd
0xFD 66   f32x4.ne               -                  v128 v128 -> v128   simd
0xFD 67   f32x4.lt               -                  v128 v128 -> v128   simd
0xFD 68   f32x4.gt               -                  v128 v128 -> v128   simd
0xFD 69   f32x4.le               -                  v128 v128 -> v128   simd
0xFD 70   f32x4.ge               -                  v128 v128 -> v128   simd
0xFD 71   f64x2.eq               -                  v128 v128 -> v128   simd
0xFD 72   f64x2.ne               -                  v128 v128 -> v128   simd
0xFD 73   f64x2.lt               -                  v128 v128 -> v128   simd
0xFD 74   f64x2.gt               -                  v128 v128 -> v128   simd
0xFD 75   f64x2.le               -                  v128 v128 -> v128   simd
0xFD 76   f64x2.ge               -                  v128 v128 -> v128   simd
0xFD 77   v128.not               -                  v128 -> v128        simd
0xFD 78   v128.and               -                  v128 v128 -> v128   simd
0xFD 79   v128.andnot            -                  v128 v128 -> v128   simd
0xFD 80   v128.or                -                  v128 v128 -> v128   simd
0xFD 81   v128.xor               -                  v128 v128 -> v128   simd
0xFD 82   v128.bitselect         -                  v128 v128 v128 -> v128  simd
0xFD 83   v128.any_true          -                  v128 -> i32         simd
0xFD 84   v128.load8_lane        memarg,lane        a v128 -> v128      simd
0xFD 85   v128.load16_lane       memarg,lane        a v128 -> v128      simd
0xFD 86   v128.load32_lane       memarg,lane        a v128 -> v128      simd
0xFD 87   v128.load64_lane       memarg,lane        a v128 -> v128      simd
0xFD 88   v128.store8_lane       memarg,lane        a v128 ->           simd
0xFD 89   v128.store16_lane      memarg,lane        a v128 ->           simd
0xFD 90   v128.store32_lane      memarg,lane        a v128 ->           simd
0xFD 91   v128.store64_lane      memarg,lane        a v128 ->           simd
0xFD 92   v128.load32_zero       memarg             a -> v128           simd
0xFD 93   v128.load64_zero       memarg             a -> v128           simd
0xFD 94   f32x4.demote_f64x2_zero  -                v128 -> v128        simd
0xFD 95   f64x2.promote_low_f32x4  -                v128 -> v128        simd
0xFD 96   i8x16.abs              -                  v128 -> v128        simd
0xFD 97   i8x16.neg              -                  v128 -> v128        simd
0xFD 98   i8x16.popcnt           -                  v128 -> v128        simd
0xFD 99   i8x16.all_true         -                  v128 -> i32         simd
0xFD 100  i8x16.bitmask          -                  v128 -> i32         simd
0xFD 101  i8x16.narrow_i16x8_s   -                  v128 v128 -> v128   simd
0xFD 102  i8x16.narrow_i16x8_u   -                  v128 v128 -> v128   simd
0xFD 103  f32x4.ceil             -                  v128 -> v128        simd
0xFD 104  f32x4.floor            -                  v128 -> v128        simd
0xFD 105  f32x4.trunc            -                  v128 -> v128        simd
0xFD 106  f32x4.nearest          -                  v128 -> v128        simd
0xFD 107  i8x16.shl              -                  v128 i32 -> v128    simd
0xFD 108  i8x16.shr_s            -                  v128 i32 -> v128    simd
0xFD 109  i8x16.shr_u            -                  v128 i32 -> v128    simd
0xFD 110  i8x16.add              -                  v128 v128 -> v128   simd
0xFD 111  i8x16.add_sat_s        -                  v128 v128 -> v128   simd
0xFD 112  i8x16.add_sat_u        -                  v128 v128 -> v128   simd
0xFD 113  i8x16.sub              -                  v128 v128 -> v128   simd
0xFD 114  i8x16.sub_sat_s        -                  v128 v128 -> v128   simd
0xFD 115  i8x16.sub_sat_u        -                  v128 v128 -> v128   simd
0xFD 116  f64x2.ceil             -                  v128 -> v128        simd
0xFD 117  f64x2.floor            -                  v128 -> v128        simd
0xFD 118  i8x16.min_s            -                  v128 v128 -> v128   simd
0xFD 119  i8x16.min_u            -                  v128 v128 -> v128   simd
0xFD 120  i8x16.max_s            -                  v128 v128 -> v128   simd
0xFD 121  i8x16.max_u            -                  v128 v128 -> v128   simd
0xFD 122  f64x2.trunc            -                  v128 -> v128        simd
0xFD 123  i8x16.avgr_u           -                  v128 v128 -> v128   simd
0xFD 124  i16x8.extadd_pairwise_i8x16_s  -          v128 -> v128        simd
0xFD 125  i16x8.extadd_pairwise_i8x16_u  -          v128 -> v128        simd
0xFD 126  i32x4.extadd_pairwise_i16x8_s  -          v128 -> v128        simd
0xFD 127  i32x4.extadd_pairwise_i16x8_u  -          v128 -> v128        simd
0xFD 128  i16x8.abs              -                  v128 -> v128        simd
0xFD 129  i16x8.neg              -                  v128 -> v128        simd
0xFD 130  i16x8.q15mulr_sat_s    -                  v128 v128 -> v128   simd
0xFD 131  i16x8.all_true         -                  v128 -> i32         simd
0xFD 132  i16x8.bitmask          -                  v128 -> i32         simd
0xFD 133  i16x8.narrow_i32x4_s   -                  v128 v128 -> v128   simd
0xFD 134  i16x8.narrow_i32x4_u   -                  v128 v128 -> v128   simd
0xFD 135  i16x8.extend_low_i8x16_s   -              v128 -> v128        simd
0xFD 136  i16x8.extend_high_i8x16_s  -              v128 -> v128        simd
0xFD 137  i16x8.extend_low_i8x16_u   -              v128 -> v128        simd
0xFD 138  i16x8.extend_high_i8x16_u  -              v128 -> v128        simd
0xFD 139  i16x8.shl              -                  v128 i32 -> v128    simd
0xFD 140  i16x8.shr_s            -                  v128 i32 -> v128    simd
0xFD 141  i16x8.shr_u            -                  v128 i32 -> v128    simd
0xFD 142  i16x8.add              -                  v128 v128 -> v128   simd
0xFD 143  i16x8.add_sat_s        -                  v128 v128 -> v128   simd
0xFD 144  i16x8.add_sat_u        -                  v128 v128 -> v128   simd
0xFD 145  i16x8.sub              -                  v128 v128 -> v128   simd
0xFD 146  i16x8.sub_sat_s        -                  v128 v128 -> v128   simd
0xFD 147  i16x8.sub_sat_u        -                  v128 v128 -> v128   simd
0xFD 148  f64x2.nearest          -                  v128 -> v128        simd
0xFD 149  i16x8.mul              -                  v128 v128 -> v128   simd
0xFD 150  i16x8.min_s            -                  v128 v128 -> v128   simd
0xFD 151  i16x8.min_u            -                  v128 v128 -> v128   simd
0xFD 152  i16x8.max_s            -                  v128 v128 -> v128   simd
0xFD 153  i16x8.max_u            -                  v128 v128 -> v128   simd
0xFD 155  i16x8.avgr_u           -                  v128 v128 -> v128   simd
0xFD 156  i16x8.extmul_low_i8x16_s   -              v128 v128 -> v128   simd
0xFD 157  i16x8.extmul_high_i8x16_s  -              v128 v128 -> v128   simd
0xFD 158  i16x8.extmul_low_i8x16_u   -              v128 v128 -> v128   simd
0xFD 159  i16x8.extmul_high_i8x16_u  -              v128 v128 -> v128   simd
0xFD 160  i32x4.abs              -                  v128 -> v128        simd
0xFD 161  i32x4.neg              -                  v128 -> v128        simd
0xFD 163  i32x4.all_true         -                  v128 -> i32         simd
0xFD 164  i32x4.bitmask          -                  v128 -> i32         simd
0xFD 167  i32x4.extend_low_i16x8_s   -              v128 -> v128        simd
0xFD 168  i32x4.extend_high_i16x8_s  -              v128 -> v128        simd
0xFD 169  i32x4.extend_low_i16x8_u   -              v128 -> v128        simd
0xFD 170  i32x4.extend_high_i16x8_u  -              v128 -> v128        simd
0xFD 171  i32x4.shl              -                  v128 i32 -> v128    simd
0xFD 172  i32x4.shr_s            -                  v128 i32 -> v128    simd
0xFD 173  i32x4.shr_u            -                  v128 i32 -> v128    simd
0xFD 174  i32x4.add              -                  v128 v128 -> v128   simd
0xFD 177  i32x4.sub              -                  v128 v128 -> v128   simd
0xFD 181  i32x4.mul              -                  v128 v128 -> v128   simd
0xFD 182  i32x4.min_s            -                  v128 v128 -> v128   simd
0xFD 183  i32x4.min_u            -                  v128 v128 -> v128   simd
0xFD 184  i32x4.max_s            -                  v128 v128 -> v128   simd
0xFD 185  i32x4.max_u            -                  v128 v128 -> v128   simd
0xFD 186  i32x4.dot_i16x8_s      -                  v128 v128 -> v128   simd
0xFD 188  i32x4.extmul_low_i16x8_s   -              v128 v128 -> v128   simd
0xFD 189  i32x4.extmul_high_i16x8_s  -              v128 v128 -> v128   simd
0xFD 190  i32x4.extmul_low_i16x8_u   -              v128 v128 -> v128   simd
0xFD 191  i32x4.extmul_high_i16x8_u  -              v128 v128 -> v128   simd
0xFD 192  i64x2.abs              -                  v128 -> v128        simd
0xFD 193  i64x2.neg              -                  v128 -> v128        simd
0xFD 195  i64x2.all_true         -                  v128 -> i32         simd
0xFD 196  i64x2.bitmask          -                  v128 -> i32         simd
0xFD 199  i64x2.extend_low_i32x4_s   -              v128 -> v128        simd
0xFD 200  i64x2.extend_high_i32x4_s  -              v128 -> v128        simd
0xFD 201  i64x2.extend_low_i32x4_u   -              v128 -> v128        simd
0xFD 202  i64x2.extend_high_i32x4_u  -              v128 -> v128        simd
0xFD 203  i64x2.shl              -                  v128 i32 -> v128    simd
0xFD 204  i64x2.shr_s            -                  v128 i32 -> v128    simd
0xFD 205  i64x2.shr_u            -                  v128 i32 -> v128    simd
0xFD 206  i64x2.add              -                  v128 v128 -> v128   simd
0xFD 209  i64x2.sub              -                  v128 v128 -> v128   simd
0xFD 213  i64x2.mul              -                  v128 v128 -> v128   simd
0xFD 214  i64x2.eq               -                  v128 v128 -> v128   simd
0xFD 215  i64x2.ne               -                  v128 v128 -> v128   simd
0xFD 216  i64x2.lt_s             -                  v128 v128 -> v128   simd
0xFD 217  i64x2.gt_s             -                  v128 v128 -> v128   simd
0xFD 218  i64x2.le_s             -                  v128 v128 -> v128   simd
0xFD 219  i64x2.ge_s             -                  v128 v128 -> v128   simd
0xFD 220  i64x2.extmul_low_i32x4_s   -              v128 v128 -> v128   simd
0xFD 221  i64x2.extmul_high_i32x4_s  -              v128 v128 -> v128   simd
0xFD 222  i64x2.extmul_low_i32x4_u   -              v128 v128 -> v128   simd
0xFD 223  i64x2.extmul_high_i32x4_u  -              v128 v128 -> v128   simd
0xFD 224  f32x4.abs              -                  v128 -> v128        simd
0xFD 225  f32x4.neg              -                  v128 -> v128        simd
0xFD 227  f32x4.sqrt             -                  v128 -> v128        simd
0xFD 228  f32x4.add              -                  v128 v128 -> v128   simd
0xFD 229  f32x4.sub              -                  v128 v128 -> v128   simd
0xFD 230  f32x4.mul              -                  v128 v128 -> v128   simd
0xFD 231  f32x4.div              -                  v128 v128 -> v128   simd
0xFD 232  f32x4.min              -                  v128 v128 -> v128   simd
0xFD 233  f32x4.max              -                  v128 v128 -> v128   simd
0xFD 234  f32x4.pmin             -                  v128 v128 -> v128   simd
0xFD 235  f32x4.pmax             -                  v128 v128 -> v128   simd
0xFD 236  f64x2.abs              -                  v128 -> v128        simd
0xFD 237  f64x2.neg              -                  v128 -> v128        simd
0xFD 239  f64x2.sqrt             -                  v128 -> v128        simd
0xFD 240  f64x2.add              -                  v128 v128 -> v128   simd
0xFD 241  f64x2.sub              -                  v128 v128 -> v128   simd
0xFD 242  f64x2.mul              -                  v128 v128 -> v128   simd
0xFD 243  f64x2.div              -                  v128 v128 -> v128   simd
0xFD 244  f64x2.min              -                  v128 v128 -> v128   simd
0xFD 245  f64x2.max              -                  v128 v128 -> v128   simd
0xFD 246  f64x2.pmin             -                  v128 v128 -> v128   simd
0xFD 247  f64x2.pmax             -                  v128 v128 -> v128   simd
0xFD 248  i32x4.trunc_sat_f32x4_s      -            v128 -> v128        simd
0xFD 249  i32x4.trunc_sat_f32x4_u      -            v128 -> v128        simd
0xFD 250  f32x4.convert_i32x4_s        -            v128 -> v128        simd
0xFD 251  f32x4.convert_i32x4_u        -            v128 -> v128        simd
0xFD 252  i32x4.trunc_sat_f64x2_s_zero -            v128 -> v128        simd
0xFD 253  i32x4.trunc_sat_f64x2_u_zero -            v128 -> v128        simd
0xFD 254  f64x2.convert_low_i32x4_s    -            v128 -> v128        simd
0xFD 255  f64x2.convert_low_i32x4_u    -            v128 -> v128        simd
0xFD 256  i8x16.relaxed_swizzle        -            v128 v128 -> v128   relaxed_simd
0xFD 257  i32x4.relaxed_trunc_f32x4_s  -            v128 -> v128        relaxed_simd
0xFD 258  i32x4.relaxed_trunc_f32x4_u  -            v128 -> v128        relaxed_simd
0xFD 259  i32x4.relaxed_trunc_f64x2_s_zero  -       v128 -> v128        relaxed_simd
0xFD 260  i32x4.relaxed_trunc_f64x2_u_zero  -       v128 -> v128        relaxed_simd
0xFD 261  f32x4.relaxed_madd           -            v128 v128 v128 -> v128  relaxed_simd
0xFD 262  f32x4.relaxed_nmadd          -            v128 v128 v128 -> v128  relaxed_simd
0xFD 263  f64x2.relaxed_madd           -            v128 v128 v128 -> v128  relaxed_simd
0xFD 264  f64x2.relaxed_nmadd          -            v128 v128 v128 -> v128  relaxed_simd
0xFD 265  i8x16.relaxed_laneselect     -            v128 v128 v128 -> v128  relaxed_simd
0xFD 266  i16x8.relaxed_laneselect     -            v128 v128 v128 -> v128  relaxed_simd
0xFD 267  i32x4.relaxed_laneselect     -            v128 v128 v128 -> v128  relaxed_simd
0xFD 268  i64x2.relaxed_laneselect     -            v128 v128 v128 -> v128  relaxed_simd
0xFD 269  f32x4.relaxed_min            -            v128 v128 -> v128   relaxed_simd
0xFD 270  f32x4.relaxed_max            -            v128 v128 -> v128   relaxed_simd
0xFD 271  f64x2.relaxed_min            -            v128 v128 -> v128   relaxed_simd
0xFD 272  f64x2.relaxed_max            -            v128 v128 -> v128   relaxed_simd
0xFD 273  i16x8.relaxed_q15mulr_s      -            v128 v128 -> v128   relaxed_simd
0xFD 274  i16x8.relaxed_dot_i8x16_i7x16_s      -    v128 v128 -> v128   relaxed_simd
0xFD 275  i32x4.relaxed_dot_i8x16_i7x16_add_s  -    v128 v128 v128 -> v128  relaxed_simd

0xFE 0    memory.atomic.notify   memarg             a i32 -> i32        threads
0xFE 1    memory.atomic.wait32   memarg             a i32 i64 -> i32    threads
0xFE 2    memory.atomic.wait64   memarg             a i64 i64 -> i32    threads
0xFE 3    atomic.fence           zero               ->                  threads
0xFE 16   i32.atomic.load        memarg             a -> i32            threads
0xFE 17   i64.atomic.load        memarg             a -> i64            threads
0xFE 18   i32.atomic.load8_u     memarg             a -> i32            threads
0xFE 19   i32.atomic.load16_u    memarg             a -> i32            threads
0xFE 20   i64.atomic.load8_u     memarg             a -> i64            threads
0xFE 21   i64.atomic.load16_u    memarg             a -> i64            threads
0xFE 22   i64.atomic.load32_u    memarg             a -> i64            threads
0xFE 23   i32.atomic.store       memarg             a i32 ->            threads
0xFE 24   i64.atomic.store       memarg             a i64 ->            threads
0xFE 25   i32.atomic.store8      memarg             a i32 ->            threads
0xFE 26   i32.atomic.store16     memarg             a i32 ->            threads
0xFE 27   i64.atomic.store8      memarg             a i64 ->            threads
0xFE 28   i64.atomic.store16     memarg             a i64 ->            threads
0xFE 29   i64.atomic.store32     memarg             a i64 ->            threads
"""

# The atomic read-modify-write family: (base sub-opcode, operation); each
# operation has seven widths in this order.
_RMW_OPS = ((0x1E, "add"), (0x25, "sub"), (0x2C, "and"), (0x33, "or"),
            (0x3A, "xor"), (0x41, "xchg"), (0x48, "cmpxchg"))
_RMW_WIDTHS = (("i32", "i32.atomic.rmw.{}"), ("i64", "i64.atomic.rmw.{}"),
               ("i32", "i32.atomic.rmw8.{}_u"), ("i32", "i32.atomic.rmw16.{}_u"),
               ("i64", "i64.atomic.rmw8.{}_u"), ("i64", "i64.atomic.rmw16.{}_u"),
               ("i64", "i64.atomic.rmw32.{}_u"))


def _parse_sig(text: str) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    if text == "*":
        return None, None
    left, _, right = text.partition("->")
    return tuple(left.split()), tuple(right.split())


_PREFIX_TEXT = {f"0x{prefix:X}": prefix for prefix in PREFIXES}


def _rows():
    sigs: dict[str, tuple] = {}                 # rows share few signatures and immediates
    imms: dict[str, tuple[str, ...]] = {"-": ()}
    for line in _TABLE.split("\n"):
        parts = line.split()
        if not parts:
            continue
        prefix = _PREFIX_TEXT.get(parts[0])
        if prefix is None:
            code, i = int(parts[0], 16), 1
        else:
            code, i = int(parts[1]), 2
        name, imm_text = parts[i], parts[i + 1]
        if imm_text == "t" or imm_text == "null":     # "select t", "ref.test null", ...
            name = f"{name} {imm_text}"
            i += 1
            imm_text = parts[i + 1]
        imm = imms.get(imm_text)
        if imm is None:
            imm = imms[imm_text] = tuple(imm_text.split(","))
        sig_text = " ".join(parts[i + 2:-1])
        sig = sigs.get(sig_text)
        if sig is None:
            sig = sigs[sig_text] = _parse_sig(sig_text)
        yield Op(prefix, code, name, imm, sig[0], sig[1], parts[-1])
    for base, opname in _RMW_OPS:
        for k, (t, pattern) in enumerate(_RMW_WIDTHS):
            params = ("a", t, t) if opname == "cmpxchg" else ("a", t)
            yield Op(0xFE, base + k, pattern.format(opname), ("memarg",), params, (t,), "threads")


OPS: tuple[Op, ...] = tuple(_rows())
"""Every instruction, in table order."""

BY_NAME: dict[str, Op] = {op.name: op for op in OPS}
"""Row by name (``"i32.add"``, ``"select t"``, ``"ref.cast null"``)."""

BY_CODE: dict[int, Op] = {op.code: op for op in OPS if op.prefix is None}
"""Single-byte opcodes."""

BY_PREFIX: dict[int, dict[int, Op]] = {p: {op.code: op for op in OPS if op.prefix == p} for p in PREFIXES}
"""Prefixed opcodes: ``BY_PREFIX[0xFC][8]`` is ``memory.init``."""

assert len(BY_NAME) == len(OPS), "duplicate instruction names in the table"

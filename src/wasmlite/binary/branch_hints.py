"""The ``metadata.code.branch_hint`` custom section: for some functions, which
way their ``if`` and ``br_if`` instructions are likely to go.

The section stands before the code section. Each hint names an instruction by
its byte offset from the start of its function's body (the local
declarations included).
"""

from __future__ import annotations

from .writer import write_u32

BRANCH_HINT_SECTION = "metadata.code.branch_hint"
BRANCH_HINT_PLACE = ("before", "code")

UNLIKELY = 0
LIKELY = 1


def encode_branch_hints(hints: list[tuple[int, list[tuple[int, int]]]]) -> bytes:
    """The section's payload: ``hints`` lists, by ascending function index,
    ``(function index, [(instruction offset, hint), ...])`` with ascending offsets."""
    out = bytearray()
    write_u32(out, len(hints))
    for funcidx, func_hints in hints:
        write_u32(out, funcidx)
        write_u32(out, len(func_hints))
        for offset, hint in func_hints:
            write_u32(out, offset)
            out.append(1)                   # the size of the hint value
            out.append(hint)
    return bytes(out)

"""The effective address of an out of bounds access, worked out after the trap.

Compiled code reads and writes memory through ``V<m>[address]`` and the
``struct`` methods ``LD_*(V<m>, address)`` / ``ST_*(V<m>, address, value)``
(and a few helpers taking the same two first arguments). When the Python error
of an access past the end does not tell its address, the address expression
is evaluated again with the values the frame's variables had when it trapped,
provided it only does arithmetic and reads memory (no call with effects).
"""

from __future__ import annotations

import ast

__all__ = ["effective_address"]

_ACCESSORS = ("LD_", "ST_", "f32_load", "f32_store", "v128_load", "v128_store")

_SAFE = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Name, ast.Constant, ast.Load,
         ast.operator, ast.unaryop, ast.Subscript)


def effective_address(code: str, memidx: int, namespace: dict, values: dict) -> int | None:
    """The address that the outermost access to memory ``memidx`` in Python
    ``code`` (an expression or a statement) reaches, evaluated with ``values``
    over ``namespace``; ``None`` when it cannot be worked out safely."""
    try:
        tree = ast.parse(code.strip())
    except SyntaxError:
        return None
    view = f"V{memidx}"
    for node in ast.walk(tree):
        target = None
        if isinstance(node, ast.Subscript) and _is_name(node.value, view):
            target = node.slice
        elif isinstance(node, ast.Call) and len(node.args) >= 2 \
                and isinstance(node.func, ast.Name) and node.func.id.startswith(_ACCESSORS) \
                and _is_name(node.args[0], view):
            target = node.args[1]
        if target is not None:
            return _evaluate(target, namespace, values)
    return None


def _is_name(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _evaluate(node: ast.expr, namespace: dict, values: dict) -> int | None:
    expr = ast.Expression(node)
    for sub in ast.walk(expr):
        if isinstance(sub, ast.Call):
            # reads of memory only: LD_*(V<m>, address)
            if not (isinstance(sub.func, ast.Name) and sub.func.id.startswith("LD_")
                    and not sub.keywords):
                return None
        elif not isinstance(sub, _SAFE):
            return None
    try:
        value = eval(compile(expr, "<address>", "eval"), dict(namespace), dict(values))
    except Exception:
        return None
    return value if type(value) is int and value >= 0 else None

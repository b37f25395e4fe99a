"""The validator: checks that a decoded module is valid (spec chapter "Validation").

``validate_module(module)`` raises :class:`wasmlite.errors.InvalidError` with
the spec testsuite's wording. Type equivalence and subtyping helpers for the
runtime are in :mod:`wasmlite.validate.types`.
"""

from . import control, exceptions, gc, memory, parametric, references, simd, tables, variables  # noqa: F401  (instruction rules)
from .module import validate_module

__all__ = ["validate_module"]

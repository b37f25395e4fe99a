"""The validator: checks that a decoded module is valid (spec chapter "Validation").

``validate_module(module)`` raises :class:`wasmlite.errors.InvalidError` with
the spec testsuite's wording. Type equivalence and subtyping helpers for the
runtime are in :mod:`wasmlite.validate.types`.
"""

__all__ = ["validate_module"]


def __getattr__(name: str) -> object:
    """``validate_module``, imported on first use: the runtime needs only
    :mod:`.types`, and a module whose validation is cached needs no rules."""
    if name == "validate_module":
        from .module import validate_module
        return validate_module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""Fixtures for the portable tier tests: modules written in the text format, instantiated
directly through the runtime (no embedding API)."""

import pytest

from wasmlite.binary.decoder import decode_module
from wasmlite.runtime import StoreState, instantiate
from wasmlite.text import wat2wasm
from wasmlite.validate import validate_module


def module_of(wat: str):
    """The validated module IR of ``wat``."""
    module = decode_module(wat2wasm(wat))
    validate_module(module)
    return module


@pytest.fixture
def store():
    return StoreState()


@pytest.fixture
def instance(store):
    """``instance(wat, imports=())``: a new module instance in ``store``."""
    def make(wat: str, imports=()):
        return instantiate(module_of(wat), list(imports), store=store)
    return make

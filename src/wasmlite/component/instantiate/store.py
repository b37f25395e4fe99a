"""The component-model state of a store, made on first use."""

from __future__ import annotations

import weakref
from typing import Any

from ..canonical import ComponentStore

__all__ = ["component_store"]

_states: weakref.WeakKeyDictionary[Any, ComponentStore] = weakref.WeakKeyDictionary()


def component_store(store: Any) -> ComponentStore:
    """The :class:`ComponentStore` of the API store ``store`` (one per store)."""
    key = store._state
    state = _states.get(key)
    if state is None:
        state = _states[key] = ComponentStore()
    return state

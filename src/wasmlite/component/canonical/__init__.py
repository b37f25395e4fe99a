"""The canonical ABI (the component model's CanonicalABI.md): synchronous calls,
and asynchronous ones that complete without waiting.

One concept per module, with the specification's names:

* ``despecialize``: tuple, enum, option and result as records and variants;
* ``layout``: ``alignment``, ``elem_size``, discriminants, flags sizes;
* ``flatten``: ``flatten_type``, ``flatten_functype`` and the flat limits;
* ``handles``: handle tables, call scopes, per-instance flags, store state;
* ``context``: the canonical options and the lift/lower context (``realloc``);
* ``codec``: per type, built once, ``load``/``store``/``lift_flat``/``lower_flat``;
* ``scalars``, ``strings``, ``lists``, ``records``, ``variants``, ``flags``,
  ``resources``: those four functions for each kind of type;
* ``call``: ``call_lifted`` (into a component) and ``call_lowered`` (out of one);
* ``flat_values``: ``lift_flat_values`` / ``lower_flat_values`` with a flat limit;
* ``task``: calls into ``async`` lifts that complete without waiting, and
  ``task.return``;
* ``subtask``: calls out through ``async`` lowerings whose callee completes
  during the call.

Traps carry Wasmtime's wording (``errors``). Python values follow
wasmtime-py's component API (see :mod:`wasmlite.component.values`).
"""

from .call import FuncABI, call_lifted, call_lowered, func_abi, lift_function, lower_function
from .codec import Codec, codec
from .context import CanonicalOptions, LiftLowerContext
from .despecialize import despecialize
from .flatten import (
    MAX_FLAT_PARAMS, MAX_FLAT_RESULTS, flatten_functype, flatten_type, flatten_types,
)
from .handles import CallContext, ComponentStore, HandleTable, InstanceState, ResourceHandle
from .layout import align_to, alignment, discriminant_type, elem_size
from .resources import canon_resource_drop, canon_resource_new, canon_resource_rep
from .strings import EncodedStr, UTF16_TAG, load_string_from_range, store_string_into_range
from .flat_values import FlatValues
from .subtask import SubtaskState, call_lowered_async, lower_function_async
from .task import (Task, TaskReturn, async_lift_params, call_as_task, call_lifted_async,
                   canon_task_return, check_blocking)

__all__ = [
    "FuncABI", "call_lifted", "call_lowered", "func_abi", "lift_function", "lower_function",
    "Codec", "codec", "CanonicalOptions", "LiftLowerContext", "despecialize",
    "MAX_FLAT_PARAMS", "MAX_FLAT_RESULTS", "flatten_functype", "flatten_type",
    "flatten_types", "CallContext", "ComponentStore", "HandleTable", "InstanceState",
    "ResourceHandle", "align_to", "alignment", "discriminant_type", "elem_size",
    "canon_resource_drop", "canon_resource_new", "canon_resource_rep", "EncodedStr",
    "UTF16_TAG", "load_string_from_range", "store_string_into_range", "FlatValues",
    "SubtaskState", "call_lowered_async", "lower_function_async", "Task", "TaskReturn",
    "async_lift_params", "call_as_task", "call_lifted_async", "canon_task_return",
    "check_blocking",
]

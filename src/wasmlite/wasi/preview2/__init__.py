"""WASI preview 2 (the ``wasi:cli/command`` world) for components.

Preview 2 is a second face of the sandbox of :mod:`wasmlite.wasi`: the same
``WasiContext`` (arguments, environment, standard streams, preopened
directories), the same path resolution and permission rules, clocks and
random source. Its resources are host-defined component resources whose
objects live in the context's :class:`~.state.Preview2State`.

* ``linking.py``: :func:`add_to_linker`, behind ``Linker.add_wasip2``;
* ``interface.py``, ``results.py``: how an interface is described, and how
  an implementation's outcome becomes its WIT result;
* ``state.py``, ``resources.py``, ``errors.py``: per-store state, resource
  types and table, error codes;
* one module per interface (or family): ``environment``, ``exit``,
  ``stdio``, ``terminal`` (``wasi:cli``); ``io_error``, ``io_poll``,
  ``io_streams`` (``wasi:io``); ``monotonic_clock``, ``wall_clock``
  (``wasi:clocks``); ``filesystem_types``, ``preopens``
  (``wasi:filesystem``); ``random`` (``wasi:random``); ``sockets_network``,
  ``sockets_tcp``, ``sockets_udp``, ``sockets_lookup`` (``wasi:sockets``,
  allowed by the configuration's network permissions);
* the objects behind handles: ``descriptor``, ``directory_entries``,
  ``input_streams``, ``output_streams``, ``pollables``.
"""

from .linking import VERSION, add_to_linker, interfaces

__all__ = ["VERSION", "add_to_linker", "interfaces"]

"""The WebAssembly component model.

* ``ir/``: the component IR, plain data named after the spec's Binary.md;
* ``binary/``: component binaries decoded into the IR, and encoded back;
* ``text/``: the component text format, parsed into component binaries.
"""

"""The official WebAssembly spec testsuite, run against wasmlite (or wasmtime-py).

``runner`` executes the commands of one script, ``wast_json`` reads a script
through ``wasm-tools json-from-wast``, ``conformance`` runs the whole suite and
writes ``docs/conformance.md``; ``test_spec`` exposes every file to pytest.
"""

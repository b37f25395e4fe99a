"""The official WebAssembly spec testsuite, run against wasmlite (or wasmtime-py).

``script_reader`` reads a script with wasmlite's own WAST parser, ``runner``
executes its commands, ``conformance`` runs the whole suite and writes
``docs/conformance.md``; ``test_spec`` exposes every script to pytest.

The testsuite's location and scope live in ``tests/testsuite_scripts.py``,
shared with the other test folders. pytest puts ``tests/`` on ``sys.path``;
run as ``python -m tests.spec.…`` it is put there here.
"""

import sys
from pathlib import Path

_TESTS = str(Path(__file__).resolve().parents[1])
if _TESTS not in sys.path:
    sys.path.append(_TESTS)

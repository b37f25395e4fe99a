"""Fuzzing wasmlite against references that real toolchains provide.

Four kinds of cases, each deterministic for a seed:

``csmith``
    random C programs (csmith) built natively with gcc and for wasm32-wasi with
    clang at -O0, -O1, -O2 and -Os; the wasm build run by wasmlite must print
    the native checksum.
``programs``
    the C programs under ``programs/`` (compression, hashing, string handling),
    built and compared the same way.
``smith``
    random modules (``wasm-tools smith``) in several feature profiles, run in
    wasmlite and in wasmtime-py: every exported function is called with
    deterministic arguments and results, traps, globals, memories and table
    sizes must agree after every call.
``mutate``
    valid modules with bytes flipped, inserted, deleted or cut off: decoding
    and validation must only raise ``WasmtimeError`` and must accept exactly
    the modules wasmtime-py accepts.

``python -m tests.fuzz --help`` runs long campaigns; the ``test_*.py`` files
run a few hundred seeded cases of each as part of the test suite.
"""

"""Tests of the embedding API (wasmtime-py compatible classes)."""

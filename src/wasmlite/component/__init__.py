"""The WebAssembly component model."""

"""Benchmark driver: runs the programs of the shared benchmark suite and a set of
micro-benchmarks under wasmlite and its peers, and writes docs/performance.md."""

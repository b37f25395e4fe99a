"""Tests of the binary format: decoding, encoding, and the spec testsuite's binaries."""

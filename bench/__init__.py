"""Benchmarks: speed measured against floors taken in the same run (python -m bench)."""

"""Repeatable performance runs; `make bench` (python -m benchmarks) prints their figures."""

"""Synthetic demo data: realistic, invented cases for demos, manual tests and benchmarks."""

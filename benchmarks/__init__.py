"""Benchmarks and the synthetic corpus they use; run by `python -m search bench…` and `make bench…`."""

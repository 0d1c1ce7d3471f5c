"""Lägesbild's benchmarks (``make bench``): see ``bench/run.py`` and docs/performance.md."""

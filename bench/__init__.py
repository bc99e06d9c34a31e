"""pvgraph's benchmarks (``make bench`` runs ``python -m bench``).

Convention: every module ``bench/bench_*.py`` has ``def run(quick: bool) -> str`` that measures,
prints its own progress, and returns a markdown section; ``python -m bench`` runs them all (or the
ones named on the command line) and prints their sections and a summary. Nothing here is part of
the published graph: synthetic data lives under ``https://w3id.org/pvgraph/id/synthetic/`` and in
temporary directories only.
"""

"""``python -m pvgraph`` runs the command line (used by subprocess tests)."""

from pvgraph.cli import main

main()

"""pvgraph: a linked-open-data knowledge graph of how French territories create public value.

The core (this package minus ``cli`` and ``server``) never imports click, FastAPI or Jinja, so
that both shells call the same functions.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]

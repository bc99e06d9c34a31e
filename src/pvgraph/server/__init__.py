"""The HTTP server: a FastAPI app over the same library functions as the CLI."""

from pvgraph.server.app import create_app

__all__ = ["create_app"]

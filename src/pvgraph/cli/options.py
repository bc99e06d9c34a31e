"""Options shared by several commands, and the settings they feed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from pvgraph.settings import Settings, load_settings

F = Callable[..., Any]


def store_option(f: F) -> F:
    return click.option(
        "--store",
        metavar="DIR|URL",
        default=None,
        help="Store: a directory (embedded), ':memory:', or a SPARQL endpoint URL. [setting: store]",
    )(f)


def settings_from(**overrides: Any) -> Settings:
    """Settings file < environment < the flags that were given."""
    return load_settings(overrides)

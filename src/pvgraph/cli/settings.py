"""``pvgraph settings``: every setting, its value and where the value came from."""

from __future__ import annotations

import json
from dataclasses import asdict

import click

from pvgraph.cli.options import store_option
from pvgraph.settings import describe_settings


@click.command("settings")
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def settings_command(store: str | None, fmt: str) -> None:
    """List every setting, its value and its source (default, file, env, flag); secrets masked.

    Precedence: default < settings file (pvgraph.toml or PVGRAPH_SETTINGS_FILE) < environment
    PVGRAPH_<NAME> < command-line flag. docs/settings.md describes each one.
    """
    views = describe_settings({"store": store})
    if fmt == "json":
        click.echo(json.dumps([asdict(v) for v in views], ensure_ascii=False, indent=1))
        return
    width = max(len(v.name) for v in views)
    value_width = min(max(len(v.value) for v in views), 48)
    for v in views:
        click.echo(f"{v.name:<{width}}  {v.value:<{value_width}}  {v.source}")

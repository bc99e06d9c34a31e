"""``pvgraph settings``: every setting, its value and where the value came from."""

from __future__ import annotations

import json
from dataclasses import asdict

import click

from pvgraph import messages
from pvgraph.cli.options import settings_from, store_option
from pvgraph.settings import UNSET, describe_settings

# The table's words for a value's source (the JSON listing keeps default | file | env | flag).
SOURCES = {"default": "cli.setting-from-default", "file": "cli.setting-from-file", "env": "cli.setting-from-env",
           "flag": "cli.setting-from-flag"}


@click.command("settings")
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def settings_command(store: str | None, fmt: str) -> None:
    """List every setting, its value and its source (default, file, env, flag); secrets masked.

    Precedence: default < settings file (pvgraph.toml or PVGRAPH_SETTINGS_FILE) < environment
    PVGRAPH_<NAME> < command-line flag. docs/settings.md describes each one. The table is in the
    setting lang's language (French unless set); the JSON listing is the same in every language.
    """
    views = describe_settings({"store": store})
    if fmt == "json":
        click.echo(json.dumps([asdict(v) for v in views], ensure_ascii=False, indent=1))
        return
    lang = settings_from(store=store).lang
    unset = messages.text("cli.setting-unset", lang)
    values = [unset if v.value == UNSET else v.value for v in views]
    width = max(len(v.name) for v in views)
    value_width = min(max(len(value) for value in values), 48)
    for v, value in zip(views, values, strict=True):
        click.echo(f"{v.name:<{width}}  {value:<{value_width}}  {messages.text(SOURCES[v.source], lang)}")

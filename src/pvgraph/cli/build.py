"""``pvgraph build``."""

from __future__ import annotations

import time
from collections.abc import Callable

import click

from pvgraph import messages
from pvgraph.build import build_project
from pvgraph.cli.options import settings_from, store_option
from pvgraph.store import open_store


def progress_printer() -> Callable[[str], None]:
    """A progress callback that prints elapsed time and a message on stderr."""
    started = time.perf_counter()

    def say(message: str) -> None:
        click.echo(f"[{time.perf_counter() - started:6.1f}s] {message}", err=True)

    return say


@click.command()
@store_option
@click.option("--no-reasoning", is_flag=True, help="Skip the inferred graph.")
def build(store: str | None, no_reasoning: bool) -> None:
    """Build the graph from ontology/, shapes/ and data/ into the store.

    Progress (stderr) and the summary are in the setting lang's language (French unless set)."""
    settings = settings_from(store=store)
    say = progress_printer()
    with open_store(settings) as target:
        report = build_project(settings, target, progress=say, reason=not no_reasoning)
    click.echo(report.summary(settings.lang))
    click.echo(messages.text("cli.build-next", settings.lang, store=settings.store))

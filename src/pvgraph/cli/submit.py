"""``pvgraph submit``: a batch import of steward files, each accepted whole or refused.

The same transaction as ``POST /submissions`` (:mod:`pvgraph.submissions`), on the store the
settings name, without a server: on an embedded store the server must be stopped (RocksDB lets
one process write); crash leftovers are reconciled first, as a server start does.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import click

from pvgraph import messages, submissions
from pvgraph.cli.options import settings_from, store_option
from pvgraph.errors import EXIT_NONCONFORMANT, StoreError, UserError, error
from pvgraph.languages import LANGUAGES
from pvgraph.loading import read_document
from pvgraph.settings import Settings
from pvgraph.stewards import Steward, TokenError, TokenRegistry, tokens_path
from pvgraph.store import open_store
from pvgraph.validation import render


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE…",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as", "steward_name", metavar="TOKEN-NAME", default=None,
              help="Record the submissions as this steward's (a token of `pvgraph tokens list`); "
                   "default: the admin (the setting update_token_label).")
@click.option("--lang", type=click.Choice(list(LANGUAGES)), default=None,
              help="Language of the reports (default: the setting lang, French).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json (one object per file, in a list) for programs.")
@store_option
@click.pass_context
def submit(ctx: click.Context, files: tuple[Path, ...], steward_name: str | None, lang: str | None,
           fmt: str, store: str | None) -> None:
    """Submit FILE…, each as one submission: validated, then accepted whole or refused.

    \b
    Exit status: 0 every file was accepted, 1 some did not conform (their report is printed;
                 the others were accepted), 2 a file could not be read or the store opened.
    """
    settings = settings_from(store=store)
    lang = lang or settings.lang
    steward = _steward(settings, steward_name)
    directory = submissions.submissions_dir(settings)
    lock = submissions.records.WriterLock(directory)
    if not lock.acquire():
        raise error(StoreError, "command.submit-locked", pid=lock.holder(), directory=directory)
    try:
        _submit_all(ctx, files, settings, steward, directory, lang, fmt)
    finally:
        lock.release()


def _submit_all(ctx: click.Context, files: tuple[Path, ...], settings: Settings, steward: Steward,
                directory: Path, lang: str, fmt: str) -> None:
    outcomes = []
    with open_store(settings) as target:
        done = submissions.reconcile(directory, target)
        if done:
            click.echo(messages.text("cli.reconciled", lang, summary=done.summary(lang)), err=True)
        for path in files:
            try:
                document = read_document(path, max_bytes=settings.max_body_bytes, sniff=True)
            except UserError as exc:
                raise exc.in_language(lang) from None
            document = dataclasses.replace(document, name=path.name)  # not the local path, kept
            outcome = submissions.submit_documents(target, directory, [document], settings=settings,
                                                   steward=steward, lang=lang)
            outcomes.append(outcome)
            if fmt == "text":
                _say(outcome, lang)
    if fmt == "json":
        click.echo(json.dumps([{"file": o.name, "status": "accepted" if o.record else "refused",
                                "id": o.record.id if o.record else None,
                                "graph": o.record.graph if o.record else None,
                                "triples": o.record.triples if o.record else None,
                                "report": o.report.to_dict()} for o in outcomes],
                              ensure_ascii=False, indent=1))
    ctx.exit(EXIT_NONCONFORMANT if any(o.record is None for o in outcomes) else 0)


def _steward(settings: Settings, name: str | None) -> Steward:
    if name is None:
        return Steward(settings.update_token_label, admin=True)
    entry = next((e for e in TokenRegistry(tokens_path(settings)).entries() if e.name == name and e.active), None)
    if entry is None:
        raise error(TokenError, "token.no-such", name=name)
    return entry.steward()


def _say(outcome: submissions.Outcome, lang: str) -> None:
    if outcome.record is not None:
        r = outcome.record
        click.echo(messages.text("cli.submission-accepted", lang, name=outcome.name, triples=r.triples,
                                 graph=r.graph, id=r.id))
    else:
        click.echo(messages.text("cli.submission-refused", lang, name=outcome.name))
        click.echo(render(outcome.report, "text"), nl=False)

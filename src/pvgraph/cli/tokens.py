"""``pvgraph tokens add|list|revoke``: the stewards' named tokens (:class:`pvgraph.stewards.TokenRegistry`).

A running server reads the tokens file again when it changes: an added token works at once, a
revoked one stops working at the next request.
"""

from __future__ import annotations

import json

import click

from pvgraph import messages
from pvgraph.cli.options import settings_from
from pvgraph.stewards import TokenRegistry, tokens_path


def _registry() -> TokenRegistry:
    return TokenRegistry(tokens_path(settings_from()))


def _say(key: str, **params: object) -> str:
    """A text of the one catalogue in the ``lang`` setting's language (French unless set)."""
    return messages.text(key, settings_from().lang, **params)


@click.group()
def tokens() -> None:
    """Manage the stewards' tokens (one per steward or authority; stored hashed)."""


@tokens.command("add")
@click.argument("name")
@click.option("--authority", metavar="SIREN|IRI", default=None,
              help="The authority the steward speaks for: its SIREN, or its referential IRI.")
@click.option("--admin", is_flag=True, help="An admin token: SPARQL Update, Graph Store, every submission.")
def add(name: str, authority: str | None, admin: bool) -> None:
    """Add a token named NAME and print its secret — once: only its hash is kept."""
    registry = _registry()
    secret = registry.add(name, authority=authority, admin=admin)
    entry = next(e for e in registry.entries() if e.name == name)
    role = _say("cli.token-admin" if admin else "cli.token-steward")
    click.echo(_say("cli.token-added", name=name, path=registry.path, role=role,
                    authority=entry.authority or "-"), err=True)
    click.echo(_say("cli.token-secret"), err=True)
    click.echo(secret)


@tokens.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--all", "show_all", is_flag=True, help="Show revoked tokens too.")
def list_tokens(fmt: str, show_all: bool) -> None:
    """List the tokens (names, authorities, dates; never a secret)."""
    entries = [e for e in _registry().entries() if show_all or e.active]
    rows = [{"name": e.name, "authority": e.authority, "admin": e.admin, "created": e.created,
             "revoked": e.revoked} for e in entries]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if not rows:
        click.echo(_say("cli.no-token"), err=True)
        return
    for row in rows:
        role = _say("cli.token-admin" if row["admin"] else "cli.token-steward")
        state = _say("cli.token-revoked-on", date=row["revoked"]) if row["revoked"] \
            else _say("cli.token-since", date=row["created"])
        click.echo(f"{row['name']}\t{role}\t{row['authority'] or '-'}\t{state}")


@tokens.command("revoke")
@click.argument("name")
def revoke(name: str) -> None:
    """Revoke the token NAME (its submissions stay theirs; `add NAME` gives it a new secret)."""
    entry = _registry().revoke(name)
    click.echo(_say("cli.token-revoked", name=entry.name, date=entry.revoked), err=True)

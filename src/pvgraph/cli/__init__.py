"""The ``pvgraph`` command: a thin shell over the library.

Each command parses its arguments, calls the core, prints, and leaves error handling to
:class:`PvgraphGroup`: a :class:`UserError` becomes its message on stderr, in the ``lang``
setting's language (French unless set) when the command did not choose one, and exit 2 (or its
own exit code); anything else is a bug: exit 70, with the traceback under ``--debug``.
"""

from __future__ import annotations

import logging
import sys
import traceback

import click

from pvgraph import __version__, messages
from pvgraph.errors import EXIT_INTERNAL_ERROR, UserError
from pvgraph.languages import DEFAULT_LANGUAGE

log = logging.getLogger("pvgraph")


class PvgraphGroup(click.Group):
    """A click group that maps pvgraph's errors to messages and exit codes."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except UserError as exc:
            told = exc if exc.told else exc.in_language(_language())
            click.secho(f"{messages.text('cli.error', told.lang)} {told}", fg="red", err=True)
            ctx.exit(told.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo(messages.text("cli.interrupted", _language()), err=True)
            ctx.exit(130)
        except Exception:
            click.secho(messages.text("cli.internal-error", _language()), fg="red", err=True)
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            ctx.exit(EXIT_INTERNAL_ERROR)
        return None


def _language() -> str:
    """The language of an error no command told: the setting ``lang`` (French unless set)."""
    from pvgraph.settings import load_settings

    try:
        return load_settings().lang
    except Exception:
        return DEFAULT_LANGUAGE


@click.group(cls=PvgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pvgraph")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """pvgraph — le graphe de la valeur publique des territoires numériques.

    Build, query, validate, serve and publish the pvgraph knowledge graph.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, stream=sys.stderr)


def main() -> None:
    """Console entry point."""
    cli(prog_name="pvgraph")


from pvgraph.cli.build import build  # noqa: E402
from pvgraph.cli.check import check  # noqa: E402
from pvgraph.cli.harvest import harvest_check  # noqa: E402
from pvgraph.cli.publish import publish  # noqa: E402
from pvgraph.cli.query import queries, query  # noqa: E402
from pvgraph.cli.serve import serve  # noqa: E402
from pvgraph.cli.settings import settings_command  # noqa: E402
from pvgraph.cli.submit import submit  # noqa: E402
from pvgraph.cli.template import template  # noqa: E402
from pvgraph.cli.tokens import tokens  # noqa: E402
from pvgraph.cli.validate import validate  # noqa: E402

cli.add_command(build)
cli.add_command(query)
cli.add_command(queries)
cli.add_command(serve)
cli.add_command(settings_command)
cli.add_command(validate)
cli.add_command(template)
cli.add_command(check)
cli.add_command(publish)
cli.add_command(harvest_check)
cli.add_command(submit)
cli.add_command(tokens)

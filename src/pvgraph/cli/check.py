"""``pvgraph check``: lint the shapes against the ontology and SHACL itself."""

from __future__ import annotations

import click

from pvgraph import messages
from pvgraph.cli.options import settings_from
from pvgraph.errors import EXIT_NONCONFORMANT, EXIT_OK
from pvgraph.validation import lint_shapes, load_schema


@click.command()
@click.pass_context
def check(ctx: click.Context) -> None:
    """Check the shapes: declared terms, targeted classes, shacl-shacl, messages in fr and en.

    \b
    Exit status: 0 no problem, 1 problems (listed on standard output, in the setting lang's
    language: French unless set).
    """
    settings = settings_from()
    schema = load_schema(settings.root)
    problems = lint_shapes(schema.shapes, schema.ontology)
    for problem in problems:
        click.echo(problem.describe(settings.lang))
    errors = sum(1 for p in problems if p.severity == "error")
    click.echo(messages.text("cli.check-summary", settings.lang, files=len(schema.files), errors=errors,
                             warnings=len(problems) - errors))
    ctx.exit(EXIT_NONCONFORMANT if errors else EXIT_OK)

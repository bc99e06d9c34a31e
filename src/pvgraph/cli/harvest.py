"""``pvgraph harvest-check URL``: harvest a catalogue the way a portal would."""

from __future__ import annotations

import json

import click

from pvgraph.errors import EXIT_NONCONFORMANT, InputError, error


@click.command("harvest-check")
@click.argument("url")
@click.option("--lang", type=click.Choice(["fr", "en"]), default=None,
              help="Language of the report. [setting: lang]")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text",
              help="Report as text (default) or JSON.")
@click.option("--timeout", type=float, default=120.0, show_default=True,
              help="Seconds to wait for each HTTP response.")
@click.option("--quiet", is_flag=True, help="Do not print progress on stderr.")
@click.option("--portals/--no-portals", default=True, show_default=True,
              help="Also run the portals' own harvesters (udata, ckanext-dcat) when installed "
                   "by scripts/install-harvesters.sh.")
def harvest_check(url: str, lang: str | None, output: str, timeout: float, quiet: bool,
                  portals: bool) -> None:
    """Fetch the catalogue at URL in every format data.gouv.fr accepts, download every
    distribution, check size, checksum, media type and licence, then run data.gouv.fr's and
    CKAN's own harvesters on it when they are installed; exit 1 on any problem."""
    from pvgraph.cli.options import settings_from
    from pvgraph.publish.harvest import harvest_check as run_check

    if not url.startswith(("http://", "https://")):
        raise error(InputError, "command.harvest-url", url=url)
    language = lang or settings_from().lang
    say = None if quiet else (lambda message: click.echo(f"… {message}", err=True))
    report = run_check(url, timeout=timeout, progress=say, harvesters=None if portals else [], lang=language)
    if output == "json":
        click.echo(json.dumps(report.to_dict(language), ensure_ascii=False, indent=2))
    else:
        click.echo(report.render(language))
    if not report.ok:
        raise click.exceptions.Exit(EXIT_NONCONFORMANT)

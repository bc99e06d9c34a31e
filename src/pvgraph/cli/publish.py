"""``pvgraph publish OUTDIR [--base-url URL]``."""

from __future__ import annotations

from pathlib import Path

import click

from pvgraph import messages
from pvgraph.cli.build import progress_printer
from pvgraph.cli.options import settings_from, store_option
from pvgraph.store import open_store


@click.command()
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--base-url", metavar="URL", default=None,
              help="Where OUTDIR will be served from (download URLs in the catalogue). "
                   "[setting: base_url; default: public_base]")
@store_option
def publish(outdir: Path, base_url: str | None, store: str | None) -> None:
    """Write the dumps, the DCAT-AP catalogue (one file per profile and format), the datasets'
    pages, VoID and the sitemap into OUTDIR (progress and summary in the setting lang's language)."""
    from pvgraph.publish.bundle import named_queries
    from pvgraph.publish.bundle import publish as publish_bundle
    from pvgraph.server.catalog import static_dataset_page

    settings = settings_from(store=store, base_url=base_url)
    url = settings.base_url or settings.public_base
    with open_store(settings, read_only=True) as source:
        report = publish_bundle(source, outdir, url, queries=named_queries(settings.root),
                                public_base=settings.public_base, progress=progress_printer(),
                                render_page=lambda page: static_dataset_page(page, settings.lang),
                                lang=settings.lang)
    click.echo(report.summary(settings.lang))
    click.echo(messages.text("cli.publish-next", settings.lang, outdir=outdir, url=url,
                             catalogue=f"{url.rstrip('/')}/catalog-datagouv.ttl"))

"""``pvgraph query`` and ``pvgraph queries``."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from pvgraph import messages
from pvgraph.cli.options import settings_from, store_option
from pvgraph.errors import UserError, error
from pvgraph.formats import rdf_format, result_format
from pvgraph.queries import DEFAULT_PAGE_SIZE, Page, get_query, load_queries, read_page
from pvgraph.sparql import render_table, run_query, serialize_result
from pvgraph.sparql_text import query_form
from pvgraph.store import open_store
from pvgraph.text_table import query_prefixes

OUTPUT_FORMATS = ["table", "json", "xml", "csv", "tsv", "turtle", "ntriples", "jsonld", "rdfxml"]


@click.command()
@click.argument("name", required=False)
@click.option("--file", "file_", type=click.Path(dir_okay=False, path_type=Path), help="Run the query in this .rq file.")
@click.option("--sparql", "sparql_text", help="Run this SPARQL text.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A named question's parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default="table", show_default=True)
@click.option("--limit", type=int, metavar="N",
              help=f"A named question's page size (default {DEFAULT_PAGE_SIZE} rows).")
@click.option("--offset", type=int, metavar="N", help="Skip this many rows of a named question's answer (default 0).")
@click.option("--all", "all_rows", is_flag=True, help="A named question's whole answer, not one page.")
@click.option("--endpoint", metavar="URL", help="Send the query to this SPARQL endpoint instead of the store.")
@click.option("--width", type=click.IntRange(min=0), metavar="N",
              help="The table's width in characters (default: the terminal's; 0: no limit, cells in full).")
@store_option
def query(name: str | None, file_: Path | None, sparql_text: str | None, params: tuple[str, ...],
          fmt: str, limit: int | None, offset: int | None, all_rows: bool, endpoint: str | None,
          width: int | None, store: str | None) -> None:
    """Answer a named question (NAME), a query file or a SPARQL text.

    A named question's answer comes a page at a time (--limit, --offset; --all for everything);
    when a page is full, the command says on stderr how to get the next one."""
    settings = settings_from(store=endpoint or store)
    given = [x for x in (name, file_, sparql_text) if x]
    if len(given) != 1:
        raise error(UserError, "command.query-one-source")
    values = _parse_params(params)
    page = Page(None, 0)
    if name:
        question = get_query(settings.root / "ontology" / "queries", name)
        if all_rows and (limit is not None or offset is not None):
            raise error(UserError, "command.all-with-limit", name=name)
        if not all_rows:
            page = read_page(question, limit, offset)
        text = question.sparql(values, limit=page.limit, offset=page.offset)
    else:
        if values or limit is not None or offset is not None or all_rows:
            raise error(UserError, "command.named-only")
        text = file_.read_text(encoding="utf-8") if file_ else str(sparql_text)
    with open_store(settings, read_only=not endpoint) as target:
        result = run_query(target, text, max_rows=None)
    if fmt == "table":
        columns = shutil.get_terminal_size().columns if width is None else width
        click.echo(render_table(result, width=columns or None, prefixes=query_prefixes(text)))
    else:
        form = query_form(text)
        out = rdf_format(fmt) if form in ("construct", "describe") else result_format(fmt)
        click.echo(serialize_result(result, out).decode("utf-8"), nl=False)
    if page.limit is not None and result.kind == "select" and len(result) >= page.limit:
        click.echo(messages.text("cli.next-page", settings.lang, limit=page.limit, first=page.offset + 1,
                                 next=page.offset + page.limit), err=True)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def queries(fmt: str) -> None:
    """List the named questions."""
    import json

    settings = settings_from()
    catalogue = load_queries(settings.root / "ontology" / "queries")
    if fmt == "json":
        click.echo(json.dumps([q.to_dict() for q in catalogue.values()], ensure_ascii=False, indent=2))
        return
    for q in catalogue.values():
        params = " ".join(f"[--param {p.name}={p.default}]" for p in q.parameters)
        click.echo(f"{q.id} {params}".rstrip())
        click.echo(f"    fr: {q.question_fr}\n    en: {q.question_en}")


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise error(UserError, "command.bad-param", item=item)
        values[key.strip()] = value
    return values

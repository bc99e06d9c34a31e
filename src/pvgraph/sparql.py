"""Running SPARQL and writing its answers in the standard formats.

Results travel as :class:`pvgraph.store.QueryResult`. They are written as SPARQL JSON here, and
every other result format is produced from that JSON by pyoxigraph's own serialisers, so that we
write one small, well-specified serialiser and reuse the engine's for XML, CSV and TSV.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

import pyoxigraph as ox

from pvgraph.errors import QueryError, error
from pvgraph.formats import RdfFormat, ResultFormat
from pvgraph.namespaces import PREFIXES
from pvgraph.sparql_text import query_form
from pvgraph.store import QueryResult, Store, Term
from pvgraph.text_table import render as render_text_table


def run_query(
    store: Store,
    text: str,
    *,
    default_graphs: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
    max_rows: int | None = None,
    base_iri: str | None = None,
    union_default_graph: bool = True,
) -> QueryResult:
    """Run a query (never an update) on a store."""
    if query_form(text) == "update":
        raise error(QueryError, "sparql.update-not-query")
    return store.query(text, default_graphs=default_graphs, named_graphs=named_graphs,
                       max_rows=max_rows, base_iri=base_iri, union_default_graph=union_default_graph)


def result_to_json(result: QueryResult) -> dict[str, object]:
    """The SPARQL 1.1 Query Results JSON document of a SELECT or ASK result."""
    if result.kind == "ask":
        return {"head": {}, "boolean": bool(result.boolean)}
    bindings = []
    for row in result.rows:
        bindings.append(
            {name: term_to_json(term) for name, term in zip(result.variables, row, strict=True)
             if term is not None}
        )
    return {"head": {"vars": result.variables}, "results": {"bindings": bindings}}


def term_to_json(term: Term) -> dict[str, str]:
    """One RDF term in the SPARQL JSON results encoding."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    raise TypeError(f"cannot write {term!r} in SPARQL JSON")


def serialize_result(result: QueryResult, fmt: ResultFormat | RdfFormat) -> bytes:
    """A query result in the requested format (result formats for SELECT/ASK, RDF for graphs)."""
    if result.kind == "graph":
        if not isinstance(fmt, RdfFormat):
            raise error(QueryError, "sparql.graph-format", format=fmt.name)
        return serialize_triples(result.triples, fmt)
    if not isinstance(fmt, ResultFormat):
        raise error(QueryError, "sparql.result-format", kind=result.kind.upper(), format=fmt.name)
    data = json.dumps(result_to_json(result), ensure_ascii=False).encode("utf-8")
    if fmt.name == "json":
        return data
    parsed = ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
    out = parsed.serialize(format=fmt.oxigraph)
    assert out is not None  # no output file given: the bytes are returned
    return out


def serialize_triples(triples: Sequence[ox.Triple] | Sequence[ox.Quad], fmt: RdfFormat) -> bytes:
    """Triples (or quads, for dataset formats) with the project's prefixes where the format has them."""
    prefixes = PREFIXES if fmt.name in ("turtle", "trig", "rdfxml") else None
    out = (ox.serialize([ox.Triple(t.subject, t.predicate, t.object) for t in triples],
                        format=fmt.oxigraph, prefixes=prefixes) if not fmt.datasets else
           ox.serialize([t if isinstance(t, ox.Quad) else ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
                         for t in triples], format=fmt.oxigraph, prefixes=prefixes))
    assert out is not None  # no output file given: the bytes are returned
    return out


def compact(term: Term | None) -> str:
    """A term as a person reads it: prefixed IRIs, plain literals with language tags."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in PREFIXES.items():
            if term.value.startswith(namespace) and re.fullmatch(r"[\w.-]*", term.value[len(namespace):]):
                return f"{prefix}:{term.value[len(namespace):]}"
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if term.language:
        return f"{term.value}@{term.language}"
    return term.value


def render_table(result: QueryResult, *, width: int | None = None, prefixes: dict[str, str] | None = None) -> str:
    """A plain-text table for terminals (``pvgraph.text_table``): labels first, IRIs compacted with
    the graph's prefixes (and ``prefixes``, e.g. the query's own), lines cut to ``width``."""
    if result.kind == "ask":
        return "yes" if result.boolean else "no"
    if result.kind == "graph":
        return serialize_triples(result.triples, _turtle()).decode("utf-8")
    return render_text_table(result.variables, result.rows, width=width, prefixes=prefixes, truncated=result.truncated)


def _turtle() -> RdfFormat:
    from pvgraph.formats import rdf_format

    return rdf_format("turtle")

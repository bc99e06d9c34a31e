"""What a dataset's landing page says: the dataset, its files, and SPARQL to start with.

Why: the catalogue's ``dcat:landingPage`` of each dataset must be a page about that dataset
(portals link to it as "see the source"), served by the server at ``/datasets/{key}`` and
written by ``pvgraph publish`` as ``datasets/{key}.html``. This module builds the page's content
from the same declarations the catalogue uses; the HTML is the templates' job.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from pvgraph.publish.dumps import Manifest
from pvgraph.publish.parts import FREQUENCY_LABELS, PARTS, WHOLE, Part
from pvgraph.queries import NamedQuery


@dataclass(frozen=True)
class PageFile:
    name: str
    url: str
    label: str
    media_type: str
    gzipped: bool
    triples: int
    byte_size: int
    sha256: str


@dataclass(frozen=True)
class Example:
    """A SPARQL query to run on this dataset, with a link that opens it in the editor."""

    title_fr: str
    title_en: str
    query: str
    run_url: str


@dataclass(frozen=True)
class DatasetPage:
    key: str
    iri: str
    title_fr: str
    title_en: str
    description_fr: str
    description_en: str
    rights_fr: str
    rights_en: str
    licence: str
    version: str
    keywords: tuple[str, ...]
    frequency_fr: str
    frequency_en: str
    temporal: tuple[str, str] | None
    graphs: tuple[str, ...]
    endpoint: str
    files: tuple[PageFile, ...]
    examples: tuple[Example, ...]
    questions: tuple[tuple[str, str, str, str], ...]
    """Named questions: (id, French wording, English wording, URL)."""


def published_parts(manifest: Manifest) -> list[Part]:
    """The parts that have dumps in this manifest (the whole graph first)."""
    return [p for p in (WHOLE, *PARTS) if manifest.for_part(p.key)]


def dataset_page(
    current: Part,
    manifest: Manifest,
    base_url: str,
    *,
    dataset_iri: str,
    dump_url: str = "dumps/",
    queries: Iterable[NamedQuery] = (),
) -> DatasetPage:
    """The page of one published part (``base_url`` ends with ``/``)."""
    endpoint = f"{base_url}sparql"
    frequency_fr, frequency_en = FREQUENCY_LABELS[current.frequency]
    files = tuple(
        PageFile(f.name, f"{base_url}{dump_url}{f.name}", f.dump_kind.label,
                 f.dump_kind.media_type, f.dump_kind.gzipped, f.triples, f.byte_size, f.sha256)
        for f in manifest.for_part(current.key)
    )
    examples = tuple(
        Example(fr, en, text, f"{base_url}editor?query={quote(text, safe='')}")
        for fr, en, text in _examples(current)
    )
    questions = tuple((q.id, q.question_fr, q.question_en, f"{base_url}queries/{q.id}")
                      for q in sorted(queries, key=lambda q: q.id))
    return DatasetPage(
        key=current.key, iri=dataset_iri, title_fr=current.title_fr, title_en=current.title_en,
        description_fr=current.description_fr, description_en=current.description_en,
        rights_fr=current.rights_fr, rights_en=current.rights_en, licence=current.licence,
        version=manifest.versions[current.key], keywords=current.keywords_fr,
        frequency_fr=frequency_fr, frequency_en=frequency_en, temporal=current.temporal,
        graphs=current.graphs, endpoint=endpoint, files=files, examples=examples,
        questions=questions,
    )


def _graph_clause(current: Part) -> str:
    if len(current.graphs) == 1:
        return f"GRAPH <{current.graphs[0]}>"
    return "VALUES ?g { " + " ".join(f"<{g}>" for g in current.graphs) + " }\n  GRAPH ?g"


def _examples(current: Part) -> list[tuple[str, str, str]]:
    """Queries that work on any part: what is in it, and a first look at its triples."""
    graph = _graph_clause(current)
    examples = [
        ("Les classes de ce jeu de données et leur nombre d'instances",
         "The classes of this dataset and how many instances each has",
         "SELECT ?class (COUNT(DISTINCT ?thing) AS ?things) WHERE {\n"
         f"  {graph} {{ ?thing a ?class }}\n"
         "}\nGROUP BY ?class\nORDER BY DESC(?things)"),
        ("Vingt triplets, pour voir à quoi ressemblent les données",
         "Twenty triples, to see what the data look like",
         "SELECT ?subject ?predicate ?object WHERE {\n"
         f"  {graph} {{ ?subject ?predicate ?object }}\n"
         "}\nLIMIT 20"),
    ]
    if current.concept_schemes_only:
        examples.insert(0, (
            "Les schémas de concepts et leurs concepts",
            "The concept schemes and their concepts",
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
            "SELECT ?scheme ?concept ?label WHERE {\n"
            f"  {graph} {{\n    ?concept skos:inScheme ?scheme ; skos:prefLabel ?label .\n"
            "    FILTER(lang(?label) = \"fr\")\n  }\n}\nORDER BY ?scheme ?label"))
    return examples

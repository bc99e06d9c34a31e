"""What the build recorded about each graph (graph ``meta``), read back for the catalogue.

Why a separate reader: ``pvgraph.build.provenance`` writes PROV-O into the meta graph; the
catalogue and the home page describe the datasets with it (sources, build, when, pvgraph
version). Reading it with one query here keeps that knowledge in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pvgraph.namespaces import META_GRAPH, PV
from pvgraph.store import Store

_QUERY = """
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?graph ?time ?activity ?ended ?software ?softwareTitle ?source ?sourceId ?sha256 WHERE {
  GRAPH <%(meta)s> {
    ?graph a prov:Entity .
    OPTIONAL { ?graph prov:generatedAtTime ?time }
    OPTIONAL {
      ?graph prov:wasGeneratedBy ?activity .
      OPTIONAL { ?activity prov:endedAtTime ?ended }
      OPTIONAL { ?activity prov:wasAssociatedWith ?software
                 OPTIONAL { ?software dct:title ?softwareTitle } }
    }
    OPTIONAL { ?graph prov:wasDerivedFrom ?source
               OPTIONAL { ?source dct:identifier ?sourceId }
               OPTIONAL { ?source <%(sha)s> ?sha256 } }
  }
}
"""


@dataclass(frozen=True)
class SourceFile:
    iri: str
    path: str | None
    sha256: str | None


@dataclass
class GraphProvenance:
    """How one named graph was produced."""

    graph: str
    generated: str | None = None  # xsd:dateTime lexical form
    activity: str | None = None
    ended: str | None = None
    software: str | None = None
    software_title: str | None = None
    sources: list[SourceFile] = field(default_factory=list)


def read_provenance(store: Store) -> dict[str, GraphProvenance]:
    """Each graph the build described, keyed by graph IRI (empty when the store has no meta)."""
    result = store.query(_QUERY % {"meta": META_GRAPH, "sha": PV["sha256"]})
    found: dict[str, GraphProvenance] = {}
    for row in result.strings():
        graph = row["graph"]
        entry = found.setdefault(graph, GraphProvenance(graph))
        for attr, var in (("generated", "time"), ("activity", "activity"), ("ended", "ended"),
                          ("software", "software"), ("software_title", "softwareTitle")):
            term = row.get(var)
            if term is not None and getattr(entry, attr) is None:
                setattr(entry, attr, term)
        if row.get("source") is not None:
            source = SourceFile(row["source"], row.get("sourceId"), row.get("sha256"))
            if source not in entry.sources:
                entry.sources.append(source)
    for entry in found.values():
        entry.sources.sort(key=lambda s: s.iri)
    return found

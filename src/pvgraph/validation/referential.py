"""Checks against the territorial referential: does this commune code, this SIREN exist?

A shape can check that an INSEE code has five characters and that a SIREN's check digit is right,
but not that the commune or the organisation exists: that needs the referential (34 875 communes),
far too big to put in every data graph given to pySHACL. So the codes a submission uses are
looked up in the store's referential graph (``graph/referential``, written by the build from
``data/referential/``), in one query per kind, and each unknown one becomes a result.

An unknown commune code is a violation (the referential holds every commune). An unknown SIREN
is a warning: the referential holds communes and groupings, not every legal person that can lead
a project. A SIREN whose check digit is wrong is the shapes' business only (one message, not two).

A submission may also name a commune, an EPCI or their territories by their referential IRI
(``id/territory/commune/01053``, ``id/organisation/200071751``), the form the report recommends,
without describing them again: :func:`referential_context` fetches what the referential says
about them (type, name, codes, the organisation that governs a territory) so that the shapes see
them described; results about those records themselves are not the submission's business and
are left out. An IRI of that form the referential does not know is a violation of its own.

Cross-checks (:func:`crosscheck_results`) compare what a submission says with what the
referential knows: a commune code whose commune has another name, a SIREN whose organisation
governs another commune (a row shifted by one in a spreadsheet) or has another name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import rdflib
from rdflib import RDF, RDFS, Literal, URIRef

from pvgraph import messages
from pvgraph.loading import to_rdflib_term
from pvgraph.namespaces import ID, ORG, PV, REFERENTIAL_GRAPH
from pvgraph.referential import siren_is_valid
from pvgraph.store import Store
from pvgraph.validation.explain import Namer, default_message, fill
from pvgraph.validation.report import VALIDATION_NS, Result, Severity, result_id, stable_key

UNKNOWN_INSEE = VALIDATION_NS + "UnknownInseeCodeConstraintComponent"
UNKNOWN_SIREN = VALIDATION_NS + "UnknownSirenConstraintComponent"
UNKNOWN_IRI = VALIDATION_NS + "UnknownReferentialIriConstraintComponent"
NAME_MISMATCH = VALIDATION_NS + "ReferentialNameMismatchConstraintComponent"
SIREN_CODE_MISMATCH = VALIDATION_NS + "SirenCodeMismatchConstraintComponent"
REFERENTIAL_PREFIXES = (str(ID) + "territory/", str(ID) + "organisation/")
# What an IRI of the referential is, from its form alone (used when no referential is at hand).
IRI_KINDS = (
    (re.compile(re.escape(str(ID)) + r"territory/commune/(?:[0-9]{2}|2[AB])[0-9]{3}$"), PV.CommuneTerritory),
    (re.compile(re.escape(str(ID)) + r"territory/epci/[0-9]{9}$"), PV.EPCITerritory),
    (re.compile(re.escape(str(ID)) + r"territory/departement/(?:[0-9]{2}|2[AB]|97[1-8])$"), PV.DepartementTerritory),
    (re.compile(re.escape(str(ID)) + r"territory/region/[0-9]{2}$"), PV.RegionTerritory),
    (re.compile(re.escape(str(ID)) + r"organisation/[0-9]{9}$"), ORG.FormalOrganization),
    (re.compile(re.escape(str(ID)) + r"organisation/departement/(?:[0-9]{2}|97[1-8])$"), PV.Departement),
    (re.compile(re.escape(str(ID)) + r"organisation/region/[0-9]{2}$"), PV.Region),
)
CHUNK = 400
INSEE_COMMUNE = re.compile(r"^(?:[0-9]{2}|2[AB])[0-9]{3}$")
SIREN = re.compile(r"^[0-9]{9}$")

# The patterns of pvgraph.referential.KNOWN_COMMUNES_QUERY / KNOWN_SIRENS_QUERY, restricted to the
# codes of the submission so that the store answers from its indexes.
COMMUNE_QUERY = """
PREFIX pv: <{pv}>
SELECT DISTINCT ?code WHERE {{
  VALUES ?code {{ {values} }}
  GRAPH <{graph}> {{ ?t a pv:CommuneTerritory ; pv:inseeCode ?code }}
}}"""
SIREN_QUERY = """
PREFIX pv: <{pv}>
SELECT DISTINCT ?code WHERE {{ VALUES ?code {{ {values} }} GRAPH <{graph}> {{ ?o pv:siren ?code }} }}
"""


def has_referential(store: Store) -> bool:
    """Whether the store holds a referential graph at all (an empty one would make every code unknown)."""
    result = store.query(f"ASK {{ GRAPH <{REFERENTIAL_GRAPH}> {{ ?s ?p ?o }} }}")
    return bool(result.boolean)


VINTAGE_QUERY = """
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?title ?year WHERE {{ GRAPH <{graph}> {{ ?source a dct:BibliographicResource ; dct:title ?title ;
                                                    dct:temporal ?year }} }} ORDER BY ?title LIMIT 1"""


def referential_vintage(store: Store) -> str | None:
    """The referential's vintage and source as the build recorded them ("2026,
    @etalab/decoupage-administratif 6.0.0"), for the report's provenance line."""
    rows = store.query(VINTAGE_QUERY.format(graph=str(REFERENTIAL_GRAPH)))
    for year, title in zip(rows.values("year"), rows.values("title"), strict=False):
        if year is not None:
            return f"{year} ({title})" if title else str(year)
    return None


def is_referential_iri(node: rdflib.term.Node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(REFERENTIAL_PREFIXES)


def referential_links(data: rdflib.Graph) -> list[URIRef]:
    """The referential IRIs a submission names (as a value, or as a record it adds to)."""
    found = set()
    for s, _p, o in data:  # one pass over the triples (a submission can hold 250 000)
        if is_referential_iri(o):
            found.add(o)
        if is_referential_iri(s):
            found.add(s)
    return sorted(found)  # type: ignore[arg-type]


@dataclass
class Context:
    """What the referential says about the records a submission only links to."""

    triples: rdflib.Graph = field(default_factory=rdflib.Graph)
    only: set[rdflib.term.Node] = field(default_factory=set)  # records the submission does not describe
    unknown: list[URIRef] = field(default_factory=list)  # referential-form IRIs the referential lacks
    checked: bool = True  # False: inferred from the IRIs' form, no referential at hand


# What the referential says about the records named (their own triples), about what those records
# link to (type, name, code: the territory an organisation governs), and which organisation
# governs a territory named. Three plain queries rather than one with UNION and BIND, which some
# SPARQL engines (Virtuoso 7) evaluate wrongly.
CONTEXT_QUERIES = (
    """SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} GRAPH <{graph}> {{ ?s ?p ?o }} }}""",
    """PREFIX pv: <{pv}>
SELECT ?s ?p ?o WHERE {{ VALUES ?x {{ {values} }} VALUES ?p {{ <{rdf_type}> <{rdfs_label}> pv:inseeCode }}
  GRAPH <{graph}> {{ ?x ?q ?s . ?s ?p ?o }} }}""",
    """PREFIX pv: <{pv}>
SELECT ?s ?p ?o WHERE {{ VALUES ?x {{ {values} }} VALUES ?p {{ <{rdf_type}> <{rdfs_label}> pv:governs pv:siren }}
  GRAPH <{graph}> {{ ?s pv:governs ?x . ?s ?p ?o }} }}""",
)


def referential_context(data: rdflib.Graph, links: list[URIRef], referential: Store | None) -> Context:
    """The referential's description of the records ``data`` links to; only what ``data`` does
    not say itself (a record's own name is not doubled by the referential's). Without a
    referential, each IRI gets the type its form announces, and nothing else."""
    context = Context(checked=referential is not None)
    described = set(data.subjects())
    if referential is None:
        for iri in links:
            kind = next((k for pattern, k in IRI_KINDS if pattern.match(str(iri))), None)
            if kind is not None and (iri, RDF.type, None) not in data:
                context.triples.add((iri, RDF.type, kind))
        context.only = {s for s in context.triples.subjects() if s not in described}
        return context
    known: set[str] = set()
    for start in range(0, len(links), CHUNK):
        chunk = links[start:start + CHUNK]
        values = " ".join(f"<{iri}>" for iri in chunk)
        for number, query in enumerate(CONTEXT_QUERIES):
            sparql = query.format(pv=str(PV), graph=str(REFERENTIAL_GRAPH), values=values,
                                  rdf_type=str(RDF.type), rdfs_label=str(RDFS.label))
            result = referential.query(sparql)
            for row in result.rows:
                if any(term is None for term in row):
                    continue
                s, p, o = (to_rdflib_term(t) for t in row)  # type: ignore[arg-type]
                if number == 0:
                    known.add(str(s))
                if (s, p, None) in data:
                    continue
                context.triples.add((s, p, o))
    context.unknown = [iri for iri in links if str(iri) not in known]
    context.only = {s for s in context.triples.subjects() if s not in described}
    return context


def unknown_iri_results(data: rdflib.Graph, context: Context, *, lang: str) -> list[Result]:
    """One violation per record and referential IRI it names that the referential does not know."""
    namer = Namer(data, lang)
    out: list[Result] = []
    unknown = set(context.unknown)
    for s, p, o in sorted(data, key=lambda t: (str(t[0]), str(t[1]), str(t[2]))):
        if o not in unknown:
            continue
        focus = stable_key(data, s)
        value = namer.term(o)
        out.append(_result(UNKNOWN_IRI, Severity.VIOLATION, focus, namer.label(s), p, value, namer, lang,
                           subject=s, value_term=o))
    return out


def _result(component: str, severity: Severity, focus: str, label: str, path: rdflib.term.Node, value: str,
            namer: Namer, lang: str, *, subject: rdflib.term.Node, value_term: rdflib.term.Node | None,
            param: str = "", message: str | None = None) -> Result:
    text = message or fill(default_message(component.rsplit("#", 1)[-1], lang), this=label,
                           path=namer.iri(str(path)), value=value, param=param, suggestion="")
    return Result(
        id=result_id(focus, str(path), component, None, value),
        severity=severity, focus_node=focus, focus_label=label, path=str(path),
        path_label=namer.iri(str(path)), value=value, message=text, component=component, shape=None,
        source="referential", focus_term=subject, value_term=value_term,
    )


# -- cross-checks --------------------------------------------------------------------------------

ABBREVIATIONS = {"cc": "communaute de communes", "ca": "communaute d agglomeration",
                 "cu": "communaute urbaine", "st": "saint", "ste": "sainte"}


def normalise_name(text: str) -> str:
    """A name for comparison: no case, accents or punctuation; CC/CA/CU and St/Ste spelt out."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = re.sub(r"[^0-9a-z]+", " ", text).split()
    return " ".join(ABBREVIATIONS.get(w, w) for w in words)


def names_match(given: Iterable[str], official: str) -> bool:
    """Whether one of the names given contains the official name or is contained in it, as
    whole words ("Territoire de Bourg-en-Bresse" matches "Bourg-en-Bresse")."""
    ref = f" {normalise_name(official)} "
    for name in given:
        mine = f" {normalise_name(name)} "
        if ref in mine or mine in ref:
            return True
    return False


COMMUNES_QUERY = """
PREFIX pv: <{pv}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?code ?label WHERE {{
  VALUES ?code {{ {values} }}
  GRAPH <{graph}> {{ ?t a pv:CommuneTerritory ; pv:inseeCode ?code ; rdfs:label ?label }}
}}"""
SIRENS_QUERY = """
PREFIX pv: <{pv}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?siren ?label ?code WHERE {{
  VALUES ?siren {{ {values} }}
  GRAPH <{graph}> {{ ?o pv:siren ?siren ; rdfs:label ?label OPTIONAL {{ ?o pv:governs/pv:inseeCode ?code }} }}
}}"""


def crosscheck_results(data: rdflib.Graph, merged: rdflib.Graph, referential: Store, *,
                       lang: str) -> list[Result]:
    """What the submission says against what the referential knows (see the module docstring).

    ``data`` is the submission as sent (its own names and codes); ``merged`` adds the referential
    context (the code of a territory named by its referential IRI only).
    """
    namer = Namer(merged, lang)
    described = set(data.subjects())
    territories = [(s, str(o)) for s, o in merged.subject_objects(PV.inseeCode)
                   if s in described and (s, RDF.type, PV.CommuneTerritory) in merged
                   and INSEE_COMMUNE.match(str(o))]
    organisations = [(s, str(o)) for s, o in data.subject_objects(PV.siren)
                     if SIREN.match(str(o)) and siren_is_valid(str(o))]
    communes = _rows(referential, COMMUNES_QUERY, sorted({c for _, c in territories}), "code", ("label",))
    sirens = _rows(referential, SIRENS_QUERY, sorted({c for _, c in organisations}), "siren", ("label", "code"))
    out: list[Result] = []
    for subject, code in territories:
        names = [str(label) for label in data.objects(subject, RDFS.label)]
        official = communes.get(code)
        if official and names and not names_match(names, official[0]):
            out.append(_result(NAME_MISMATCH, Severity.WARNING, stable_key(data, subject), namer.label(subject),
                               PV.inseeCode, f'"{code}"', namer, lang, subject=subject,
                               value_term=Literal(code), param=official[0]))
    for subject, siren in organisations:
        official = sirens.get(siren)
        if official is None:
            continue
        official_name, official_code = official
        names = [str(label) for label in data.objects(subject, RDFS.label)]
        if names and not names_match(names, official_name):
            out.append(_result(NAME_MISMATCH, Severity.WARNING, stable_key(data, subject), namer.label(subject),
                               PV.siren, f'"{siren}"', namer, lang, subject=subject,
                               value_term=Literal(siren), param=official_name))
        if not official_code:
            continue
        for territory in merged.objects(subject, PV.governs):
            given = merged.value(territory, PV.inseeCode)
            if (territory, RDF.type, PV.CommuneTerritory) not in merged or given is None \
                    or str(given) == official_code:
                continue
            given_name = communes.get(str(given), (namer.label(territory),))[0]
            param = f"{messages.text('typography.quoted', lang, text=official_name)} ({official_code})"
            text = fill(default_message(SIREN_CODE_MISMATCH.rsplit("#", 1)[-1], lang), this=namer.label(subject),
                        path=namer.iri(str(PV.siren)), value=f'"{siren}"', param=param,
                        suggestion=f'"{given}" ({given_name})')
            out.append(_result(SIREN_CODE_MISMATCH, Severity.VIOLATION, stable_key(data, subject),
                               namer.label(subject), PV.siren, f'"{siren}"', namer, lang, subject=subject,
                               value_term=Literal(siren), message=text))
    return out


def _rows(referential: Store, query: str, keys: list[str], key: str,
          columns: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start:start + CHUNK]
        if not chunk:
            continue
        values = " ".join(f'"{k}"' for k in chunk)
        result = referential.query(query.format(pv=str(PV), graph=str(REFERENTIAL_GRAPH), values=values))
        cols = [result.values(key)] + [result.values(c) for c in columns]
        for row in zip(*cols, strict=True):
            if row[0] is not None and row[0] not in out:
                out[row[0]] = tuple(v or "" for v in row[1:])
    return out


def referential_results(data: rdflib.Graph, referential: Store, *, lang: str) -> list[Result]:
    """Results for the commune codes and SIRENs of ``data`` that the referential does not know.

    Only well-formed codes are looked up (malformed ones are the shapes' business), so the values
    inlined in the query are digits and the letters A and B only.
    """
    communes = [
        (s, o) for s, o in data.subject_objects(PV.inseeCode)
        if (s, RDF.type, PV.CommuneTerritory) in data and isinstance(o, Literal) and INSEE_COMMUNE.match(str(o))
    ]
    # A SIREN whose check digit is wrong is already a violation of the shapes: not looked up too.
    sirens = [(s, o) for s, o in data.subject_objects(PV.siren)
              if isinstance(o, Literal) and SIREN.match(str(o)) and siren_is_valid(str(o))]
    out: list[Result] = []
    namer = Namer(data, lang)
    for pairs, query, component, severity, path in (
        (communes, COMMUNE_QUERY, UNKNOWN_INSEE, Severity.VIOLATION, PV.inseeCode),
        (sirens, SIREN_QUERY, UNKNOWN_SIREN, Severity.WARNING, PV.siren),
    ):
        if not pairs:
            continue
        known = _known(referential, query, sorted({str(o) for _, o in pairs}))
        for subject, code in pairs:
            if str(code) in known:
                continue
            focus = stable_key(data, subject)
            value = f'"{code}"'
            out.append(Result(
                id=result_id(focus, str(path), component, None, value),
                severity=severity,
                focus_node=focus,
                focus_label=namer.label(subject),
                path=str(path),
                path_label=namer.iri(str(path)),
                value=value,
                message=fill(default_message(component.rsplit("#", 1)[-1], lang), this=namer.label(subject),
                             path=namer.iri(str(path)), value=value, param="", suggestion=""),
                component=component,
                shape=None,
                source="referential",
                focus_term=subject,
                value_term=code,
            ))
    return out


def _known(referential: Store, query: str, codes: list[str]) -> set[str]:
    values = " ".join(f'"{code}"' for code in codes)
    sparql = query.format(pv=str(PV), values=values, graph=str(REFERENTIAL_GRAPH))
    result = referential.query(sparql)
    return {v for v in result.values("code") if v is not None}

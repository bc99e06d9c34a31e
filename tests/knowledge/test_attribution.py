"""Whose word is it? Every statement of data/study/ and every definition of ontology/ is attributed
to the work it comes from: the presentation, a work it cites, the law (or INSEE), or pvgraph.

The mechanism (ontology/README.md, "Whose word it is"):
- in ontology/, every pv: term has dct:source (what pvgraph took it from), pv:definitionSource (who
  wrote its skos:definition) and, when the presentation credits the notion to a cited work,
  pv:creditedTo;
- in data/study/, every resource has dct:source, which covers its triples; a triple that rests on
  something else is reified as an rdf:Statement with its own dct:source (the law, for case D's open
  syndicat mixte), which then overrides.

`pytest -v` lists every attribution: one test id per term and per study resource, naming the
sources. The texts credited to the presentation are checked against the presentation itself
(data/study/source/, a copy of the seed): a definition attributed to it must be its very words.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from tests.conftest import require_or_skip

from .helpers import PV, REPO, turtle_files

SRC = "https://w3id.org/pvgraph/id/source/"
PVN = rdflib.Namespace(PV)
BIBO = rdflib.Namespace("http://purl.org/ontology/bibo/")
PRESENTATION = rdflib.URIRef(SRC + "presentation")
PVGRAPH = rdflib.URIRef(SRC + "pvgraph")
SEED = REPO / "data" / "study" / "source" / "territoires-numeriques-valeur-publique.txt"


def _graph(paths: list[Path]) -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


ONTOLOGY = _graph(turtle_files(REPO / "ontology"))
STUDY = _graph(turtle_files(REPO / "data" / "study"))
WORKS = {s for s in ONTOLOGY.subjects(RDF.type, None) if str(s).startswith(SRC)}
REFERENCED = set(ONTOLOGY.objects(PRESENTATION, DCTERMS.references))


def kind_of(source: rdflib.term.Node) -> str:
    """The four kinds of attribution the project allows."""
    if source == PRESENTATION:
        return "presentation"
    if source == PVGRAPH:
        return "pvgraph"
    if (source, RDF.type, BIBO.Legislation) in ONTOLOGY or source == rdflib.URIRef(SRC + "insee-legal-categories"):
        return "law"
    return "cited author"


def short(term: rdflib.term.Node) -> str:
    text = str(term)
    for prefix, namespace in (("src:", SRC), ("pv:", PV), ("study:", "https://w3id.org/pvgraph/id/study/"),
                              ("case:", "https://w3id.org/pvgraph/id/case/"),
                              ("project:", "https://w3id.org/pvgraph/id/project/")):
        if text.startswith(namespace):
            return prefix + text[len(namespace):]
    return text


# --- the ontology: every term and every definition ---------------------------------------------------

TERMS = sorted(t for t in ONTOLOGY.subjects(RDFS.isDefinedBy, rdflib.URIRef("https://w3id.org/pvgraph/ontology"))
               if str(t).startswith(PV))


def _term_id(term: rdflib.URIRef) -> str:
    parts = [f"source={','.join(sorted(short(s) for s in ONTOLOGY.objects(term, DCTERMS.source)))}",
             f"definition={','.join(sorted(short(s) for s in ONTOLOGY.objects(term, PVN.definitionSource)))}"]
    credited = sorted(short(s) for s in ONTOLOGY.objects(term, PVN.creditedTo))
    if credited:
        parts.append(f"credited={','.join(credited)}")
    return f"{short(term)} <- {' '.join(parts)}"


def test_the_ontology_has_terms_and_works() -> None:
    assert len(TERMS) > 150
    assert {PRESENTATION, PVGRAPH, rdflib.URIRef(SRC + "cgct-l5721-2")} <= WORKS


@pytest.mark.parametrize("term", TERMS, ids=_term_id)
def test_every_term_and_definition_is_attributed(term: rdflib.URIRef) -> None:
    sources = set(ONTOLOGY.objects(term, DCTERMS.source))
    assert sources and sources <= WORKS, f"{term}: dct:source {sources} is not a known work"
    definitions = list(ONTOLOGY.objects(term, SKOS.definition))
    authors = set(ONTOLOGY.objects(term, PVN.definitionSource))
    assert definitions, term
    assert len(authors) == 1 and authors <= WORKS, f"{term}: pv:definitionSource {authors}"
    credited = set(ONTOLOGY.objects(term, PVN.creditedTo))
    # only the presentation credits notions to works, and only to works it cites
    assert credited <= REFERENCED, credited - REFERENCED
    assert not credited or PRESENTATION in sources, term


def test_attributions_by_kind() -> None:
    """Every attribution is one of the four kinds; each kind is used (so the check is not empty)."""
    kinds: dict[str, set[str]] = defaultdict(set)
    for term in TERMS:
        for source in ONTOLOGY.objects(term, DCTERMS.source):
            kinds[kind_of(source)].add(short(term))
        for source in ONTOLOGY.objects(term, PVN.creditedTo):
            kinds[kind_of(source)].add(short(term))
    assert set(kinds) == {"presentation", "pvgraph", "law", "cited author"}


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("\u00a0", " ")
    text = re.sub(r"-\s*\n\s*", "-", text)           # a word broken across two lines of the slide
    return re.sub(r"\s+", " ", text).strip().rstrip(".").lower()


@pytest.fixture(scope="module")
def seed() -> str:
    require_or_skip(SEED.exists(), f"the presentation's text is not at {SEED}")
    return _normalise(SEED.read_text(encoding="utf-8"))


def test_definitions_credited_to_the_presentation_are_its_words(seed: str) -> None:
    """"Only text the source gives is attributed to it": a definition whose pv:definitionSource is
    the presentation is, in French, the presentation's own wording."""
    verbatim = sorted(ONTOLOGY.subjects(PVN.definitionSource, PRESENTATION))
    assert len(verbatim) == 8  # the three difficulties, the recommendation and its four clauses
    for term in verbatim:
        (french,) = [d for d in ONTOLOGY.objects(term, SKOS.definition) if d.language == "fr"]
        assert _normalise(str(french)) in seed, term


def test_definitions_written_by_pvgraph_are_not_the_presentations_words(seed: str) -> None:
    """The converse, for long definitions: a pvgraph definition does not copy the presentation."""
    for term in ONTOLOGY.subjects(PVN.definitionSource, PVGRAPH):
        for definition in ONTOLOGY.objects(term, SKOS.definition):
            text = _normalise(str(definition))
            if definition.language == "fr" and len(text) > 60:
                assert text not in seed, term


def test_citations_are_the_presentations_and_identification_is_pvgraphs(seed: str) -> None:
    """pv:citedAs is the reference as the presentation prints it; anything more (title, DOI,
    bibliographic citation) is pvgraph's identification and says so; a work the presentation gives
    only by author and year carries no identification, and says what is left open."""
    assert {rdflib.URIRef(SRC + w) for w in
                          ("moore-1995", "harrison-2012", "carassus-2020", "frucquet-2021", "walravens-2015")} == REFERENCED
    for work in REFERENCED:
        (cited,) = ONTOLOGY.objects(work, PVN.citedAs)
        assert _normalise(str(cited)) in seed, work
        identified = any(next(ONTOLOGY.objects(work, p), None) is not None
                         for p in (DCTERMS.title, BIBO.doi, DCTERMS.bibliographicCitation))
        if identified:
            assert set(ONTOLOGY.objects(work, PVN.identifiedBy)) == {PVGRAPH}, work
        else:
            assert list(ONTOLOGY.objects(work, PVN.leftOpen)), work
    harrison = [w for w in WORKS if "harrison" in str(w)]
    assert harrison == [rdflib.URIRef(SRC + "harrison-2012")], "one entry for the one citation"
    walravens = rdflib.URIRef(SRC + "walravens-2015")
    assert not list(ONTOLOGY.objects(walravens, DCTERMS.title)) and not list(ONTOLOGY.objects(walravens, BIBO.doi))
    assert "telecommunications" not in ONTOLOGY.serialize(format="nt").lower()


def test_works_not_cited_by_the_presentation_say_so() -> None:
    """Cresswell et al. (2006), INSEE and the law are pvgraph's additions, never the presentation's."""
    for work in WORKS - REFERENCED - {PRESENTATION, PVGRAPH}:
        assert not list(ONTOLOGY.objects(work, PVN.citedAs)), work
        assert kind_of(work) == "law" or list(ONTOLOGY.objects(work, SKOS.editorialNote)), work


# --- the study: every statement -----------------------------------------------------------------------

def _reified() -> dict[tuple, set[rdflib.term.Node]]:
    override: dict[tuple, set[rdflib.term.Node]] = {}
    for node in STUDY.subjects(RDF.type, RDF.Statement):
        triple = (STUDY.value(node, RDF.subject), STUDY.value(node, RDF.predicate), STUDY.value(node, RDF.object))
        override[triple] = set(STUDY.objects(node, DCTERMS.source))
    return override


OVERRIDES = _reified()
STUDY_SUBJECTS = sorted({s for s in STUDY.subjects() if isinstance(s, rdflib.URIRef)})


def attribution(triple: tuple) -> set[rdflib.term.Node]:
    """The sources of one study triple: its reified statement's, else its subject's."""
    return OVERRIDES.get(triple) or set(STUDY.objects(triple[0], DCTERMS.source))


def _subject_id(subject: rdflib.URIRef) -> str:
    by_source: dict[str, set[str]] = defaultdict(set)
    for s, p, o in STUDY.triples((subject, None, None)):
        for source in attribution((s, p, o)):
            by_source[short(source)].add(short(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1])
    return f"{short(subject)} <- " + " ".join(f"{src}[{len(preds)} properties]" for src, preds in sorted(by_source.items()))


def test_the_study_has_statements() -> None:
    assert len(STUDY) > 200 and len(STUDY_SUBJECTS) > 30


@pytest.mark.parametrize("subject", STUDY_SUBJECTS, ids=_subject_id)
def test_every_study_statement_is_attributed(subject: rdflib.URIRef) -> None:
    for triple in STUDY.triples((subject, None, None)):
        sources = attribution(triple)
        assert sources and sources <= WORKS, f"unattributed: {triple}"


def test_every_reified_statement_is_asserted_and_not_the_presentations() -> None:
    """An override names a triple the study asserts, and a source other than the presentation
    (otherwise it would not be needed): here, CGCT L5711-1 and L5721-2 for the open syndicat mixte."""
    assert OVERRIDES
    for triple, sources in OVERRIDES.items():
        assert triple in STUDY, triple
        assert sources and PRESENTATION not in sources and {kind_of(s) for s in sources} == {"law"}, triple
    syndicat = rdflib.URIRef("https://w3id.org/pvgraph/id/study/organisation-case-d-syndicat-mixte")
    assert attribution((syndicat, RDF.type, PVN.SyndicatMixteOuvert)) == {
        rdflib.URIRef(SRC + "cgct-l5711-1"), rdflib.URIRef(SRC + "cgct-l5721-2")}
    assert attribution((syndicat, RDF.type, PVN.SyndicatMixte)) == {PRESENTATION}


def test_the_study_reports_as_findings_only_what_it_finds() -> None:
    """The seven labels and the context factors come from the introduction, the objectives'
    characteristics and the action types from a slide credited to Frucquet et al. (2021): none is a
    finding of the study, and none of the presentation's examples is a value-creation statement."""
    findings = {(p, o) for s, p, o in STUDY if str(p).startswith(PV) and
                (p, RDFS.subPropertyOf, PVN.reportsFinding) in ONTOLOGY}
    assert {p for p, _o in findings} == {PVN.identifiesDifficulty, PVN.makesRecommendation}
    assert {o for p, o in findings if p == PVN.makesRecommendation} == {PVN.DesignDigitalUsesPolicies}
    assert not list(STUDY.subjects(RDF.type, PVN.ValueCreationStatement))
    assert not list(STUDY.triples((None, PVN.findingOf, None)))


def test_what_the_source_leaves_open_is_recorded() -> None:
    """pv:leftOpen says what the presentation does not say, where pvgraph would otherwise guess."""
    open_things = {short(s) for s in set(STUDY.subjects(PVN.leftOpen, None)) | set(ONTOLOGY.subjects(PVN.leftOpen, None))}
    assert {"study:period-2021-2023", "study:organisation-case-d-syndicat-mixte", "study:alliance-case-a",
            "study:organisation-case-a-epci", "pv:SurveillanceCapitalismShift", "src:walravens-2015",
            "src:carassus-2020", "src:frucquet-2021"} <= open_things

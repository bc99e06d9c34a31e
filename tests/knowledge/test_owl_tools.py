"""The ontology checked by real OWL tools, not only by pvgraph's own reading of it.

- The OWL API's profile checker (the reference implementation of the OWL 2 profiles' structural
  restrictions; Debian's libowlapi-java, through the small runner java/ProfileCheck.java compiled
  here with javac) finds ontology/*.ttl in OWL 2 DL and in OWL 2 RL, as ontology/README.md claims.
- HermiT, a complete OWL 2 DL reasoner (the one owlready2 ships), finds the ontology consistent
  together with the study and the illustrative examples, in addition to owlrl's OWL 2 RL closure
  (test_ontology.py) and pvgraph's own clash rules (tests/reasoning).

Both are shown able to fail: a range outside the datatype map and a union are reported; a thing
typed both organisation and territory makes HermiT report an inconsistency.

`make test` installs what these need: libowlapi-java and a JDK (scripts/install-system-deps.sh),
owlready2 (pyproject.toml, test extra). Locally they skip when missing; under CI=true they fail.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import rdflib

from tests.conftest import require_or_skip

from .helpers import REPO, turtle_files

JAVA_DIR = Path("/usr/share/java")
OWLAPI_JAR = JAVA_DIR / "owlapi-distribution.jar"
RUNNER = Path(__file__).with_name("java") / "ProfileCheck.java"



def _classpath() -> str:
    """The OWL API and its dependencies as Debian installs them (the unversioned jar names)."""
    jars = sorted(p for p in JAVA_DIR.glob("*.jar") if not any(ch.isdigit() for ch in p.stem.rsplit("-", 1)[-1]))
    return ":".join(str(p) for p in jars)


@pytest.fixture(scope="module")
def profile_checker(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The command that runs the compiled runner: ``[*command, file.ttl, ...]``."""
    require_or_skip(OWLAPI_JAR.exists(), "the OWL API is not installed (Debian libowlapi-java)")
    require_or_skip(shutil.which("javac") is not None and shutil.which("java") is not None,
                    "no JDK (javac) to compile the profile checker")
    classes = tmp_path_factory.mktemp("profile-check")
    classpath = _classpath()
    subprocess.run(["javac", "-d", str(classes), "-cp", classpath, str(RUNNER)], check=True,
                   capture_output=True, timeout=300)
    return ["java", "-cp", f"{classes}:{classpath}", "ProfileCheck"]


def _check(command: list[str], files: list[Path]) -> tuple[int, list[str]]:
    done = subprocess.run([*command, *map(str, files)], capture_output=True, text=True, timeout=300)
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    assert done.returncode in (0, 1), done.stderr[-2000:]
    return done.returncode, lines


def test_the_ontology_is_in_owl_2_dl_and_owl_2_rl(profile_checker: list[str]) -> None:
    code, lines = _check(profile_checker, turtle_files(REPO / "ontology"))
    assert lines[-1] == "ok", "\n".join(lines[:40])
    assert code == 0


def test_the_profile_checker_reports_what_owl_2_rl_forbids(profile_checker: list[str], tmp_path: Path) -> None:
    """xsd:gYear is in no OWL 2 datatype map; a union is not allowed as a superclass in OWL 2 RL."""
    bad = tmp_path / "bad.ttl"
    bad.write_text("""
@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix ex: <https://w3id.org/pvgraph/id/test/> .
<https://w3id.org/pvgraph/id/test/onto> a owl:Ontology .
ex:A a owl:Class . ex:B a owl:Class . ex:C a owl:Class .
ex:C rdfs:subClassOf [ a owl:Class ; owl:unionOf ( ex:A ex:B ) ] .
ex:year a owl:DatatypeProperty ; rdfs:range xsd:gYear .
""", encoding="utf-8")
    code, lines = _check(profile_checker, [bad])
    assert code == 1
    rl = [line for line in lines if line.startswith("OWL 2 RL\t")]
    assert any("gYear" in line for line in rl), lines
    assert any("ObjectUnionOf" in line or "union" in line.lower() for line in rl), lines


# --- HermiT -----------------------------------------------------------------------------------------

def _hermit_consistent(graph: rdflib.Graph, workdir: Path) -> bool:
    """Whether HermiT (through owlready2) finds the graph consistent.

    HermiT accepts only the OWL 2 datatype map: the xsd:gYear years of the data (which no axiom of
    the ontology constrains since their ranges were removed) are handed to it as plain strings.
    """
    import owlready2

    copy = rdflib.Graph()
    for s, p, o in graph:
        if isinstance(o, rdflib.Literal) and o.datatype == rdflib.XSD.gYear:
            o = rdflib.Literal(str(o))
        copy.add((s, p, o))
    path = workdir / "graph.nt"
    copy.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load(format="ntriples")
    try:
        with onto:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        return False
    finally:
        world.close()
    return True


@pytest.fixture(scope="module")
def hermit_ready() -> None:
    try:
        import owlready2  # noqa: F401
    except ImportError:
        require_or_skip(False, "owlready2 (HermiT) is not installed: pip install -e '.[test]'")
    require_or_skip(shutil.which("java") is not None, "no java to run HermiT")


def _graph(paths: list[Path]) -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


def test_hermit_finds_the_ontology_study_and_examples_consistent(hermit_ready: None, tmp_path: Path) -> None:
    graph = _graph(turtle_files(REPO / "ontology") + turtle_files(REPO / "data" / "study")
                   + turtle_files(REPO / "data" / "examples"))
    assert _hermit_consistent(graph, tmp_path)


def test_hermit_reports_an_organisation_that_is_also_a_territory(hermit_ready: None, tmp_path: Path) -> None:
    graph = _graph(turtle_files(REPO / "ontology"))
    graph.parse(data="""@prefix pv: <https://w3id.org/pvgraph/ontology#> .
        <https://w3id.org/pvgraph/id/test/x> a pv:Commune , pv:CommuneTerritory .""", format="turtle")
    assert not _hermit_consistent(graph, tmp_path)


def test_hermit_reports_an_anonymised_territory_typed_as_a_referential_one(hermit_ready: None, tmp_path: Path) -> None:
    """pv:AnonymisedTerritory is disjoint with pv:Territory: the study's territories cannot be
    counted among the referential's."""
    graph = _graph(turtle_files(REPO / "ontology"))
    graph.parse(data="""@prefix pv: <https://w3id.org/pvgraph/ontology#> .
        <https://w3id.org/pvgraph/id/test/t> a pv:AnonymisedTerritory , pv:CommuneTerritory .""", format="turtle")
    assert not _hermit_consistent(graph, tmp_path)

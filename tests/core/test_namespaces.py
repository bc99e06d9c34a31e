"""Namespace IRIs are declared once, in pvgraph/namespaces.py.

A module that needs a vocabulary imports it from there; a constant or a node spelled out with the
namespace's IRI as a string (``DCAT = "http://www.w3.org/ns/dcat#"``,
``ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")``) is how the same IRIs came to
be declared in a dozen modules. (SPARQL texts may still spell IRIs out inside queries.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pvgraph.namespaces as ns
from pvgraph.settings import PROJECT_ROOT

SOURCES = PROJECT_ROOT / "src" / "pvgraph"
# An assignment, a Namespace(…), NamedNode(…) or URIRef(…) whose argument is a plain string.
DECLARATION = re.compile(
    r"(?:Namespace\(|NamedNode\(|URIRef\(|^\s*[A-Za-z_]\w*\s*(?::[^=]+)?=\s*)([\"'])([^\"']*)\1")


def _namespace_iris() -> list[str]:
    values = [str(v) for name, v in vars(ns).items() if not name.startswith("_")
              and isinstance(v, str) and str(v).startswith(("http://", "https://"))]
    values += list(ns.PREFIXES.values())
    return sorted(set(values) - {str(ns.ONTOLOGY_IRI)}, key=len, reverse=True)


def offenders(path: Path, iris: list[str]) -> list[str]:
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = DECLARATION.search(line)
        declares = match is not None and any(match.group(2).startswith(iri) for iri in iris)
        if declares or "Namespace(\"http" in line or "Namespace('http" in line:
            found.append(f"{path}:{number}: {line.strip()}")
    return found


def test_no_namespace_iri_is_declared_outside_namespaces_py() -> None:
    iris = _namespace_iris()
    found = [o for path in sorted(SOURCES.rglob("*.py")) if path.name != "namespaces.py"
             for o in offenders(path, iris)]
    assert not found, "declare namespaces in pvgraph/namespaces.py and import them:\n" + "\n".join(found)


def test_the_check_catches_a_redeclaration(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('DCAT = "http://www.w3.org/ns/dcat#"\n'
                      'T = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")\n'
                      'X = rdflib.Namespace("http://example.org/new#")\n'
                      'ok = f"{ns.RDF}type"\n', encoding="utf-8")
    found = offenders(sample, _namespace_iris())
    assert [f.split(".py:", 1)[1].split(":", 1)[0] for f in found] == ["1", "2", "3"]

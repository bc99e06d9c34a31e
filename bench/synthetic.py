"""Synthetic data at national scale, for the benchmarks only.

Why: the study has four anonymised cases and the examples a handful of fictional ones; to know
whether pvgraph stays fast when every territory of France carries projects, the benchmarks need
data of that shape and size. This module makes it: N digital-territory projects led by *real*
organisations of the referential (communes and EPCI, picked at random with a fixed seed), each
with a period, actions, value-creation statements, and every tenth an alliance of real
organisations. Everything it mints is under ``https://w3id.org/pvgraph/id/synthetic/``, carries
``pv:isIllustrative true`` and ``dct:source`` the synthetic source (which says so in French and
English), and goes to the graph ``https://w3id.org/pvgraph/graph/synthetic``. It is written to
temporary directories only, never under ``data/``; it claims nothing about the real places it
points to, and it never touches the study's anonymised cases.

    python -m bench.synthetic --triples 1000000 --output /tmp/synthetic.nt.gz
"""

from __future__ import annotations

import argparse
import gzip
import random
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from pvgraph.namespaces import ID, ORG, PV, RDF, RDFS, XSD
from pvgraph.referential import VINTAGE, iter_triples
from pvgraph.settings import PROJECT_ROOT

SYN = f"{ID}synthetic/"
GRAPH = "https://w3id.org/pvgraph/graph/synthetic"
SOURCE = f"{SYN}source"
REFERENTIAL = PROJECT_ROOT / "data" / "referential" / f"referential-{VINTAGE}.nt.gz"
DCT = "http://purl.org/dc/terms/"
TRIPLES_PER_PROJECT = 55  # measured on the generator's output, to size N from a triple target


@dataclass(frozen=True)
class Vocabulary:
    """The concepts the generator draws from, read from the ontology (never hard-coded)."""

    value_types: list[str]
    action_types: list[str]
    initiative_kinds: list[str]

    @classmethod
    def read(cls, root: Path = PROJECT_ROOT) -> Vocabulary:
        found: dict[str, list[str]] = {"PublicValueType": [], "ActionType": [], "InitiativeKind": []}
        for path in sorted((root / "ontology").glob("*.ttl")):
            for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
                if quad.predicate.value == str(RDF.type) and quad.object.value.startswith(str(PV)):
                    kind = quad.object.value.removeprefix(str(PV))
                    if kind in found and isinstance(quad.subject, ox.NamedNode):
                        found[kind].append(quad.subject.value)
        return cls(*(sorted(set(found[k])) for k in ("PublicValueType", "ActionType", "InitiativeKind")))


def real_organisations(path: Path = REFERENTIAL) -> tuple[list[str], list[str]]:
    """(communes, EPCI-like organisations) of the referential, sorted, as IRIs."""
    communes: list[str] = []
    groupings: list[str] = []
    epci_classes = {str(PV[c]) for c in ("CommunauteDeCommunes", "CommunauteDAgglomeration",
                                         "CommunauteUrbaine", "Metropole")}
    for triple in iter_triples(path):
        if triple.predicate.value == str(RDF.type):
            if triple.object.value == str(PV.Commune):
                communes.append(triple.subject.value)
            elif triple.object.value in epci_classes:
                groupings.append(triple.subject.value)
    return sorted(communes), sorted(groupings)


def generate(projects: int, *, seed: int = 0, referential: Path = REFERENTIAL) -> list[ox.Quad]:
    """``projects`` synthetic projects (about 55 triples each) in the synthetic graph."""
    rng = random.Random(seed)
    vocab = Vocabulary.read()
    communes, groupings = real_organisations(referential)
    g = ox.NamedNode(GRAPH)
    out: list[ox.Quad] = []
    yes = ox.Literal("true", datatype=ox.NamedNode(str(XSD.boolean)))
    source = ox.NamedNode(SOURCE)

    def node(iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    def add(s: str, p: object, o: ox.NamedNode | ox.Literal) -> None:
        out.append(ox.Quad(node(s), node(str(p)), o, g))

    def thing(iri: str, cls: str, label: str) -> None:
        add(iri, RDF.type, node(str(PV[cls])))
        add(iri, RDFS.label, ox.Literal(label, language="fr"))
        add(iri, PV.isIllustrative, yes)
        add(iri, DCT + "source", source)

    add(GRAPH, PV.isIllustrative, yes)
    add(SOURCE, RDFS.label, ox.Literal("Données synthétiques des bancs d'essai de pvgraph : "
                                       "inventées, jamais publiées", language="fr"))
    add(SOURCE, RDFS.label, ox.Literal("pvgraph benchmark synthetic data: invented, never published",
                                       language="en"))
    add(SOURCE, PV.isIllustrative, yes)
    year = lambda y: ox.Literal(str(y), datatype=node(str(XSD.gYear)))  # noqa: E731
    for n in range(projects):
        project = f"{SYN}project/{n}"
        leader = rng.choice(groupings) if rng.random() < 0.6 else rng.choice(communes)
        thing(project, "DigitalTerritoryProject", f"Projet synthétique n° {n}")
        add(project, PV.ledBy, node(leader))
        period = f"{SYN}period/{n}"
        start = rng.randint(2010, 2025)
        thing(period, "Period", f"{start}-{start + 6} (synthétique)")
        add(period, PV.startYear, year(start))
        add(period, PV.endYear, year(start + rng.randint(2, 8)))
        add(project, PV.period, node(period))
        for a in range(3):
            action = f"{SYN}action/{n}-{a}"
            thing(action, "Action", f"Action synthétique {n}-{a}")
            add(project, PV.hasAction, node(action))
            add(action, PV.actionType, node(rng.choice(vocab.action_types)))
            add(action, PV.initiativeKind, node(rng.choice(vocab.initiative_kinds)))
            statement = f"{SYN}value-creation/{n}-{a}"
            thing(statement, "ValueCreationStatement", f"Création de valeur synthétique {n}-{a}")
            add(statement, PV.createdByAction, node(action))
            add(statement, PV.createdValueType, node(rng.choice(vocab.value_types)))
            add(statement, PV.inProject, node(project))
        if n % 10 == 0:
            alliance = f"{SYN}alliance/{n}"
            thing(alliance, "TerritorialAlliance", f"Alliance synthétique n° {n}")
            for m, member in enumerate((leader, rng.choice(communes))):
                membership = f"{SYN}membership/{n}-{m}"
                add(membership, RDF.type, node(str(ORG.Membership)))
                add(membership, ORG.member, node(member))
                add(membership, ORG.organization, node(alliance))
    return out


def generate_triples(target: int, *, seed: int = 0) -> list[ox.Quad]:
    """About ``target`` synthetic triples."""
    return generate(max(1, target // TRIPLES_PER_PROJECT), seed=seed)


def write(quads: list[ox.Quad], path: Path) -> None:
    """N-Quads, gzipped (for loading into the peers)."""
    with gzip.open(path, "wb", compresslevel=1) as out:
        for q in quads:
            out.write(f"{q} .\n".encode())


def main() -> None:
    parser = argparse.ArgumentParser(description="Write synthetic benchmark data (never under data/).")
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args()
    if PROJECT_ROOT / "data" in args.output.resolve().parents:
        parser.error("synthetic data is never written under data/")
    quads = generate_triples(args.triples, seed=args.seed)
    write(quads, args.output)
    print(f"{args.output}: {len(quads)} synthetic triples")


if __name__ == "__main__":
    main()

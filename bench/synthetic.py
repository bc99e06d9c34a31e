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

    python -m bench.synthetic --triples 1000000 --output /tmp/synthetic.nt.gz   # or .nq.gz
"""

from __future__ import annotations

import argparse
import gzip
import random
from collections.abc import Iterable, Iterator
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
    return list(iter_generate(projects, seed=seed, referential=referential))


def iter_generate(projects: int, *, seed: int = 0, referential: Path = REFERENTIAL) -> Iterator[ox.Quad]:
    """The quads of :func:`generate`, one at a time: at ten million triples (size XL) a list of
    them alone would hold gigabytes of Python objects before a byte is written."""
    rng = random.Random(seed)
    vocab = Vocabulary.read()
    communes, groupings = real_organisations(referential)
    g = ox.NamedNode(GRAPH)
    yes = ox.Literal("true", datatype=ox.NamedNode(str(XSD.boolean)))
    source = ox.NamedNode(SOURCE)
    node = ox.NamedNode

    def quad(s: str, p: object, o: ox.NamedNode | ox.Literal) -> ox.Quad:
        return ox.Quad(node(s), node(str(p)), o, g)

    def thing(iri: str, cls: str, label: str) -> Iterator[ox.Quad]:
        yield quad(iri, RDF.type, node(str(PV[cls])))
        yield quad(iri, RDFS.label, ox.Literal(label, language="fr"))
        yield quad(iri, PV.isIllustrative, yes)
        yield quad(iri, DCT + "source", source)

    yield quad(GRAPH, PV.isIllustrative, yes)
    yield quad(SOURCE, RDFS.label, ox.Literal("Données synthétiques des bancs d'essai de pvgraph : "
                                              "inventées, jamais publiées", language="fr"))
    yield quad(SOURCE, RDFS.label, ox.Literal("pvgraph benchmark synthetic data: invented, never published",
                                              language="en"))
    yield quad(SOURCE, PV.isIllustrative, yes)
    year = lambda y: ox.Literal(str(y), datatype=node(str(XSD.gYear)))  # noqa: E731
    for n in range(projects):
        project = f"{SYN}project/{n}"
        leader = rng.choice(groupings) if rng.random() < 0.6 else rng.choice(communes)
        yield from thing(project, "DigitalTerritoryProject", f"Projet synthétique n° {n}")
        yield quad(project, PV.ledBy, node(leader))
        period = f"{SYN}period/{n}"
        start = rng.randint(2010, 2025)
        yield from thing(period, "Period", f"{start}-{start + 6} (synthétique)")
        yield quad(period, PV.startYear, year(start))
        yield quad(period, PV.endYear, year(start + rng.randint(2, 8)))
        yield quad(project, PV.period, node(period))
        for a in range(3):
            action = f"{SYN}action/{n}-{a}"
            yield from thing(action, "Action", f"Action synthétique {n}-{a}")
            yield quad(project, PV.hasAction, node(action))
            yield quad(action, PV.actionType, node(rng.choice(vocab.action_types)))
            yield quad(action, PV.initiativeKind, node(rng.choice(vocab.initiative_kinds)))
            statement = f"{SYN}value-creation/{n}-{a}"
            yield from thing(statement, "ValueCreationStatement", f"Création de valeur synthétique {n}-{a}")
            yield quad(statement, PV.createdByAction, node(action))
            yield quad(statement, PV.createdValueType, node(rng.choice(vocab.value_types)))
            yield quad(statement, PV.inProject, node(project))
        if n % 10 == 0:
            alliance = f"{SYN}alliance/{n}"
            yield from thing(alliance, "TerritorialAlliance", f"Alliance synthétique n° {n}")
            for m, member in enumerate((leader, rng.choice(communes))):
                membership = f"{SYN}membership/{n}-{m}"
                yield quad(membership, RDF.type, node(str(ORG.Membership)))
                yield quad(membership, ORG.member, node(member))
                yield quad(membership, ORG.organization, node(alliance))


def projects_for(target: int) -> int:
    """How many projects make about ``target`` triples."""
    return max(1, target // TRIPLES_PER_PROJECT)


def generate_triples(target: int, *, seed: int = 0) -> list[ox.Quad]:
    """About ``target`` synthetic triples."""
    return generate(projects_for(target), seed=seed)


def write(quads: Iterable[ox.Quad], path: Path) -> int:
    """Gzipped N-Quads, or N-Triples when ``path`` ends with ``.nt.gz`` (the build parses a triples
    file straight into its store), written as they come; returns how many."""
    count = 0
    triples = path.name.endswith(".nt.gz")
    with gzip.open(path, "wb", compresslevel=1) as out:
        batch: list[str] = []
        for q in quads:
            batch.append(f"{q.triple if triples else q} .\n")
            if len(batch) == 100_000:
                out.write("".join(batch).encode())
                count += len(batch)
                batch.clear()
        out.write("".join(batch).encode())
        count += len(batch)
    return count


def write_triples(target: int, path: Path, *, seed: int = 0) -> int:
    """About ``target`` synthetic triples written to ``path`` without holding them in memory."""
    return write(iter_generate(projects_for(target), seed=seed), path)


def main() -> None:
    parser = argparse.ArgumentParser(description="Write synthetic benchmark data (never under data/).")
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args()
    if PROJECT_ROOT / "data" in args.output.resolve().parents:
        parser.error("synthetic data is never written under data/")
    count = write_triples(args.triples, args.output, seed=args.seed)
    print(f"{args.output}: {count} synthetic triples")


if __name__ == "__main__":
    main()

"""pvgraph's own derived relations, materialised in the inferred graph for the named questions.

Why: some questions need a relation the data implies but no OWL 2 RL rule gives — an
organisation's most specific kind (a negation: "no narrower kind"), "led by an EPCI" (a
disjunction with a period overlap). Asked inline,
each costs the question a per-row evaluation over the whole country; read from the inferred
graph it is one index lookup (issue 15). The relations are pvgraph's derivation, not the
study's: each property says so in the ontology (``ontology/pvgraph.ttl``, "derived relations").

Each relation is a SPARQL pattern (``Derivation.body``) binding ``?s`` and ``?o``: ``?s p ?o``
holds exactly when the body matches. The bodies read the data and the OWL entailments only,
never another derived relation, and test kinds with explicit lists (computed here from the
ontology's class hierarchy), so they give the same result with or without the OWL closure
(tests/knowledge/ runs the questions both ways) and need no ``rdfs:subClassOf*`` path (which
Virtuoso 7.2.5 mis-evaluates). Nothing here uses MINUS (Virtuoso 7.2.5 refuses some forms).

- :func:`derive` (a build, a withdrawal's rebuild): each body as a ``SELECT DISTINCT ?s ?o``
  (over the union of the graphs when the store holds nothing else: 4-5 times faster on
  pyoxigraph than a ``FROM`` dataset), its rows added to the target graph after the OWL fixpoint.
- :func:`derive_increment` (a submission): the relations are not monotonic (a new, narrower
  type retracts a "most specific kind", a new end year can end an overlap), so each body is
  evaluated again over everything, and the difference with what the inferred graph holds is
  written down: additions into the submission's entailment graph (merged into the inferred graph
  with its other entailments, taken back with them), retractions into :func:`retracted_graph`
  (deleted from the inferred graph at the merge, put back by an undo). A submission thus keeps
  its all-or-nothing unit: data, provenance and entailments, derived relations included.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from pvgraph.namespaces import CATALOG_GRAPH, META_GRAPH, ORG, PV, SHAPES_GRAPH, XSD
from pvgraph.reasoning.rules import RuleSet
from pvgraph.reasoning.vocabulary import sparql_iri
from pvgraph.store import Store

MOST_SPECIFIC_KIND = str(PV["mostSpecificKind"])
LED_BY_EPCI = str(PV["ledByEPCI"])
EPCI_LEAD_FOR = str(PV["epciLeadFor"])
PROPERTIES = (MOST_SPECIFIC_KIND, LED_BY_EPCI, EPCI_LEAD_FOR)

# The kinds of territorial organisation a "most specific kind" is chosen among: these classes and
# every class below them in the ontology.
KIND_ROOTS = tuple(str(PV[c]) for c in ("LocalAuthority", "GroupingOfAuthorities", "TerritorialAlliance"))
# "An EPCI of any kind": pv:EPCI and its subclasses; "a grouping that may have a lead member":
# territorial alliances and syndicats mixtes, with their subclasses.
EPCI_ROOT = str(PV["EPCI"])
GROUPING_ROOTS = tuple(str(PV[c]) for c in ("TerritorialAlliance", "SyndicatMixte"))

NOT_INSTANCE_DATA = (str(SHAPES_GRAPH), str(META_GRAPH), str(CATALOG_GRAPH))
_PV = str(PV)
_ORG = str(ORG)
_INTEGER = str(XSD.integer)


@dataclass(frozen=True)
class Derivation:
    """One derived property and the pattern that defines it (binds ``?s`` and ``?o``)."""

    property: str
    body: str


def subclasses_of(rules: RuleSet, roots: Sequence[str]) -> list[str]:
    """The roots and every named class the ontology puts (strictly, transitively) below one."""
    found = set(roots) | {c for c, supers in rules.superclasses.items() if supers & set(roots)}
    return sorted(found)


def narrower_kinds(rules: RuleSet, kinds: Sequence[str]) -> dict[str, list[str]]:
    """Each kind's strictly narrower kinds among ``kinds`` (only those that have some)."""
    table = {k: sorted(c for c in kinds if k in rules.superclasses.get(c, ())) for k in kinds}
    return {k: v for k, v in table.items() if v}


def _listed(terms: Sequence[str]) -> str:
    return ", ".join(sparql_iri(t) for t in terms)


MEMBERSHIP_PERIOD = f"<{_ORG}memberDuring>"
PROJECT_PERIOD = f"<{_PV}period>"


def _years(node: str, period: str, name: str, indent: str = "  ") -> str:
    """Two OPTIONAL patterns binding ``?{name}From`` and ``?{name}To``, the start and end years
    of ``node``'s ``period`` as integers (unbound when the period does not say: an open bound)."""
    return f"\n{indent}".join(
        f"OPTIONAL {{ {node} {period}/<{_PV}{bound}Year> ?{name[0]}{bound[0]} . "
        f"BIND (<{_INTEGER}>(STR(?{name[0]}{bound[0]})) AS ?{name}{end}) }}"
        for bound, end in (("start", "From"), ("end", "To")))


def _overlapping(indent: str) -> str:
    """The condition "the membership's years and the project's have at least one year in common"
    on the variables :func:`_years` binds, an unbound year being open (its second line indented
    by ``indent``)."""
    return ("(!BOUND(?memberTo) || !BOUND(?projectFrom) || ?memberTo >= ?projectFrom)\n"
            f"{indent}&& (!BOUND(?memberFrom) || !BOUND(?projectTo) || ?memberFrom <= ?projectTo)")


def derivations(rules: RuleSet) -> list[Derivation]:
    """The derived relations, their kind lists read from the ontology's rules."""
    kinds = subclasses_of(rules, KIND_ROOTS)
    narrower = narrower_kinds(rules, kinds)
    branches = []
    for kind in kinds:
        below = narrower.get(kind)
        unless = (f" FILTER NOT EXISTS {{ ?s a ?narrower . FILTER (?narrower IN ({_listed(below)})) }}"
                  if below else "")
        branches.append(f"{{ VALUES ?o {{ {sparql_iri(kind)} }} ?s a ?o .{unless} }}")
    most_specific = "\n  UNION\n  ".join(branches)

    epci = _listed(subclasses_of(rules, [EPCI_ROOT]))
    groupings = _listed(subclasses_of(rules, GROUPING_ROOTS))
    # The rule of the question political-value-epci-led before this relation (one pattern, the
    # kinds listed; the project's years at the top level, where ?s is bound: inside a UNION
    # branch or a nested group they would be read for every project of the graph).
    led_by_epci = f"""?s <{_PV}ledBy> ?o .
  ?o a ?kind . FILTER (?kind IN ({epci}, {groupings}))
  OPTIONAL {{
    ?membership <{_ORG}organization> ?o ;
                <{_ORG}role> <{_PV}LeadMemberRole> ;
                <{_ORG}member> ?leadMember .
    ?leadMember a ?memberKind . FILTER (?memberKind IN ({epci}))
    {_years("?membership", MEMBERSHIP_PERIOD, "member", "    ")}
  }}
  {_years("?s", PROJECT_PERIOD, "project")}
  FILTER (?kind IN ({epci})
          || (BOUND(?leadMember)
              && {_overlapping(" " * 14)}))"""

    # Case b alone, on the lead membership (?s) and the project (?o): which EPCI lead member
    # makes a grouping's project EPCI-led, read by the question for the bound project and leader.
    epci_lead_for = f"""?o <{_PV}ledBy> ?leader .
  ?leader a ?kind . FILTER (?kind IN ({groupings}))
  ?s <{_ORG}organization> ?leader ;
     <{_ORG}role> <{_PV}LeadMemberRole> ;
     <{_ORG}member> ?leadMember .
  ?leadMember a ?memberKind . FILTER (?memberKind IN ({epci}))
  {_years("?s", MEMBERSHIP_PERIOD, "member")}
  {_years("?o", PROJECT_PERIOD, "project")}
  FILTER ({_overlapping(" " * 10)})"""
    return [Derivation(MOST_SPECIFIC_KIND, most_specific), Derivation(LED_BY_EPCI, led_by_epci),
            Derivation(EPCI_LEAD_FOR, epci_lead_for)]


Rows = Iterable[Sequence[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None]]
Select = Callable[[str, Sequence[str] | None], Rows]


def derived_triples(select: Select, rules: RuleSet, dataset: Sequence[str] | None = None
                    ) -> dict[str, set[ox.Triple]]:
    """Every derived relation of what ``select`` reads, by property.

    ``select(query, dataset)`` runs a SELECT query, over the union of the store's graphs when
    ``dataset`` is None — what the named questions read —, else with the listed graphs as its
    default graph (the protocol's ``default-graph-uri``, which a store's union setting does not
    override as it may a ``FROM``; 4 to 5 times slower on pyoxigraph, so only when the store holds
    graphs the reasoning must not read). Blank
    nodes get no derived relation: a remote store could not be told which node a result meant.
    """
    found: dict[str, set[ox.Triple]] = {}
    for derivation in derivations(rules):
        predicate = ox.NamedNode(derivation.property)
        triples = set()
        for s, o in select(f"SELECT DISTINCT ?s ?o WHERE {{\n  {derivation.body}\n}}", dataset):
            if not isinstance(s, ox.NamedNode) or o is None or isinstance(o, (ox.BlankNode, ox.Triple)):
                continue
            triples.add(ox.Triple(s, predicate, o))
        found[derivation.property] = triples
    return found


def _select(store: Store) -> Select:
    def select(sparql: str, dataset: Sequence[str] | None) -> Rows:
        return store.query(sparql, default_graphs=list(dataset) if dataset else None).rows

    return select


def reading(store: Store, dataset: Sequence[str]) -> list[str] | None:
    """The dataset to name in the queries: None (the union, fast) when the store holds no graph
    outside it but the shapes, meta and catalogue graphs (no instance data); else the list."""
    outside = set(store.graphs()) - set(dataset) - set(NOT_INSTANCE_DATA)
    return list(dataset) if outside else None


def derive(store: Store, rules: RuleSet, *, dataset: Sequence[str], target: str) -> int:
    """Every derived relation of the dataset (which holds the target), added to the target
    graph; how many triples."""
    found = derived_triples(_select(store), rules, reading(store, dataset))
    triples = set().union(*found.values())
    store.add_to_graph(target, sorted(triples, key=str))
    return len(triples)


def retracted_graph(target: str) -> str:
    """Where a submission's retracted derived triples are kept until it is accepted or undone."""
    return f"{target}/retracted"


def derive_increment(store: Store, rules: RuleSet, *, dataset: Sequence[str], inferred: str,
                     target: str) -> tuple[int, int]:
    """After a submission's data and OWL entailments (in ``target``) are in the store: the
    derived triples the store now implies and ``inferred`` lacks, into ``target``; those
    ``inferred`` holds that no longer follow, into :func:`retracted_graph` of ``target``.
    Returns (added, retracted)."""
    should = derived_triples(_select(store), rules, reading(store, dataset))
    added: set[ox.Triple] = set()
    retracted: set[ox.Triple] = set()
    for prop, triples in should.items():
        rows = store.query(f"SELECT ?s ?o WHERE {{ GRAPH {sparql_iri(inferred)} {{ ?s <{prop}> ?o }} }}").rows
        held = {ox.Triple(s, ox.NamedNode(prop), o) for s, o in rows
                if isinstance(s, ox.NamedNode) and o is not None and not isinstance(o, ox.Triple)}
        added |= triples - held
        retracted |= held - triples
    if added:
        store.add_to_graph(target, sorted(added, key=str))
    if retracted:
        store.add_to_graph(retracted_graph(target), sorted(retracted, key=str))
    return len(added), len(retracted)


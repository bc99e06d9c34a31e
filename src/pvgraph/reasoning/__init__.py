"""Reasoning: the ontology's entailments materialised in the store, with owlrl as the oracle.

owlrl closes the ontology (small); the closure's axioms become SPARQL 1.1 updates, grouped by rule
with VALUES blocks, run semi-naively to a fixpoint inside the store (embedded or remote), writing
the inferred instance triples into their own named graph. The single-premise rules are composed in
Python first (a triple's superproperties, inverses, their superproperties…, and every type these
give), so only the two-premise rules (prp-trp, prp-spo2) need more than one round. On test graphs the result equals
owlrl's own closure on the same ontology and data (tests/reasoning/test_oracle.py).

OWL 2 RL rules materialised on the instances (the data, and individuals of the ontology graph):
  cax-sco (with cax-eqc1, cax-eqc2: equivalent classes become two-way subsumptions),
  prp-spo1 (with prp-eqp1, prp-eqp2), prp-inv1, prp-inv2, prp-symp, prp-trp,
  prp-spo2 (property chains, links may be ``[owl:inverseOf p]``), prp-dom, prp-rng.
  Domain and range typing (prp-dom, prp-rng) is included: it is part of the RDFS closure.
Schema rules, applied by owlrl to the ontology to build the tables: every scm-* rule owlrl runs
  (scm-sco, scm-spo, scm-eqc1/2, scm-eqp1/2, scm-dom1/2, scm-rng1/2, scm-int, scm-uni, …).
  The inferred graph also receives the entailed rdfs:subClassOf / rdfs:subPropertyOf links between
  named terms that the ontology does not state (so queries need no ``rdfs:subClassOf*``).
Consistency (returned as data by :func:`check_consistency`): cax-dw, cax-adc, cls-nothing2,
  eq-diff1 (asserted owl:sameAs only), prp-irp, prp-asyp, prp-pdw, and owlrl's errors on the
  ontology.
pvgraph's own derived relations (not OWL: a most specific kind, "led by an EPCI", a project's
  active years; :mod:`pvgraph.reasoning.derived`) are written into the same target graph after the
  fixpoint, by a full run and by an increment (which may also retract some).
Not materialised (reported in ``MaterialisationReport.unsupported`` when the ontology uses them):
  equality (eq-*, owl:sameAs), prp-fp, prp-ifp, prp-key, cls-int1/2, cls-uni on instances,
  cls-svf1/2, cls-avf, cls-hv1/2, cls-maxc*, cls-oo, cls-com, prp-npa*, dt-*; statements in the
  RDF/RDFS/OWL vocabulary itself (``x a rdfs:Resource``, ``x owl:sameAs x``). Schema axioms in the
  data graphs are not read: rules come from the ontology graph only.
"""

from pvgraph.reasoning.consistency import Inconsistency, check_consistency
from pvgraph.reasoning.derived import PROPERTIES as DERIVED_PROPERTIES
from pvgraph.reasoning.derived import retracted_graph
from pvgraph.reasoning.materialise import (
    MaterialisationReport,
    load_rules,
    materialise,
    materialise_increment,
)
from pvgraph.reasoning.rules import RuleSet, derive_rules

SUPPORTED_RULES = (
    "cax-sco", "cax-eqc1", "cax-eqc2", "prp-spo1", "prp-eqp1", "prp-eqp2", "prp-inv1", "prp-inv2",
    "prp-symp", "prp-trp", "prp-spo2", "prp-dom", "prp-rng",
)
CONSISTENCY_RULES = ("cax-dw", "cax-adc", "cls-nothing2", "eq-diff1", "prp-irp", "prp-asyp",
                     "prp-pdw")

__all__ = [
    "CONSISTENCY_RULES",
    "DERIVED_PROPERTIES",
    "SUPPORTED_RULES",
    "Inconsistency",
    "MaterialisationReport",
    "RuleSet",
    "check_consistency",
    "derive_rules",
    "load_rules",
    "materialise",
    "materialise_increment",
    "retracted_graph",
]

"""The rule tables as SPARQL 1.1 updates, one per rule group, grouped with VALUES blocks.

Semi-naive evaluation: in a round, a rule only fires on bindings where at least one body triple
is new (in the round's *delta* graph); a rule with n body triples is written n times, the delta
in each position in turn. The first round of a full materialisation has no delta: every triple is
new, so the rules read everything. Each update reads the dataset given by ``USING`` (the
ontology, the sources and the target: no reliance on what a store's default graph is) and
``USING NAMED`` (the delta), and writes its conclusion into the target, and, when the conclusion
can make another rule fire, into the next round's delta as well (``GRAPH ?next``, left unbound on
the VALUES rows of conclusions that no rule reads, so that nothing is written there). Since the
single-premise rules are composed (:func:`pvgraph.reasoning.rules._compose`), only conclusions a
two-premise rule (prp-trp, prp-spo2) reads are fed, and derived types never are.
A conclusion already in the dataset is not written again: in the first round of a full run, where
most bindings are new, by an anti-join (``MINUS`` over the head's predicates or classes: measured
about 40 % faster on pyoxigraph at 100 000 triples); in delta rounds, where few bindings are
tested, by a lookup per binding (``FILTER NOT EXISTS``).

Splitting (remote stores): a store that serves each update as one transaction with a time limit
(Virtuoso's ``MaxQueryExecutionTime`` rolls it back with ``SR171: Transaction timed out``; an HTTP
client's timeout does the same to any remote store) cannot take a rule that reads and writes half a
million triples in one request. A :class:`Round` may then carry a :class:`Budget`: the triples per
predicate and per class the round reads as new, and the most one update may read. Each rule's
VALUES rows are packed into updates that stay under it (by rows: every store answers a bound
predicate from an index, so nothing is read twice); a row that alone weighs more is split by a
FILTER on a hash of ``?x``, ``SUBSTR(MD5(STR(?x)), 1, 2)`` ranges (standard SPARQL 1.1; a string
function per binding is dear on Virtuoso, about 10 µs, hence its use only where rows cannot do).
Every binding lands in exactly one update (blank nodes, which have no portable string, in the
first hash partition), so the split round concludes what the single one does. Without a budget
the text is exactly the unsplit one (the embedded store's fast path).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from pvgraph.reasoning.rules import Chain, RuleSet
from pvgraph.reasoning.vocabulary import sparql_iri

HASH_DIGITS = 2  # partitions are ranges of the first two hex digits of the MD5 of ?x
MAX_PARTITIONS = 16**HASH_DIGITS


@dataclass(frozen=True)
class Update:
    """One generated update and the OWL 2 RL rule it applies."""

    rule: str
    sparql: str


@dataclass(frozen=True)
class Round:
    """Where a round reads and writes."""

    dataset: Sequence[str]  # USING: ontology, sources, target (delta ⊆ dataset)
    target: str
    next_delta: str
    delta: str | None  # None: every triple counts as new (first round of a full run)
    part: tuple[int, int] | None = None  # (index, count): only this hash partition of ?x
    budget: Budget | None = None  # split the rules' rows into updates that stay under it


@dataclass(frozen=True)
class Budget:
    """How much one update may read, and what each VALUES row of a rule reads (in triples)."""

    threshold: int
    predicates: Mapping[str, int]  # triples per predicate in what the round reads as new
    classes: Mapping[str, int]  # rdf:type triples per class, likewise

    def groups(self, weights: Sequence[int]) -> list[tuple[list[int], tuple[int, int] | None]]:
        """Rows (by index) packed in order into updates that read at most ``threshold`` triples;
        a row heavier than that alone, split into hash partitions of ``?x``.

        Rows are not kept together by conclusion (measured on Virtuoso with the national
        referential: hashing the many bindings of a whole class costs more than writing a type
        twice, which an INSERT of an existing triple does harmlessly).
        """
        out: list[tuple[list[int], tuple[int, int] | None]] = []
        current: list[int] = []
        load = 0
        for index, weight in enumerate(weights):
            if weight > self.threshold:
                count = min(MAX_PARTITIONS, -(-weight // self.threshold))
                out += [([index], (part, count)) for part in range(count)]
                continue
            if current and load + weight > self.threshold:
                out.append((current, None))
                current, load = [], 0
            current.append(index)
            load += weight
        if current:
            out.append((current, None))
        return out


def partition_filter(variable: str, index: int, count: int) -> str:
    """The FILTER keeping partition ``index`` (0-based) of ``count`` of the bindings of a rule,
    by ranges of the first hex digits of ``MD5(STR(variable))``; "" when there is one partition.

    MD5 gives lowercase hex, whose string order is its numeric order, so the ranges are compared
    as strings. A blank node has no portable string form (``STR`` of one is an error in SPARQL
    1.1): blank nodes all go to partition 0, whose FILTER lets them through explicitly.
    """
    if not 0 <= index < count <= MAX_PARTITIONS:
        raise ValueError(f"no partition {index} of {count} (at most {MAX_PARTITIONS} partitions)")
    if count == 1:
        return ""
    digest = f"SUBSTR(MD5(STR({variable})), 1, {HASH_DIGITS})"
    bounds = []
    if index > 0:
        bounds.append(f'{digest} >= "{index * MAX_PARTITIONS // count:0{HASH_DIGITS}x}"')
    if index < count - 1:
        bounds.append(f'{digest} < "{(index + 1) * MAX_PARTITIONS // count:0{HASH_DIGITS}x}"')
    within = " && ".join(bounds)
    if index == 0:
        return f"FILTER(isBlank({variable}) || {within})"
    return f"FILTER(!isBlank({variable}) && {within})"


def _part(where: Round) -> str:
    """This round's partition filter on ``?x`` (every rule binds ``?x``, in its body and in its
    head), or nothing."""
    return "" if where.part is None else " " + partition_filter("?x", *where.part)


def _split(where: Round, weights: Sequence[int]) -> list[tuple[list[int], Round]]:
    """The updates a rule becomes: (row indices, the round with its hash partition, if any)."""
    if where.budget is None:
        return [(list(range(len(weights))), where)]
    return [(rows, replace(where, part=part)) for rows, part in where.budget.groups(weights)]


def _weight(where: Round, predicates: Iterable[str] = (), classes: Iterable[str] = ()) -> int:
    """What a row reads: the heaviest of its body's predicates and classes (0 without budget)."""
    if where.budget is None:
        return 0
    found = [where.budget.predicates.get(p, 0) for p in predicates]
    found += [where.budget.classes.get(c, 0) for c in classes]
    return max(found, default=0)


def round_updates(rules: RuleSet, where: Round) -> list[Update]:
    """Every update of one round: the composed single-premise rules, the two-premise ones, then
    typing. Conclusions of one update are visible to the next ones of the same round (the target
    is in USING), which often saves a round."""
    fed_by_any = rules.body_properties()
    joined = rules.joined_properties()
    updates: list[Update] = []
    forward_rows = [(p, f, f in joined) for p, heads in sorted(rules.forward.items())
                    for f in sorted(heads)]
    updates += _single(where, "prp-spo1+prp-eqp1/2", forward_rows, "?x ?p ?y", "?x ?q ?y")
    backward_rows = [(p, b, b in joined) for p, heads in sorted(rules.backward.items())
                     for b in sorted(heads)]
    updates += _single(where, "prp-inv1/2+prp-symp", backward_rows, "?x ?p ?y", "?y ?q ?x",
                       guard="FILTER(!isLiteral(?y))")
    updates += _transitive(where, sorted(rules.transitive), fed_by_any)
    for chains in _by_shape(rules.chains).values():
        updates += _chain(where, chains, fed_by_any)
    updates += _typing(where, rules)
    return updates


def _single(where: Round, rule: str, rows: list[tuple[str, str, bool]], body: str, head: str,
            guard: str = "") -> list[Update]:
    """A rule with one body triple: ``?p`` in the body, ``?q`` in the head."""
    if not rows:
        return []
    updates = []
    for chosen, part in _split(where, [_weight(where, [p]) for p, _, _ in rows]):
        some = [rows[i] for i in chosen]
        values = _values(("?p", "?q"), [(p, q) for p, q, _ in some], [fed for _, _, fed in some],
                         part.next_delta)
        heads = sorted({q for _, q, _ in some})
        updates.append(Update(rule, _insert(part, head, values, _atom(body, part.delta), guard,
                                            _novel(part, head, heads))))
    return updates


def _typing(where: Round, rules: RuleSet) -> list[Update]:
    """prp-dom, prp-rng and cax-sco in one update: each new ``x a C`` is checked and written
    once, however many properties and classes give it (most types come several ways).

    Types are final: the tables hold every superclass, and no supported rule reads rdf:type
    except cax-sco itself, whose table is transitive, so no type goes to the next delta."""
    tables = (
        ("?x ?p ?y", [(p, c) for p, classes in sorted(rules.subject_types.items())
                      for c in sorted(classes)], ""),
        ("?y ?p ?x", [(p, c) for p, classes in sorted(rules.object_types.items())
                      for c in sorted(classes)], "FILTER(!isLiteral(?x))"),
        ("?x a ?p", [(c, d) for c, supers in sorted(rules.superclasses.items()) for d in sorted(supers)],
         ""),
    )
    rows = [(table, a, b) for table, (_, pairs, _) in enumerate(tables) for a, b in pairs]
    if not rows:
        return []
    if where.budget is not None:
        # split: the rows of one class next to each other, so that the packing mostly keeps them
        # in one update and a type that comes several ways is seldom written twice
        rows.sort(key=lambda row: (row[2], row[0], row[1]))
    weights = [_weight(where, classes=[a]) if table == 2 else _weight(where, [a])
               for table, a, _ in rows]
    if where.delta is None:
        # First round of a full run: the target holds no type yet, and whatever the other rules
        # wrote there is either typed by the composed tables already or fed to the next round.
        where = Round([g for g in where.dataset if g != where.target], where.target,
                      where.next_delta, None, where.part, where.budget)
    updates = []
    for chosen, part in _split(where, weights):
        branches = []
        for table, (pattern, _, guard) in enumerate(tables):
            pairs = [(rows[i][1], rows[i][2]) for i in chosen if rows[i][0] == table]
            if pairs:
                cells = "\n".join(f"      ({sparql_iri(a)} {sparql_iri(b)})" for a, b in pairs)
                branches.append(f"{{\n    VALUES (?p ?q) {{\n{cells}\n    }}\n    "
                                f"{_atom(pattern, part.delta)} {guard}{_part(part)}\n  }}")
        classes = sorted({rows[i][2] for i in chosen})
        body = "{ SELECT DISTINCT ?x ?q WHERE {\n  " + "\n  UNION\n  ".join(branches) + "\n} }"
        sparql = (f"INSERT {{ GRAPH {sparql_iri(part.target)} {{ ?x a ?q }} }}\n{_using(part)}\n"
                  f"WHERE {{\n{body}\n  {_novel(part, '?x a ?q', classes)}\n}}")
        updates.append(Update("prp-dom+prp-rng+cax-sco", sparql))
    return updates


def _transitive(where: Round, properties: list[str], fed: set[str]) -> list[Update]:
    if not properties:
        return []
    first, second = "?x ?p ?y", "?y ?p ?z"
    updates = []
    for chosen, part in _split(where, [_weight(where, [p]) for p in properties]):
        some = [properties[i] for i in chosen]
        values = _values(("?p",), [(p,) for p in some], [p in fed for p in some], part.next_delta)
        if part.delta is None:
            bodies = [f"{first} . {second} ."]
        else:
            bodies = [f"{_atom(first, part.delta)} {second} .",
                      f"{first} . {_atom(second, part.delta)}"]
        updates += [Update("prp-trp", _insert(part, "?x ?p ?z", values, body)) for body in bodies]
    return updates


def _by_shape(chains: Iterable[Chain]) -> dict[tuple[bool, ...], list[Chain]]:
    """Chains with the same length and the same inverted links share one update."""
    shapes: dict[tuple[bool, ...], list[Chain]] = defaultdict(list)
    for chain in chains:
        shapes[tuple(step.inverse for step in chain.steps)].append(chain)
    return shapes


def _chain(where: Round, chains: list[Chain], fed: set[str]) -> list[Update]:
    """prp-spo2 for chains of one shape: ``?x ?p1 ?y1 . ?y1 ?p2 ?y2 … ?pn ?z`` ⇒ ``?x ?q ?z``."""
    inverted = [step.inverse for step in chains[0].steps]
    n = len(inverted)
    nodes = ["?x", *[f"?y{i}" for i in range(1, n)], "?z"]
    atoms = [
        f"{nodes[i + 1]} ?p{i + 1} {nodes[i]}" if inv else f"{nodes[i]} ?p{i + 1} {nodes[i + 1]}"
        for i, inv in enumerate(inverted)
    ]
    variables = (*tuple(f"?p{i + 1}" for i in range(n)), "?q")
    weights = [_weight(where, [step.property for step in c.steps]) for c in chains]
    updates = []
    for chosen, part in _split(where, weights):
        some = [chains[i] for i in chosen]
        rows = [(*tuple(step.property for step in c.steps), c.head) for c in some]
        values = _values(variables, rows, [c.head in fed for c in some], part.next_delta)
        positions = [None] if part.delta is None else list(range(n))
        for position in positions:
            body = " ".join(_atom(a, part.delta) if i == position else f"{a} ."
                            for i, a in enumerate(atoms))
            updates.append(Update("prp-spo2", _insert(part, "?x ?q ?z", values, body,
                                                      "FILTER(!isLiteral(?x) && !isLiteral(?z))")))
    return updates


def _values(variables: tuple[str, ...], rows: Sequence[tuple[str, ...]], fed: list[bool],
            next_delta: str) -> str:
    """A VALUES block whose last column is the delta graph to feed, or UNDEF."""
    lines = []
    for row, feeds in zip(rows, fed, strict=True):
        cells = " ".join(sparql_iri(term) for term in row)
        lines.append(f"    ({cells} {sparql_iri(next_delta) if feeds else 'UNDEF'})")
    return f"  VALUES ({' '.join(variables)} ?next) {{\n" + "\n".join(lines) + "\n  }"


def _atom(pattern: str, delta: str | None) -> str:
    """A body triple, read from the delta graph when there is one."""
    if delta is None:
        return f"{pattern} ."
    return f"GRAPH {sparql_iri(delta)} {{ {pattern} }}"


def _using(where: Round) -> str:
    using = "\n".join(f"USING {sparql_iri(g)}" for g in dict.fromkeys(where.dataset))
    if where.delta is not None:
        using += f"\nUSING NAMED {sparql_iri(where.delta)}"
    return using


def _novel(where: Round, head: str, heads: Sequence[str]) -> str:
    """Keep only conclusions not yet in the dataset (``?q`` is the head's predicate or class)."""
    if where.delta is None and heads:
        listed = " ".join(sparql_iri(q) for q in heads)
        # the partition's filter on the right-hand side too, so that a store does not compute
        # the whole anti-join for each partition
        return f"MINUS {{ VALUES ?q {{ {listed} }} {head}{_part(where)} }}"
    return f"FILTER NOT EXISTS {{ {head} }}"


def _insert(where: Round, head: str, values: str, body: str, guard: str = "",
            novel: str = "") -> str:
    using = _using(where)
    novel = novel or f"FILTER NOT EXISTS {{ {head} }}"
    return (
        f"INSERT {{ GRAPH {sparql_iri(where.target)} {{ {head} }} GRAPH ?next {{ {head} }} }}\n"
        f"{using}\n"
        f"WHERE {{\n{values}\n  {body}\n  {guard}{_part(where)}\n  {novel}\n}}"
    )

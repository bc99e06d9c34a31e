"""Validation benchmark: pvgraph's `validate_graph` against plain pySHACL, on the same input, same run.

The input is a synthetic submission of about 10 000 triples (generated in memory, never written to
data/): copies of data/examples/submissions/conforming.ttl under fresh IRIs
(https://w3id.org/pvgraph/id/synthetic/submission/u{n}/), with a mistake in some copies (every 10th
project has no lead, every 7th territory gives its population as text) so that both engines
produce results. pvgraph's time includes what pySHACL does not do: the undeclared-term check and
turning the report graph into messages a steward reads. Both get the same shapes, ontology and
pySHACL arguments (pvgraph.validation.engine.PYSHACL_ARGUMENTS); the median of several runs is
reported with the ratio.

    python -m bench.bench_validation            # 5 runs at 10 000 triples, plus 1 000 and 30 000
    python -m bench.bench_validation --quick    # 3 runs at 10 000 triples

When ``pyshacl-turbo`` (a Rust SHACL engine with pySHACL's API, in the ``bench`` extra) is
installed, it is timed on the same input, its results are compared with pySHACL's, and both are run
on the W3C SHACL suite copied under tests/conformance: the issue asked to measure a faster engine
and to choose it only if its results are identical.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import pyshacl
import rdflib

try:
    import pyshacl_turbo
except ImportError:  # optional: the column is left out
    pyshacl_turbo = None

from tests.validation.test_w3c_suite import _results

from pvgraph.validation import load_schema, validate_graph
from pvgraph.validation.engine import PYSHACL_ARGUMENTS, copy_graph, hoist_property_targets

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "data" / "examples" / "submissions" / "conforming.ttl"
TEMPLATE_BASE = "https://w3id.org/pvgraph/id/example/submission/val-de-brume/"
SYNTHETIC_BASE = "https://w3id.org/pvgraph/id/synthetic/submission/u{n}/"
COMMAND = "python -m bench.bench_validation"


def synthetic_submission(target_triples: int) -> rdflib.Graph:
    """Copies of the conforming submission, some with a mistake, until ``target_triples``."""
    template = TEMPLATE.read_text(encoding="utf-8")
    graph = rdflib.Graph()
    n = 0
    while len(graph) < target_triples:
        text = template.replace(TEMPLATE_BASE, SYNTHETIC_BASE.format(n=n))
        if n % 10 == 9:
            text = text.replace("    pv:ledBy sub:alliance ;\n", "")
        if n % 7 == 6:
            text = text.replace("    pv:population 18400 ;\n", '    pv:population "18 400" ;\n')
        graph.parse(data=text, format="turtle")
        n += 1
    return graph


def _median_seconds(function, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def measure(triples: int, runs: int) -> dict[str, object]:
    schema = load_schema(ROOT)
    data = synthetic_submission(triples)

    def ours():
        return validate_graph(data, shapes=schema.shapes, ontology=schema.ontology)

    def plain():
        return pyshacl.validate(data, shacl_graph=copy_graph(schema.shapes), ont_graph=schema.ontology,
                                **PYSHACL_ARGUMENTS)

    def turbo():
        return pyshacl_turbo.validate(data, shacl_graph=hoist_property_targets(schema.shapes),
                                      ont_graph=schema.ontology, **PYSHACL_ARGUMENTS)

    ours()  # warm-up: imports, rdflib's first SPARQL parses
    plain()
    ours_s, report = _median_seconds(ours, runs)
    plain_s, (_conforms, plain_graph, _text) = _median_seconds(plain, runs)
    shacl_results = sum(1 for r in report.results if r.source == "shacl")
    plain_results = sum(1 for _ in plain_graph.objects(None, rdflib.URIRef("http://www.w3.org/ns/shacl#result")))
    row: dict[str, object] = {
        "triples": len(data), "runs": runs, "ours": ours_s, "plain": plain_s,
        "results": len(report.results), "shacl_results": shacl_results, "plain_results": plain_results,
    }
    if pyshacl_turbo is not None:
        def hoisted():  # what pvgraph's engine runs: pySHACL on the hoisted shapes
            return pyshacl.validate(data, shacl_graph=hoist_property_targets(schema.shapes),
                                    ont_graph=schema.ontology, **PYSHACL_ARGUMENTS)

        turbo()
        row["hoisted"], _ = _median_seconds(hoisted, runs)
        row["turbo"], (_conforms, turbo_graph, _text) = _median_seconds(turbo, runs)
        row["turbo_same"] = _results(turbo_graph) == _results(plain_graph)
    return row


def w3c_agreement() -> tuple[int, int, list[str]]:
    """(tests where pyshacl-turbo's results equal the suite's, where pySHACL's do, tests where
    the two engines differ): the suite decides which engine is right."""
    from tests.validation.test_w3c_suite import TESTS, _expected, _load

    turbo_right = plain_right = 0
    differ = []
    for name, data_path, shapes_path, manifest, expected_node in TESTS:
        data, shapes = _load(data_path), _load(shapes_path)
        expected = _expected(manifest, expected_node)
        answers = []
        for engine in (pyshacl, pyshacl_turbo):
            try:
                _c, graph, _t = engine.validate(data, shacl_graph=copy_graph(shapes), **PYSHACL_ARGUMENTS)
                answers.append(_results(graph) if isinstance(graph, rdflib.Graph) else None)
            except Exception:  # an engine that cannot run the test: not right, whatever the suite says
                answers.append(None)
        plain_right += answers[0] == expected
        turbo_right += answers[1] == expected
        if answers[0] != answers[1]:
            differ.append(name.rsplit("/tests/", 1)[-1])
    return turbo_right, plain_right, differ


def run(quick: bool) -> str:
    """The "Validation" section of bench/RESULTS.md, as markdown."""
    sizes = [10_000] if quick else [1_000, 10_000, 30_000]
    runs = 3 if quick else 5
    load_before = os.getloadavg()[0]
    rows = [measure(size, runs) for size in sizes]
    load_after = os.getloadavg()[0]
    lines = [
        "## Validation",
        "",
        f"Command: `{COMMAND}{' --quick' if quick else ''}` — Python {platform.python_version()}, "
        f"pySHACL {pyshacl.__version__}, rdflib {rdflib.__version__}; median of {runs} runs after a warm-up.",
        "Input: synthetic copies of `data/examples/submissions/conforming.ttl` (some with a missing lead or a",
        "population written as text), validated against `shapes/` with the ontology mixed in.",
        f"Machine load (1-minute average) {load_before:.1f} before, {load_after:.1f} after, on "
        f"{os.cpu_count()} cores shared with other jobs: read the ratio more than the seconds.",
        "",
        "| triples | pvgraph `validate_graph` (s) | plain pySHACL (s) | ratio | results (SHACL / pySHACL / all) |"
        + (" pySHACL on pvgraph's hoisted shapes (s) | pyshacl-turbo, same shapes (s) | turbo / hoisted pySHACL | turbo's results = pySHACL's |"
           if pyshacl_turbo else ""),
        "|---:|---:|---:|---:|---|" + ("---:|---:|---:|---|" if pyshacl_turbo else ""),
    ]
    for row in rows:
        line = (f"| {row['triples']} | {row['ours']:.2f} | {row['plain']:.2f} | {row['ours'] / row['plain']:.2f} | "
                f"{row['shacl_results']} / {row['plain_results']} / {row['results']} |")
        if "turbo" in row:
            line += (f" {row['hoisted']:.2f} | {row['turbo']:.2f} | {row['turbo'] / row['hoisted']:.2f} | "
                     f"{'yes' if row['turbo_same'] else 'NO'} |")
        lines.append(line)
    lines += [
        "",
        "pvgraph's time includes the undeclared-term check and the steward-readable report; the SHACL",
        "results are the same as plain pySHACL's (also proved by tests/validation/test_engine.py).",
        "",
    ]
    if pyshacl_turbo is not None:
        turbo_right, plain_right, differ = w3c_agreement()
        lines += [
            f"W3C SHACL suite (tests/conformance/shacl): pyshacl-turbo {pyshacl_turbo.__version__} gives the",
            f"expected results in {turbo_right} tests, pySHACL in {plain_right}; they differ on "
            f"{', '.join(differ) or 'none'}.",
            "",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 runs at 10 000 triples only")
    args = parser.parse_args(argv)
    print(run(args.quick))
    return 0


if __name__ == "__main__":
    sys.exit(main())

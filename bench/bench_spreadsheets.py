"""Spreadsheet benchmark: a 10 000-row submission validated as XLSX, ODS and CSV, and as Turtle.

The rows are copies of the conforming case of tests/tabular/cases.py (fictional) under fresh
identifiers, about 10 000 rows over the nine sheets, written by pvgraph's template writer. Each
form is validated as ``pvgraph validate`` does (read, table checks, mapping, SHACL and report,
findings placed in their cells; no referential), and the graph the spreadsheet stands for is
validated as Turtle the same way: the difference is what the spreadsheet path costs.

    python -m bench.bench_spreadsheets            # 10 000 rows, median of 3 runs
    python -m bench.bench_spreadsheets --quick    # 2 000 rows, 1 run
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from tests.tabular.cases import CONFORMING

from pvgraph.formats import rdf_format
from pvgraph.loading import Document, parse_document
from pvgraph.settings import load_settings
from pvgraph.tabular.checks import check_workbook
from pvgraph.tabular.mapping import map_workbook
from pvgraph.tabular.reading import read_workbook
from pvgraph.tabular.spec import workbook_spec
from pvgraph.tabular.template import write_template
from pvgraph.tabular.validation import Spreadsheet, convert, validate_with_spreadsheets
from pvgraph.validation import validate_parsed

ROOT = Path(__file__).resolve().parents[1]
COMMAND = "python -m bench.bench_spreadsheets"
REFERENCES = {"porteur", "territoire", "politique", "objectif", "cas_usage", "outil", "projet", "action",
              "membre", "organisation", "conduite_par", "dialogue_avec"}


def synthetic_rows(target_rows: int) -> dict[str, list[list[str]]]:
    """Copies of the conforming case, every identifier suffixed with the copy's number."""
    spec = workbook_spec(ROOT)
    per_copy = sum(len(rows) for rows in CONFORMING.values())
    out: dict[str, list[list[str]]] = {key: [] for key in CONFORMING}
    for n in range(max(1, target_rows // per_copy)):
        for key, rows in CONFORMING.items():
            columns = spec.sheet(key).columns
            for row in rows:
                copy = list(row)
                for i, column in enumerate(columns):
                    if column.name == "identifiant" or column.name in REFERENCES:
                        copy[i] = ", ".join(f"{v.strip()}-{n}" for v in row[i].split(",") if v.strip())
                out[key].append(copy)
    return out


def _median(function, runs: int) -> tuple[float, object]:
    wall, _cpu, result = _medians(function, runs)
    return wall, result


def _medians(function, runs: int) -> tuple[float, float, object]:
    """Median wall-clock and CPU seconds (this process's CPU time: what the neighbours' load
    inflates least on a shared machine), and the last result."""
    times, cpu, result = [], [], None
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = function()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(times), statistics.median(cpu), result


def measure(target_rows: int, runs: int) -> list[dict[str, object]]:
    spec = workbook_spec(ROOT)
    settings = load_settings({"store": ":memory:", "root": str(ROOT)})
    rows = synthetic_rows(target_rows)
    total_rows = sum(len(r) for r in rows.values())
    out = []
    turtle: bytes | None = None
    for fmt, kind in (("xlsx", "xlsx"), ("ods", "ods"), ("csv", "csv-zip")):
        data = write_template(spec, fmt, rows=rows)
        sheet = Spreadsheet(f"bench.{fmt}", data, kind)

        def whole(sheet: Spreadsheet = sheet) -> object:
            conversion = convert(sheet, spec, "fr")
            return conversion, validate_with_spreadsheets([conversion], settings=settings, lang="fr",
                                                          use_store=False)

        read_s, raw = _median(lambda s=sheet: read_workbook(s.data, s.name, s.format), runs)
        checks_s, checked = _median(lambda r=raw: check_workbook(r, spec, "fr"), runs)
        map_s, _mapped = _median(lambda c=checked: map_workbook(c, spec), runs)
        total_s, total_cpu, (conversion, report) = _medians(whole, runs)
        turtle = conversion.parsed.document.data
        out.append({"form": fmt.upper() if fmt != "csv" else "CSV (zip)", "rows": total_rows,
                    "bytes": len(data), "triples": len(conversion.parsed.quads), "read": read_s,
                    "checks": checks_s, "map": map_s, "total": total_s, "cpu": total_cpu,
                    "conforms": report.conforms})
    assert turtle is not None

    def as_turtle() -> object:
        parsed = parse_document(Document("bench.ttl", turtle, rdf_format("turtle")))
        return validate_parsed([parsed], settings=settings, lang="fr", use_store=False)

    turtle_s, turtle_cpu, report = _medians(as_turtle, runs)
    out.append({"form": "Turtle (same graph)", "rows": "—", "bytes": len(turtle), "triples": out[0]["triples"],
                "read": None, "checks": None, "map": None, "total": turtle_s, "cpu": turtle_cpu,
                "conforms": report.conforms})
    return out


def measure_table_checks(target_rows: int, runs: int) -> tuple[float, float, int, int] | None:
    """pvgraph's table checks against frictionless's validation of the same CSV files with the same
    Table Schemas (the choice of an own reader rests on this): seconds each, and the errors found."""
    try:
        from frictionless import Dialect, Resource, Schema, formats
    except ImportError:  # the test extra is not installed: the comparison is left out
        return None
    from pvgraph.tabular.table_schema import table_schema
    from pvgraph.tabular.template import sheet_csv

    spec = workbook_spec(ROOT)
    rows = synthetic_rows(target_rows)
    for sheet_rows in rows.values():  # a few faults, so that both have something to report
        for row in sheet_rows[::97]:
            row[0] = row[0].upper()
    files = {key: sheet_csv(spec.sheet(key), sheet_rows) for key, sheet_rows in rows.items()}

    def ours() -> int:
        found = 0
        for key, data in files.items():
            checked = check_workbook(read_workbook(data, f"{key}.csv", "csv"), spec, "fr")
            found += sum(1 for f in checked.findings if f.schema)
        return found

    def theirs() -> int:
        found = 0
        for key, data in files.items():
            resource = Resource(data=data, format="csv", encoding="utf-8-sig",
                                schema=Schema.from_descriptor(table_schema(spec.sheet(key), spec)),
                                dialect=Dialect(controls=[formats.CsvControl(delimiter=";")]))
            found += len(resource.validate(limit_errors=1_000_000).tasks[0].errors)
        return found

    ours_s, ours_found = _median(ours, runs)
    theirs_s, theirs_found = _median(theirs, runs)
    return ours_s, theirs_s, int(ours_found), int(theirs_found)  # type: ignore[arg-type]


def run(quick: bool) -> str:
    target, runs = (2_000, 1) if quick else (10_000, 3)
    load_before = os.getloadavg()[0]
    results = measure(target, runs)
    load_after = os.getloadavg()[0]
    turtle = results[-1]["total"]
    lines = [
        "## Spreadsheets",
        "",
        f"Command: `{COMMAND}{' --quick' if quick else ''}` — Python {platform.python_version()}; median of {runs} "
        f"run(s). Input: {results[0]['rows']} rows over the nine sheets (copies of the conforming case of "
        "tests/tabular/cases.py), written by pvgraph's template writer; validated without the referential.",
        f"Machine load (1-minute average) {load_before:.1f} before, {load_after:.1f} after, on {os.cpu_count()} cores "
        "shared with other jobs: read the ratios more than the seconds.",
        "",
        "| form | rows | bytes | triples | read (s) | table checks (s) | mapping (s) | whole validation (s) | CPU (s) | / Turtle | conforms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        cells = [f"{r[k]:.2f}" if isinstance(r[k], float) else "—" for k in ("read", "checks", "map")]
        lines.append(f"| {r['form']} | {r['rows']} | {r['bytes']} | {r['triples']} | {' | '.join(cells)} | "
                     f"{r['total']:.2f} | {r['cpu']:.2f} | {r['total'] / turtle:.2f} | {'yes' if r['conforms'] else 'no'} |")
    checks = measure_table_checks(target, runs)
    if checks is not None:
        ours_s, theirs_s, ours_found, theirs_found = checks
        lines += [
            "",
            f"Table checks alone, on the same {results[0]['rows']} rows as CSV files with every 97th identifier in capitals "
            "(reading included):",
            "",
            "| checker | seconds | errors found |",
            "|---|---:|---:|",
            f"| pvgraph (`tabular.checks`) | {ours_s:.2f} | {ours_found} |",
            f"| frictionless {_frictionless_version()}, same Table Schemas | {theirs_s:.2f} | {theirs_found} |",
        ]
    return "\n".join(lines) + "\n"


def _frictionless_version() -> str:
    from importlib.metadata import version

    return version("frictionless")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    sys.stdout.write(run(args.quick))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Submissions benchmark: what a steward's submission, its withdrawal and a token check cost on
the project's graph (ontology, study, examples, national referential), built into an on-disk
store first.

- accept: :func:`pvgraph.submissions.accept` of ``data/examples/submissions/conforming.ttl``
  (already validated: the transaction alone — files, data, provenance, entailments, flush);
- withdraw: :func:`pvgraph.submissions.withdraw` of it (the inferred graph recomputed in full
  beside the live one, then moved in place);
- reconcile: a server start's reconciliation with nothing to do;
- token check: scrypt (n=2^14) for a token's first request, then the remembered check.

    python -m bench submissions            # 3 rounds
    python -m bench submissions --quick    # 1 round
"""

from __future__ import annotations

import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from pvgraph.build import build_project
from pvgraph.loading import parse_file
from pvgraph.settings import PROJECT_ROOT, load_settings
from pvgraph.stewards import Steward, TokenRegistry
from pvgraph.store import EmbeddedStore
from pvgraph.submissions import SubmittedFile, accept, reconcile, withdraw
from pvgraph.validation import validate_parsed

CONFORMING = PROJECT_ROOT / "data" / "examples" / "submissions" / "conforming.ttl"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _timed(work: object) -> tuple[float, float]:
    cpu, started = _cpu(), time.perf_counter()
    work()  # type: ignore[operator]
    return time.perf_counter() - started, _cpu() - cpu


def run(quick: bool) -> str:
    rounds = 1 if quick else 3
    workdir = Path(tempfile.mkdtemp(prefix="bench-submissions-"))
    try:
        settings = load_settings({"store": str(workdir / "store"), "submissions_dir": str(workdir / "subs")},
                                 settings_file=workdir / "absent.toml")
        store = EmbeddedStore(workdir / "store")
        build_started = time.perf_counter()
        build_project(settings, store)
        build_seconds = time.perf_counter() - build_started
        triples = sum(store.graphs().values())
        parsed = [parse_file(CONFORMING)]
        report = validate_parsed(parsed, settings=settings, referential=store, use_store=False)
        assert report.conforms
        files = [SubmittedFile(CONFORMING.name, CONFORMING.read_bytes())]
        steward = Steward("bench", "https://w3id.org/pvgraph/id/organisation/200000172")
        timings: dict[str, list[tuple[float, float]]] = {"accept": [], "withdraw": [], "reconcile": []}
        made: list[str] = []
        for _ in range(rounds):
            timings["accept"].append(_timed(lambda: made.append(
                accept(store, workdir / "subs", quads=parsed[0].quads, files=files, report=report,
                       steward=steward).id)))
            timings["withdraw"].append(_timed(lambda: withdraw(store, workdir / "subs", made[-1], steward)))
            timings["reconcile"].append(_timed(lambda: reconcile(workdir / "subs", store)))
        registry = TokenRegistry(workdir / "tokens.json")
        secret = registry.add("bench")
        first = _timed(lambda: registry.check(secret))
        again = _timed(lambda: registry.check(secret))
        store.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    def cell(name: str) -> str:
        walls = [w for w, _ in timings[name]]
        cpus = [c for _, c in timings[name]]
        return f"{statistics.median(walls):.2f} s / {statistics.median(cpus):.2f} s"

    accept_cpu = statistics.median(c for _, c in timings["accept"])
    withdraw_cpu = statistics.median(c for _, c in timings["withdraw"])
    return "\n".join([
        "## Submissions",
        "",
        "Command: `.venv/bin/python -m bench submissions" + (" --quick`" if quick else "`"),
        "",
        f"On the project's graph built into an on-disk store ({triples:,} quads, built in "
        f"{build_seconds:.0f} s), {len(parsed[0].quads)} triples submitted ({CONFORMING.name}); "
        f"median of {rounds} round(s), wall / CPU seconds.",
        "",
        "| step | wall / CPU |",
        "|---|---|",
        f"| accept (files, data, provenance, entailments, flush) | {cell('accept')} |",
        f"| withdraw (inferred graph recomputed in full) | {cell('withdraw')} |",
        f"| reconcile at start, nothing to do | {cell('reconcile')} |",
        f"| token check, first (scrypt) | {first[0] * 1000:.0f} ms |",
        f"| token check, remembered | {again[0] * 1000:.3f} ms |",
        "",
        f"Ratio withdraw / accept (CPU): {withdraw_cpu / max(accept_cpu, 1e-9):.1f}.",
    ])

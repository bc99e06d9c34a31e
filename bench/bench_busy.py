"""Serving while the server publishes: latency of ``/healthz`` and of a named question while
``pvgraph serve`` writes the dumps of a new store version, against the same requests once the
dumps are written (the baseline, same run, same server).

Why: after a start or an accepted submission, the server writes the new version's dumps, VoID
counts and sitemap list — minutes of work on the national graph. Done in a thread of the server
it held the interpreter lock and every request queued behind it; it now runs in a child process
(pvgraph.publish.generation). The ratio "during / after" says what a researcher feels meanwhile.
On a 2-core machine the child still takes one core, so a ratio near 1 is not expected when
other jobs share the machine: the load average is printed.

    python -m bench busy            # the national graph (a copy of var/store, or a build)
    python -m bench busy --quick    # the same, fewer samples after the publication
"""

from __future__ import annotations

import os
import signal
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx

from bench.serving import free_port, prepare_store, start_pvgraph

SAMPLE_EVERY = 0.25  # seconds between two samples
QUESTION = "/queries/case-studies"


def _sample(client: httpx.Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url, headers={"Cache-Control": "no-cache", "Accept": "application/json"})
    response.raise_for_status()
    return (time.perf_counter() - started) * 1000


def _wait_for_catalogue(base: str, done: threading.Event) -> None:
    """Ask for the catalogue until it answers (it waits for the dumps, then says 503), in its own
    thread so that the samples keep their pace meanwhile."""
    with httpx.Client(timeout=120) as client:
        while client.get(f"{base}/catalog", headers={"Accept": "text/turtle"}).status_code != 200:
            time.sleep(1)
    done.set()


def _row(name: str, during: list[float], after: list[float]) -> str:
    def p(values: list[float], q: float) -> float:
        return sorted(values)[min(len(values) - 1, int(q * len(values)))]

    ratio = statistics.median(during) / statistics.median(after)
    return (f"| {name} | {len(during)} | {statistics.median(during):.1f} | {p(during, 0.95):.1f} | "
            f"{len(after)} | {statistics.median(after):.1f} | {p(after, 0.95):.1f} | {ratio:.2f} |")


def run(quick: bool) -> str:
    after_samples = 40 if quick else 200
    with tempfile.TemporaryDirectory(prefix="pvgraph-bench-busy-") as tmp:
        work = Path(tmp)
        prepare_store(work / "store", None)
        port = free_port()
        env = {**os.environ, "PVGRAPH_PUBLISH_DIR": str(work / "publish")}
        started = time.perf_counter()
        proc = start_pvgraph(work / "store", port, env)
        base = f"http://127.0.0.1:{port}"
        during: dict[str, list[float]] = {"/healthz": [], QUESTION: []}
        after: dict[str, list[float]] = {"/healthz": [], QUESTION: []}
        try:
            published = threading.Event()
            threading.Thread(target=_wait_for_catalogue, args=(base, published), daemon=True).start()
            with httpx.Client(timeout=60) as client:
                while not published.is_set():
                    for url, values in during.items():
                        values.append(_sample(client, base + url))
                    time.sleep(SAMPLE_EVERY)
                publishing = time.perf_counter() - started
                print(f"  dumps written {publishing:.0f} s after the start; "
                      f"{len(during['/healthz'])} samples meanwhile", flush=True)
                for _ in range(after_samples):
                    for url, values in after.items():
                        values.append(_sample(client, base + url))
                    time.sleep(SAMPLE_EVERY)
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(30)
    return "\n".join([
        "### Serving while publishing (bench/bench_busy.py)",
        "",
        "Command: `.venv/bin/python -m bench busy" + (" --quick`" if quick else "`") + ". "
        "`pvgraph serve` on the national graph (copy of `var/store`), fresh publication directory; "
        f"a request every {SAMPLE_EVERY} s to each URL (no cache) until `/catalog` answers, then "
        f"{after_samples} more. The dumps were written {publishing:.0f} s after the start. "
        f"Load average at the end: {os.getloadavg()[0]:.1f} on 2 cores.",
        "",
        "| URL | samples during | median ms | p95 ms | samples after | median ms | p95 ms | during / after |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        *(_row(url, during[url], after[url]) for url in during),
    ])


if __name__ == "__main__":
    import sys

    print(run("--quick" in sys.argv))

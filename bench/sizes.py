"""The graph sizes the benchmarks build, and what a build costs at each (wall, CPU, peak memory).

Why one module: issue 15 measures pvgraph at the same sizes in the build benchmark and the peers
benchmark — *S* (the project without the national referential), *M* (the national graph), *L* (M
plus a million synthetic triples), *XL* (M plus ten million), and for the build's cost curve
*+3M* and *+5M* in between — and each size must be the same graph in both.

A build runs the real command (``python -m pvgraph build``) in a child process on a temporary
copy of the repository (``PVGRAPH_ROOT``), so that its peak memory is its own: the resident set of
the child and of any process it starts, sampled every 0.2 s from /proc, and the kernel's high-water
mark of the child (``wait4``), whichever is larger. Nothing is written under data/.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from bench import synthetic
from bench.synthetic import REFERENTIAL, Vocabulary, write_triples
from pvgraph.settings import PROJECT_ROOT

SYNTHETIC = {"S": None, "M": 0, "L": 1_000_000, "+3M": 3_000_000, "+5M": 5_000_000, "XL": 10_000_000}
"""Synthetic triples added to the national graph per size (None: without the referential)."""
ORDER = list(SYNTHETIC)


def parse_sizes(text: str) -> list[str]:
    """``"S,M,L,XL"`` → the sizes, in the order given (a run that may not finish in time can
    measure the sizes that matter most first); an unknown name is refused."""
    names = [n.strip().upper() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in SYNTHETIC]
    if unknown:
        raise ValueError(f"unknown size {', '.join(unknown)}; sizes are {', '.join(ORDER)}")
    return list(dict.fromkeys(names))


def prepare_root(size: str, workdir: Path) -> Path:
    """A copy of the repository's sources for ``size`` (with its synthetic triples) in ``workdir``."""
    target = workdir / f"root-{size.replace('+', 'p')}"
    synthetic = SYNTHETIC[size]
    for name in ("ontology", "shapes"):
        shutil.copytree(PROJECT_ROOT / name, target / name)
    names = ("study", "examples") if synthetic is None else ("study", "examples", "referential")
    for name in names:
        if (PROJECT_ROOT / "data" / name).is_dir():
            shutil.copytree(PROJECT_ROOT / "data" / name, target / "data" / name,
                            ignore=shutil.ignore_patterns("submissions"))
    if synthetic:
        cached, copy = synthetic_file(synthetic), target / "data" / "referential" / "synthetic.nt.gz"
        try:
            os.link(cached, copy)
        except OSError:  # another file system
            shutil.copyfile(cached, copy)
    return target


CACHE = PROJECT_ROOT / "var" / "bench"  # gitignored


def synthetic_file(triples: int) -> Path:
    """The synthetic triples of a size, generated once and kept under var/bench/ (ten million take
    minutes to make): the file's name holds a hash of what decides its content — the generator's
    source, the vocabulary it draws from and the referential's organisations."""
    vocab = Vocabulary.read()
    key = hashlib.sha256(Path(synthetic.__file__).read_bytes())
    for part in (vocab.value_types, vocab.action_types, vocab.initiative_kinds):
        key.update("\n".join(part).encode())
    key.update(REFERENTIAL.read_bytes())
    path = CACHE / f"synthetic-{triples}-{key.hexdigest()[:16]}.nt.gz"
    if not path.is_file():
        CACHE.mkdir(parents=True, exist_ok=True)
        for old in CACHE.glob(f"synthetic-{triples}-*.nt.gz"):
            old.unlink()
        partial = path.with_name(f"partial-{path.name}")  # still *.nt.gz: write() picks N-Triples by the name
        write_triples(triples, partial)
        partial.rename(path)
    return path


@dataclass(frozen=True)
class BuildCost:
    """One build: wall and CPU seconds, peak resident memory (bytes) and quads in the store."""

    size: str
    wall: float
    cpu: float
    peak_rss: int
    quads: int
    load_before: float
    load_after: float


def _tree_rss(root_pid: int) -> int:
    """Resident bytes of ``root_pid`` and its descendants (from /proc; 0 once it has exited)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    tree = {root_pid}
    changed = True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                changed = True
    return sum(rss.get(pid, 0) for pid in tree)


def build(size: str, root: Path, store_dir: Path) -> BuildCost:
    """``python -m pvgraph build`` of ``root`` into ``store_dir``, measured (raises if it fails)."""
    env = {k: v for k, v in os.environ.items() if k != "PVGRAPH_UPDATE_TOKEN"}
    env["PVGRAPH_ROOT"] = str(root)
    env["PYTHONPATH"] = os.pathsep.join([str(PROJECT_ROOT / "src"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "pvgraph", "build", "--store", str(store_dir)],
                            cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            peak[0] = max(peak[0], _tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert proc.stderr is not None
    errors = proc.stderr.read()  # drained while it runs, so a chatty build never blocks on the pipe
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"pvgraph build ({size}) exited {proc.returncode}: {errors.decode()[-2000:]}")
    quads = len(ox.Store.read_only(str(store_dir)))
    return BuildCost(size, wall, usage.ru_utime + usage.ru_stime, max(peak[0], usage.ru_maxrss * 1024),
                     quads, load_before, os.getloadavg()[0])


def linear_fit(xs: list[float], ys: list[float]) -> tuple[float, float, float]:
    """Least-squares ``y = a + b·x``: (a, b, r²)."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    b = sxy / sxx if sxx else 0.0
    a = my - b * mx
    ss_res = sum((y - a - b * x) ** 2 for x, y in zip(xs, ys, strict=True))
    ss_tot = sum((y - my) ** 2 for y in ys)
    return a, b, 1 - ss_res / ss_tot if ss_tot else 1.0


def table(costs: list[BuildCost]) -> list[str]:
    """The markdown rows of the build costs, with the cost per million quads."""
    costs = sorted(costs, key=lambda c: c.quads)
    rows = ["| size | quads in the store | wall s | CPU s | peak memory GiB | wall s per M quads | "
            "CPU s per M quads | GiB per M quads | load before → after |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for c in costs:
        m = c.quads / 1e6
        rows.append(f"| {c.size} | {c.quads:,} | {c.wall:.1f} | {c.cpu:.1f} | {c.peak_rss / 2**30:.2f} | "
                    f"{c.wall / m:.1f} | {c.cpu / m:.1f} | {c.peak_rss / 2**30 / m:.2f} | "
                    f"{c.load_before:.1f} → {c.load_after:.1f} |")
    return rows


def reading(costs: list[BuildCost]) -> list[str]:
    """Whether the cost grows linearly: the fit over the sizes with the referential (M and up),
    and the exponent between the smallest and the largest of them (1 = linear)."""
    points = sorted((c for c in costs if SYNTHETIC[c.size] is not None), key=lambda c: c.quads)
    if len(points) < 3:
        return ["(fewer than three sizes with the referential: no fit)"]
    xs = [c.quads / 1e6 for c in points]
    lines = []
    import math

    first, last = points[0], points[-1]
    for label, ys, unit in (("wall time", [c.wall for c in points], "s"),
                            ("CPU time", [c.cpu for c in points], "s"),
                            ("peak memory", [c.peak_rss / 2**30 for c in points], "GiB")):
        a, b, r2 = linear_fit(xs, ys)
        exponent = math.log(ys[-1] / ys[0]) / math.log(xs[-1] / xs[0]) if ys[0] > 0 else float("nan")
        lines.append(f"- {label}: {a:.2f} {unit} + {b:.2f} {unit} per million quads, r² = {r2:.3f}; "
                     f"from {first.size} to {last.size} it grows as quads^{exponent:.2f} (1 = linear)")
    return lines


def plot(costs: list[BuildCost], path: Path) -> None:
    """Time and memory against quads, with the linear fits over the sizes with the referential."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    costs = sorted(costs, key=lambda c: c.quads)
    points = [c for c in costs if SYNTHETIC[c.size] is not None] or costs
    xs = [c.quads / 1e6 for c in costs]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2))
    for ax, series, unit in ((left, (("wall", [c.wall for c in costs]), ("CPU", [c.cpu for c in costs])), "s"),
                             (right, (("peak RSS", [c.peak_rss / 2**30 for c in costs]),), "GiB")):
        for label, ys in series:
            line, = ax.plot(xs, ys, "o", label=label)
            fit_ys = [ys[costs.index(c)] for c in points]
            if len(points) >= 2:
                a, b, r2 = linear_fit([c.quads / 1e6 for c in points], fit_ys)
                ends = [0, max(xs)]
                ax.plot(ends, [a + b * x for x in ends], "--", color=line.get_color(),
                        label=f"{label} fit: {a:.1f} + {b:.2f}·M (r²={r2:.3f})")
        for c, x in zip(costs, xs, strict=True):
            ax.annotate(c.size, (x, series[0][1][costs.index(c)]), textcoords="offset points", xytext=(4, 4),
                        fontsize=8)
        ax.set_xlabel("quads in the store (millions) / quads dans le magasin (millions)")
        ax.set_ylabel(unit)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=8)
    left.set_title("build time / temps de construction")
    right.set_title("peak memory / mémoire maximale")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)

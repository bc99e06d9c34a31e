"""Run the benchmarks: ``python -m bench [--quick] [--sizes S,M,L,XL] [--output FILE] [NAME …]``.

NAME is a module of bench/ without its ``bench_`` prefix (``build``, ``peers``, ``reasoning``…;
a hyphen stands for an underscore: ``remote-build``).
Each module's ``run(quick)`` returns markdown (``run(quick, sizes=…)`` with ``--sizes``, for the
modules that measure several graph sizes: ``build`` and ``peers``, see bench/sizes.py); the sections are printed (and written to
``--output`` if given), then a summary with each module's time and the total.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import pkgutil
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def available() -> list[str]:
    """Benchmark modules found in bench/, by short name, sorted."""
    return sorted(m.name.removeprefix("bench_") for m in pkgutil.iter_modules([str(HERE)])
                  if m.name.startswith("bench_"))


def main(argv: list[str] | None = None) -> int:
    names = available()
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"benchmarks to run (default: all of {', '.join(names)})")
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer runs, for a smoke test")
    parser.add_argument("--output", type=Path, help="also write the markdown sections to this file")
    parser.add_argument("--sizes", metavar="S,M,L,XL",
                        help="graph sizes for build and peers (S, M, L, +3M, +5M, XL; see bench/sizes.py)")
    args = parser.parse_args(argv)
    sizes = None
    if args.sizes:
        from bench.sizes import parse_sizes

        try:
            sizes = parse_sizes(args.sizes)
        except ValueError as exc:
            parser.error(str(exc))
    args.names = [name.replace("-", "_") for name in args.names]  # remote-build = remote_build
    unknown = sorted(set(args.names) - set(names))
    if unknown:
        parser.error(f"no benchmark named {', '.join(unknown)}; there are: {', '.join(names)}")
    chosen = args.names or names
    sections: list[str] = []
    summary: list[tuple[str, float, str]] = []
    started = time.perf_counter()
    for number, name in enumerate(chosen, start=1):
        print(f"== [{number}/{len(chosen)}] bench_{name} {'(quick)' if args.quick else ''}", flush=True)
        t0 = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.bench_{name}")
            if sizes is not None and "sizes" in inspect.signature(module.run).parameters:
                sections.append(module.run(args.quick, sizes=sizes))
            else:
                sections.append(module.run(args.quick))
            status = "ok"
        except Exception:  # a failed benchmark must not hide the others' results
            traceback.print_exc()
            status = "FAILED"
        summary.append((name, time.perf_counter() - t0, status))
    text = "\n\n".join(sections)
    print("\n" + text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    print("\n== summary")
    for name, seconds, status in summary:
        print(f"  {name:<14} {seconds:8.1f} s  {status}")
    print(f"  {'total':<14} {time.perf_counter() - started:8.1f} s")
    return 0 if all(status == "ok" for *_, status in summary) else 1


if __name__ == "__main__":
    sys.exit(main())

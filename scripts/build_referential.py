#!/usr/bin/env python3
"""Regenerate data/referential/ from the npm package @etalab/decoupage-administratif 6.0.0.

Usage:
    .venv/bin/python scripts/build_referential.py                # fetch (npm pack) into the cache if needed
    .venv/bin/python scripts/build_referential.py --package DIR  # DIR = an unpacked package's data/ folder

Writes data/referential/referential-2026.nt.gz (sorted N-Triples, gzip with a fixed header, so the
bytes are the same on every run) and data/referential/counts.json (the package's counts, which the
tests compare with the RDF when the package itself is not at hand). Only this script touches the
network, and only when the package is not already in the cache; `pvgraph build` never does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pvgraph.referential import (
    PACKAGE_VERSION,
    VINTAGE,
    Package,
    fetch_package,
    referential_lines,
    write_counts,
    write_ntriples_gz,
)

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path.home() / ".cache" / "pvgraph" / f"decoupage-administratif-{PACKAGE_VERSION}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--package", type=Path, help="data/ folder of the unpacked npm package")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "referential")
    args = parser.parse_args(argv)
    package = Package.read(args.package or fetch_package(CACHE))
    lines = referential_lines(package)
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / f"referential-{VINTAGE}.nt.gz"
    count = write_ntriples_gz(lines, target)
    counts = write_counts(package, count, args.out / "counts.json")
    print(f"{target}: {count} triples, {target.stat().st_size} bytes; {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

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
import subprocess
import sys
import tarfile
from pathlib import Path

from pvgraph.referential import (
    PACKAGE_NAME,
    PACKAGE_VERSION,
    VINTAGE,
    Package,
    referential_lines,
    write_counts,
    write_ntriples_gz,
)

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path.home() / ".cache" / "pvgraph" / f"decoupage-administratif-{PACKAGE_VERSION}"


def fetch_package(cache: Path = CACHE) -> Path:
    """The package's data/ folder in the cache, fetched with `npm pack` when absent."""
    data = cache / "package" / "data"
    if (data / "communes.json").is_file():
        return data
    cache.mkdir(parents=True, exist_ok=True)
    print(f"npm pack {PACKAGE_NAME}@{PACKAGE_VERSION} → {cache}", file=sys.stderr)
    out = subprocess.run(["npm", "pack", f"{PACKAGE_NAME}@{PACKAGE_VERSION}"], cwd=cache,
                         check=True, capture_output=True, text=True).stdout.split()[-1]
    with tarfile.open(cache / out) as tar:
        tar.extractall(cache, filter="data")
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--package", type=Path, help="data/ folder of the unpacked npm package")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "referential")
    args = parser.parse_args(argv)
    package = Package.read(args.package or fetch_package())
    lines = referential_lines(package)
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / f"referential-{VINTAGE}.nt.gz"
    count = write_ntriples_gz(lines, target)
    counts = write_counts(package, count, args.out / "counts.json")
    print(f"{target}: {count} triples, {target.stat().st_size} bytes; {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

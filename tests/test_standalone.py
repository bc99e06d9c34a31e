"""The repository stands alone: no test reads anything outside it.

A clone made anywhere (nothing beside it) must pass `make test`. The W3C suites and the DCAT-AP
shapes the tests use are copied under tests/ with their source and licence; this test fails when a
test names a path outside the repository again, or when copied material loses its SOURCE note.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import CONFORMANCE_DIR, REPO_ROOT

TESTS = REPO_ROOT / "tests"
# Ways a test has reached outside the repository: the shared folder beside the worktree, an
# environment variable pointing there, an absolute path on the development machine.
OUTSIDE = re.compile(r"shared/conformance|\.\./shared|PVGRAPH_CONFORMANCE_DIR|[\"']/work/|[\"']/home/")
PARENTS = re.compile(r"parents\[(\d+)\]")
PARENT_CHAIN = re.compile(r"(?:\.parent){2,}")
THIS = Path(__file__).resolve()


def _sources() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*.py") if p.resolve() != THIS)


def test_no_test_names_a_path_outside_the_repository() -> None:
    offenders = []
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        # parents[N] of a file N+1 folders deep is the repository root; more is outside it.
        depth = len(path.relative_to(REPO_ROOT).parts) - 1
        for number, line in enumerate(text.splitlines(), 1):
            where = f"{path.relative_to(REPO_ROOT)}:{number}: {line.strip()}"
            if OUTSIDE.search(line):
                offenders.append(where)
            if "__file__" in line:
                deepest = [int(n) for n in PARENTS.findall(line)]
                deepest += [len(chain) // len(".parent") - 1 for chain in PARENT_CHAIN.findall(line)]
                if any(n > depth for n in deepest):
                    offenders.append(where)
            if re.search(r"(REPO_ROOT|PROJECT_ROOT|REPO|ROOT)\.parent\b", line):
                offenders.append(where)
    assert not offenders, "tests reach outside the repository:\n" + "\n".join(offenders)


def test_the_check_catches_what_it_looks_for() -> None:
    assert OUTSIDE.search('root = Path("../shared/conformance")')
    assert OUTSIDE.search('os.environ["PVGRAPH_CONFORMANCE_DIR"]')
    assert PARENTS.findall("Path(__file__).resolve().parents[3]") == ["3"]


def test_every_copied_folder_says_where_it_comes_from_and_its_licence() -> None:
    folders = [CONFORMANCE_DIR / "sparql11", CONFORMANCE_DIR / "shacl", TESTS / "publish" / "dcat-ap"]
    for folder in folders:
        source = (folder / "SOURCE.md").read_text(encoding="utf-8")
        assert re.search(r"@ [0-9a-f]{40}", source), f"{folder}: SOURCE.md names no commit"
        assert "Licen" in source, f"{folder}: SOURCE.md names no licence"
    for folder in folders[:2]:
        assert (folder / "LICENSE.md").is_file(), f"{folder}: no LICENSE.md"


def test_no_agpl_fixture_was_copied() -> None:
    """The data.gouv.fr harvester's fixtures (AGPL-3.0) are used by hand, never copied."""
    names = {"evian.json", "geonetwork.xml", "sig.oreme.rdf", "udata.xml", "udata-docs-rdf.md"}
    for root in (TESTS, REPO_ROOT / "data", REPO_ROOT / "src"):
        assert not [p for p in root.rglob("*") if p.name in names], root
    for path in TESTS.rglob("*"):
        if path.is_file() and path.suffix in {".md", ".txt"}:
            assert "AGPL" not in path.read_text(encoding="utf-8", errors="replace"), path

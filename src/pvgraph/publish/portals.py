"""The portals' own harvesters, run on a catalogue: what data.gouv.fr and CKAN would show.

Why: imitating a harvester misses what the real one does (udata refused every dataset of a
catalogue that passed the DCAT-AP shapes). udata and CKAN + ckanext-dcat cannot live in
pvgraph's environment (their pins clash with each other and with ours), so each has its own
virtual environment (``scripts/install-harvesters.sh``) and a small driver script
(``harvesters/*_driver.py``) that this module runs as a subprocess with that environment's
interpreter. A driver prints JSON: per run (a harvester and, for CKAN, a ckanext-dcat profile),
the datasets and data services with what the portal keeps of them, or why it refused them.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DRIVERS = Path(__file__).parent / "harvesters"
REPO_ROOT = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class Harvester:
    """A portal's harvester: its environment's name, its driver, the profile it is given."""

    name: str
    label: str
    driver: str
    profile: str
    """The catalogue profile this portal is registered with (:mod:`pvgraph.publish.profiles`)."""


UDATA = Harvester("udata", "data.gouv.fr (udata)", "udata_driver.py", "datagouv")
CKAN = Harvester("ckan", "CKAN (ckanext-dcat)", "ckan_driver.py", "ckan")
HARVESTERS: tuple[Harvester, ...] = (UDATA, CKAN)


class HarvesterFailed(RuntimeError):
    """A driver did not run to the end (a crash, not a refusal: refusals are in its output)."""


def harvesters_dir() -> Path:
    """Where the environments are: ``$PVGRAPH_HARVESTERS_DIR``, else ``.harvesters/`` at the
    repository root (what ``make test`` builds)."""
    configured = os.environ.get("PVGRAPH_HARVESTERS_DIR")
    return Path(configured) if configured else REPO_ROOT / ".harvesters"


def interpreter(harvester: Harvester, directory: Path | None = None) -> Path | None:
    """The Python of a harvester's environment, if it is completely installed."""
    venv = (directory or harvesters_dir()) / harvester.name
    python = venv / "bin" / "python"
    return python if python.is_file() and (venv / ".installed").is_file() else None


def available(directory: Path | None = None) -> list[Harvester]:
    return [h for h in HARVESTERS if interpreter(h, directory) is not None]


def harvest(harvester: Harvester, url: str, *, directory: Path | None = None,
            timeout: float = 300.0) -> list[dict[str, Any]]:
    """Run the harvester on the catalogue at ``url``; one view per run (see the drivers)."""
    python = interpreter(harvester, directory)
    if python is None:
        raise HarvesterFailed(f"the {harvester.name} harvester is not installed in "
                              f"{directory or harvesters_dir()} (scripts/install-harvesters.sh)")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    try:
        done = subprocess.run([str(python), str(DRIVERS / harvester.driver), url],
                              capture_output=True, text=True, timeout=timeout, env=env,
                              cwd=DRIVERS, check=False)
    except subprocess.TimeoutExpired as exc:
        raise HarvesterFailed(f"the {harvester.name} harvester took more than {timeout} s") from exc
    if done.returncode != 0:
        raise HarvesterFailed(f"the {harvester.name} harvester failed on {url}: "
                              + (done.stderr.strip().splitlines() or ["(no message)"])[-1])
    try:
        views = json.loads(done.stdout)
    except ValueError as exc:
        raise HarvesterFailed(f"the {harvester.name} harvester printed no JSON") from exc
    return views


def run_name(view: dict[str, Any]) -> str:
    """``udata 17.18.0`` or ``ckanext-dcat 2.4.4 (euro_dcat_ap_3, CKAN 2.12.0)``."""
    name = f"{view['harvester']} {view['version']}"
    if view.get("ckan"):
        name += f" ({view['profile']}, CKAN {view['ckan']})"
    return name

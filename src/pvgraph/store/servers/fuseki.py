"""A throwaway Apache Jena Fuseki (``jena-fuseki-server`` jar) on loopback, for tests and benchmarks.

The jar comes from Maven Central (``org.apache.jena:jena-fuseki-server``, the newest 5.x: Jena 6
needs Java 21, the machine has 17) through ``scripts/install-system-deps.sh`` (``mvn
dependency:copy``), into ``~/.m2`` and ``var/fuseki/``; :func:`find_jar` looks there. One dataset,
``/pvgraph``, in TDB2 in a temporary directory, whose default graph is the union of its named graphs
(``tdb2:unionDefaultGraph``, what pvgraph needs), with query, update and Graph Store endpoints and
no authentication (it listens on loopback only).

Not run on this project's development machines so far: their registries do not include Maven
Central, so the jar cannot be fetched there (docs/remote-stores.md). The configuration follows
Fuseki's documentation.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from pvgraph.store.servers import ServerProcess, free_port

VERSION = "5.6.0"  # the newest Fuseki that runs on Java 17
ARTIFACT = f"org.apache.jena:jena-fuseki-server:{VERSION}"
JAR = f"jena-fuseki-server-{VERSION}.jar"

CONFIG = """\
@prefix fuseki: <http://jena.apache.org/fuseki#> .
@prefix tdb2:   <http://jena.apache.org/2016/tdb#> .
@prefix rdf:    <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .

[] rdf:type fuseki:Server .

<#service> rdf:type fuseki:Service ;
    fuseki:name "pvgraph" ;
    fuseki:endpoint [ fuseki:operation fuseki:query ;  fuseki:name "query" ] ;
    fuseki:endpoint [ fuseki:operation fuseki:update ; fuseki:name "update" ] ;
    fuseki:endpoint [ fuseki:operation fuseki:gsp-rw ; fuseki:name "data" ] ;
    fuseki:dataset <#dataset> .

<#dataset> rdf:type tdb2:DatasetTDB2 ;
    tdb2:location "{location}" ;
    tdb2:unionDefaultGraph true .
"""


def find_jar(root: Path | None = None) -> str | None:
    """The Fuseki jar: ``PVGRAPH_FUSEKI_JAR``, else ``var/fuseki/`` under ``root``, else ~/.m2."""
    candidates = [os.environ.get("PVGRAPH_FUSEKI_JAR", "")]
    if root is not None:
        candidates.append(str(root / "var" / "fuseki" / JAR))
    candidates.append(str(Path.home() / ".m2" / "repository" / "org" / "apache" / "jena" /
                          "jena-fuseki-server" / VERSION / JAR))
    return next((c for c in candidates if c and Path(c).is_file()), None)


def find_java() -> str | None:
    return shutil.which("java")


@dataclass
class FusekiServer(ServerProcess):
    """A running Fuseki; stop it with :meth:`stop` (or use it as a context manager)."""

    LOG_NAME: ClassVar[str] = "fuseki.log"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/pvgraph"

    @property
    def query_url(self) -> str:
        return f"{self.base}/query"

    @property
    def update_url(self) -> str:
        return f"{self.base}/update"

    @property
    def graph_store_url(self) -> str:
        return f"{self.base}/data"


def start_fuseki(directory: Path, *, jar: str | None = None, timeout: float = 120.0,
                 heap: str = "512m") -> FusekiServer:
    """Start Fuseki on a fresh TDB2 dataset in ``directory``; wait until its query endpoint answers.

    Raises RuntimeError (with the end of its log) when Java or the jar is missing, or when it does
    not come up in time.
    """
    jar = jar or find_jar()
    java = find_java()
    if jar is None or java is None:
        raise RuntimeError(f"Fuseki needs java and {JAR} (scripts/install-system-deps.sh fetches it)")
    directory.mkdir(parents=True, exist_ok=True)
    config = directory / "config.ttl"
    config.write_text(CONFIG.replace("{location}", str(directory / "tdb2")), encoding="utf-8")
    port = free_port()
    log = (directory / "fuseki.log").open("wb")
    process = subprocess.Popen(
        [java, f"-Xmx{heap}", "-jar", jar, "--localhost", "--port", str(port), "--config", str(config)],
        cwd=directory, stdout=log, stderr=subprocess.STDOUT,
    )
    log.close()
    server = FusekiServer(process=process, directory=directory, http_port=port)
    deadline = time.monotonic() + timeout
    probe = f"{server.query_url}?query=ASK%7B%7D"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Fuseki exited with status {process.returncode}:\n{server.log()}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as response:
                if response.status == 200:
                    return server
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    server.stop()
    raise RuntimeError(f"Fuseki did not answer on {server.query_url} in {timeout:.0f} s:\n{server.log()}")

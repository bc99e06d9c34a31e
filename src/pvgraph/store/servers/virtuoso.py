"""A throwaway Virtuoso 7 server on loopback, for the integration tests and the benchmarks.

Why here and not in a test file: the tests (tests/remote/) and the benchmarks (bench/) both need
the same thing — Debian's ``virtuoso-t`` started in the foreground from a generated
``virtuoso.ini`` in a temporary directory, on free loopback ports, then stopped — and neither
should copy the other. Nothing in the core imports this module (see :mod:`pvgraph.store.servers`).

Endpoints of a started server: ``/sparql`` (anonymous, read-only) for queries and
``/sparql-auth`` (HTTP digest, user ``dba``, password ``dba``) for SPARQL Update.
"""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from pvgraph.store.servers import ServerProcess, free_port

DEBIAN_BINARY = "/usr/bin/virtuoso-t"
USER = "dba"
PASSWORD = "dba"  # Virtuoso's initial dba password; the server only listens on loopback

INI = """\
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {dir}/virtuoso-temp.db
TransactionFile    = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
LiteMode             = 0
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 20
CheckpointInterval   = 60
O_DIRECT             = 0
CaseMode             = 2
MaxStaticCursorRows  = 5000
AllowOSCalls         = 0
DirsAllowed          = ., {dir}
ThreadsPerQuery      = 2
AsyncQueueMaxThreads = 4
NumberOfBuffers      = {buffers}
MaxDirtyBuffers      = {dirty_buffers}
MaxQueryMem          = 1G
VectorSize           = 1000
MaxVectorSize        = 1000000

[HTTPServer]
ServerPort                = 127.0.0.1:{http_port}
ServerRoot                = {dir}
MaxClientConnections      = 20
DavRoot                   = DAV
EnabledDavVSP             = 0
HTTPProxyEnabled          = 0
ServerThreads             = 20
MaxKeepAlives             = 20
KeepAliveTimeout          = 10
HTTPThreadSize            = 280000
HttpPrintWarningsInOutput = 0
Charset                   = UTF-8
EnabledGzipContent        = 1

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT  = 0
SQL_TXN_TIMEOUT    = 0

[SPARQL]
ResultSetMaxRows           = 10000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = {max_seconds}
MaxConstructTriples        = 10000000
"""


def find_binary() -> str | None:
    """``virtuoso-t`` on the PATH, or where Debian installs it."""
    found = shutil.which("virtuoso-t")
    if found:
        return found
    return DEBIAN_BINARY if Path(DEBIAN_BINARY).is_file() else None


@dataclass
class VirtuosoServer(ServerProcess):
    """A running ``virtuoso-t``; stop it with :meth:`stop` (or use it as a context manager)."""

    LOG_NAME: ClassVar[str] = "virtuoso.log"

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def update_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-auth"


def start_virtuoso(directory: Path, *, binary: str | None = None, timeout: float = 90.0,
                   buffers: int = 20000, max_seconds: int = 120) -> VirtuosoServer:
    """Start Virtuoso with a fresh database in ``directory`` and wait until /sparql answers.

    ``buffers`` is Virtuoso's NumberOfBuffers (8 kB pages held in memory): 20 000 is about 160 MB.
    ``max_seconds`` is ``[SPARQL] MaxQueryExecutionTime``: a query past it returns what it has
    found so far; an update past it is rolled back (``SR171: Transaction timed out``).
    Raises RuntimeError (with the end of Virtuoso's log) when it does not come up in time.
    """
    binary = binary or find_binary()
    if binary is None:
        raise RuntimeError("virtuoso-t is not installed (apt-get install virtuoso-opensource)")
    directory.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(INI.format(dir=directory, sql_port=sql_port, http_port=http_port,
                              buffers=buffers, dirty_buffers=buffers * 3 // 4,
                              max_seconds=max_seconds), encoding="utf-8")
    process = subprocess.Popen(
        [binary, "+foreground", "+configfile", str(ini)], cwd=directory,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    server = VirtuosoServer(process=process, directory=directory, http_port=http_port)
    deadline = time.monotonic() + timeout
    probe = f"{server.query_url}?query=ASK%7B%7D"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited with status {process.returncode}:\n{server.log()}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as response:
                if response.status == 200:
                    return server
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    server.stop()
    raise RuntimeError(f"virtuoso-t did not answer on {server.query_url} in {timeout:.0f} s:\n{server.log()}")

"""Work done off the server, in child processes whose life is tied to the server's.

Why: pvgraph's heavy Python work (publishing a version's dumps, validating a submission with
pySHACL, reasoning over it) holds the interpreter lock. Run in a thread of the server, it takes
the lock from the event loop and from the threads that talk to the query workers, and every
request queues behind it. In a child process it only takes a core.

Two shapes, one set of helpers:

- :func:`run_in_child`: one call in a fresh child (``spawn``), which ends with it — the
  publication of one store version (:mod:`pvgraph.publish.generation`).
- :class:`ChildWorker`: one long-lived child that runs calls one after another — a submission's
  validation and reasoning (:mod:`pvgraph.submissions.worker`), where a fresh interpreter per
  call would cost more (imports, the shapes and rules caches) than the call itself. It is started
  on first use and again after it died; a call it died in raises :class:`ChildStoppedError`.

Either child never outlives the server: it watches its parent and leaves within a second of its
death (a ``kill -9`` of the server included); a one-call child also asks Linux to kill it at once
(``prctl(PR_SET_PDEATHSIG)``). Not the long-lived one: Linux sends that signal when the *thread*
that started the child ends, and the long-lived child is started by whichever thread calls first
(one of asyncio's, a short-lived one), where the one-call child's starter waits for it to end.
The server stops either on a clean shutdown (:meth:`Children.stop`, :meth:`ChildWorker.stop`). The work a child does is a module-level
function (the child imports it by name); its exception is raised again in the parent.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

PR_SET_PDEATHSIG = 1


class ChildStoppedError(RuntimeError):
    """The child process ended (killed, crashed, or the server is stopping) without a result."""


class Children:
    """The one-call child processes of one server, so that its shutdown stops them."""

    def __init__(self, stopped: type[ChildStoppedError] = ChildStoppedError) -> None:
        self._lock = threading.Lock()
        self._running: set[BaseProcess] = set()
        self._stopped = False
        self.stopped_error = stopped  # what a call raises once stopped (a subclass, per use)

    def start(self, process: BaseProcess) -> None:
        with self._lock:
            if self._stopped:
                raise self.stopped_error("the server is stopping")
            process.start()
            self._running.add(process)

    def discard(self, process: BaseProcess) -> None:
        with self._lock:
            self._running.discard(process)

    def stop(self) -> None:
        """Stop every running child (SIGTERM, then SIGKILL after 5 s), and start no more."""
        with self._lock:
            self._stopped = True
            running = list(self._running)
        for process in running:
            process.terminate()
        for process in running:
            _join_or_kill(process)


def run_in_child(children: Children, work: Callable[..., Any], *args: object, name: str,
                 hold: float = 0.0) -> Any:
    """``work(*args)`` in a fresh child process tied to this one; its result, or its exception
    (:attr:`Children.stopped_error` when the child ended without one). ``hold``: seconds the
    child waits first (tests, to find it running)."""
    # spawn, not the query workers' forkserver: its preloaded modules are set by the query
    # pool, and a forkserver started here first would start without them. Daemonic: should
    # this process end without stopping it, multiprocessing's exit handler still does.
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_one_call, args=(send, os.getpid(), hold, work, args), name=name,
                            daemon=True)
    try:
        children.start(child)
        send.close()  # the child's end: its death then closes the pipe
        while not receive.poll(0.5):
            if not child.is_alive() and not receive.poll(0):
                raise children.stopped_error(f"the {name} process ended without a result "
                                             f"(exit code {child.exitcode})")
        outcome, value = receive.recv()
    except EOFError:
        raise children.stopped_error(f"the {name} process ended without a result") from None
    finally:
        receive.close()
        if child.pid is not None:  # started
            _join_or_kill(child)
        children.discard(child)
    if outcome == "error":
        raise value
    return value


class ChildWorker:
    """One long-lived child process that runs calls one at a time (thread-safe: callers queue).

    ``niceness``: added to the child's scheduling niceness, so that on a busy machine the
    server's own processes (the event loop, the query workers) get the cores first.
    """

    def __init__(self, name: str, *, niceness: int = 0) -> None:
        self.name = name
        self.niceness = niceness
        self._lock = threading.Lock()  # one call at a time
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._stopped = False

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs (tests)."""
        process = self._process
        return process.pid if process is not None and process.is_alive() else None

    def call(self, work: Callable[..., Any], *args: object) -> Any:
        """``work(*args)`` in the child (started now if it is not running); its result, or its
        exception; :class:`ChildStoppedError` if the child died meanwhile (it is started again
        on the next call)."""
        with self._lock:
            if self._stopped:
                raise ChildStoppedError("the server is stopping")
            conn = self._ensure()
            try:
                conn.send((work, args))
                outcome, value = conn.recv()
            except (EOFError, OSError):
                code = self._discard()
                raise ChildStoppedError(f"the {self.name} process ended without a result "
                                        f"(exit code {code})") from None
        if outcome == "error":
            raise value
        return value

    def stop(self) -> None:
        """Stop the child (SIGTERM, then SIGKILL after 5 s), and start no more. Does not wait
        for a call under way: its caller gets :class:`ChildStoppedError`."""
        self._stopped = True
        process = self._process
        if process is not None:
            process.terminate()
            _join_or_kill(process)

    def _ensure(self) -> Connection:
        if self._process is not None and self._process.is_alive() and self._conn is not None:
            return self._conn
        self._discard()
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(target=_many_calls, args=(child, os.getpid(), self.niceness), name=self.name,
                                  daemon=True)
        process.start()
        child.close()
        self._process, self._conn = process, parent
        return parent

    def _discard(self) -> int | None:
        """Forget the child (killed if it still runs); its exit code."""
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.close()
        code = None
        if self._process is not None:
            _join_or_kill(self._process, wait=0.5)
            code = self._process.exitcode
        self._process, self._conn = None, None
        return code


def tie_to_parent(parent: int, *, death_signal: bool = True) -> None:
    """Die with the parent: a thread notices that the parent is gone within a second; with
    ``death_signal``, Linux kills this process at once when the thread that started it ends (the
    parent's death, ``kill -9`` included, ends it)."""
    if death_signal and sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _one_call(conn: Connection, parent: int, hold: float, work: Callable[..., Any], args: tuple[object, ...]) -> None:
    """A one-call child: tie its life to the parent's, do the work, send back the outcome."""
    tie_to_parent(parent)
    if hold:
        time.sleep(hold)
    _send(conn, _outcome(work, args))
    conn.close()


def _many_calls(conn: Connection, parent: int, niceness: int) -> None:
    """A long-lived child: tie its life to the parent's, then run calls until the pipe closes."""
    tie_to_parent(parent, death_signal=False)  # see the module's docstring
    if niceness:
        with contextlib.suppress(OSError):
            os.nice(niceness)
    while True:
        try:
            work, args = conn.recv()
        except (EOFError, OSError):
            return
        _send(conn, _outcome(work, args))


def _outcome(work: Callable[..., Any], args: tuple[object, ...]) -> tuple[str, object]:
    try:
        return "ok", work(*args)
    except BaseException as exc:  # handed to the parent, which raises it
        return "error", exc


def _send(conn: Connection, outcome: tuple[str, object]) -> None:
    try:
        conn.send(outcome)
    except Exception as exc:  # an exception (or a result) that does not pickle: its text
        conn.send(("error", RuntimeError(f"{type(outcome[1]).__name__}: {outcome[1]} ({exc})")))


def _join_or_kill(process: BaseProcess, wait: float = 5) -> None:
    process.join(wait)
    if process.is_alive():
        process.kill()
        process.join(5)

"""The access log, written by a thread of its own instead of the event loop.

Why: uvicorn writes each access-log line from the event loop, in the middle of answering the
request — formatting it (its ``AccessFormatter``: the client address, the status phrase) and
writing it to stdout, a blocking write that waits whenever the reader of the log (a pipe, the
journal) is slow. ``bench overhead`` measured it at 0.05–0.3 ms per request, as much as everything
pvgraph itself does on a replayed answer. The log stays on by default; :func:`queued` only moves
its work off the request's path: the loop puts each record on a queue (a few microseconds) and a
:class:`~logging.handlers.QueueListener` thread formats and writes it with uvicorn's own handlers
and format, so the lines are the same. On exit the listener writes what is left before stopping.
"""

from __future__ import annotations

import logging
import queue
from collections.abc import Iterator
from contextlib import contextmanager
from logging.handlers import QueueHandler, QueueListener

ACCESS_LOGGER = "uvicorn.access"


class _RecordQueueHandler(QueueHandler):
    """Puts the record itself on the queue, its arguments intact.

    :meth:`QueueHandler.prepare` formats the message and drops ``args`` so that a record can be
    pickled to another process; this queue stays in the process, and uvicorn's
    ``AccessFormatter`` reads the arguments (client, method, path, version, status — strings and
    an int, never mutated after the call) to build its line.
    """

    def prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        return record


@contextmanager
def queued(name: str = ACCESS_LOGGER) -> Iterator[None]:
    """While the block runs, the handlers of logger ``name`` write from a thread of their own.

    To be entered after uvicorn configured its logging (``uvicorn.Config`` does, when made) and
    before the server starts; the handlers are put back on exit.
    """
    logger = logging.getLogger(name)
    handlers = list(logger.handlers)
    if not handlers:  # logging not configured (or off): nothing to move
        yield
        return
    records: queue.SimpleQueue[logging.LogRecord] = queue.SimpleQueue()
    listener = QueueListener(records, *handlers, respect_handler_level=True)
    logger.handlers = [_RecordQueueHandler(records)]
    listener.start()
    try:
        yield
    finally:
        listener.stop()  # writes the records still queued, then ends the thread
        logger.handlers = handlers

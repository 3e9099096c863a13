"""Run part of a scan's rule work in a forked child process.

The parsed workspace is large and slow to serialise (pickling the corpus benchmark's documents
took longer than parsing them), but a forked child sees it for free, copy on write. So the
parent forks once the workspace is built; the child runs its share of the rules and sends back
only what they found, as plain tuples. Where fork is unavailable, or the child fails in any way,
the parent does that share itself: forking is an optimisation, never a source of findings.

Values travel pickled unless the caller passes a faster codec (``marshal`` for plain builtins).
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def _pickled(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def can_fork() -> bool:
    # macOS forks badly once system frameworks are loaded; Windows has no fork
    return sys.platform.startswith("linux") and hasattr(os, "fork") and (os.cpu_count() or 1) > 1


@dataclass(slots=True)
class Forked(Generic[T]):
    """A share of work running in a child; ``result`` waits for it and returns its value, or
    calls ``fallback`` here when the child could not deliver."""

    fallback: Callable[[], T]
    pid: int
    reader: int
    loads: Callable[[bytes], Any]

    def result(self) -> T:
        chunks: list[bytes] = []
        try:
            while chunk := os.read(self.reader, 1 << 20):
                chunks.append(chunk)
        finally:
            os.close(self.reader)
        _, status = os.waitpid(self.pid, 0)
        if os.waitstatus_to_exitcode(status) == 0 and chunks:
            try:
                value: T = self.loads(b"".join(chunks))
                return value
            except Exception:  # whatever the child sent is unusable: redo the work here
                pass
        return self.fallback()


def fork(
    work: Callable[[], T],
    *,
    dumps: Callable[[Any], bytes] = _pickled,
    loads: Callable[[bytes], Any] = pickle.loads,
    fallback: Callable[[], T] | None = None,
) -> Forked[T] | None:
    """Start ``work`` in a child process; None when this platform cannot fork (run it here).

    ``dumps``/``loads`` carry the value back; ``fallback`` (default: ``work``) is what the
    parent calls instead when the child fails."""
    if not can_fork():
        return None
    reader, writer = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: do the work, send the pickled value, leave without cleanup
        os.close(reader)
        code = 1
        try:
            data = dumps(work())
            view = memoryview(data)
            while view:
                written = os.write(writer, view)
                view = view[written:]
            code = 0
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(writer)
    return Forked(fallback or work, pid, reader, loads)

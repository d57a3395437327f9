"""A readers-writer gate: many readers at once, or one connection swap with no reader inside."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Gate:
    """Readers share the gate; a swap waits for the readers inside and holds new ones back.

    A swap is short (closing one DuckDB connection and opening another), so readers wait
    for it at most that long; a swap never starves behind a stream of readers, because
    readers that arrive while one waits are held back too.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._swapping = False
        self._depth = threading.local()  # reads this thread holds: nested reads never wait

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Hold the gate open for one read (re-entrant within a thread)."""
        depth = getattr(self._depth, "n", 0)
        if depth:
            self._depth.n = depth + 1
            try:
                yield
            finally:
                self._depth.n = depth
            return
        with self._cond:
            while self._swapping:
                self._cond.wait()
            self._readers += 1
        self._depth.n = 1
        try:
            yield
        finally:
            self._depth.n = 0
            with self._cond:
                self._readers -= 1
                if not self._readers:
                    self._cond.notify_all()

    @contextmanager
    def swapping(self) -> Iterator[None]:
        """Hold every reader out while the connection is replaced."""
        if getattr(self._depth, "n", 0):
            raise RuntimeError("A connection swap inside a read would wait for itself.")
        with self._cond:
            while self._swapping:
                self._cond.wait()
            self._swapping = True
            while self._readers:
                self._cond.wait()
        try:
            yield
        finally:
            with self._cond:
                self._swapping = False
                self._cond.notify_all()

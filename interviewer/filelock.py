"""An exclusive OS lock (fcntl.flock) on a lock file that names the process holding it.

The lock belongs to the open file: it is released when the holder closes it or dies (kill -9 included),
so a stale lock file never blocks anyone; the pid written in it only says who holds it now."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from interviewer.errors import FileInUse


@contextmanager
def exclusive_lock(path: Path, what: str) -> Iterator[None]:
    """Hold `path` locked for the block, or raise FileInUse naming the process that holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FileInUse(f"{what} is in use by {_holder(fd)} (lock file {path}); wait for it to end") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)


def _holder(fd: int) -> str:
    pid = os.pread(fd, 32, 0).decode("ascii", errors="replace").strip()
    return f"process {pid}" if pid.isdigit() else "another process"

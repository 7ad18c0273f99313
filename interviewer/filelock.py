"""An exclusive OS lock (fcntl.flock) on a lock file that names the process holding it.

The lock belongs to the open file: it is released when the holder closes it or dies (kill -9 included),
so a stale lock file never blocks anyone; the pid written in it only says who holds it now. A holder that
ends normally removes the file while it still holds it; a process that opened the file just before that
finds, once it holds the lock, that the path no longer names the file it locked, and locks the one the
path names now (so two processes never both hold the path)."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from interviewer.errors import FileInUse


@contextmanager
def exclusive_lock(path: Path, what: str) -> Iterator[None]:
    """Hold `path` locked for the block, or raise FileInUse naming the process that holds it; the lock
    file is gone once the block ends (it stays behind only when the process is killed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = _lock(path, what)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        path.unlink(missing_ok=True)  # still ours: no one else can hold it, so it names our file
        os.close(fd)


def _lock(path: Path, what: str) -> int:
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            raise FileInUse(f"{what} is in use by {holder} (lock file {path}); wait for it to end") from None
        if _names(path, fd):
            return fd
        os.close(fd)  # its holder removed it as we opened it: lock the file the path names now


def _names(path: Path, fd: int) -> bool:
    try:
        found, held = os.stat(path), os.fstat(fd)
    except FileNotFoundError:
        return False
    return (found.st_dev, found.st_ino) == (held.st_dev, held.st_ino)


def _holder(fd: int) -> str:
    pid = os.pread(fd, 32, 0).decode("ascii", errors="replace").strip()
    return f"process {pid}" if pid.isdigit() else "another process"

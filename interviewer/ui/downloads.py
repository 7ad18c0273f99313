"""Where the app writes files for the browser to download (reports, reviewed transcripts): one folder per
process, removed when the process ends, so a server that runs for weeks does not fill its temp directory
with a folder per report. Gradio copies what a callback returns into its own cache (`delete_cache` in
`app.py` ages those copies out), so nothing a page still shows is lost."""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from pathlib import Path

_LOCK = threading.Lock()
_ROOT: list[Path] = []  # the process's folder, once made


def download_folder(prefix: str) -> Path:
    """A new, empty folder for one download's files, inside the process's own folder."""
    return Path(tempfile.mkdtemp(prefix=prefix, dir=_process_folder()))


def remove_downloads() -> None:
    """Remove the process's folder and everything in it (at exit; idempotent)."""
    with _LOCK:
        while _ROOT:
            shutil.rmtree(_ROOT.pop(), ignore_errors=True)


def _process_folder() -> Path:
    with _LOCK:
        if not _ROOT or not _ROOT[0].is_dir():
            _ROOT[:] = [Path(tempfile.mkdtemp(prefix="interviewer-downloads-"))]
        return _ROOT[0]


atexit.register(remove_downloads)

"""The bank's vectors, built in the background on a first start, so the page answers at once.

Only bank search and the grading of free-text questions need the vectors; they wait for (or say they are
waiting for) `BankIndex`. Interviews and bank-id grading never touch them.
"""

from __future__ import annotations

import threading

from interviewer.errors import InterviewerError
from interviewer.workspace import Workspace

PREPARING = "Preparing the question bank (embedding it the first time; a few seconds)…"


class BankIndex:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.note = PREPARING
        self._ready = threading.Event()
        self._lock = threading.Lock()
        self._started = False

    def start(self) -> BankIndex:
        """Build the vectors in a background thread (once)."""
        with self._lock:
            if not self._started:
                self._started = True
                threading.Thread(target=self._build, name="bank-index", daemon=True).start()
        return self

    def _build(self) -> None:
        try:
            self.note = self.workspace.ingest().summary()
        except InterviewerError as exc:
            self.note = f"The question bank could not be prepared: {exc}"
        finally:
            self._ready.set()

    def ready(self) -> bool:
        return self._ready.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the vectors are built (starting the build if nobody did)."""
        self.start()
        return self._ready.wait(timeout)

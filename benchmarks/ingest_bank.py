"""Ingest of the repository's bank: full, then again unchanged (goal: unchanged < 3 s)."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from interviewer.config import load_settings
from interviewer.workspace import Workspace


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for label in ("full", "unchanged"):
            workspace = Workspace(load_settings(data_dir=Path(folder)))  # a fresh process's view each time
            started = time.perf_counter()
            report = workspace.ingest()
            print(f"{label}: {time.perf_counter() - started:.2f}s ({report.summary()})")


if __name__ == "__main__":
    main()

"""The app's download files live in one folder per process, removed when the process ends."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from interviewer.ui.downloads import download_folder, remove_downloads

WRITE_AND_EXIT = """
from interviewer.ui.downloads import download_folder
folder = download_folder("report-")
(folder / "report.md").write_text("# report")
print(folder)
"""


def test_each_download_gets_its_own_folder_inside_the_processs_folder() -> None:
    first, second = download_folder("report-"), download_folder("review-")
    assert first != second and first.parent == second.parent
    assert first.name.startswith("report-") and second.name.startswith("review-")
    assert first.parent.name.startswith("interviewer-downloads-")
    remove_downloads()
    assert not first.parent.exists()
    third = download_folder("report-")  # after a removal, a fresh folder: the process still serves pages
    assert third.is_dir() and third.parent != first.parent
    remove_downloads()


def test_a_process_that_ends_leaves_no_download_behind() -> None:
    done = subprocess.run([sys.executable, "-c", WRITE_AND_EXIT], capture_output=True, text=True, check=True)
    folder = Path(done.stdout.strip())
    assert folder.name.startswith("report-")
    assert not folder.exists() and not folder.parent.exists()

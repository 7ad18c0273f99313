"""The Gradio app, built from the tabs; `app.py` at the repository root launches it.

Shared, read-only resources (workspace, stores) are built here once; everything a user does lives in
the session store or in per-browser-session `gr.State`, never in module globals.
"""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from interviewer.ui.bank_index import BankIndex
from interviewer.ui.bank_tab import build_bank_tab
from interviewer.ui.batch_tab import build_batch_tab
from interviewer.ui.coach_tab import build_coach_tab
from interviewer.ui.interview_tab import build_interview_tab
from interviewer.ui.look import CSS, THEME
from interviewer.ui.services import app_services
from interviewer.workspace import Workspace

# Gradio keeps a copy of every upload (recordings, answer files) and every download it served: each hour,
# the copies older than a day are deleted, and all of them when the app stops. A recording the candidate
# agreed to keep is in the data folder, not here (`voice_flow`).
CACHE_CLEANUP = (3600, 86400)  # (every N seconds, files older than M seconds)


def build_app(
    workspace: Workspace | None = None, coach_cases_dir: Path | None = None, index: BankIndex | None = None
) -> gr.Blocks:
    """`coach_cases_dir`: where "add to eval set" writes eval cases (default `<data_dir>/coach-cases`).
    `index`: the bank's vectors (default: built in the background from now on, so the page answers at once)."""
    workspace = workspace or Workspace()
    index = index or BankIndex(workspace).start()
    services = app_services(workspace, coach_cases_dir)
    with gr.Blocks(title="interviewer", delete_cache=CACHE_CLEANUP) as app:
        gr.Markdown("# interviewer\nMock interviews and rubric grading for ML engineers.", elem_classes=["app-header"])
        with gr.Tab("Interview"):
            build_interview_tab(services.interviews)
        with gr.Tab("Coach") as coach_tab:
            build_coach_tab(services.coach, coach_tab)
        with gr.Tab("Batch grading"):
            build_batch_tab(workspace, index)
        with gr.Tab("Question bank"):
            build_bank_tab(workspace, index)
    return app  # type: ignore[no-any-return]


def launch(app: gr.Blocks, host: str, port: int) -> None:
    """Serve `app` with the project's look (Gradio 6 takes the theme and CSS at launch)."""
    app.launch(server_name=host, server_port=port, theme=THEME, css=CSS)

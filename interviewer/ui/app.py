"""The Gradio app, built from the tabs; `app.py` at the repository root launches it."""

from __future__ import annotations

import gradio as gr

from interviewer.ui.bank_tab import build_bank_tab
from interviewer.ui.batch_tab import build_batch_tab
from interviewer.workspace import Workspace


def build_app(workspace: Workspace | None = None) -> gr.Blocks:
    workspace = workspace or Workspace()
    with gr.Blocks(title="interviewer") as app:
        gr.Markdown("# interviewer\nMock interviews and rubric grading for ML engineers.")
        with gr.Tab("Batch grading"):
            build_batch_tab(workspace)
        with gr.Tab("Question bank"):
            build_bank_tab(workspace)
    return app  # type: ignore[no-any-return]

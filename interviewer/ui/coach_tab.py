"""The Coach tab: list and upload transcripts, review each answer's rubric grid (blind or open), override
verdicts or the score with comments, agreement per coach, exports and "add to eval set". When a coach
password is configured the content stays hidden, and every callback refuses, until it is entered."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import gradio as gr

from interviewer.errors import InterviewerError
from interviewer.evals.cases import Category
from interviewer.grading.types import Verdict
from interviewer.ui.coach_flow import (
    AGREEMENT_COLUMNS,
    MAX_POINTS,
    TRANSCRIPT_COLUMNS,
    CoachService,
    CoachState,
    ItemView,
    add_to_eval_set,
    agreement_rows,
    export_reviewed,
    item_choices,
    item_view,
    save_review,
    transcript_rows,
    unlock,
    upload_transcript,
)

T = TypeVar("T")


def _guard(call: Callable[[], T]) -> T:
    try:
        return call()
    except InterviewerError as exc:
        raise gr.Error(str(exc)) from exc


def _item_outputs(view: ItemView | None) -> list[Any]:
    """Values for the item HTML, the point rows, their verdicts and comments, the score and the history."""
    n = len(view.labels) if view else 0
    rows = [gr.Row(visible=i < n) for i in range(MAX_POINTS)]
    verdicts = [
        gr.Dropdown(label=view.labels[i], value=view.values[i]) if view and i < n else gr.Dropdown(value=None)
        for i in range(MAX_POINTS)
    ]
    comments = [view.comments[i] if view and i < n else "" for i in range(MAX_POINTS)]
    if view is None:
        return ["", *rows, *verdicts, *comments, None, ""]
    return [view.html, *rows, *verdicts, *comments, view.score, view.history]


def build_coach_tab(service: CoachService, tab: gr.Tab) -> None:
    state = gr.State(CoachState())
    with gr.Row(visible=bool(service.password)) as gate_row:
        password = gr.Textbox(label="Coach password", type="password", elem_id="coach-password")
        unlock_button = gr.Button("Unlock", elem_id="coach-unlock")
        gate = gr.Markdown()
    with gr.Column(visible=not service.password) as content:
        with gr.Row():
            coach = gr.Textbox(label="Coach name", elem_id="coach-name")
            blind = gr.Checkbox(
                label="Blind review: mark the rubric first, then see the AI grade", elem_id="coach-blind"
            )
        table = gr.Dataframe(headers=TRANSCRIPT_COLUMNS, interactive=False, wrap=True, label="Sessions and uploads")
        with gr.Row():
            refresh = gr.Button("Refresh", elem_id="coach-refresh")
            upload = gr.File(
                label="Upload: session JSON export, or CSV of question_id,answer", file_types=[".json", ".csv"]
            )
        with gr.Row():
            transcript = gr.Dropdown(label="Transcript", choices=[], elem_id="coach-transcript")
            item = gr.Dropdown(label="Question", choices=[], elem_id="coach-item")
        item_html = gr.HTML(elem_id="coach-item-html")
        rows, verdicts, comments = [], [], []
        for i in range(MAX_POINTS):
            with gr.Row(visible=False) as row:
                verdicts.append(
                    gr.Dropdown(
                        [v.value for v in Verdict], label=f"point {i + 1}", elem_id=f"coach-verdict-{i}", scale=2
                    )
                )
                comments.append(gr.Textbox(label="Comment on this point", elem_id=f"coach-comment-{i}", scale=3))
            rows.append(row)
        with gr.Row():
            score = gr.Number(
                label="Your score, 0-100 (optional override)", placeholder="keep the AI score", elem_id="coach-score"
            )
            overall = gr.Textbox(label="Comment on the answer", elem_id="coach-overall")
        save = gr.Button("Save review (blind: save and reveal the AI grade)", variant="primary", elem_id="coach-save")
        message = gr.Markdown(elem_id="coach-message")
        history = gr.HTML(elem_id="coach-history")
        agreement = gr.Dataframe(headers=AGREEMENT_COLUMNS, interactive=False, label="Agreement with the AI, per coach")
        with gr.Row():
            fmt = gr.Radio([("Markdown", "md"), ("JSON", "json")], value="md", label="Export format")
            export = gr.Button("Export reviewed transcript", elem_id="coach-export")
            exported = gr.File(label="Reviewed transcript", elem_id="coach-exported")
        with gr.Row():
            category = gr.Dropdown(["", *(c.value for c in Category)], value="", label="Eval category (empty: by band)")
            add_case = gr.Button("Add to eval set", elem_id="coach-add-case")
        gr.Markdown(f"Eval cases are written to `{service.cases_dir}`.")
    item_outputs = [item_html, *rows, *verdicts, *comments, score, history]

    def listing(current: CoachState) -> tuple[Any, ...]:
        data = transcript_rows(service, current)
        return data, gr.Dropdown(choices=[r[0] for r in data]), agreement_rows(service, current)

    def on_unlock(secret: str | None) -> tuple[Any, ...]:
        current = unlock(service, secret or "")
        if not current.unlocked:
            return current, gr.skip(), gr.Column(visible=False), "Wrong password.", gr.skip(), gr.skip(), gr.skip()
        return current, gr.Row(visible=False), gr.Column(visible=True), "", *_guard(lambda: listing(current))

    def on_refresh(current: CoachState) -> tuple[Any, ...]:
        return _guard(lambda: listing(current))

    def on_open(current: CoachState, tid: str | None, name: str, is_blind: bool) -> list[Any]:
        if not tid:
            return [gr.Dropdown(choices=[], value=None), *_item_outputs(None)]
        choices = _guard(lambda: item_choices(service, current, tid))
        first = choices[0][1] if choices else None
        view = _guard(lambda: item_view(service, current, tid, first, name, is_blind)) if first is not None else None
        return [gr.Dropdown(choices=choices, value=first), *_item_outputs(view)]

    def on_item(current: CoachState, tid: str | None, index: int | None, name: str, is_blind: bool) -> list[Any]:
        if not tid or index is None:
            return _item_outputs(None)
        return _item_outputs(_guard(lambda: item_view(service, current, tid, int(index), name, is_blind)))

    def on_upload(current: CoachState, path: str | None) -> tuple[Any, ...]:
        if not path:
            return gr.skip(), gr.skip(), gr.skip()
        new_id = _guard(lambda: upload_transcript(service, current, path))
        data, _, agreeing = listing(current)
        return data, gr.Dropdown(choices=[r[0] for r in data], value=new_id), agreeing

    def on_save(
        current: CoachState, tid: str | None, index: int | None, name: str, is_blind: bool, *rest: Any
    ) -> list[Any]:
        if not tid or index is None:
            raise gr.Error("open a transcript and a question first")
        marks, notes = list(rest[:MAX_POINTS]), list(rest[MAX_POINTS : 2 * MAX_POINTS])
        coach_score, remark = rest[2 * MAX_POINTS], rest[2 * MAX_POINTS + 1]
        review = _guard(
            lambda: save_review(
                service, current, tid, int(index), name, is_blind, marks, notes, coach_score, remark or ""
            )
        )
        changed = len(review.overrides())
        text = f"Saved at {review.created_at}: {changed} verdict(s) differ from the AI."
        view = _guard(lambda: item_view(service, current, tid, int(index), name, is_blind))
        return [text, *_item_outputs(view), agreement_rows(service, current)]

    def on_export(current: CoachState, tid: str | None, kind: str) -> str:
        if not tid:
            raise gr.Error("open a transcript first")
        return str(_guard(lambda: export_reviewed(service, current, tid, kind)))

    def on_add_case(current: CoachState, tid: str | None, index: int | None, name: str, kind: str | None) -> str:
        if not tid or index is None:
            raise gr.Error("open a transcript and a question first")
        path = _guard(lambda: add_to_eval_set(service, current, tid, int(index), name, kind or None))
        return f"Added to `{path}`."

    listed = [table, transcript, agreement]
    unlock_button.click(on_unlock, [password], [state, gate_row, content, gate, *listed])
    password.submit(on_unlock, [password], [state, gate_row, content, gate, *listed])
    if not service.password:
        tab.select(on_refresh, [state], listed)
    refresh.click(on_refresh, [state], listed)
    upload.upload(on_upload, [state, upload], listed)
    transcript.change(on_open, [state, transcript, coach, blind], [item, *item_outputs])
    item.input(on_item, [state, transcript, item, coach, blind], item_outputs)
    blind.input(on_item, [state, transcript, item, coach, blind], item_outputs)
    save_inputs = [state, transcript, item, coach, blind, *verdicts, *comments, score, overall]
    save.click(on_save, save_inputs, [message, *item_outputs, agreement])
    export.click(on_export, [state, transcript, fmt], exported)
    add_case.click(on_add_case, [state, transcript, item, coach, category], message)

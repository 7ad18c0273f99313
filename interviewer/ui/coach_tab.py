"""The Coach tab: list and upload transcripts, review each answer's rubric grid (blind or open), override
verdicts or the score with comments, agreement per coach, exports and "add to eval set". When a coach
password is configured the content stays hidden, and every callback refuses, until it is entered."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import gradio as gr

from interviewer.errors import InterviewerError
from interviewer.evals.cases import Category
from interviewer.grading.types import Verdict
from interviewer.ui.coach_flow import (
    AGREEMENT_COLUMNS,
    AGREEMENT_NOTE,
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
Form = list[Any]  # the point verdicts, the point comments, the score and the overall comment, as on screen


def _guard(call: Callable[[], T]) -> T:
    try:
        return call()
    except InterviewerError as exc:
        raise gr.Error(str(exc)) from exc


def _note(exc: InterviewerError) -> str:
    text = str(exc)
    return f"⚠ {text[:1].upper()}{text[1:]}"


def item_key(tid: str | None, index: int | None) -> str | None:
    """Which item the form shows: its unsaved marks are kept under this key when the coach moves on."""
    return f"{tid}#{int(index)}" if tid and index is not None else None


def _form(view: ItemView | None, draft: Form | None) -> Form:
    """The form for `view`: the coach's unsaved draft of it when there is one, else their saved review."""
    n = len(view.labels) if view else 0
    if view is not None and draft is not None:
        return draft
    verdicts = [view.values[i] if view and i < n else None for i in range(MAX_POINTS)]
    comments = [view.comments[i] if view and i < n else "" for i in range(MAX_POINTS)]
    return [*verdicts, *comments, view.score if view else None, view.comment if view else ""]


def _item_outputs(view: ItemView | None, draft: Form | None = None) -> list[Any]:
    """Values for the item HTML, the point rows, the form (verdicts, comments, score, overall) and the history."""
    n = len(view.labels) if view else 0
    rows = [gr.update(visible=i < n) for i in range(MAX_POINTS)]
    form = _form(view, draft)
    verdicts = [
        gr.update(label=view.labels[i], value=form[i]) if view and i < n else gr.update(value=None)
        for i in range(MAX_POINTS)
    ]
    rest = form[MAX_POINTS:]
    return [view.html if view else "", *rows, *verdicts, *rest, view.history if view else ""]


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
        table = gr.Dataframe(
            headers=TRANSCRIPT_COLUMNS,
            interactive=False,
            wrap=True,
            label="Sessions and uploads",
            column_widths=["19%", "11%", "18%", "12%", "12%", "28%"],
            elem_id="coach-transcripts",
        )
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
                value=None,
                label="Your score, 0-100 (optional override)",
                placeholder="keep the AI score",
                elem_id="coach-score",
            )
            overall = gr.Textbox(label="Comment on the answer", elem_id="coach-overall")
        save = gr.Button("Save review (blind: save and reveal the AI grade)", variant="primary", elem_id="coach-save")
        message = gr.Markdown(elem_id="coach-message", elem_classes=["inline-note"])
        history = gr.HTML(elem_id="coach-history")
        agreement = gr.Dataframe(
            headers=AGREEMENT_COLUMNS, interactive=False, wrap=True, label="Agreement with the AI, per coach"
        )
        gr.Markdown(AGREEMENT_NOTE, elem_id="coach-agreement-note")
        with gr.Row():
            fmt = gr.Radio([("Markdown", "md"), ("JSON", "json")], value="md", label="Export format")
            export = gr.Button("Export reviewed transcript", elem_id="coach-export")
            exported = gr.File(label="Reviewed transcript", elem_id="coach-exported")
        with gr.Row():
            category = gr.Dropdown(["", *(c.value for c in Category)], value="", label="Eval category (empty: by band)")
            add_case = gr.Button("Add to eval set", elem_id="coach-add-case")
        gr.Markdown(f"Eval cases are written to `{service.cases_dir}`.")
    drafts, shown = gr.State({}), gr.State(None)  # unsaved marks per item; the item the form shows
    form = [*verdicts, *comments, score, overall]
    item_outputs = [item_html, *rows, *form, history, drafts, shown, message]

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

    def kept(saved: dict[str, Form], key: str | None, values: Sequence[Any]) -> dict[str, Form]:
        """`saved` plus the form's marks under `key`, when the coach has marked or written anything."""
        touched = any(v not in (None, "") for v in values)
        return {**saved, key: list(values)} if key and touched else saved

    def show(
        current: CoachState, saved: dict[str, Form], tid: str | None, index: int | None, name: str, is_blind: bool
    ) -> list[Any]:
        key = item_key(tid, index)
        if key is None or tid is None or index is None:
            return [*_item_outputs(None), saved, None, ""]
        try:
            view = item_view(service, current, tid, int(index), name or "", is_blind)
        except InterviewerError as exc:
            return [*_item_outputs(None), saved, None, _note(exc)]
        return [*_item_outputs(view, saved.get(key)), saved, key, ""]

    def on_open(
        current: CoachState, saved: dict[str, Form], key: str | None, tid: str | None, name: str, is_blind: bool,
        *values: Any,
    ) -> list[Any]:  # fmt: skip
        saved = kept(saved, key, values)
        if not tid:
            return [gr.Dropdown(choices=[], value=None), *show(current, saved, None, None, name, is_blind)]
        try:
            choices = item_choices(service, current, tid)
        except InterviewerError as exc:
            return [gr.skip(), *(gr.skip() for _ in item_outputs[:-1]), _note(exc)]
        first = choices[0][1] if choices else None
        return [gr.Dropdown(choices=choices, value=first), *show(current, saved, tid, first, name, is_blind)]

    def on_item(
        current: CoachState, saved: dict[str, Form], key: str | None, tid: str | None, index: int | None,
        name: str, is_blind: bool, *values: Any,
    ) -> list[Any]:  # fmt: skip
        return show(current, kept(saved, key, values), tid, index, name, is_blind)

    def on_upload(current: CoachState, path: str | None) -> tuple[Any, ...]:
        if not path:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        try:
            new_id = upload_transcript(service, current, path)
        except InterviewerError as exc:
            return gr.skip(), gr.skip(), gr.skip(), _note(exc)
        data, _, agreeing = listing(current)
        return data, gr.Dropdown(choices=[r[0] for r in data], value=new_id), agreeing, ""

    def on_save(
        current: CoachState, saved: dict[str, Form], tid: str | None, index: int | None, name: str, is_blind: bool,
        *values: Any,
    ) -> list[Any]:  # fmt: skip
        marks, notes = list(values[:MAX_POINTS]), list(values[MAX_POINTS : 2 * MAX_POINTS])
        coach_score, remark = values[2 * MAX_POINTS], values[2 * MAX_POINTS + 1]
        key = item_key(tid, index)
        if key is None or tid is None or index is None:
            return [gr.skip() for _ in item_outputs[:-1]] + ["⚠ Open a transcript and a question first", gr.skip()]
        try:
            review = save_review(
                service, current, tid, int(index), name or "", is_blind, marks, notes, coach_score, remark or ""
            )
        except InterviewerError as exc:  # the marks stay on screen, and in the draft
            return [gr.skip() for _ in item_outputs[:-3]] + [kept(saved, key, values), key, _note(exc), gr.skip()]
        rest = {k: v for k, v in saved.items() if k != key}
        shown_item = show(current, rest, tid, index, name, is_blind)
        text = f"Saved at {review.created_at}: {len(review.overrides())} verdict(s) differ from the AI."
        return [*shown_item[:-1], text, agreement_rows(service, current)]

    def on_export(current: CoachState, tid: str | None, kind: str) -> tuple[Any, str]:
        if not tid:
            return gr.skip(), "⚠ Open a transcript first"
        try:
            return str(export_reviewed(service, current, tid, kind)), ""
        except InterviewerError as exc:
            return gr.skip(), _note(exc)

    def on_add_case(current: CoachState, tid: str | None, index: int | None, name: str, kind: str | None) -> str:
        if not tid or index is None:
            return "⚠ Open a transcript and a question first"
        try:
            path = add_to_eval_set(service, current, tid, int(index), name or "", kind or None)
        except InterviewerError as exc:
            return _note(exc)
        return f"Added to `{path}`."

    listed = [table, transcript, agreement]
    unlock_button.click(on_unlock, [password], [state, gate_row, content, gate, *listed])
    password.submit(on_unlock, [password], [state, gate_row, content, gate, *listed])
    if not service.password:
        tab.select(on_refresh, [state], listed)
    refresh.click(on_refresh, [state], listed)
    upload.upload(on_upload, [state, upload], [*listed, message])
    transcript.change(on_open, [state, drafts, shown, transcript, coach, blind, *form], [item, *item_outputs])
    item_inputs = [state, drafts, shown, transcript, item, coach, blind, *form]
    item.input(on_item, item_inputs, item_outputs)
    blind.input(on_item, item_inputs, item_outputs)
    save_inputs = [state, drafts, transcript, item, coach, blind, *form]
    save.click(on_save, save_inputs, [*item_outputs, agreement])
    export.click(on_export, [state, transcript, fmt], [exported, message])
    add_case.click(on_add_case, [state, transcript, item, coach, category], message)

"""The Interview tab: set-up, a chat-style interview with a per-answer timer, the report and its downloads,
and a returning candidate's history. Layout and wiring only; the callbacks are in `interview_flow`."""

from __future__ import annotations

import time
from typing import Any

import gradio as gr

from interviewer.bank.models import Difficulty, QuestionType
from interviewer.errors import InterviewerError
from interviewer.interview.plan import FeedbackMode
from interviewer.ui.interview_flow import (
    MIX,
    SKIP_ANSWER,
    InterviewService,
    InterviewState,
    InterviewView,
    Setup,
    end_interview,
    start_interview,
    submit_answer,
    timer_text,
)
from interviewer.ui.report_view import HISTORY_COLUMNS, history_view, report_view

ALL_BANKS = "All banks"


def _user_error(exc: InterviewerError) -> gr.Error:
    return gr.Error(str(exc))


def _outputs(service: InterviewService, view: InterviewView) -> tuple[Any, ...]:
    """Values for OUTPUTS below: the conversation, and the report and history once the interview ends."""
    ticking = gr.Timer(active=not view.finished)
    running = (
        view.state,
        view.messages,
        view.status,
        view.feedback_html,
        "",
        ticking,
        timer_text(view.state, time.time),
    )
    if not view.finished:
        return (*running, gr.Column(visible=False), *(gr.skip() for _ in range(6)))
    session = service.load(view.state)
    report = report_view(service.workspace, service.store, session)
    history = history_view(service.workspace, service.store, session.plan.candidate)
    return (
        *running,
        gr.Column(visible=True),
        report.html,
        report.chart,
        report.files,
        history.text,
        history.rows,
        history.chart,
    )


def _setup(*values: Any) -> Setup:
    name, bank, questions, difficulty, adaptive, types, feedback, engine, model, follow_ups, limit, seed = values
    return Setup(
        candidate=name or "",
        bank=None if bank in (None, ALL_BANKS) else bank,
        questions=int(questions),
        difficulty=difficulty or MIX,
        adaptive=bool(adaptive),
        types=list(types or []),
        engine=engine,
        model=model or "",
        feedback=feedback,
        follow_ups=int(follow_ups),
        seed=int(seed) if seed is not None else None,
        time_limit_s=int(limit) if limit else None,
    )


def build_interview_tab(service: InterviewService) -> None:
    workspace, settings = service.workspace, service.workspace.settings
    state = gr.State(InterviewState())
    with gr.Row():
        with gr.Column(scale=1, elem_id="interview-setup"):
            name = gr.Textbox(
                label="Your name", placeholder="returning? the same name shows your history", elem_id="iv-name"
            )
            bank = gr.Dropdown([ALL_BANKS, *(b.bank.id for b in workspace.banks)], value=ALL_BANKS, label="Bank")
            questions = gr.Slider(1, 10, value=5, step=1, label="Number of questions", elem_id="iv-questions")
            difficulty = gr.Dropdown(
                [MIX, *(d.value for d in Difficulty)], value=MIX, label="Difficulty", elem_id="iv-difficulty"
            )
            adaptive = gr.Checkbox(label="Adaptive: harder after a strong answer, easier after a weak one")
            types = gr.CheckboxGroup([t.value for t in QuestionType], label="Question types (none ticked: all)")
            feedback = gr.Radio(
                [("After each question", FeedbackMode.EACH.value), ("At the end", FeedbackMode.END.value)],
                value=FeedbackMode.END.value,
                label="Feedback",
            )
            with gr.Accordion("Engine and more", open=False):
                engine = gr.Radio(["offline", "llm"], value=settings.engine, label="Grading engine")
                model = gr.Textbox(value=settings.chat_model, label="Model (provider:model, for the llm engine)")
                follow_ups = gr.Slider(
                    0, 3, value=2, step=1, label="Follow-ups per question at most", elem_id="iv-follow-ups"
                )
                limit = gr.Number(label="Time limit per answer, seconds (optional)", precision=0, placeholder="none")
                seed = gr.Number(
                    label="Seed (optional; same seed and history, same questions)",
                    precision=0,
                    placeholder="random",
                    elem_id="iv-seed",
                )
            start = gr.Button("Start interview", variant="primary", elem_id="iv-start")
            with gr.Accordion("Your history", open=True):
                history_text = gr.Markdown("Enter your name to see your past sessions.", elem_id="iv-history")
                history_rows = gr.Dataframe(headers=HISTORY_COLUMNS, interactive=False, wrap=True)
                history_plot = gr.Plot(label="Progress per subtopic")
        with gr.Column(scale=2):
            status = gr.Markdown(elem_id="iv-status")
            chat = gr.Chatbot(label="Interview", elem_id="iv-chat", height=440, feedback_options=None)
            clock = gr.Markdown("Answer time: —", elem_id="iv-timer")
            answer = gr.Textbox(label="Your answer", lines=5, elem_id="iv-answer")
            # Placeholder for the voice developer: the microphone / audio input goes in this row.
            with gr.Row(elem_id="iv-voice-input", visible=False):
                pass
            with gr.Row():
                send = gr.Button("Send answer", variant="primary", elem_id="iv-send")
                skip = gr.Button("Skip question", elem_id="iv-skip")
                end = gr.Button("End interview", variant="stop", elem_id="iv-end")
            feedback_panel = gr.HTML(elem_id="iv-feedback")
    with gr.Column(visible=False) as report_box:
        report_html = gr.HTML(elem_id="iv-report")
        report_chart = gr.Plot(label="Strengths and gaps by subtopic")
        downloads = gr.File(label="Report: Markdown, PDF, JSON", file_count="multiple", elem_id="iv-downloads")
    ticker = gr.Timer(1.0, active=False)

    outputs = [
        state,
        chat,
        status,
        feedback_panel,
        answer,
        ticker,
        clock,
        report_box,
        report_html,
        report_chart,
        downloads,
    ]
    outputs += [history_text, history_rows, history_plot]
    setup_inputs = [
        name,
        bank,
        questions,
        difficulty,
        adaptive,
        types,
        feedback,
        engine,
        model,
        follow_ups,
        limit,
        seed,
    ]

    def on_start(*values: Any) -> tuple[Any, ...]:
        try:
            return _outputs(service, start_interview(service, _setup(*values), time.time))
        except InterviewerError as exc:
            raise _user_error(exc) from exc

    def on_answer(current: InterviewState, text: str | None) -> tuple[Any, ...]:
        try:
            return _outputs(service, submit_answer(service, current, text or "", time.time))
        except InterviewerError as exc:
            raise _user_error(exc) from exc

    def on_skip(current: InterviewState) -> tuple[Any, ...]:
        return on_answer(current, SKIP_ANSWER)

    def on_end(current: InterviewState) -> tuple[Any, ...]:
        try:
            return _outputs(service, end_interview(service, current))
        except InterviewerError as exc:
            raise _user_error(exc) from exc

    def on_name(candidate: str | None) -> tuple[Any, ...]:
        view = history_view(workspace, service.store, candidate or "")
        return view.text, view.rows, view.chart

    start.click(on_start, setup_inputs, outputs)
    send.click(on_answer, [state, answer], outputs)
    skip.click(on_skip, [state], outputs)
    end.click(on_end, [state], outputs)
    name.blur(on_name, [name], [history_text, history_rows, history_plot])
    name.submit(on_name, [name], [history_text, history_rows, history_plot])
    ticker.tick(
        lambda current: timer_text(current, time.time),
        [state],
        [clock],
        show_progress="hidden",
        concurrency_limit=None,
    )

"""The Interview tab: set-up, a chat-style interview with a per-answer timer, spoken answers and questions,
the report and its downloads, and a returning candidate's history. Layout and wiring only; the callbacks
are in `interview_flow` and `voice_flow`."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import gradio as gr

from interviewer.bank.models import Difficulty, QuestionType
from interviewer.errors import InterviewerError
from interviewer.grading.registry import engine_help, engine_names
from interviewer.interview.plan import FeedbackMode
from interviewer.ui.conversation import card_html
from interviewer.ui.interview_flow import (
    GRADING,
    MIX,
    NOT_STARTED,
    SKIP_ANSWER,
    Draft,
    InterviewService,
    InterviewState,
    InterviewView,
    Setup,
    end_interview,
    start_interview,
    submit_answer_live,
    timer_text,
)
from interviewer.ui.interview_screen import InterviewUI, view_update
from interviewer.ui.report_view import HISTORY_COLUMNS, history_view
from interviewer.ui.voice_flow import (
    VoiceService,
    VoiceState,
    after_answer,
    answer_from_recording,
    last_delivery_markdown,
    pending_prompt,
    spoken_prompt,
)
from interviewer.voice import VoiceError

ALL_BANKS = "All banks"


def _note(exc: InterviewerError) -> str:
    """A message beside the field, in place of an error that would take over the page."""
    text = str(exc)
    return f"⚠ {text[:1].upper()}{text[1:]}"


def _prompt_audio(voice: VoiceService, view: InterviewView, speak: bool) -> tuple[Any, str]:
    """The new prompt spoken (when the user asked for it), and a note when speech failed (never a lost turn)."""
    try:
        return spoken_prompt(voice, view.pending, speak), ""
    except VoiceError as exc:
        return None, f"The question could not be spoken: {exc}"


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


def _model_choices(service: InterviewService) -> list[tuple[str, str]]:
    return [(m or "none: follow-ups from the bank", m) for m in service.models]


def build_interview_tab(service: InterviewService, voice: VoiceService | None = None) -> InterviewUI:
    """`voice`: the speech engines (default: built from the settings on first use). Returns the components
    the callbacks update (tests read a callback's dict by them)."""
    workspace, settings = service.workspace, service.workspace.settings
    speech = voice or VoiceService(settings)
    state, voice_state = gr.State(InterviewState()), gr.State(VoiceState())
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=300, elem_id="interview-setup"):
            with gr.Accordion("Set up your interview", open=True, elem_id="iv-setup") as setup_box:
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
                    engine = gr.Radio(engine_names(), value=settings.engine, label="Grading engine", info=engine_help())
                    model = gr.Dropdown(
                        _model_choices(service),
                        value=settings.chat_model if settings.chat_model in service.models else "",
                        label="Model (phrases follow-ups; grades with the llm engine)",
                        elem_id="iv-model",
                    )
                    follow_ups = gr.Slider(
                        0, 3, value=2, step=1, label="Follow-ups per question at most", elem_id="iv-follow-ups"
                    )
                    limit = gr.Number(
                        value=None, label="Time limit per answer, seconds (optional)", precision=0, placeholder="none"
                    )
                    seed = gr.Number(
                        label="Seed (optional; same seed and history, same questions)",
                        precision=0,
                        placeholder="random",
                        elem_id="iv-seed",
                    )
                start = gr.Button("Start interview", variant="primary", elem_id="iv-start")
            setup_note = gr.Markdown(elem_id="iv-setup-note", elem_classes=["inline-note"])
            with gr.Accordion("Your history", open=False):
                history_text = gr.Markdown("Enter your name to see your past sessions.", elem_id="iv-history")
                history_rows = gr.Dataframe(headers=HISTORY_COLUMNS, interactive=False, wrap=True)
                history_plot = gr.Plot(label="Progress per subtopic")
        with gr.Column(scale=2, min_width=320):
            status = gr.Markdown(elem_id="iv-status")
            card = gr.HTML(card_html("Not started", NOT_STARTED), elem_id="iv-card")
            clock = gr.Markdown("Answer time: —", elem_id="iv-timer")
            question_audio = gr.Audio(
                label="The question, spoken",
                autoplay=True,
                interactive=False,
                visible=False,
                elem_id="iv-question-audio",
            )
            answer = gr.Textbox(label="Your answer", lines=5, elem_id="iv-answer", interactive=False)
            with gr.Row():
                send = gr.Button("Send answer", variant="primary", elem_id="iv-send", interactive=False)
                skip = gr.Button("Skip question", elem_id="iv-skip", interactive=False)
                end = gr.Button("End interview", variant="stop", elem_id="iv-end", interactive=False)
            note = gr.Markdown(elem_id="iv-note", elem_classes=["inline-note"])
            with gr.Accordion("Answer by voice", open=False):
                recording = gr.Audio(
                    sources=["microphone", "upload"],
                    type="filepath",
                    label="Record or upload: it is transcribed into the answer box, to check before you send it",
                    elem_id="iv-voice-audio",
                )
                with gr.Row():
                    keep = gr.Checkbox(False, label="Keep my recordings with this session", elem_id="iv-keep-audio")
                    speak = gr.Checkbox(False, label="Speak questions aloud", elem_id="iv-speak")
                voice_note = gr.Markdown(elem_id="iv-voice-note")
            with gr.Row():
                with gr.Column(scale=3):
                    feedback_panel = gr.HTML(elem_id="iv-feedback")
                with gr.Column(scale=1, min_width=220):
                    delivery_panel = gr.Markdown(elem_id="iv-delivery")
            chat = gr.Chatbot(label="Conversation so far", elem_id="iv-chat", height=320, feedback_options=None)
    with gr.Column(visible=False) as report_box:
        report_html = gr.HTML(elem_id="iv-report")
        report_chart = gr.Plot(label="Strengths and gaps by subtopic")
        downloads = gr.File(label="Report: Markdown, PDF, JSON", file_count="multiple", elem_id="iv-downloads")
    ticker = gr.Timer(1.0, active=False)
    ui = InterviewUI(
        state, voice_state, chat, status, card, note, feedback_panel, delivery_panel, answer, (send, skip, end),
        ticker, clock, question_audio, report_box, report_html, report_chart, downloads,
        (history_text, history_rows, history_plot), recording, voice_note,
    )  # fmt: skip
    outputs = [*ui.outputs, setup_note, setup_box]
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

    def on_start(say: bool, *values: Any) -> dict[Any, Any]:
        try:
            view = start_interview(service, _setup(*values), time.time)
        except InterviewerError as exc:
            return {setup_note: _note(exc)}
        audio, unspoken = _prompt_audio(speech, view, say)
        update = view_update(service, speech, ui, view, VoiceState(view.state.session_id))
        started = {setup_note: "", setup_box: gr.update(open=False)}  # the question card comes first now
        return {**update, **started, note: unspoken, question_audio: audio, delivery_panel: ""}

    def on_answer(
        current: InterviewState, spoken: VoiceState, text: str | None, say: bool, skipped: bool = False
    ) -> Iterator[dict[Any, Any]]:
        try:
            for step in submit_answer_live(service, current, text or "", time.time, skip_question=skipped):
                if isinstance(step, Draft):
                    yield {chat: step.messages, note: GRADING}
                    continue
                spoken = after_answer(spoken, current, step.state, skipped)
                moved = step.state.answered != current.answered  # else a repeated click: the prompt was spoken
                audio, unspoken = _prompt_audio(speech, step, say) if moved else (gr.skip(), "")
                update = view_update(service, speech, ui, step, spoken)
                delivery = last_delivery_markdown(spoken, step.state)
                yield {**update, note: unspoken, question_audio: audio, delivery_panel: delivery}
        except InterviewerError as exc:
            yield {note: _note(exc)}  # the answer box keeps what was typed

    def on_skip(current: InterviewState, spoken: VoiceState, say: bool) -> Iterator[dict[Any, Any]]:
        yield from on_answer(current, spoken, SKIP_ANSWER, say, skipped=True)

    def on_end(current: InterviewState, spoken: VoiceState) -> dict[Any, Any]:
        try:
            view = end_interview(service, current)
        except InterviewerError as exc:
            return {note: _note(exc)}
        return {**view_update(service, speech, ui, view, replace(spoken, draft=None)), question_audio: None}

    def on_recording(current: InterviewState, spoken: VoiceState, audio: str | None, kept: bool) -> dict[Any, Any]:
        if not audio:  # the recording was cleared
            return {}
        try:
            heard = answer_from_recording(service, speech, current, spoken, audio, bool(kept))
        except InterviewerError as exc:
            return {voice_note: _note(exc), recording: None}
        filled = {answer: heard.text} if heard.text else {}
        return {
            **filled,
            delivery_panel: heard.delivery_markdown,
            voice_state: heard.voice,
            voice_note: heard.note,
            recording: None,
        }

    def on_speak(current: InterviewState, say: bool) -> dict[Any, Any]:
        try:
            audio = spoken_prompt(speech, pending_prompt(service, current), say)
        except InterviewerError as exc:
            return {question_audio: gr.update(value=None, visible=False), voice_note: _note(exc)}
        return {question_audio: gr.update(value=audio, visible=bool(say))}

    def on_name(candidate: str | None) -> tuple[Any, ...]:
        view = history_view(workspace, service.store, candidate or "")
        return view.text, view.rows, view.chart

    start.click(on_start, [speak, *setup_inputs], outputs)
    send.click(on_answer, [state, voice_state, answer, speak], outputs)
    answer.submit(on_answer, [state, voice_state, answer, speak], outputs)
    skip.click(on_skip, [state, voice_state, speak], outputs)
    end.click(on_end, [state, voice_state], outputs)
    recording.input(
        on_recording,
        [state, voice_state, recording, keep],
        [answer, delivery_panel, voice_state, voice_note, recording],
    )
    speak.input(on_speak, [state, speak], [question_audio, voice_note])
    name.blur(on_name, [name], [history_text, history_rows, history_plot])
    name.submit(on_name, [name], [history_text, history_rows, history_plot])
    ticker.tick(
        lambda current: timer_text(current, time.time),
        [state],
        [clock],
        show_progress="hidden",
        concurrency_limit=None,
    )
    return ui

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
from interviewer.grading.registry import engine_names
from interviewer.interview.plan import FeedbackMode
from interviewer.ui.interview_flow import (
    MIX,
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
from interviewer.ui.report_view import HISTORY_COLUMNS, history_view, report_view
from interviewer.ui.voice_flow import (
    VoiceService,
    VoiceState,
    after_answer,
    answer_from_recording,
    last_delivery_markdown,
    pending_prompt,
    recordings_of,
    spoken_prompt,
    voice_report_html,
)
from interviewer.voice import VoiceError

ALL_BANKS = "All banks"


def _user_error(exc: InterviewerError) -> gr.Error:
    return gr.Error(str(exc))


def _prompt_audio(voice: VoiceService, view: InterviewView, speak: bool) -> Any:
    """The new prompt spoken (when the user asked for it); a speech failure is a warning, never a lost turn."""
    try:
        return spoken_prompt(voice, view.pending, speak)
    except VoiceError as exc:
        gr.Warning(str(exc))
        return None


def _outputs(
    service: InterviewService, voice: VoiceService, view: InterviewView, spoken: VoiceState, delivery: Any, audio: Any
) -> tuple[Any, ...]:
    """Values for OUTPUTS below: the conversation, the voice, and the report and history once the interview ends."""
    ticking = gr.Timer(active=not view.finished)
    running = (
        view.state,
        view.messages,
        view.status,
        view.feedback_html,
        "",
        ticking,
        timer_text(view.state, time.time),
        spoken,
        delivery,
        audio,
    )
    if not view.finished:
        return (*running, gr.Column(visible=False), *(gr.skip() for _ in range(6)))
    session = service.load(view.state)
    report = report_view(service.workspace, service.store, session)
    history = history_view(service.workspace, service.store, session.plan.candidate)
    return (
        *running,
        gr.Column(visible=True),
        report.html + voice_report_html(spoken, recordings_of(voice, session.id)),
        report.chart,
        report.files,
        history.text,
        history.rows,
        history.chart,
    )


def _draft_outputs(draft: Draft, count: int) -> tuple[Any, ...]:
    """Values for the `count` OUTPUTS while an answer is graded: only the conversation (the second) changes."""
    return (gr.skip(), draft.messages, *(gr.skip() for _ in range(count - 2)))


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


def build_interview_tab(service: InterviewService, voice: VoiceService | None = None) -> None:
    """`voice`: the speech engines (default: built from the settings on first use)."""
    workspace, settings = service.workspace, service.workspace.settings
    speech = voice or VoiceService(settings)
    state, voice_state = gr.State(InterviewState()), gr.State(VoiceState())
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
                engine = gr.Radio(engine_names(), value=settings.engine, label="Grading engine")
                model = gr.Textbox(
                    value=settings.chat_model,
                    label="Model: provider:model, or local (the embedded model; grades with the llm engine, phrases follow-ups)",
                )
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
            question_audio = gr.Audio(
                label="The question, spoken",
                autoplay=True,
                interactive=False,
                visible=False,
                elem_id="iv-question-audio",
            )
            answer = gr.Textbox(label="Your answer", lines=5, elem_id="iv-answer")
            with gr.Row(elem_id="iv-voice-input"):
                recording = gr.Audio(
                    sources=["microphone", "upload"],
                    type="filepath",
                    label="Or speak your answer: it is transcribed into the box above, to check before you send it",
                    elem_id="iv-voice-audio",
                    scale=3,
                )
                with gr.Column(scale=1, min_width=200):
                    keep = gr.Checkbox(False, label="Keep my recordings with this session", elem_id="iv-keep-audio")
                    speak = gr.Checkbox(False, label="Speak questions aloud", elem_id="iv-speak")
            voice_note = gr.Markdown(elem_id="iv-voice-note")
            with gr.Row():
                send = gr.Button("Send answer", variant="primary", elem_id="iv-send")
                skip = gr.Button("Skip question", elem_id="iv-skip")
                end = gr.Button("End interview", variant="stop", elem_id="iv-end")
            with gr.Row():
                with gr.Column(scale=3):
                    feedback_panel = gr.HTML(elem_id="iv-feedback")
                with gr.Column(scale=1, min_width=220):
                    delivery_panel = gr.Markdown(elem_id="iv-delivery")
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
        voice_state,
        delivery_panel,
        question_audio,
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

    def on_start(say: bool, *values: Any) -> tuple[Any, ...]:
        try:
            view = start_interview(service, _setup(*values), time.time)
            spoken = VoiceState(view.state.session_id)
            return _outputs(service, speech, view, spoken, "", _prompt_audio(speech, view, say))
        except InterviewerError as exc:
            raise _user_error(exc) from exc

    def on_answer(
        current: InterviewState, spoken: VoiceState, text: str | None, say: bool, skipped: bool = False
    ) -> Iterator[tuple[Any, ...]]:
        try:
            for update in submit_answer_live(service, current, text or "", time.time):
                if isinstance(update, Draft):
                    yield _draft_outputs(update, len(outputs))
                    continue
                spoken = after_answer(spoken, current, update.state, skipped)
                moved = update.state.answered != current.answered  # else a repeated click: the prompt was spoken
                audio = _prompt_audio(speech, update, say) if moved else gr.skip()
                yield _outputs(service, speech, update, spoken, last_delivery_markdown(spoken, update.state), audio)
        except InterviewerError as exc:
            raise _user_error(exc) from exc

    def on_skip(current: InterviewState, spoken: VoiceState, say: bool) -> Iterator[tuple[Any, ...]]:
        yield from on_answer(current, spoken, SKIP_ANSWER, say, skipped=True)

    def on_end(current: InterviewState, spoken: VoiceState) -> tuple[Any, ...]:
        try:
            view = end_interview(service, current)
            return _outputs(service, speech, view, replace(spoken, draft=None), gr.skip(), None)
        except InterviewerError as exc:
            raise _user_error(exc) from exc

    def on_recording(current: InterviewState, spoken: VoiceState, audio: str | None, kept: bool) -> tuple[Any, ...]:
        if not audio:  # the recording was cleared
            return (gr.skip(),) * 5
        try:
            heard = answer_from_recording(service, speech, current, spoken, audio, bool(kept))
        except InterviewerError as exc:
            raise _user_error(exc) from exc
        return heard.text or gr.skip(), heard.delivery_markdown, heard.voice, heard.note, None

    def on_speak(current: InterviewState, say: bool) -> Any:
        try:
            audio = spoken_prompt(speech, pending_prompt(service, current), say)
        except InterviewerError as exc:
            gr.Warning(str(exc))
            audio = None
        return gr.update(value=audio, visible=bool(say))

    def on_name(candidate: str | None) -> tuple[Any, ...]:
        view = history_view(workspace, service.store, candidate or "")
        return view.text, view.rows, view.chart

    start.click(on_start, [speak, *setup_inputs], outputs)
    send.click(on_answer, [state, voice_state, answer, speak], outputs)
    skip.click(on_skip, [state, voice_state, speak], outputs)
    end.click(on_end, [state, voice_state], outputs)
    recording.input(
        on_recording,
        [state, voice_state, recording, keep],
        [answer, delivery_panel, voice_state, voice_note, recording],
    )
    speak.input(on_speak, [state, speak], [question_audio])
    name.blur(on_name, [name], [history_text, history_rows, history_plot])
    name.submit(on_name, [name], [history_text, history_rows, history_plot])
    ticker.tick(
        lambda current: timer_text(current, time.time),
        [state],
        [clock],
        show_progress="hidden",
        concurrency_limit=None,
    )

"""The interview screen's components that callbacks update, and the update for a view of the interview:
the question card, the conversation, the inputs (usable only while an answer is awaited), and the report
and history once it ends. Each callback returns a dict of just the components it changes."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import gradio as gr

from interviewer.ui.interview_flow import InterviewService, InterviewView, timer_text
from interviewer.ui.report_view import history_view, report_view
from interviewer.ui.voice_flow import VoiceService, VoiceState, delivery_lines, recordings_of, voice_report_html


@dataclass
class InterviewUI:
    """The tab's components that callbacks update (each callback returns a dict of the ones it changes)."""

    state: Any
    voice_state: Any
    chat: Any
    status: Any
    card: Any
    note: Any
    feedback: Any
    delivery: Any
    answer: Any
    buttons: tuple[Any, ...]
    ticker: Any
    clock: Any
    question_audio: Any
    report_box: Any
    report_html: Any
    report_chart: Any
    downloads: Any
    history: tuple[Any, Any, Any]
    recording: Any = None
    voice_note: Any = None

    @property
    def outputs(self) -> list[Any]:
        fixed = [self.state, self.voice_state, self.chat, self.status, self.card, self.note, self.feedback]
        fixed += [self.delivery, self.answer, *self.buttons, self.ticker, self.clock, self.question_audio]
        return [*fixed, self.report_box, self.report_html, self.report_chart, self.downloads, *self.history]


def inputs_open(ui: InterviewUI, running: bool) -> dict[Any, Any]:
    """The answer box and the Send/Skip/End buttons: usable only while an interview waits for an answer."""
    return {ui.answer: gr.update(interactive=running), **{b: gr.update(interactive=running) for b in ui.buttons}}


def view_update(
    service: InterviewService, voice: VoiceService, ui: InterviewUI, view: InterviewView, spoken: VoiceState
) -> dict[Any, Any]:
    """Every component for `view`: the card, the conversation, and the report and history once it ends."""
    running = not view.finished
    update = {
        ui.state: view.state,
        ui.voice_state: spoken,
        ui.chat: view.messages,
        ui.status: view.status,
        ui.card: view.card,
        ui.note: "",
        ui.feedback: view.feedback_html,
        ui.ticker: gr.Timer(active=running),
        ui.clock: timer_text(view.state, time.time),
        **inputs_open(ui, running),
        ui.answer: gr.update(value="", interactive=running),
    }
    if running:
        return {**update, ui.report_box: gr.Column(visible=False)}
    session = service.load(view.state)
    spoken_lines = [f"Turn {s.turn}: " + "; ".join(delivery_lines(s.delivery)) for s in spoken.sent]
    report = report_view(service.workspace, service.store, session, spoken_lines)
    history = history_view(service.workspace, service.store, session.plan.candidate)
    return {
        **update,
        ui.report_box: gr.Column(visible=True),
        ui.report_html: report.html + voice_report_html(spoken, recordings_of(voice, session.id)),
        ui.report_chart: report.chart,
        ui.downloads: report.files,
        ui.history[0]: history.text,
        ui.history[1]: history.rows,
        ui.history[2]: history.chart,
    }

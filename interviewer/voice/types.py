"""The voice package's types: what a transcriber returns and what delivery metrics say about it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from interviewer.errors import InterviewerError

AudioInput = Path | str | bytes
"""An audio file's path, or its bytes: WAV, or any format ffmpeg reads (offline) or the server accepts."""


class VoiceError(InterviewerError):
    """Speech cannot be transcribed or synthesised (missing component, bad audio, server error)."""


@dataclass(frozen=True)
class Word:
    """One recognised word with its timing in seconds; `probability` is None when the engine gives none."""

    text: str
    start: float
    end: float
    probability: float | None = None


@dataclass(frozen=True)
class Transcript:
    """What was said: the text, each word's timing, and which engine and model heard it."""

    text: str
    words: tuple[Word, ...]
    language: str
    duration: float
    engine: str
    model: str


@dataclass(frozen=True)
class DeliveryMetrics:
    """How an answer was spoken, computed from word timings alone. Never part of the content grade.

    `approximate` is set when the recogniser was unsure (mean word probability below 0.6): the timings
    and filler counts may then be off.
    """

    words: int
    duration: float
    words_per_minute: float
    fillers: tuple[str, ...]
    fillers_per_100_words: float
    long_pauses: int
    longest_pause: float
    hedges: tuple[str, ...]
    mean_probability: float | None
    approximate: bool


class Transcriber(Protocol):
    """Speech to text. `hint` is text the speaker is likely to use (the question), to prime vocabulary."""

    engine: str
    model: str

    def transcribe(self, audio: AudioInput, hint: str = "") -> Transcript: ...


class Speaker(Protocol):
    """Text to speech: WAV bytes."""

    engine: str

    def synthesize(self, text: str) -> bytes: ...

"""Speech through OpenAI's audio endpoints, or any server that speaks their protocol (speaches, LocalAI, …).

Transcription asks for `verbose_json` with word timestamps; servers that add a per-word `probability`
(faster-whisper based ones do) have it kept. Speech comes back as WAV.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openai

from interviewer.voice.types import AudioInput, Transcript, VoiceError, Word
from interviewer.voice.whisper import whisper_prompt

LOCAL_SERVER_KEY = "not-needed"  # compatible local servers ignore the key; the client insists on one


def openai_client(api_key: str, base_url: str, *, timeout: float = 120.0, max_retries: int = 2) -> openai.OpenAI:
    if not api_key and not base_url:
        raise VoiceError("OpenAI audio needs OPENAI_API_KEY or INTERVIEWER_OPENAI_BASE_URL")
    return openai.OpenAI(
        api_key=api_key or LOCAL_SERVER_KEY, base_url=base_url or None, timeout=timeout, max_retries=max_retries
    )


def _probability(word: Any) -> float | None:
    extra = getattr(word, "model_extra", None) or {}
    value = extra.get("probability")
    return float(value) if isinstance(value, int | float) else None


def _file(audio: AudioInput) -> tuple[str, bytes]:
    if isinstance(audio, bytes):
        return "answer.wav", audio
    path = Path(audio)
    try:
        return path.name, path.read_bytes()
    except OSError as exc:
        raise VoiceError(f"cannot read the audio file {audio}: {exc}") from exc


class OpenAITranscriber:
    """Transcribes with `audio.transcriptions.create` (verbose_json, word timestamps)."""

    engine = "openai"

    def __init__(self, client: openai.OpenAI, model: str = "whisper-1", *, keep_fillers: bool = True) -> None:
        self.client = client
        self.model = model
        self.keep_fillers = keep_fillers

    def transcribe(self, audio: AudioInput, hint: str = "") -> Transcript:
        prompt = whisper_prompt(self.keep_fillers, hint)
        try:
            result = self.client.audio.transcriptions.create(
                model=self.model,
                file=_file(audio),
                response_format="verbose_json",
                timestamp_granularities=["word"],
                language="en",
                prompt=prompt or openai.omit,
            )
        except openai.OpenAIError as exc:
            raise VoiceError(f"the transcription server failed: {exc}") from exc
        words = tuple(Word(w.word.strip(), w.start, w.end, _probability(w)) for w in result.words or ())
        return Transcript(result.text.strip(), words, result.language, result.duration, self.engine, self.model)


class OpenAISpeaker:
    """Speaks text with `audio.speech.create`, as WAV."""

    engine = "openai"

    def __init__(self, client: openai.OpenAI, model: str = "tts-1", voice: str = "alloy") -> None:
        self.client = client
        self.model = model
        self.voice = voice

    def synthesize(self, text: str) -> bytes:
        try:
            response = self.client.audio.speech.create(
                model=self.model, voice=self.voice, input=text, response_format="wav"
            )
            return response.read()
        except openai.OpenAIError as exc:
            raise VoiceError(f"the speech server failed: {exc}") from exc

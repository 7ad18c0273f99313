"""Which engines speak and listen: offline (Whisper, espeak-ng) by default, OpenAI's endpoints when configured."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from interviewer.config import Settings
from interviewer.voice.delivery import delivery_metrics
from interviewer.voice.espeak import EspeakSpeaker
from interviewer.voice.openai_audio import OpenAISpeaker, OpenAITranscriber, openai_client
from interviewer.voice.types import AudioInput, DeliveryMetrics, Speaker, Transcriber, Transcript
from interviewer.voice.whisper import DEFAULT_MODEL, WhisperTranscriber

EngineChoice = Literal["auto", "offline", "openai"]


@dataclass(frozen=True)
class VoiceOptions:
    """`auto` uses OpenAI's endpoints when a key or an OpenAI-compatible base URL is configured, else offline."""

    speak_questions: bool = True
    stt: EngineChoice = "auto"
    tts: EngineChoice = "auto"
    whisper_model: str = DEFAULT_MODEL
    keep_fillers: bool = True
    espeak_voice: str = "en-us"
    espeak_words_per_minute: int = 160
    openai_stt_model: str = "whisper-1"
    openai_tts_model: str = "tts-1"
    openai_voice: str = "alloy"


@dataclass(frozen=True)
class SpokenAnswer:
    """A transcribed answer and how it was delivered. Grade `transcript.text`; show `delivery` beside it."""

    transcript: Transcript
    delivery: DeliveryMetrics


def _use_openai(choice: EngineChoice, settings: Settings) -> bool:
    return choice == "openai" or (choice == "auto" and bool(settings.api_key or settings.openai_base_url))


def make_transcriber(settings: Settings, options: VoiceOptions | None = None) -> Transcriber:
    """The configured speech-to-text engine; build it once and reuse it (the offline model loads on first use)."""
    options = options or VoiceOptions()
    if _use_openai(options.stt, settings):
        client = openai_client(settings.api_key, settings.openai_base_url)
        return OpenAITranscriber(client, options.openai_stt_model, keep_fillers=options.keep_fillers)
    return WhisperTranscriber(settings.data_dir, options.whisper_model, keep_fillers=options.keep_fillers)


def make_speaker(settings: Settings, options: VoiceOptions | None = None) -> Speaker | None:
    """The configured text-to-speech engine, or None when spoken questions are turned off."""
    options = options or VoiceOptions()
    if not options.speak_questions:
        return None
    if _use_openai(options.tts, settings):
        client = openai_client(settings.api_key, settings.openai_base_url)
        return OpenAISpeaker(client, options.openai_tts_model, options.openai_voice)
    return EspeakSpeaker(options.espeak_voice, options.espeak_words_per_minute)


def speak_question(speaker: Speaker | None, question_text: str) -> bytes | None:
    """The question as WAV bytes, or None when voice is off (no speaker)."""
    return None if speaker is None else speaker.synthesize(question_text)


def transcribe_answer(transcriber: Transcriber, audio: AudioInput, question_text: str = "") -> SpokenAnswer:
    """Transcribe a spoken answer (the question primes the vocabulary) and measure its delivery."""
    transcript = transcriber.transcribe(audio, hint=question_text)
    return SpokenAnswer(transcript, delivery_metrics(transcript.words))

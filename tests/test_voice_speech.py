"""Spoken questions offline: espeak-ng writes the same WAV for the same text, and reads text never as options."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from interviewer.voice import EspeakSpeaker, VoiceError, wav_duration, wav_from_samples, wav_samples

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="requires espeak-ng (apt-get install)")


@needs_espeak
def test_a_question_is_spoken_to_a_wav_deterministically() -> None:
    speaker = EspeakSpeaker()
    first = speaker.synthesize("Why does the KV cache grow during generation?")
    rate, samples = wav_samples(first)
    assert rate == 22050 and 1.5 < wav_duration(first) < 6.0 and np.abs(samples).max() > 1000
    assert speaker.synthesize("Why does the KV cache grow during generation?") == first


@needs_espeak
def test_text_that_looks_like_an_option_is_spoken() -> None:
    speech = EspeakSpeaker().synthesize("--version -w /tmp/x.wav")
    assert wav_duration(speech) > 1.0


@needs_espeak
def test_a_slower_rate_speaks_longer() -> None:
    text = "ZeRO-3 shards the optimizer state, the gradients and the parameters."
    assert wav_duration(EspeakSpeaker(words_per_minute=120).synthesize(text)) > wav_duration(
        EspeakSpeaker(words_per_minute=200).synthesize(text)
    )


def test_a_missing_binary_is_a_voice_error() -> None:
    with pytest.raises(VoiceError, match="not installed"):
        EspeakSpeaker(binary="espeak-ng-not-here").synthesize("hello")


@needs_espeak
def test_an_unknown_voice_is_a_voice_error() -> None:
    with pytest.raises(VoiceError, match="espeak-ng failed"):
        EspeakSpeaker(voice="xx-nonexistent").synthesize("hello")


@pytest.mark.parametrize(
    "samples",
    [
        np.array([0, 1000, -1000, 32767], dtype=np.int16),
        np.array([0.0, 0.5, -0.5, 1.5]),
        np.zeros((4, 2), dtype=np.int16),
    ],
    ids=["int16", "float-clipped", "stereo"],
)
def test_microphone_samples_round_trip_through_wav(samples: np.ndarray) -> None:
    rate, back = wav_samples(wav_from_samples(48000, samples))
    expected = samples if samples.dtype == np.int16 else (np.clip(samples, -1, 1) * 32767).astype(np.int16)
    assert rate == 48000 and np.array_equal(back, expected)


def test_bytes_that_are_no_wav_are_a_voice_error() -> None:
    with pytest.raises(VoiceError, match="not a readable WAV"):
        wav_samples(b"not audio at all")

"""WAV bytes in and out: what Gradio's microphone gives (rate, samples) and what the speakers return."""

from __future__ import annotations

import io
import wave

import numpy as np
import numpy.typing as npt

from interviewer.voice.types import VoiceError


def wav_from_samples(rate: int, samples: npt.NDArray[np.generic]) -> bytes:
    """16-bit PCM WAV bytes from int16 or float (-1..1) samples, mono or (frames, channels)."""
    data = np.asarray(samples)
    if np.issubdtype(data.dtype, np.floating):
        data = np.clip(data, -1.0, 1.0) * 32767
    pcm = data.astype("<i2")
    channels = 1 if pcm.ndim == 1 else pcm.shape[1]
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())
    return buffer.getvalue()


def wav_samples(wav: bytes) -> tuple[int, npt.NDArray[np.int16]]:
    """(rate, int16 samples) of 16-bit PCM WAV bytes; channels are the second axis when there are several."""
    try:
        with wave.open(io.BytesIO(wav), "rb") as source:
            rate, channels, width = source.getframerate(), source.getnchannels(), source.getsampwidth()
            frames = source.readframes(source.getnframes())
    except (wave.Error, EOFError) as exc:
        raise VoiceError(f"not a readable WAV: {exc}") from exc
    if width != 2:
        raise VoiceError(f"expected 16-bit PCM WAV, got {8 * width}-bit")
    samples = np.frombuffer(frames, dtype="<i2").astype(np.int16)
    return rate, samples.reshape(-1, channels) if channels > 1 else samples


def wav_duration(wav: bytes) -> float:
    rate, samples = wav_samples(wav)
    return len(samples) / rate

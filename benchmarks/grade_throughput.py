"""Offline grading throughput for ~150-word answers against 6-point rubrics (goal >= 10 answers/s on
2 cores) one answer at a time and as a batch grades them (`interviewer grade FILE`: the offline engine
keeps two answers in flight), beside the raw cost of the judge's own forward passes on the same pairs and of embedding the
answers' sentences (what top-k and the pair length cost and buy: judge_choices.py); LLM path: prompt
tokens per answer. Usage: python benchmarks/grade_throughput.py [--judge FILE.onnx] (--judge: another
judge file, e.g. a smaller one from `interviewer.judge.train --layers N`, read with the shipped cut-offs)."""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from interviewer.bank.loader import all_questions, load_banks
from interviewer.bank.models import Question
from interviewer.config import load_settings
from interviewer.grading.batch import BatchRunner
from interviewer.grading.grader import Grader
from interviewer.grading.llm_engine import LLMEngine
from interviewer.grading.offline import OfflineEngine
from interviewer.grading.registry import default_concurrency, make_engine
from interviewer.grading.sentences import split_spans
from interviewer.grading.target import target_from_question
from interviewer.judge.model import FOLDER, Judge, JudgeCard, Probabilities, card_for_file
from interviewer.llm.fake import ScriptedChatModel
from interviewer.llm.prompts import load_prompt
from interviewer.llm.tokens import count_tokens
from interviewer.store.embeddings import CachedEmbedder, make_embedder
from interviewer.workspace import Workspace

SENTENCES = [
    "I would start by measuring where the time goes before changing anything.",
    "For inference on GPUs with Tensor Cores, fp16 is usually the safe default.",
    "Int8 needs calibration data and per-channel scales to keep accuracy.",
    "The speed-up depends on whether the kernels for 8-bit exist on the target hardware.",
    "I would compare both on a held-out set and look at p99 latency at the real batch size.",
    "Memory drops by half with int8 weights, which can allow a larger batch.",
    "If accuracy drops more than the product tolerates, I would try quantization-aware training.",
    "Finally I would roll the winner out behind a canary and watch the error budget.",
]


def answers(n: int, label: str = "case") -> list[str]:
    """Distinct answers (no sentence repeats across answers, so no embedding cache hits)."""
    return [" ".join(f"{SENTENCES[(i + j) % 8][:-1]}, in {label} {i}-{j}." for j in range(8)) for i in range(n)]


class RecordingJudge(Judge):
    """A judge (the shipped one by default), remembering every batch of pairs it was asked about."""

    def __init__(self, card: JudgeCard | None = None, folder: Path = FOLDER) -> None:
        super().__init__(card, folder)
        self.calls: list[list[tuple[str, str]]] = []

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> Probabilities:
        self.calls.append(list(pairs))
        return super().probabilities(pairs)


def warm_up(questions: list[Question], grader: Grader) -> None:
    """Grade ten answers unlike the timed ones: what a batch pays once (the rubric points' vectors, the
    fp32 encoder that token recall reads, loaded on first use) is not counted."""
    for i, text in enumerate(answers(10, "warm-up")):
        grader.grade(target_from_question(questions[i % len(questions)]), text)


def grade_all(questions: list[Question], texts: list[str], grader: Grader) -> float:
    """Seconds to grade every text."""
    started = time.perf_counter()
    for i, text in enumerate(texts):
        grader.grade(target_from_question(questions[i % len(questions)]), text)
    return time.perf_counter() - started


def batch_rate(workspace: Workspace, questions: list[Question], label: str, concurrency: int) -> float:
    """Answers/s of `interviewer grade FILE --concurrency N` on 200 rows, as the CLI runs it (rows read,
    targets resolved from the store, grades written in row order and fsynced), after a 10-row batch that
    loads what a batch loads once."""
    engine = make_engine(workspace.settings, workspace.embedder, "offline")
    with tempfile.TemporaryDirectory() as folder:
        for rows, name in ((10, "warm-up"), (200, "timed")):
            source = Path(folder) / f"{name}.jsonl"
            lines = [
                json.dumps({"id": f"{name}-{i}", "question_id": questions[i % len(questions)].id, "answer": text})
                for i, text in enumerate(answers(rows, f"{label} {name}"))
            ]
            source.write_text("\n".join(lines) + "\n", encoding="utf-8")
            runner = BatchRunner(workspace, engine, Path(folder) / f"{name}.graded.jsonl", concurrency)
            started = time.perf_counter()
            graded, _, bad = runner.run(source)
            seconds = time.perf_counter() - started
            assert (graded, bad) == (rows, 0), (graded, bad)
    return 200 / seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--judge", type=Path, metavar="ONNX", help="another judge file, read with the shipped cut-offs")
    args = parser.parse_args()
    questions = [q for q in all_questions(load_banks(load_settings().knowledge_dir)) if len(q.rubric) == 6][:10]
    texts = answers(200)
    recording = RecordingJudge(*card_for_file(args.judge)) if args.judge else RecordingJudge()
    embedder = make_embedder("minilm")
    engine = OfflineEngine(embedder, recording)
    grader = Grader(engine, embedder)
    warm_up(questions, grader)
    recording.calls.clear()
    grading = grade_all(questions, texts, grader)
    calls = recording.calls
    started = time.perf_counter()
    for pairs in calls:
        recording.uncached(pairs)
    judging = time.perf_counter() - started
    pairs_per_answer = sum(len(c) for c in calls) / len(texts)
    print(
        f"offline (top-k {engine.thresholds.top_k}): {len(texts) / grading:.1f} answers/s; the judge's forward passes alone "
        f"({pairs_per_answer:.0f} pairs per answer) {len(texts) / judging:.1f}/s; ratio {grading / judging:.2f}x"
    )
    raw = embedder.inner if isinstance(embedder, CachedEmbedder) else embedder  # the same model, nothing cached
    started = time.perf_counter()
    for text in texts:
        raw.embed([s.text for s in split_spans(text)])
    embedding = time.perf_counter() - started
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(
        f"answers of {words:.0f} words, 6-point rubrics; embedding their sentences alone {len(texts) / embedding:.1f}/s"
    )
    default = default_concurrency(engine)
    # alternating runs: this machine's speed drifts between runs
    rates: dict[int, list[float]] = {mode: [] for mode in (default, 1)}
    workspace = Workspace()
    for run in range(2):
        for mode in rates:
            rates[mode].append(batch_rate(workspace, questions, f"run {run} mode {mode}", mode))
    print(
        f"batch (`interviewer grade FILE`, rows written in order and fsynced), two alternating runs each: "
        f"{default} answers in flight (the offline engine's default) "
        f"{' and '.join(f'{r:.1f}' for r in rates[default])} answers/s; one at a time (--concurrency 1) "
        f"{' and '.join(f'{r:.1f}' for r in rates[1])}"
    )
    llm = LLMEngine(ScriptedChatModel(replies=[]), load_prompt("grade_answer", load_settings().prompts_dir), "fake")
    long_answer = " ".join(texts[:2])[: 300 * 7]
    tokens = [
        count_tokens("\n".join(str(m.content) for m in llm.messages(target_from_question(q), long_answer)))
        for q in questions
    ]
    print(
        f"llm: 1 call per answer; prompt tokens for a 6-point rubric and ~300-word answer: "
        f"min {min(tokens)}, median {sorted(tokens)[len(tokens) // 2]}, max {max(tokens)}"
    )


if __name__ == "__main__":
    main()

"""Offline grading throughput for ~150-word answers against 6-point rubrics (goal >= 10 answers/s on
2 cores), on two loads: answers written for their own questions (the eval's answers of 100-200 words to
6-point questions, typed without line wraps, as users send them) and composed answers (fp16/int8
sentences graded against ten 6-point questions, most of them about something else: the figure measured
until the thirty-eighth session, kept for comparison; similarity proposes little there, so the readings
that follow a proposal, token recall above all, are rarely made). Each one answer at a time and as a
batch grades them (`interviewer grade FILE`: the offline engine keeps two answers in flight), beside the
raw cost of the judge's own forward passes on the same pairs; for the composed answers also embedding
their sentences (what top-k and the pair length cost and buy: judge_choices.py); LLM path: prompt
tokens per answer. Usage: python benchmarks/grade_throughput.py [--judge FILE.onnx] (--judge: another
judge file, e.g. a smaller one from `interviewer.judge.train --layers N`, read with the shipped cut-offs)."""

from __future__ import annotations

import argparse
import json
import multiprocessing
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from interviewer.bank.loader import all_questions, load_banks
from interviewer.bank.models import Question
from interviewer.config import load_settings
from interviewer.evals.cases import load_cases
from interviewer.grading.batch import BatchRunner
from interviewer.grading.engine import Engine
from interviewer.grading.grader import Grader
from interviewer.grading.llm_engine import LLMEngine
from interviewer.grading.offline import OfflineEngine
from interviewer.grading.registry import ENGINES, make_engine
from interviewer.grading.sentences import join_wrapped_lines, split_spans
from interviewer.grading.target import target_from_question
from interviewer.judge.model import FOLDER, Judge, JudgeCard, Probabilities, card_for_file
from interviewer.llm.fake import ScriptedChatModel
from interviewer.llm.prompts import load_prompt
from interviewer.llm.tokens import count_tokens
from interviewer.store.embeddings import CachedEmbedder, make_embedder
from interviewer.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
T = TypeVar("T")
Load = list[tuple[Question, str]]  # answers, each with the question it is graded against

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


def own_question_answers(questions: dict[str, Question]) -> Load:
    """The eval's answers of 100-200 words to 6-point questions, each with its question, typed (lines
    joined): what a batch of real answers to bank questions looks like (every kind, weak to excellent)."""
    found: Load = []
    for cases in load_cases(REPO / "evals" / "cases", questions):
        question = questions[cases.question_id]
        for case in cases.cases:
            typed = join_wrapped_lines(case.answer)
            if len(question.rubric) == 6 and 100 <= len(typed.split()) <= 200:
                found.append((question, typed))
    return found


class RecordingJudge(Judge):
    """A judge (the shipped one by default), remembering every batch of pairs it was asked about."""

    def __init__(self, card: JudgeCard | None = None, folder: Path = FOLDER) -> None:
        super().__init__(card, folder)
        self.calls: list[list[tuple[str, str]]] = []

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> Probabilities:
        self.calls.append(list(pairs))
        return super().probabilities(pairs)


def composed(questions: list[Question], n: int, label: str) -> Load:
    """`n` composed answers (`answers`), each graded against the next of `questions` in turn."""
    return [(questions[i % len(questions)], text) for i, text in enumerate(answers(n, label))]


def grade_all(load: Load, grader: Grader) -> float:
    """Seconds to grade every answer against its question."""
    started = time.perf_counter()
    for question, text in load:
        grader.grade(target_from_question(question), text)
    return time.perf_counter() - started


def pay_once_per_question(engine: Engine, questions: Sequence[Question]) -> None:
    """What the offline engine pays once per question, paid before the timing: token recall's states of
    the rubric's points (the composed warm-up answers rarely ask for them; a batch of answers to one
    question asks once). The points' vectors and patterns are paid by grading the warm-up answers."""
    if isinstance(engine, OfflineEngine):
        for question in questions:
            engine.token_recalls([point.claim for point in question.rubric], question.text, question.text)


def one_at_a_time(load: Load, warm: Load, judge_file: Path | None) -> tuple[float, float, float]:
    """Answers/s through the engine one at a time, answers/s of the judge's forward passes alone on the
    same pairs (nothing remembered), and pairs per answer, after grading `warm` (what a
    batch pays once is not counted: the rubric points' vectors and token states, the token-recall
    encoder: `pay_once_per_question`)."""
    recording = RecordingJudge(*card_for_file(judge_file)) if judge_file else RecordingJudge()
    embedder = make_embedder("minilm")
    engine = OfflineEngine(embedder, recording)
    grader = Grader(engine, embedder)
    grade_all(warm, grader)
    pay_once_per_question(engine, [question for question, _ in warm])
    recording.calls.clear()
    grading = grade_all(load, grader)
    started = time.perf_counter()
    for call in recording.calls:
        recording.uncached(call)
    judging = time.perf_counter() - started
    pairs = sum(len(call) for call in recording.calls)
    return len(load) / grading, len(load) / judging, pairs / len(load)


def batch_rate(load: Load, warm: Load, concurrency: int) -> float:
    """Answers/s of `interviewer grade FILE --concurrency N` on `load`, as the CLI runs it (rows read,
    targets resolved from the store, grades written in row order and fsynced), after a batch of `warm`
    that loads what a batch loads once."""
    workspace = Workspace()
    engine = make_engine(workspace.settings, workspace.embedder, "offline")
    pay_once_per_question(engine, [question for question, _ in warm])
    with tempfile.TemporaryDirectory() as folder:
        for rows, name in ((warm, "warm-up"), (load, "timed")):
            source = Path(folder) / f"{name}.jsonl"
            lines = [
                json.dumps({"id": f"{name}-{i}", "question_id": question.id, "answer": text})
                for i, (question, text) in enumerate(rows)
            ]
            source.write_text("\n".join(lines) + "\n", encoding="utf-8")
            runner = BatchRunner(workspace, engine, Path(folder) / f"{name}.graded.jsonl", concurrency)
            started = time.perf_counter()
            graded, _, bad = runner.run(source)
            seconds = time.perf_counter() - started
            assert (graded, bad) == (len(rows), 0), (graded, bad)
    return len(load) / seconds


def in_a_fresh_process(function: Callable[..., T], *arguments: object) -> T:
    """`function(*arguments)` run in a new Python process: nothing it reads was remembered by an earlier
    run (the judge's pairs, the embedder's texts, the key-term matches), so the same answers can be
    timed again."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(function, arguments)


def own_question_figures(judge_file: Path | None, default: int) -> None:
    """The eval's answers to their own questions: one at a time, then as batches (two alternating runs
    per mode, each in a fresh process)."""
    bank = load_settings().knowledge_dir
    questions = {q.id: q for q in all_questions(load_banks(bank))}
    load = own_question_answers(questions)
    asked = list({question.id: question for question, _ in load}.values())
    warm = composed(asked, len(asked), "warm-up")  # each question's points embedded before the timing
    rate, judging, per_answer = in_a_fresh_process(one_at_a_time, load, warm, judge_file)
    words = sum(len(t.split()) for _, t in load) / len(load)
    print(
        f"answers to their own questions (the eval's {len(load)} answers of 100-200 words to 6-point questions, "
        f"{words:.0f} words on average, typed): {_engine_line(rate, judging, per_answer)}"
    )
    rates: dict[int, list[float]] = {mode: [] for mode in (default, 1)}
    for _ in range(2):  # alternating runs: this machine's speed drifts between runs
        for mode in rates:
            rates[mode].append(in_a_fresh_process(batch_rate, load, warm, mode))
    print(f"  as a batch: {_rates(rates, default)}")


def _engine_line(rate: float, judging: float, per_answer: float) -> str:
    return (
        f"{rate:.1f} answers/s one at a time; the judge's forward passes alone ({per_answer:.0f} pairs per "
        f"answer) {judging:.1f}/s; ratio {judging / rate:.2f}x"
    )


def _rates(rates: dict[int, list[float]], default: int) -> str:
    return (
        f"{default} answers in flight (the offline engine's default) "
        f"{' and '.join(f'{r:.1f}' for r in rates[default])} answers/s; one at a time (--concurrency 1) "
        f"{' and '.join(f'{r:.1f}' for r in rates[1])}"
    )


def composed_figures(judge_file: Path | None, default: int) -> list[Question]:
    """The composed answers against ten 6-point questions (the figure measured until the thirty-eighth
    session): one at a time, embedding alone, and as batches."""
    questions = [q for q in all_questions(load_banks(load_settings().knowledge_dir)) if len(q.rubric) == 6][:10]
    load = composed(questions, 200, "case")
    rate, judging, per_answer = one_at_a_time(load, composed(questions, 10, "warm-up"), judge_file)
    print(f"composed answers, mostly about another question: {_engine_line(rate, judging, per_answer)}")
    raw = make_embedder("minilm")
    raw = raw.inner if isinstance(raw, CachedEmbedder) else raw  # the same model, nothing cached
    started = time.perf_counter()
    for _, text in load:
        raw.embed([s.text for s in split_spans(text)])
    embedding = time.perf_counter() - started
    words = sum(len(t.split()) for _, t in load) / len(load)
    print(f"  answers of {words:.0f} words; embedding their sentences alone {len(load) / embedding:.1f}/s")
    rates: dict[int, list[float]] = {mode: [] for mode in (default, 1)}
    for run in range(2):
        for mode in rates:
            label = f"run {run} mode {mode}"
            rates[mode].append(
                batch_rate(composed(questions, 200, label), composed(questions, 10, f"{label} warm-up"), mode)
            )
    print(f"  as a batch (`interviewer grade FILE`, rows written in order and fsynced): {_rates(rates, default)}")
    return questions


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--judge", type=Path, metavar="ONNX", help="another judge file, read with the shipped cut-offs")
    args = parser.parse_args()
    default = ENGINES["offline"].concurrency  # the offline engine's answers in flight
    own_question_figures(args.judge, default)
    questions = composed_figures(args.judge, default)
    texts = answers(2)
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

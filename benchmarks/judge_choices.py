"""What the offline engine's speed choices cost and buy: for each number of spans judged per point
(top-k) and each cut of a pair's length (tokens), the answers graded per second (132-word answers,
6-point rubrics, as `grade_throughput.py`), the written answers in band on the 12 bank questions the
judge never trained on (dev data, as `written_answers.py`) and, reported only (the eval cases are the
gate, never a fit), the eval's band QWK, verdict accuracy and adversarial and gaming cases in band (one
repeat, every variant). Usage: python benchmarks/judge_choices.py [--no-eval]
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from grade_throughput import answers, grade_all
from written_answers import composed_answers

from interviewer.bank.loader import all_questions, load_banks
from interviewer.bank.models import Question
from interviewer.evals.harness import evaluate
from interviewer.evals.items import load_items
from interviewer.evals.runner import RunOptions
from interviewer.grading.grader import Grader
from interviewer.grading.offline import OfflineEngine
from interviewer.grading.target import target_from_question
from interviewer.judge.model import Judge, JudgeCard
from interviewer.store.embeddings import make_embedder

REPO = Path(__file__).resolve().parents[1]
SPEED_ANSWERS = 60
SHIPPED = JudgeCard.read()
CHOICES = [("top-k", k, SHIPPED.max_length) for k in (1, 2, 3, 4)] + [
    ("tokens", int(SHIPPED.thresholds["top_k"]), n) for n in (96, 128)
]


def grader_for(top_k: int, max_length: int) -> Grader:
    embedder = make_embedder("minilm")
    judge = Judge(dataclasses.replace(SHIPPED, max_length=max_length))
    engine = OfflineEngine(embedder, judge)
    return Grader(OfflineEngine(embedder, judge, engine.thresholds.updated({"top_k": top_k})), embedder)


def written_in_band(grader: Grader, questions: dict[str, Question]) -> int:
    inside = 0
    for question_id, _kind, answer, (low, high) in composed_answers(questions):
        score = grader.grade(target_from_question(questions[question_id]), answer).score
        inside += score is not None and low <= score <= high
    return inside


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-eval", action="store_true", help="skip the eval cases")
    args = parser.parse_args()
    questions = {q.id: q for q in all_questions(load_banks(REPO / "knowledge"))}
    six_points = [q for q in questions.values() if len(q.rubric) == 6][:10]
    items = load_items(REPO / "evals" / "cases", questions)
    columns = ["choice", "answers/s", "written answers in band (84)"]
    columns += [] if args.no_eval else ["eval QWK", "verdict acc.", "adversarial + gaming in band"]
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for name, top_k, max_length in CHOICES:
        shipped = top_k == SHIPPED.thresholds["top_k"] and max_length == SHIPPED.max_length
        label = f"{name} {top_k if name == 'top-k' else max_length}" + (" (shipped)" if shipped else "")
        grader = grader_for(top_k, max_length)  # speed first, before anything is remembered
        rate = SPEED_ANSWERS / grade_all(six_points, answers(SPEED_ANSWERS), grader)
        row = f"| {label} | {rate:.1f} | {written_in_band(grader, questions)} |"
        if not args.no_eval:
            s = evaluate(grader, items, RunOptions(1)).summary
            row += f" {s.headline.band_qwk:.3f} | {s.headline.verdict_accuracy:.3f} | {s.robustness.within}/{s.robustness.cases} |"
        print(row, flush=True)


if __name__ == "__main__":
    main()

"""What the offline engine's speed choices cost and buy: for each number of spans judged per point
(top-k), each cut of a pair's length (tokens) and int8 (the shipped judge with its activations left in
fp32: `interviewer/judge/precision.py`), the answers graded per second (132-word answers,
6-point rubrics, as `grade_throughput.py` composes them), the written answers in band on the 12 bank questions the
judge never trained on (dev data, as `written_answers.py`) and, reported only (the eval cases are the
gate, never a fit), the eval's band QWK, verdict accuracy and adversarial and gaming cases in band (one
repeat, every variant). Usage: python benchmarks/judge_choices.py [--no-eval] [--only LABEL ...]
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
from pathlib import Path

from grade_throughput import composed, grade_all
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
from interviewer.judge.precision import fp32_activation_judge
from interviewer.store.embeddings import make_embedder

REPO = Path(__file__).resolve().parents[1]
SPEED_ANSWERS = 60
SHIPPED = JudgeCard.read()
TOP_K = int(SHIPPED.thresholds["top_k"])


@dataclasses.dataclass(frozen=True)
class Choice:
    label: str
    top_k: int = TOP_K
    max_length: int = SHIPPED.max_length
    fp32_activations: bool = False

    @property
    def shipped(self) -> bool:
        return (self.top_k, self.max_length, self.fp32_activations) == (TOP_K, SHIPPED.max_length, False)


CHOICES = (
    [Choice(f"top-k {k}", top_k=k) for k in (1, 2, 3, 4)]
    + [Choice(f"{n} tokens", max_length=n) for n in (96, 128)]
    + [Choice("activations fp32 (weights int8)", fp32_activations=True)]
)


def grader_for(choice: Choice, work: Path) -> Grader:
    embedder = make_embedder("minilm")
    card = dataclasses.replace(SHIPPED, max_length=choice.max_length)
    judge = fp32_activation_judge(card, work) if choice.fp32_activations else Judge(card)
    engine = OfflineEngine(embedder, judge)
    return Grader(OfflineEngine(embedder, judge, engine.thresholds.updated({"top_k": choice.top_k})), embedder)


def written_in_band(grader: Grader, questions: dict[str, Question]) -> str:
    """How many of the written answers (`written_answers.py`) land in their fair band, as "n/total"."""
    inside = total = 0
    for question_id, _kind, answer, (low, high) in composed_answers(questions):
        score = grader.grade(target_from_question(questions[question_id]), answer).score
        inside += score is not None and low <= score <= high
        total += 1
    return f"{inside}/{total}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-eval", action="store_true", help="skip the eval cases")
    parser.add_argument("--only", nargs="+", metavar="LABEL", help="only the choices whose label starts so")
    args = parser.parse_args()
    questions = {q.id: q for q in all_questions(load_banks(REPO / "knowledge"))}
    six_points = [q for q in questions.values() if len(q.rubric) == 6][:10]
    items = load_items(REPO / "evals" / "cases", questions)
    columns = ["choice", "answers/s", "written answers in band"]
    columns += [] if args.no_eval else ["eval QWK", "verdict acc.", "adversarial + gaming in band"]
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    chosen = [c for c in CHOICES if not args.only or any(c.label.startswith(o) for o in args.only)]
    with tempfile.TemporaryDirectory() as work:
        for choice in chosen:
            grader = grader_for(choice, Path(work))  # speed first, before anything is remembered
            grade_all(composed(six_points, 10, "warm-up"), grader)
            rate = SPEED_ANSWERS / grade_all(composed(six_points, SPEED_ANSWERS, "case"), grader)
            label = choice.label + (" (shipped)" if choice.shipped else "")
            row = f"| {label} | {rate:.1f} | {written_in_band(grader, questions)} |"
            if not args.no_eval:
                s = evaluate(grader, items, RunOptions(1)).summary
                row += f" {s.headline.band_qwk:.3f} | {s.headline.verdict_accuracy:.3f} |"
                row += f" {s.robustness.within}/{s.robustness.cases} |"
            print(row, flush=True)


if __name__ == "__main__":
    main()

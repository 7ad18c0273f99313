"""Answers typed without line wraps against the same answers hard-wrapped (as the eval's cases and the
bank's reference answers are: YAML blocks): the bank's reference answers graded against their own
rubrics (correct by construction, so every *contradicted* point is the engine's error; the questions the
judge never trained on counted apart), and how many answers of each kind reach the share of contradicted
points at which the engine reads an answer against the rubric (`rubric_decision.against_rubric`), typed
and wrapped, with and without a guard that also asks the contradicted points to outnumber the supported
ones. The eval's figures are a report, never a fit. Usage: python benchmarks/typed_answers.py [--judge FILE.onnx]
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from contradiction_share import sentence_readings
from written_answers import JUDGE_HELP, composed_answers

from interviewer.bank.loader import all_questions, load_banks
from interviewer.bank.models import Question
from interviewer.evals.cases import load_cases
from interviewer.grading.grader import Grader
from interviewer.grading.offline import OfflineEngine
from interviewer.grading.rubric_decision import contradicted_unsupported
from interviewer.grading.sentences import join_wrapped_lines
from interviewer.grading.target import target_from_question
from interviewer.judge.model import judge_from_file
from interviewer.judge.train.pairs import held_out
from interviewer.store.embeddings import make_embedder

REPO = Path(__file__).resolve().parents[1]


def reference_self_grades(grader: Grader, questions: dict[str, Question], typed: bool) -> str:
    """The reference answers graded against their own rubrics: mean score, points contradicted (all,
    and on the questions the judge never trained on)."""
    scores, contradicted, unseen = [], 0, 0
    for question in questions.values():
        answer = join_wrapped_lines(question.reference_answer) if typed else question.reference_answer
        grade = grader.grade(target_from_question(question), answer)
        scores.append(grade.score or 0.0)
        found = sum(j.verdict.value == "contradicted" for j in grade.judgments)
        contradicted += found
        unseen += found if held_out(f"bank:{question.id}") else 0
    points = sum(len(q.rubric) for q in questions.values())
    return (
        f"| {'typed' if typed else 'wrapped'} | {sum(scores) / len(scores):.1f} | {contradicted} of {points} | "
        f"{unseen} |"
    )


def contradicted_and_supported(engine: OfflineEngine, question: Question, answer: str) -> tuple[int, int, int] | None:
    """On the answer's sentences: points contradicted (and unsupported, or negated by the screen), points
    supported (expected credit from `partial`, not contradicted), and points in all; None: nothing to read."""
    if (read := sentence_readings(engine, question, answer)) is None:
        return None
    readings, negated = read
    against = [contradicted_unsupported(r, engine.thresholds) or n for r, n in zip(readings, negated, strict=True)]
    supported = [
        not a and float(r.judged.max()) >= engine.thresholds.partial for r, a in zip(readings, against, strict=True)
    ]
    return sum(against), sum(supported), len(readings)


def answers(questions: dict[str, Question]) -> list[tuple[str, Question, str]]:
    """(kind, question, answer): reference answers and wrapped eval cases, typed and wrapped; the written
    dev answers (one line each)."""
    found = []
    for question in questions.values():
        found.append(("reference, wrapped", question, question.reference_answer))
        found.append(("reference, typed", question, join_wrapped_lines(question.reference_answer)))
    for cases in load_cases(REPO / "evals" / "cases", questions):
        for case in cases.cases:
            if (typed := join_wrapped_lines(case.answer)) != case.answer:
                found.append((f"eval wrapped: {case.category.value}", questions[cases.question_id], case.answer))
                found.append((f"eval typed: {case.category.value}", questions[cases.question_id], typed))
    found += [(f"dev: {kind}", questions[q], text) for q, kind, text, _ in composed_answers(questions)]
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--judge", type=Path, metavar="ONNX", help=JUDGE_HELP)
    args = parser.parse_args()
    embedder = make_embedder("minilm")
    engine = OfflineEngine(embedder, judge_from_file(args.judge) if args.judge else None)
    questions = {q.id: q for q in all_questions(load_banks(REPO / "knowledge"))}
    grader = Grader(engine, embedder)
    print(f"engine {engine.version}")
    print("| reference answers | mean score | points contradicted | of them on held-out questions |")
    print("|---|---|---|---|")
    print(reference_self_grades(grader, questions, typed=False))
    print(reference_self_grades(grader, questions, typed=True))
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for kind, question, answer in answers(questions):
        if (found := contradicted_and_supported(engine, question, answer)) is None:
            continue
        contradicted, supported, points = found
        counts[kind]["answers"] += 1
        counts[kind]["half"] += contradicted / points >= engine.thresholds.against_rubric
        counts[kind]["two thirds"] += contradicted / points >= 2 / 3 - 1e-9
        counts[kind]["half, outnumbering"] += contradicted / points >= engine.thresholds.against_rubric and (
            contradicted > supported
        )
    print(f"\nanswers read against the rubric (against_rubric = {engine.thresholds.against_rubric})")
    print("| answers | n | share >= 1/2 (now) | >= 2/3 | >= 1/2 and more contradicted than supported |")
    print("|---|---|---|---|---|")
    for kind in sorted(counts):
        c = counts[kind]
        print(f"| {kind} | {c['answers']} | {c['half']} | {c['two thirds']} | {c['half, outnumbering']} |")


if __name__ == "__main__":
    main()

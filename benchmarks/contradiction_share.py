"""How much of the rubric an answer contradicts sentence by sentence: per answer, the share of its points
with a sentence (or sentence pair) the judge finds contradicting the point and none it finds supporting
it, or whose closest sentence the negation screen finds negating it (`rubric_decision.contradicted_share`).
At `against_rubric` or more (0.5) the engine judges the answer on its sentences alone.
Prints, per kind of answer, the mean share and how many answers reach a third, a half and two thirds:
on the written dev answers of the bank questions the judge never trained on, and with --eval on the
eval cases as written and as unpunctuated transcripts (a report, never a fit).
Usage: python benchmarks/contradiction_share.py [--eval] [--judge FILE.onnx]
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from written_answers import JUDGE_HELP, composed_answers

from interviewer.bank.loader import all_questions, load_banks
from interviewer.bank.models import Question
from interviewer.evals.cases import load_cases
from interviewer.evals.transcript import transcript_noise
from interviewer.grading.answer_readings import contradicted_share
from interviewer.grading.evidence_spans import evidence_spans
from interviewer.grading.offline import OfflineEngine
from interviewer.grading.readings import Reading
from interviewer.grading.similarity import point_prior
from interviewer.grading.target import target_from_question
from interviewer.judge.model import judge_from_file
from interviewer.store.embeddings import make_embedder

REPO = Path(__file__).resolve().parents[1]
CUTS = (1 / 3, 1 / 2, 2 / 3)


def sentence_readings(
    engine: OfflineEngine, question: Question, answer: str
) -> tuple[list[Reading], list[bool]] | None:
    """Per point of the question: the judge's reading of the answer's sentences and sentence pairs, and
    whether the negation screen finds the point negated; None: nothing to read."""
    target = target_from_question(question)
    spans = evidence_spans(answer, target.question_text, engine.embedder)
    if not spans.texts:
        return None
    readings = engine.read_claims([p.claim for p in target.points], spans, answer)
    negated = [point_prior(p, spans, engine.embedder, engine.weights).negated for p in target.points]
    return [r.only(spans.texts) for r in readings], negated


def contradiction_share(engine: OfflineEngine, question: Question, answer: str) -> float | None:
    """Share of the question's points contradicted and unsupported on the answer's sentences (None: nothing to read)."""
    read = sentence_readings(engine, question, answer)
    return None if read is None else contradicted_share(*read, engine.thresholds)


def eval_answers(questions: dict[str, Question]) -> Iterator[tuple[str, Question, str]]:
    for cases in load_cases(REPO / "evals" / "cases", questions):
        for case in cases.cases:
            yield f"eval: {case.category.value}", questions[cases.question_id], case.answer
            yield f"eval, spoken: {case.category.value}", questions[cases.question_id], transcript_noise(case.answer)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--eval", action="store_true", help="also the eval cases, written and spoken (a report)")
    parser.add_argument("--judge", type=Path, metavar="ONNX", help=JUDGE_HELP)
    args = parser.parse_args()
    embedder = make_embedder("minilm")
    engine = OfflineEngine(embedder, judge_from_file(args.judge) if args.judge else None)
    questions = {q.id: q for q in all_questions(load_banks(REPO / "knowledge"))}
    answers = [(f"dev: {kind}", questions[q], text) for q, kind, text, _ in composed_answers(questions)]
    answers += list(eval_answers(questions)) if args.eval else []
    shares: dict[str, list[float]] = defaultdict(list)
    for kind, question, answer in answers:
        if (share := contradiction_share(engine, question, answer)) is not None:
            shares[kind].append(share)
    print(f"threshold against_rubric = {engine.thresholds.against_rubric}; engine {engine.version}")
    print("| answers | n | mean share | >= 1/3 | >= 1/2 | >= 2/3 | max |")
    print("|---|---|---|---|---|---|---|")
    for kind, found in shares.items():
        reach = " | ".join(str(sum(s >= cut - 1e-9 for s in found)) for cut in CUTS)
        print(f"| {kind} | {len(found)} | {np.mean(found):.2f} | {reach} | {max(found):.2f} |")


if __name__ == "__main__":
    main()

"""The offline engine's bank-rubric cut-offs chosen by cross-validation by question, on dev data only.

Candidates: the cut-offs in use (the judge card's) and each one moved alone to the values in `MOVES`
(or to those given with `--move NAME=V1,V2`, e.g. `--move top_k=2,4`: what a choice made for speed costs).
Every candidate grades the same dev answers with the same judge (its readings are remembered, so only
the first candidate pays the forward passes):
- the written answers of the 12 bank questions the judge never trained on (`written_answers.py`: the
  composed kinds and one sentence on one point), in their fair bands;
- the gaming and honest answers written outside the team for the six seed questions, first set
  (`gaming_answers/written/`; the held-out set is not read);
- with `--asag FILE RUBRICS`, exam answers graded against rubrics written from their questions
  (`interviewer eval --asag ... --rubrics`), Pearson against the human share: the questions the judge
  never trained on (all of Mohler's). Dev data beside the repository; repeatable.
The eval cases are never read: they are the gate. Prints each candidate's objective on all the
questions, then what choosing among the candidates is worth on questions left out of the choice
(`--folds` folds by question), beside the cut-offs in use on the same answers.

Usage: python benchmarks/choose_cutoffs.py [--judge FILE.onnx] [--asag FILE.jsonl RUBRICS.yaml]...
       [--move NAME=V1,V2]... [--folds 6]
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Iterator
from pathlib import Path

from gaming_answers import answers as outside_answers
from gaming_answers import fair_band
from written_answers import JUDGE_HELP, bank_grader, composed_answers, one_point_answers

from interviewer.bank.models import Question
from interviewer.evals.asag import read_rows, row_target
from interviewer.evals.asag_rubrics import read_rubrics
from interviewer.evals.cutoff_choice import IN_USE, DevAnswer, cross_validate, objective, one_at_a_time
from interviewer.grading.calibration import Thresholds
from interviewer.grading.grader import Grader
from interviewer.grading.offline import OfflineEngine
from interviewer.grading.target import GradingTarget, target_from_question
from interviewer.grading.token_recall import token_reader_for
from interviewer.judge.train.pairs import held_out

MOVES: dict[str, tuple[float, ...]] = {  # each cut-off's other values, tried one at a time
    "met": (0.65, 0.7, 0.8, 0.85),
    "partial": (0.15, 0.2, 0.3, 0.35),
    "contradicted": (0.6, 0.8, 0.9),
    "judge_floor": (0.1, 0.15, 0.25, 0.3),
    "judge_partial": (0.4, 0.45, 0.55, 0.6),
    "met_recall": (0.5, 0.55, 0.65, 0.7),
    "about_margin": (0.05, 0.15),
    "against_rubric": (0.4, 0.6),
}

Graded = tuple[DevAnswer, GradingTarget, str]


def bank_answers(questions: dict[str, Question]) -> Iterator[Graded]:
    """The written dev answers, one-point sentences and the first set of outside answers."""
    for question_id, kind, answer, band in composed_answers(questions):
        yield (
            DevAnswer(f"written: {kind}", question_id, band=band),
            target_from_question(questions[question_id]),
            answer,
        )
    for item in one_point_answers(questions):
        target = target_from_question(questions[item.question_id])
        yield DevAnswer(f"one point: {item.kind}", item.question_id, band=item.band), target, item.answer
    for question_id, entry in outside_answers("written"):
        target = target_from_question(questions[question_id])
        fair = fair_band(entry["fair"])
        yield DevAnswer(f"outside: {entry['category']}", question_id, band=fair), target, entry["answer"]


def exam_answers(path: Path, rubrics_path: Path) -> Iterator[Graded]:
    """An exam file's answers to the questions the judge never trained on, against their own rubrics."""
    rubrics = read_rubrics(rubrics_path)
    for row in read_rows(path):
        group = f"{path.stem}:{row.question_id or row.question}"  # as in training
        if path.stem.startswith("mohler") or held_out(group):
            yield DevAnswer(path.stem, group, share=row.share), row_target(row, rubrics), row.answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--judge", type=Path, metavar="ONNX", help=JUDGE_HELP)
    parser.add_argument("--asag", nargs=2, action="append", type=Path, metavar=("FILE", "RUBRICS"), default=[])
    parser.add_argument(
        "--move", action="append", type=_move, metavar="NAME=V1,V2", default=[], help="instead of MOVES"
    )
    parser.add_argument("--folds", type=int, default=6)
    args = parser.parse_args()
    grader, questions = bank_grader(args.judge)
    items = list(bank_answers(questions))
    for path, rubrics in args.asag:
        items += exam_answers(path, rubrics)
    answers = [a for a, _, _ in items]
    print(
        f"{len(answers)} dev answers to {len({a.question for a in answers})} questions; judge {grader.engine.version}"
    )
    graded: dict[str, list[float | None]] = {}
    engine = grader.engine
    assert isinstance(engine, OfflineEngine)
    reader = token_reader_for(engine.embedder)  # one for every candidate: its token states are remembered
    for name, thresholds in one_at_a_time(engine.thresholds, dict(args.move) or MOVES).items():
        moved = OfflineEngine(engine.embedder, engine.cross_encoder, thresholds)
        moved.token_reader = reader
        candidate = Grader(moved, engine.embedder)
        graded[name] = [candidate.grade(target, answer).score for _, target, answer in items]
        value, parts = objective(answers, graded[name])
        print(f"| {name} | {value:.4f} | {_parts(parts)} |", flush=True)
    chosen = cross_validate(answers, graded, args.folds)
    in_use, parts = objective(answers, graded[IN_USE])
    print(f"\ncross-validated by question ({args.folds} folds): the folds chose {chosen.chosen}")
    print(f"| chosen on the other folds | {chosen.value:.4f} | {_parts(chosen.parts)} |")
    print(f"| in use | {in_use:.4f} | {_parts(parts)} |")


def _move(text: str) -> tuple[str, tuple[float, ...]]:
    """'top_k=2,4' -> ('top_k', (2.0, 4.0)); a name that is no cut-off is refused."""
    name, _, values = text.partition("=")
    if name not in {f.name for f in dataclasses.fields(Thresholds)} or not values:
        raise argparse.ArgumentTypeError(f"{text!r}: expected CUT_OFF=V1,V2 with a cut-off of Thresholds")
    try:
        return name, tuple(float(v) for v in values.split(","))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: the values must be numbers") from exc


def _parts(parts: dict[str, float]) -> str:
    return " | ".join(f"{k} {v:.3f}" for k, v in parts.items())


if __name__ == "__main__":
    main()

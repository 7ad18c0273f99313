"""What the judge's lone credits (points similarity proposed nothing for, credited by the judge alone) buy
on a human-scored file graded against rubrics of your own (bank mode): the shipped engine, the same with
lone credits in answers of any length (`judge_alone_words` 0), and with no lone credit at all; pooled and
within-question Pearson, beside the floors (measured against the rubric's model answer).
Usage: python benchmarks/judge_alone.py --asag FILE.jsonl --rubrics RUBRICS.yaml [--limit N]
(rubrics written from the question texts alone stand in for an exam graded that way; see
docs/offline-grading.md, *Against rubrics of your own*)."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from interviewer.evals.asag import AsagRow, floor_row, read_rows, row_target
from interviewer.evals.asag_rubrics import QuestionRubric, read_rubrics
from interviewer.evals.floors import FloorRow, floor_figures, within_question_floors, within_question_pearson
from interviewer.evals.metrics import pearson
from interviewer.grading.grader import Grader
from interviewer.grading.offline import OfflineEngine
from interviewer.store.embeddings import Embedder, make_embedder


def graded(rows: list[AsagRow], rubrics: dict[str, QuestionRubric], grader: Grader) -> list[float | None]:
    return [grader.grade(row_target(r, rubrics), r.answer).score for r in rows]


def figures(scores: list[float | None], rows: list[FloorRow]) -> str:
    kept = [(s, r) for s, r in zip(scores, rows, strict=True) if s is not None]
    values, kept_rows = [s for s, _ in kept], [r for _, r in kept]
    pooled = pearson(values, [r.score for r in kept_rows])
    return f"Pearson {pooled:.3f}, within-question {within_question_pearson(values, kept_rows):.3f}"


def engines(embedder: Embedder) -> dict[str, OfflineEngine]:
    shipped = OfflineEngine(embedder)
    t = shipped.thresholds
    return {
        f"shipped (nothing alone in answers of at most {t.judge_alone_words} words)": shipped,
        "lone credits in answers of any length": OfflineEngine(
            embedder, thresholds=dataclasses.replace(t, judge_alone_words=0)
        ),
        "no lone credit at all": OfflineEngine(embedder, thresholds=dataclasses.replace(t, judge_alone_cosine=2.0)),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--asag", type=Path, required=True)
    parser.add_argument("--rubrics", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    rubrics = read_rubrics(args.rubrics)
    rows = [r for r in read_rows(args.asag, args.limit) if str(r.question_id) in rubrics]
    embedder = make_embedder("minilm")
    floors = [floor_row(r, rubrics) for r in rows]
    print(f"{args.asag.name}: {len(rows)} answers, {len(rubrics)} rubrics")
    for name, engine in engines(embedder).items():
        print(f"  {name}: {figures(graded(rows, rubrics, Grader(engine, embedder)), floors)}")
    pooled = ", ".join(f"{k} {v:.3f}" for k, v in floor_figures(floors, embedder).items())
    within = ", ".join(f"{k} {v:.3f}" for k, v in within_question_floors(floors, embedder).items())
    kind = "weighted F1, threshold cross-validated by question" if {r.score for r in rows} <= {0.0, 1.0} else "Pearson"
    print(f"  floors, pooled ({kind}): {pooled}\n  floors, within-question (Pearson): {within}")


if __name__ == "__main__":
    main()

"""Agreement with human graders on a human-scored file (shared format), in reference-only mode.

Usage: python benchmarks/asag.py FILE.jsonl [--limit N] [--rubrics RUBRICS.yaml]
(same numbers: `interviewer eval --asag FILE [--rubrics RUBRICS.yaml]`; with a rubric file, each row is
graded against its question's rubric points, as bank questions are: `interviewer/evals/asag_rubrics.py`)
Numeric scores: Pearson, Spearman, RMSE after a linear fit. 0/1 scores: macro and weighted F1
(an answer is judged correct when its grade is >= 50). Prints throughput too.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from interviewer.evals.asag import agreement_text, grade_rows
from interviewer.evals.asag_rubrics import read_rubrics
from interviewer.grading.grader import Grader
from interviewer.grading.offline import OfflineEngine
from interviewer.store.embeddings import make_embedder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--rubrics", type=Path, help="a rubric per question_id (YAML): grade against rubric points")
    args = parser.parse_args()
    embedder = make_embedder("minilm")
    grader = Grader(OfflineEngine(embedder), embedder)
    rubrics = read_rubrics(args.rubrics) if args.rubrics else None
    print(agreement_text(grade_rows(grader, Path(args.file), args.limit, rubrics)))


if __name__ == "__main__":
    main()

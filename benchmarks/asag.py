"""Agreement with human graders on a human-scored file (shared format), in reference-only mode.

Usage: python benchmarks/asag.py FILE.jsonl [--limit N]   (same numbers: `interviewer eval --asag FILE`)
Numeric scores: Pearson, Spearman, RMSE after a linear fit. 0/1 scores: macro and weighted F1
(an answer is judged correct when its grade is >= 50). Prints throughput too.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from interviewer.evals.asag import agreement_text, grade_rows
from interviewer.grading.grader import Grader
from interviewer.grading.offline import OfflineEngine
from interviewer.store.embeddings import make_embedder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    embedder = make_embedder("minilm")
    grader = Grader(OfflineEngine(embedder), embedder)
    print(agreement_text(grade_rows(grader, Path(args.file), args.limit)))


if __name__ == "__main__":
    main()

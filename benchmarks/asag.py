"""Agreement with human graders on a human-scored file (shared format), in reference-only mode.

Usage: python benchmarks/asag.py FILE.jsonl [--limit N]
Numeric scores: Pearson, Spearman, RMSE after a linear fit. 0/1 scores: macro and weighted F1
(an answer is judged correct when its grade is >= 50). Prints throughput too.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from interviewer.evals.metrics import f1_scores, pearson, rmse_after_linear_fit, spearman
from interviewer.grading.grader import Grader
from interviewer.grading.offline import OfflineEngine
from interviewer.grading.target import target_from_reference
from interviewer.store.embeddings import make_embedder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    rows = [json.loads(line) for line in Path(args.file).read_text().splitlines() if line.strip()]
    rows = rows[: args.limit] if args.limit else rows
    embedder = make_embedder("minilm")
    grader = Grader(OfflineEngine(embedder), embedder)
    started = time.perf_counter()
    predicted = [
        grader.grade(target_from_reference(r["question"], r["reference_answer"]), r["answer"]).score or 0.0
        for r in rows
    ]
    elapsed = time.perf_counter() - started
    truth = [float(r["score"]) for r in rows]
    print(f"{Path(args.file).name}: {len(rows)} answers, {len(rows) / elapsed:.1f} answers/s")
    if set(truth) <= {0.0, 1.0}:
        macro, weighted = f1_scores([int(p >= 50) for p in predicted], [int(t) for t in truth])
        print(f"macro F1 {macro:.3f}, weighted F1 {weighted:.3f}")
    else:
        print(
            f"Pearson {pearson(predicted, truth):.3f}, Spearman {spearman(predicted, truth):.3f}, "
            f"RMSE after linear fit {rmse_after_linear_fit(predicted, truth):.3f}"
        )


if __name__ == "__main__":
    main()

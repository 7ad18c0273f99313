"""Gaming answers in reference-only mode, as users grade (`interviewer grade` with a reference answer):
for each held-out dev question (the rows `calibrate_judge.py` reads), answers made from its reference
answer by rule, each graded against that reference (`interviewer/evals/asag_gaming.py`, the same check
`interviewer eval --asag` prints for any human-scored file):

- the reference itself (a control: a fair grade is full marks);
- every sentence negated (`is` -> `is not`, `requires` -> `does not require`, …; a fair grade is 0);
- an antonym swapped into every sentence where one is known (`increases` -> `decreases`; 0);
- the reference's content words woven, three at a time, into sentences that say nothing (0).

Prints each kind's mean score and how many score 50 or more, per data set. The rules are those the
judge's training uses to alter bank claims (`evals/alterations.py`); these questions are ones its
training held out. Usage:
    python benchmarks/reference_gaming.py --data ../shared/benchmarks/asag [--limit ROWS]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from calibrate_judge import FILES, dev_rows

from interviewer.evals.asag import AsagRow
from interviewer.evals.asag_gaming import gaming_figures
from interviewer.grading.grader import Grader
from interviewer.grading.offline import OfflineEngine
from interviewer.grading.target import target_from_reference
from interviewer.store.embeddings import make_embedder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=0, help="rows per file (whole questions), 0 for all")
    args = parser.parse_args()
    embedder = make_embedder("minilm")
    grader = Grader(OfflineEngine(embedder), embedder)
    print(f"engine {grader.engine.version}")
    print("| data set | answer (fair score) | questions | mean score | scored 50 or more |")
    print("|---|---|---|---|---|")
    for name in FILES:
        if not (path := args.data / name).is_file():
            continue
        rows = [AsagRow.model_validate(r | {"question_id": r["group"]}) for r in dev_rows(path, args.limit, seed=1)]
        for figure in gaming_figures(grader, rows, lambda r: target_from_reference(r.question, r.reference_answer)):
            mean = f"{figure.mean:.1f}" if figure.scores else "–"
            questions, high = len(figure.scores), figure.at_least_half
            print(f"| {path.stem} | {figure.kind} ({figure.fair:.0f}) | {questions} | {mean} | {high}/{questions} |")


if __name__ == "__main__":
    main()

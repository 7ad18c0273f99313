"""Gaming answers in reference-only mode, as users grade (`interviewer grade` with a reference answer):
for each held-out dev question (the rows `calibrate_judge.py` reads), answers made from its reference
answer by rule, each graded against that reference:

- the reference itself (a control: a fair grade is full marks);
- every sentence negated (`is` -> `is not`, `requires` -> `does not require`, …; a fair grade is 0);
- an antonym swapped into every sentence where one is known (`increases` -> `decreases`; 0);
- the reference's content words woven, three at a time, into sentences that say nothing (0).

Prints each kind's mean score and how many score 50 or more, per data set. The rules are the judge's
training alterations (`judge/train/alter.py`); the questions are the ones its training held out. Usage:
    python benchmarks/reference_gaming.py --data ../shared/benchmarks/asag [--limit ROWS]
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
from calibrate_judge import FILES, dev_rows

from interviewer.grading.cues import content_words
from interviewer.grading.grader import Grader
from interviewer.grading.offline import OfflineEngine
from interviewer.grading.target import target_from_reference
from interviewer.judge.train.alter import _negate, _swap_antonym, nonsense
from interviewer.store.embeddings import make_embedder

SENTENCES = re.compile(r"(?<=[.!?])\s+")


def every_sentence(alter: Callable[[str], str | None]) -> Callable[[str], str | None]:
    """The reference with `alter` applied to each of its sentences; None when one of them has no rule."""

    def altered(reference: str) -> str | None:
        sentences = [alter(s) for s in SENTENCES.split(reference.strip()) if s.strip()]
        return " ".join(s for s in sentences if s) if sentences and all(sentences) else None

    return altered


def woven(reference: str) -> str | None:
    words = list(dict.fromkeys(content_words(reference)))
    rng = random.Random(reference)
    parts = [nonsense(words[i : i + 3], rng) for i in range(0, len(words) - 2, 3)]
    return " ".join(p for p in parts if p) or None


KINDS: dict[str, Callable[[str], str | None]] = {
    "the reference itself (fair: 100)": lambda reference: reference,
    "every sentence negated (fair: 0)": every_sentence(_negate),
    "an antonym swapped into every sentence (fair: 0)": every_sentence(_swap_antonym),
    "its content words in nonsense (fair: 0)": woven,
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=0, help="rows per file (whole questions), 0 for all")
    args = parser.parse_args()
    embedder = make_embedder("minilm")
    grader = Grader(OfflineEngine(embedder), embedder)
    print(f"engine {grader.engine.version}")
    print("| data set | answer | questions | mean score | scored 50 or more |")
    print("|---|---|---|---|---|")
    for name in FILES:
        if not (path := args.data / name).is_file():
            continue
        rows = dev_rows(path, args.limit, seed=1)
        questions = {str(r["group"]): (str(r["question"]), str(r["reference_answer"])) for r in rows}
        for kind, make in KINDS.items():
            scores = []
            for question, reference in questions.values():
                if (answer := make(reference)) is not None:
                    grade = grader.grade(target_from_reference(question, reference), answer)
                    scores.append(grade.score if grade.score is not None else np.nan)
            mean = f"{np.nanmean(scores):.1f}" if scores else "–"
            print(f"| {path.stem} | {kind} | {len(scores)} | {mean} | {sum(s >= 50 for s in scores)}/{len(scores)} |")


if __name__ == "__main__":
    main()

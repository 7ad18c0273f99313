"""Gaming and honest answers to the six seed questions, written by helper sessions that saw only the
question files (never the eval cases, the engine or its benchmarks): what the hidden gaming suite is
made of. `gaming_answers/written/` was written first and used to find where the engine fails (dev data);
`gaming_answers/held_out/` was written after, by other sessions, and read only to measure the changes made
on the first set. Each answer carries the band a fair grader would give (0-100), or `unscored` for an
answer in another language. Prints, per set and per kind of answer, how many grades fall in their band.
Dev data for the bank engine, never the eval cases (those are the gate).
Usage: python benchmarks/gaming_answers.py [--set written|held_out] [--verbose] [--judge FILE.onnx]
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml
from written_answers import JUDGE_HELP, bank_grader

from interviewer.evals.cutoff_choice import Band, in_band
from interviewer.grading.target import target_from_question

FOLDER = Path(__file__).resolve().parent / "gaming_answers"
SETS = ("written", "held_out")


def answers(which: str) -> list[tuple[str, dict[str, Any]]]:
    """(question id, answer entry) for every answer of one set."""
    found = []
    for path in sorted((FOLDER / which).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found += [(str(data["question_id"]), entry) for entry in data["answers"]]
    return found


def fair_band(fair: object) -> Band:
    """Pure: an answer's `fair` field as a band: (low, high), or "unscored"."""
    if fair == "unscored":
        return "unscored"
    if not isinstance(fair, list) or len(fair) != 2:
        raise ValueError(f"fair must be [low, high] or 'unscored', not {fair!r}")
    return float(fair[0]), float(fair[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", choices=SETS, action="append", help="one set (default: both)")
    parser.add_argument("--verbose", action="store_true", help="each answer out of its band, point by point")
    parser.add_argument("--judge", type=Path, metavar="ONNX", help=JUDGE_HELP)
    args = parser.parse_args()
    grader, questions = bank_grader(args.judge)
    for which in args.set or SETS:
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for question_id, entry in answers(which):
            grade = grader.grade(target_from_question(questions[question_id]), entry["answer"])
            inside = in_band(grade.score, fair_band(entry["fair"]))
            counts[entry["category"]][0] += int(inside)
            counts[entry["category"]][1] += 1
            if args.verbose and not inside:
                print(f"out of band: {question_id}/{entry['id']} fair {entry['fair']} graded {grade.score}")
                for j in grade.judgments:
                    print(f"    {j.point_id}: {j.verdict.value} ({j.rationale[:90]})")
        print(f"\n{which}: {sum(k for k, _ in counts.values())} of {sum(n for _, n in counts.values())} in band")
        print("| answer | in band |\n|---|---|")
        for category, (inside_count, total) in sorted(counts.items()):
            print(f"| {category} | {inside_count}/{total} |")


if __name__ == "__main__":
    main()

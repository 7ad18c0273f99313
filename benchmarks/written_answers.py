"""Gaming and paraphrase answers for bank questions the judge never trained on, composed from the
hand-written hard cases (`interviewer/judge/train/written/`): per held-out question, one answer made of
each point's jargon-free paraphrase, one of its plain paraphrase, one of its half-claims, one of each of
its two confident wrong statements, one of its key terms in nonsense, and a good answer to the next
held-out question (off-topic). Prints each kind's mean score
beside the band a fair grader would give. Dev data for the bank engine's cut-offs, never the eval cases
(those are the gate). Usage: python benchmarks/written_answers.py [--all]  (--all: every question,
including those the judge trained on)
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from interviewer.bank.loader import all_questions, load_banks
from interviewer.bank.models import Question, RubricPoint
from interviewer.grading.grader import Grader
from interviewer.grading.offline import OfflineEngine
from interviewer.grading.target import target_from_question
from interviewer.judge.train.pairs import held_out
from interviewer.judge.train.written_pairs import FOLDER
from interviewer.store.embeddings import make_embedder

REPO = Path(__file__).resolve().parents[1]
KINDS = {  # answer kind: (field, which text, fair band of scores)
    "paraphrase, no rubric wording": ("paraphrases", 1, (80, 100)),
    "paraphrase": ("paraphrases", 0, (80, 100)),
    "half of each point": ("partial", 0, (30, 70)),
    "confident wrong (1)": ("wrong", 0, (0, 15)),
    "confident wrong (2)": ("wrong", 1, (0, 15)),
    "key terms in nonsense": ("nonsense", 0, (0, 10)),
}
OFF_TOPIC = (0, 10)


def _answer(written: dict[str, Any], rubric: list[RubricPoint], field: str, index: int) -> str:
    return " ".join(written["points"][p.id][field][index] for p in rubric)


OFF_TOPIC_KIND = "off-topic: a good answer to another question"


def composed_answers(
    questions: dict[str, Question], every_question: bool = False
) -> Iterator[tuple[str, str, str, tuple[int, int]]]:
    """(question id, kind, answer, fair band) for each held-out question (every one with
    `every_question`) and each kind of answer."""
    paths = [p for p in sorted(FOLDER.glob("*.yaml")) if every_question or held_out(f"bank:{p.stem}")]
    texts = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in paths}
    good = {q: " ".join(points["paraphrases"][0] for points in texts[q]["points"].values()) for q in texts}
    for n, path in enumerate(paths):
        written, rubric = texts[path.stem], questions[path.stem].rubric
        for kind, (field, index, band) in KINDS.items():
            yield path.stem, kind, _answer(written, rubric, field, index), band
        yield path.stem, OFF_TOPIC_KIND, good[paths[(n + 1) % len(paths)].stem], OFF_TOPIC


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--all", action="store_true", help="also the questions the judge trained on")
    args = parser.parse_args()
    embedder = make_embedder("minilm")
    grader = Grader(OfflineEngine(embedder), embedder)
    questions = {q.id: q for q in all_questions(load_banks(REPO / "knowledge"))}
    scores: dict[str, list[float]] = {kind: [] for kind in [*KINDS, OFF_TOPIC_KIND]}
    bands = {kind: band for kind, (_, _, band) in KINDS.items()} | {OFF_TOPIC_KIND: OFF_TOPIC}
    for question_id, kind, answer, _band in composed_answers(questions, args.all):
        grade = grader.grade(target_from_question(questions[question_id]), answer)
        scores[kind].append(float("nan") if grade.score is None else grade.score)
    asked = len(scores[OFF_TOPIC_KIND])
    print(f"{asked} questions ({'all' if args.all else 'held out of training'}), engine {grader.engine.version}")
    print("| answer | mean score | fair band | in band |")
    print("|---|---|---|---|")
    for kind, (low, high) in bands.items():
        values = np.array(scores[kind])
        inside = int(((values >= low) & (values <= high)).sum())
        print(f"| {kind} | {np.nanmean(values):.1f} | {low}-{high} | {inside}/{len(values)} |")


if __name__ == "__main__":
    main()

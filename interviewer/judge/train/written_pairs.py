"""Hand-written hard cases for the bank's rubric points (`written/<question-id>.yaml`): per point, correct
paraphrases that avoid the rubric's wording (met), half the claim (partial), confident wrong statements
in the claim's own vocabulary (contradicted) and the key terms in meaningless sentences (missed).

These teach what generated pairs cannot: that a claim can be stated without its words, and that its
words can state something false. The eval cases (`evals/cases`) were not read to write them.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from interviewer.bank.models import Question
from interviewer.judge.labels import CONTRADICTED, MET, MISSED, PARTIAL
from interviewer.judge.train.pairs import Pair

FOLDER = Path(__file__).resolve().parent / "written"
KINDS = {"paraphrases": MET, "partial": PARTIAL, "wrong": CONTRADICTED, "nonsense": MISSED}


def _texts(path: Path, point_id: str, kind: str, value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(t, str) and t.strip() for t in value):
        raise ValueError(f"{path}: points.{point_id}.{kind} must be a list of non-empty strings")
    return [t.strip() for t in value]


def question_written_pairs(path: Path, question: Question) -> list[Pair]:
    """The pairs one file holds; a point id the question does not have is an error naming it."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    claims = {p.id: p.claim for p in question.rubric}
    pairs = []
    for point_id, kinds in (data.get("points") or {}).items():
        if point_id not in claims:
            raise ValueError(f"{path}: point {point_id!r} is not in question {question.id}'s rubric")
        for kind, label in KINDS.items():
            for text in _texts(path, point_id, kind, (kinds or {}).get(kind, [])):
                pairs.append(Pair(claims[point_id], text, label, f"written-{kind}", f"bank:{question.id}"))
    return pairs


def written_pairs(questions: list[Question], folder: Path = FOLDER) -> list[Pair]:
    """Every written file whose question is in the bank (files for other banks' questions are skipped)."""
    by_id = {q.id: q for q in questions}
    return [
        pair
        for path in sorted(folder.glob("*.yaml"))
        if path.stem in by_id
        for pair in question_written_pairs(path, by_id[path.stem])
    ]

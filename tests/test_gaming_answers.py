"""Gaming answers written outside the team (`benchmarks/gaming_answers/`, by sessions that saw only the
question files): the rubric's words without its meaning earn nothing, and honest answers are never read
as gaming. Real judge, real embedder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from interviewer.bank.models import Question
from interviewer.grading.answer_readings import DOUBTED_NOTE, WORDS_NOTE
from interviewer.grading.grader import Grader
from interviewer.grading.offline import OfflineEngine
from interviewer.grading.target import target_from_question
from interviewer.store.embeddings import Embedder

FOLDER = Path(__file__).resolve().parents[1] / "benchmarks" / "gaming_answers" / "written"


def written() -> dict[str, tuple[str, dict[str, Any]]]:
    """'question/answer id' -> (question id, answer entry) for the first set of outside answers."""
    found = {}
    for path in sorted(FOLDER.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found |= {f"{data['question_id']}/{e['id']}": (str(data["question_id"]), e) for e in data["answers"]}
    return found


WRITTEN = written()


@pytest.mark.parametrize(
    "key",
    [
        "fp16-vs-int8-inference/nonsense",  # 42.1 before: similar words credited three points the judge read 0.4
        "canary-rollout-strategy/nonsense",
        "zero-sharding-stages/negation-1",  # 45.0 before: the judge read two negated sentences as met
        "canary-rollout-strategy/negation-1",
        "spot-fault-tolerant-training/confident-wrong-2",  # 27.5 before: middling readings on every point
        "fp16-vs-int8-inference/confident-wrong-2",  # 60.5 before
    ],
)
def test_an_outside_gaming_answer_earns_no_more_than_a_fair_grader_gives(
    embedder: Embedder, bank_questions: dict[str, Question], key: str
) -> None:
    question_id, entry = WRITTEN[key]
    grade = Grader(OfflineEngine(embedder), embedder).grade(
        target_from_question(bank_questions[question_id]), entry["answer"]
    )
    low, high = entry["fair"]
    assert grade.score is not None and low <= grade.score <= high, (grade.score, entry["fair"])


def test_no_honest_answer_is_read_as_the_rubrics_words_without_its_meaning(
    embedder: Embedder, bank_questions: dict[str, Question]
) -> None:
    """The outside paraphrases and partial answers (24 of them): neither answer-wide reading fires."""
    grader = Grader(OfflineEngine(embedder), embedder)
    honest = [(q, e) for q, e in WRITTEN.values() if e["category"] in ("paraphrase", "partial")]
    assert len(honest) == 24
    read_as_gaming = [
        f"{q}/{e['id']}"
        for q, e in honest
        if {DOUBTED_NOTE, WORDS_NOTE} & set(grader.grade(target_from_question(bank_questions[q]), e["answer"]).notes)
    ]
    assert read_as_gaming == []

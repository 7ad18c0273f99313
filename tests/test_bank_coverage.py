"""The rules the real trade-offs bank must keep (rules, not exact counts): coverage, types, content."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from interviewer.bank.loader import LoadedBank, load_banks
from interviewer.bank.models import Difficulty, Question, QuestionType
from interviewer.bank.stats import coverage

BANK = Path(__file__).resolve().parents[1] / "knowledge" / "trade-offs"
MIN_WORDS, MAX_WORDS = 200, 600


@pytest.fixture(scope="module")
def bank() -> LoadedBank:
    return load_banks(BANK)[0]  # load_banks raises on any schema or cross-reference problem


def failing(bank: LoadedBank, rule: str, check: Callable[[Question], bool]) -> list[str]:
    """Ids (with the rule) of the questions for which `check(question)` is false."""
    return [f"{q.id}: {rule}" for q in bank.questions if not check(q)]


def test_bank_size(bank: LoadedBank) -> None:
    assert len(bank.questions) >= 60


def test_every_subtopic_has_every_difficulty_as_primary(bank: LoadedBank) -> None:
    stats = coverage(bank)
    assert set(stats.subtopics) == {s.id for s in bank.bank.subtopics}, "a primary subtopic is not in bank.yaml"
    assert stats.empty_cells == []
    assert all(stats.difficulty_total(d) > 0 for d in Difficulty)


def test_question_types(bank: LoadedBank) -> None:
    types = coverage(bank).types
    assert types[QuestionType.TECHNICAL] > 0 and types[QuestionType.SYSTEM_DESIGN] > 0
    assert types[QuestionType.BEHAVIORAL] >= 6
    assert bank.question("training-vs-latency-prioritization").type is QuestionType.TECHNICAL  # product owner's call


def _follow_ups_probe_rubric(question: Question) -> bool:
    point_ids = {p.id for p in question.rubric}
    return len(question.follow_ups) >= 2 and all(set(f.probes) <= point_ids for f in question.follow_ups)


def test_every_question_is_complete(bank: LoadedBank) -> None:
    problems = [
        *failing(bank, "3-8 rubric points", lambda q: 3 <= len(q.rubric) <= 8),
        *failing(bank, "positive weights", lambda q: all(p.weight > 0 for p in q.rubric)),
        *failing(bank, ">= 2 follow-ups probing real rubric points", _follow_ups_probe_rubric),
        *failing(bank, ">= 1 red flag", lambda q: len(q.red_flags) >= 1),
        *failing(bank, ">= 1 source with a year", lambda q: any(s.year for s in q.sources)),
    ]
    assert problems == []


def test_reference_answers_are_200_to_600_words(bank: LoadedBank) -> None:
    lengths = {q.id: len(q.reference_answer.split()) for q in bank.questions}
    assert {i: n for i, n in lengths.items() if not MIN_WORDS <= n <= MAX_WORDS} == {}

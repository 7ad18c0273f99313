"""Per-question results of a session: its turns and the grade they combine into."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from interviewer.bank.models import Question
from interviewer.grading.score import CREDIT
from interviewer.grading.target import target_from_question
from interviewer.grading.types import Grade, GradeStatus
from interviewer.interview.combine import TurnGrade, combine_grades
from interviewer.interview.session import Session, Turn


@dataclass(frozen=True)
class QuestionResult:
    index: int
    question: Question
    turns: tuple[Turn, ...]
    grade: Grade

    @property
    def follow_ups(self) -> int:
        return sum(1 for t in self.turns if t.prompt.kind == "follow_up")

    @property
    def graded(self) -> bool:
        return self.grade.status is GradeStatus.GRADED

    def credit(self) -> tuple[float, float]:
        """Weighted credit earned and available over the rubric (0, 0 when unscored)."""
        if not self.graded:
            return 0.0, 0.0
        weights = {p.id: p.weight for p in self.question.rubric}
        earned = sum(CREDIT[j.verdict] * weights[j.point_id] for j in self.grade.judgments)
        return earned, sum(weights.values())


def question_result(question: Question, turns: Sequence[Turn]) -> QuestionResult:
    graded = [TurnGrade(t.seq, t.grade) for t in turns]
    grade = combine_grades(target_from_question(question), graded)
    return QuestionResult(turns[0].prompt.question_index, question, tuple(turns), grade)


def question_results(session: Session, questions: Mapping[str, Question]) -> list[QuestionResult]:
    """One result per answered question still in the bank, in the order asked."""
    by_index: dict[int, list[Turn]] = defaultdict(list)
    for turn in session.turns:
        by_index[turn.prompt.question_index].append(turn)
    return [
        question_result(questions[turns[0].prompt.question_id], turns)
        for _, turns in sorted(by_index.items())
        if turns[0].prompt.question_id in questions
    ]


def subtopic_credit(results: Sequence[QuestionResult]) -> dict[str, float]:
    """Share of the available rubric weight earned, per subtopic, 0..1 (graded questions only)."""
    earned: dict[str, float] = defaultdict(float)
    available: dict[str, float] = defaultdict(float)
    for result in results:
        got, total = result.credit()
        for subtopic in result.question.subtopics if total else ():
            earned[subtopic] += got
            available[subtopic] += total
    return {s: round(earned[s] / available[s], 3) for s in available}

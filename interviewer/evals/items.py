"""Eval items: each labelled case paired with its grading target and the score its labels imply."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from interviewer.bank.models import Question
from interviewer.evals.cases import ADVERSARIAL, GAMING, Category, EvalCase, load_cases
from interviewer.grading.score import Score, compute_score
from interviewer.grading.target import GradingTarget, target_from_question


@dataclass(frozen=True)
class EvalItem:
    """One case to grade. `key` is `question_id/case_id` (case ids repeat across questions)."""

    key: str
    case: EvalCase
    target: GradingTarget
    expected: Score

    @property
    def question_id(self) -> str:
        return self.target.question_id

    @property
    def category(self) -> Category:
        return self.case.category

    @property
    def adversarial(self) -> bool:
        return self.case.category in ADVERSARIAL

    @property
    def gaming(self) -> bool:
        return self.case.category in GAMING


def expected_score(case: EvalCase, question: Question) -> Score:
    """The score the labels imply: expected verdicts × the rubric's weights − expected red flags' costs."""
    verdicts = [case.expected_verdicts[p.id] for p in question.rubric]
    costs = [f.cost for f in question.red_flags if f.id in case.expected_red_flags]
    return compute_score(verdicts, [p.weight for p in question.rubric], costs)


def load_items(cases_dir: Path, questions: dict[str, Question], limit: int = 0) -> list[EvalItem]:
    """Every case under `cases_dir` (files in name order), the first `limit` of them if limit > 0."""
    items = []
    for case_file in load_cases(cases_dir, questions):
        question = questions[case_file.question_id]
        target = target_from_question(question)
        for case in case_file.cases:
            key = f"{question.id}/{case.id}"
            items.append(EvalItem(key, case, target, expected_score(case, question)))
    return items[:limit] if limit > 0 else items

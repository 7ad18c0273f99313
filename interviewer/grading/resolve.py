"""Turn what the caller gave (bank id, free question text, text + reference) into a grading target.

Grading is handed what it needs: a way to look a question up by id, and a way to search the bank's
store by text (only free-text questions need it). It never reaches into the workspace, and it never
embeds the bank itself: a surface that accepts free text makes the store ready first, where the user
can see it happen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Protocol

from interviewer.bank.models import Question
from interviewer.drafting.points import Drafter
from interviewer.errors import GradingError, QuestionNotFound
from interviewer.grading.target import GradingTarget, target_from_question, target_from_reference

MATCH_THRESHOLD = 0.75
QuestionLookup = Callable[[str], Question]


class SearchHit(Protocol):
    @property
    def question_id(self) -> str: ...

    @property
    def similarity(self) -> float: ...


class QuestionSearch(Protocol):
    def search_questions(self, text: str, k: int = 5) -> Sequence[SearchHit]: ...


def _from_reference(question_text: str, reference_answer: str, drafter: Drafter | None) -> GradingTarget:
    points = drafter(question_text, reference_answer) if drafter else None
    return target_from_reference(question_text, reference_answer, points)


def resolve_target(
    lookup: QuestionLookup,
    search: Callable[[], QuestionSearch] | None = None,
    question_id: str | None = None,
    question_text: str | None = None,
    reference_answer: str | None = None,
    drafter: Drafter | None = None,
) -> GradingTarget:
    """Bank id; or question text + reference (reference-only: points drafted by `drafter` when
    given, offline otherwise); or free text close enough to a bank question (found with `search()`).
    An id the bank does not hold, given with question text and a reference answer, is the caller's own
    id (human-scored data sets carry one per question): the row is graded in reference-only mode and
    keeps that id."""
    has_reference = bool(question_text and question_text.strip() and reference_answer and reference_answer.strip())
    if question_id:
        try:
            return target_from_question(lookup(question_id))
        except QuestionNotFound:
            if not has_reference:
                raise
        return replace(_from_reference(str(question_text), str(reference_answer), drafter), question_id=question_id)
    if not question_text or not question_text.strip():
        raise GradingError("give a question id, or the question text")
    if has_reference:
        return _from_reference(question_text, str(reference_answer), drafter)
    if search is None:
        raise GradingError("a question given as text needs a reference answer, or the bank's store to match it")
    hits = search().search_questions(question_text, k=1)
    if not hits or hits[0].similarity < MATCH_THRESHOLD:
        best = f" (closest: {hits[0].question_id} at {hits[0].similarity:.2f})" if hits else ""
        raise QuestionNotFound(
            f"no bank question matches this text closely enough{best}: give a question id or a reference answer"
        )
    return target_from_question(lookup(hits[0].question_id))

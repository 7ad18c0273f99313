"""Turn what the caller gave (bank id, free question text, text + reference) into a grading target."""

from __future__ import annotations

from interviewer.drafting.points import Drafter
from interviewer.errors import GradingError, QuestionNotFound
from interviewer.grading.target import GradingTarget, target_from_question, target_from_reference
from interviewer.workspace import Workspace

MATCH_THRESHOLD = 0.75


def resolve_target(
    workspace: Workspace,
    question_id: str | None = None,
    question_text: str | None = None,
    reference_answer: str | None = None,
    drafter: Drafter | None = None,
) -> GradingTarget:
    """Bank id; or question text + reference (reference-only: points drafted by `drafter` when
    given, offline otherwise); or free text close enough to a bank question."""
    if question_id:
        return target_from_question(workspace.question(question_id))
    if not question_text or not question_text.strip():
        raise GradingError("give a question id, or the question text")
    if reference_answer and reference_answer.strip():
        points = drafter(question_text, reference_answer) if drafter else None
        return target_from_reference(question_text, reference_answer, points)
    hits = workspace.ready_store().search_questions(question_text, k=1)
    if not hits or hits[0].similarity < MATCH_THRESHOLD:
        best = f" (closest: {hits[0].question_id} at {hits[0].similarity:.2f})" if hits else ""
        raise QuestionNotFound(
            f"no bank question matches this text closely enough{best}: give a question id or a reference answer"
        )
    return target_from_question(workspace.question(hits[0].question_id))

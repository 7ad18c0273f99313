"""A candidate's progress over their sessions: overall score and credit per subtopic, session by session."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import mean

from interviewer.bank.models import Question
from interviewer.interview.results import question_results, subtopic_credit
from interviewer.interview.session import Session


@dataclass(frozen=True)
class SessionProgress:
    session_id: str
    created_at: str
    questions: int
    score: float | None
    subtopics: Mapping[str, float]


def session_progress(session: Session, questions: Mapping[str, Question]) -> SessionProgress:
    results = question_results(session, questions)
    scores = [r.grade.score for r in results if r.grade.score is not None]
    return SessionProgress(
        session_id=session.id,
        created_at=session.created_at,
        questions=len(results),
        score=round(mean(scores), 1) if scores else None,
        subtopics=subtopic_credit(results),
    )


def candidate_progress(sessions: Sequence[Session], questions: Mapping[str, Question]) -> list[SessionProgress]:
    """One entry per session with at least one answered question, oldest first."""
    progress = [session_progress(s, questions) for s in sessions]
    return [p for p in progress if p.questions]


def subtopic_series(progress: Sequence[SessionProgress]) -> dict[str, list[float | None]]:
    """Per subtopic, its credit in each session (None where the session did not touch it)."""
    names = sorted({s for p in progress for s in p.subtopics})
    return {name: [p.subtopics.get(name) for p in progress] for name in names}

"""What a candidate's past sessions tell the next one: questions seen, and where they were weak."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from interviewer.bank.models import Question
from interviewer.interview.results import question_results, subtopic_credit
from interviewer.interview.session import Session


@dataclass(frozen=True)
class CandidateHistory:
    seen: frozenset[str] = frozenset()
    subtopic_weakness: Mapping[str, float] = field(default_factory=dict)
    question_weakness: Mapping[str, float] = field(default_factory=dict)

    def weakness(self, question: Question) -> float:
        """0 (never weak here) .. 1 (missed everything): the weakest of its subtopics, or of itself if seen."""
        values = [self.subtopic_weakness.get(s, 0.0) for s in question.subtopics]
        return max([*values, self.question_weakness.get(question.id, 0.0)])


def candidate_history(
    sessions: Sequence[Session], questions: Mapping[str, Question], exclude: str | None = None
) -> CandidateHistory:
    """Seen questions and weaknesses over `sessions` (oldest first, answered turns only), except `exclude`."""
    results = [r for s in sessions if s.id != exclude for r in question_results(s, questions)]
    seen = frozenset(q for s in sessions if s.id != exclude for q in s.answered_question_ids)
    by_question: dict[str, float] = {}
    for result in results:
        earned, available = result.credit()
        if available:
            by_question[result.question.id] = round(1 - earned / available, 3)  # the latest attempt counts
    weakness = {s: round(1 - credit, 3) for s, credit in subtopic_credit(results).items()}
    return CandidateHistory(seen, weakness, by_question)

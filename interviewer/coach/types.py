"""What a coach reviews and what a review records.

A `ReviewTranscript` is a session (or an uploaded transcript) as a list of `ReviewItem`s, one per
question: its answer turns and the AI's judgment of each rubric point. A `CoachReview` is the coach's
own verdict on every point of one item, kept beside the AI's (copied at review time), never in place
of it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from interviewer.errors import InterviewerError
from interviewer.grading.types import GradeStatus, Verdict


class CoachError(InterviewerError):
    """A transcript cannot be read, a review is incomplete, or an eval case does not validate."""


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AiPoint(Frozen):
    """One rubric point as the AI judged it (verdict None: the answer was unscored)."""

    point_id: str
    claim: str
    weight: float
    verdict: Verdict | None
    evidence: str | None = None
    rationale: str = ""
    turn: int | None = Field(default=None, description="The answer turn the evidence is quoted from.")


class AnswerTurn(Frozen):
    seq: int
    prompt: str
    answer: str


class ReviewItem(Frozen):
    """One question of a transcript: what was asked and answered, and the AI grade of it."""

    index: int
    question_id: str
    question: str
    turns: list[AnswerTurn]
    points: list[AiPoint]
    status: GradeStatus
    score: float | None
    band: int | None
    reason: str = ""
    reference_parts: list[str] = Field(default_factory=list)
    how_to_improve: list[str] = Field(default_factory=list)
    flagged: list[str] = Field(default_factory=list, description="Instructions to the grader found in the answers.")
    taken_back: list[str] = Field(default_factory=list, description="Sentences the candidate took back (not graded).")
    corrected: list[tuple[str, str]] = Field(
        default_factory=list, description="Sentences the candidate corrected as they spoke: as said, as graded."
    )

    @property
    def answer_text(self) -> str:
        """Every answer turn, in order, as one text (what an eval case stores)."""
        return "\n\n".join(t.answer.strip() for t in self.turns if t.answer.strip())

    def ai_verdicts(self) -> dict[str, Verdict]:
        return {p.point_id: p.verdict for p in self.points if p.verdict is not None}


class ReviewTranscript(Frozen):
    id: str
    title: str
    candidate: str
    source: Literal["session", "upload"]
    created_at: str
    items: list[ReviewItem]

    def item(self, index: int) -> ReviewItem:
        for item in self.items:
            if item.index == index:
                return item
        raise CoachError(f"transcript {self.id} has no question {index + 1}")


class TranscriptSummary(Frozen):
    id: str
    title: str
    candidate: str
    source: Literal["session", "upload"]
    status: str
    items: int
    created_at: str


class CoachReview(Frozen):
    """A coach's verdict on each rubric point of one item, with the AI's verdicts as they were shown."""

    id: int | None = None
    transcript_id: str
    item_index: int
    question_id: str
    coach: str = Field(min_length=1, max_length=100)
    blind: bool = Field(description="Marked before the AI grade was shown.")
    verdicts: dict[str, Verdict]
    ai_verdicts: dict[str, Verdict]
    comments: dict[str, str] = Field(default_factory=dict, description="Per rubric point.")
    score: float | None = Field(default=None, ge=0, le=100, description="The coach's score, if overridden.")
    ai_score: float | None = None
    comment: str = ""
    created_at: str = ""

    def overrides(self) -> dict[str, tuple[Verdict, Verdict]]:
        """Points where the coach differs from the AI: point id → (AI verdict, coach verdict)."""
        return {
            point: (self.ai_verdicts[point], verdict)
            for point, verdict in self.verdicts.items()
            if point in self.ai_verdicts and self.ai_verdicts[point] is not verdict
        }

    @property
    def key(self) -> tuple[str, str, int]:
        return self.coach, self.transcript_id, self.item_index

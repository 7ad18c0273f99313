"""What an interview will be: the plan a session is started from, stored with it and reused on resume."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field

from interviewer.bank.models import Difficulty, QuestionType

DIFFICULTIES = (Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD)


class FeedbackMode(str, Enum):
    EACH = "each"
    END = "end"


class InterviewPlan(BaseModel):
    """Everything that shapes an interview. It holds no secrets: the model is a `provider:model` name."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    candidate: str = Field(default="anonymous", min_length=1, max_length=100, pattern=r"^[^\x00]*$")  # no NUL
    bank: str | None = Field(default=None, description="Bank id; None: every bank.")
    questions: int = Field(default=5, ge=1, le=50, description="Main questions (follow-ups not counted).")
    difficulty: Difficulty | None = Field(
        default=None, description="Fixed difficulty, or the starting one when adaptive; None: easy to hard."
    )
    adaptive: bool = Field(default=False, description="Harder after a strong grade, easier after a weak one.")
    types: tuple[QuestionType, ...] = Field(default=(), description="Question types to draw from; empty: all.")
    time_limit_s: int | None = Field(default=None, gt=0, description="Per answer; longer answers are flagged.")
    feedback: FeedbackMode = FeedbackMode.END
    weak_areas: bool = Field(default=False, description="Prefer subtopics and points missed in past sessions.")
    follow_up_budget: int = Field(default=2, ge=0, le=5, description="Follow-ups per question at most.")
    seed: int = Field(default=0, description="Same seed, same history: same questions.")
    engine: str = Field(default="offline", description="Grading engine: offline | llm.")
    model: str = Field(default="", description="provider:model for the llm engine and phrased follow-ups.")

    @property
    def max_turns(self) -> int:
        """No interview under this plan can take more answers than this."""
        return self.questions * (1 + self.follow_up_budget)


def scheduled_difficulty(plan: InterviewPlan, index: int) -> Difficulty:
    """The difficulty wanted for the `index`-th question when no grade moves it (non-adaptive, or the first)."""
    if plan.difficulty is not None:
        return plan.difficulty
    if plan.adaptive:
        return Difficulty.MEDIUM
    return DIFFICULTIES[min(2, index * 3 // plan.questions)]

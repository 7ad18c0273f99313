"""A session: its plan, the turns answered so far, and the prompt waiting for an answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from interviewer.errors import InterviewerError
from interviewer.grading.types import Grade
from interviewer.interview.plan import InterviewPlan


class SessionError(InterviewerError):
    """A session is unknown, already finished, or cannot be written."""


class SessionStatus(str, Enum):
    """active: waiting for an answer; finished: every planned question was asked; ended: stopped early."""

    ACTIVE = "active"
    FINISHED = "finished"
    ENDED = "ended"


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Prompt(Frozen):
    """What the interviewer asks: a bank question, or a follow-up on it."""

    kind: Literal["question", "follow_up"]
    question_id: str
    question_index: int = Field(ge=0, description="0 for the first question of the session, 1 for the next…")
    text: str
    follow_up_index: int | None = Field(default=None, description="The bank follow-up this asks or rephrases.")
    probes: tuple[str, ...] = ()
    phrased_by: str = Field(default="bank", description="bank, or the chat model and prompt that phrased it.")


class Turn(Frozen):
    """One prompt and its answer, graded on its own; the question's grade combines its turns."""

    seq: int = Field(ge=1, description="1, 2, … across the session.")
    prompt: Prompt
    answer: str
    declined: bool = False
    grade: Grade
    elapsed_s: float | None = None
    over_time: bool = False
    at: str = Field(default_factory=lambda: now())


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Session:
    id: str
    plan: InterviewPlan
    status: SessionStatus
    turns: tuple[Turn, ...]
    pending: Prompt | None
    created_at: str
    updated_at: str

    def question_turns(self, question_index: int) -> tuple[Turn, ...]:
        return tuple(t for t in self.turns if t.prompt.question_index == question_index)

    @property
    def question_ids(self) -> list[str]:
        """Questions asked so far (the pending one included), in order."""
        prompts = [t.prompt for t in self.turns] + ([self.pending] if self.pending else [])
        return list(dict.fromkeys(p.question_id for p in prompts))

    @property
    def answered_question_ids(self) -> list[str]:
        return list(dict.fromkeys(t.prompt.question_id for t in self.turns))

    def with_turn(self, turn: Turn, pending: Prompt | None, status: SessionStatus) -> Session:
        return Session(self.id, self.plan, status, (*self.turns, turn), pending, self.created_at, turn.at)


@dataclass(frozen=True)
class SessionSummary:
    id: str
    candidate: str
    status: SessionStatus
    turns: int
    created_at: str
    updated_at: str

"""The contract every grading engine meets, and what it hands back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from interviewer.grading.target import GradingTarget
from interviewer.grading.types import PointJudgment, RedFlagHit


@dataclass(frozen=True)
class Usage:
    tokens_in: int = 0
    tokens_out: int = 0
    prompt_version: str = ""
    prompt_hash: str = ""
    temperature: float | None = None
    seed: int | None = None
    samples: int = 1
    uncertainty: float | None = None


@dataclass(frozen=True)
class Judged:
    judgments: list[PointJudgment]
    red_flags: list[RedFlagHit]
    notes: list[str]
    usage: Usage = field(default_factory=Usage)


class Engine(Protocol):
    """Judges each rubric point of `target` against `answer`; raises EngineFailure when it cannot."""

    name: str
    model: str

    @property
    def version(self) -> str:
        """What changes the engine's grades: prompt version and hash, or the judge model's hash."""
        ...

    def judge(self, target: GradingTarget, answer: str) -> Judged: ...

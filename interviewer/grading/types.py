"""The grade and its parts: what every engine returns and every surface shows."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field


class Verdict(str, Enum):
    MET = "met"
    PARTIAL = "partial"
    MISSED = "missed"
    CONTRADICTED = "contradicted"


class GradeStatus(str, Enum):
    GRADED = "graded"
    UNSCORED = "unscored"


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PointJudgment(Frozen):
    point_id: str
    verdict: Verdict
    evidence: str | None = Field(default=None, description="A verbatim span of the answer, or None.")
    rationale: str = ""
    turn: int | None = Field(default=None, description="Which answer turn earned it (interviews).")


class RedFlagHit(Frozen):
    flag_id: str
    statement: str
    cost: float
    evidence: str | None = None


class Feedback(Frozen):
    strengths: list[str] = Field(default_factory=list)
    gaps: list[str] = Field(default_factory=list)
    how_to_improve: list[str] = Field(default_factory=list)
    reference_parts: list[str] = Field(default_factory=list)


class Provenance(Frozen):
    engine: str
    model: str = ""
    engine_version: str = Field(default="", description="What changes its grades: judge model hash, prompt hash.")
    prompt_version: str = ""
    prompt_hash: str = ""
    bank_hash: str = ""
    temperature: float | None = None
    seed: int | None = None
    samples: int = 1
    tokens_in: int = 0
    tokens_out: int = 0
    latency_s: float = 0.0


class Grade(Frozen):
    question_id: str
    status: GradeStatus
    reason: str = Field(default="", description="Why a grade is unscored, or how it was screened.")
    judgments: list[PointJudgment] = Field(default_factory=list)
    red_flags: list[RedFlagHit] = Field(default_factory=list)
    score: float | None = None
    band: int | None = None
    band_label: str = ""
    feedback: Feedback = Field(default_factory=Feedback)
    notes: list[str] = Field(default_factory=list, description="Truncation, injection attempts, screens.")
    uncertainty: float | None = Field(default=None, description="Score spread across samples, if sampled.")
    provenance: Provenance

    def verdicts(self) -> dict[str, Verdict]:
        return {j.point_id: j.verdict for j in self.judgments}

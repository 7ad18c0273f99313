"""What an eval run reports: the numbers written to report.json and compared against the baseline."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Agreement(Frozen):
    """Grades against labels, over the scored cases (an unscored grade is counted, never scored 0)."""

    cases: int
    unscored: int
    band_qwk: float
    band_exact: float = Field(description="Share of cases whose band equals the expected band.")
    score_spearman: float = Field(description="Score vs the score the labelled verdicts imply.")
    band_spearman: float
    score_mae: float
    verdict_accuracy: float
    verdict_kappa: float
    verdict_labels: list[str]
    verdict_confusion: list[list[int]] = Field(description="Rows: expected verdict; columns: given verdict.")
    red_flags_expected: int = Field(default=0, description="Red flags the labels say the answers state.")
    red_flags_charged: int = Field(default=0, description="Red flags the grader charged.")
    red_flags_right: int = Field(default=0, description="Charged red flags the labels expect.")


class Consistency(Frozen):
    """Spread across `repeats` gradings of the same case (measured only when repeats > 1)."""

    repeats: int
    identical: bool | None = Field(description="Every repeat's grade equal to the first (latency aside).")
    mean_spread: float = Field(description="Mean of max - min score per case.")
    max_spread: float
    flip_rate: float = Field(description="Share of (case, point) whose verdict is not the same in every repeat.")


class VariantShift(Frozen):
    """How far one kind of variant moves the score from the unchanged case."""

    kind: str
    cases: int
    mean_abs_delta: float
    mean_delta: float
    max_abs_delta: float
    band_changes: int
    largest: list[str] = Field(description="The cases it moved most, as 'key: before -> after'.")


class Robustness(Frozen):
    """Adversarial cases graded at or below their expected band (never higher), and gaming cases within one
    band of theirs (or unscored, when that is what is expected)."""

    cases: int
    within: int
    share: float | None
    above_band: list[str]
    out_of_band: list[str] = []


class Breakdown(Frozen):
    name: str
    cases: int
    mean_score: float
    mean_expected: float
    score_mae: float
    band_exact: float
    verdict_accuracy: float


class CaseLine(Frozen):
    key: str
    category: str
    score: float | None
    expected_score: float
    band: int | None
    expected_band: int
    wrong_verdicts: list[str] = Field(description="'point: expected -> given' for each disagreeing point.")


class CaseSnapshot(Frozen):
    score: float | None
    band: int | None
    verdicts: dict[str, str]


class Headline(Frozen):
    """The gated metrics. None: not measured in this run (no variants, one repeat, no adversarial case)."""

    band_qwk: float
    verdict_accuracy: float
    verdict_kappa: float
    robustness: float | None
    max_bias: float | None
    repeat_identical: bool | None


class EvalSummary(Frozen):
    engine: str
    model: str
    cases: int
    headline: Headline
    agreement: Agreement
    consistency: Consistency
    bias: list[VariantShift]
    robustness: Robustness
    by_category: list[Breakdown]
    by_question: list[Breakdown]
    worst: list[CaseLine]

"""Graded eval cases in, every reported number out (pure: no model, no I/O)."""

from __future__ import annotations

from collections.abc import Sequence

from interviewer.evals.agreement import agreement, breakdowns, worst_cases
from interviewer.evals.runner import CaseResult
from interviewer.evals.stability import bias, consistency, robustness
from interviewer.evals.types import (
    Agreement,
    CaseSnapshot,
    Consistency,
    EvalSummary,
    Headline,
    Robustness,
    VariantShift,
)


def headline(a: Agreement, c: Consistency, shifts: Sequence[VariantShift], r: Robustness) -> Headline:
    return Headline(
        band_qwk=a.band_qwk,
        verdict_accuracy=a.verdict_accuracy,
        verdict_kappa=a.verdict_kappa,
        robustness=r.share,
        max_bias=max((s.mean_abs_delta for s in shifts), default=None),
        repeat_identical=c.identical,
    )


def summarise(results: Sequence[CaseResult], engine: str, model: str) -> EvalSummary:
    a, c, shifts, r = agreement(results), consistency(results), bias(results), robustness(results)
    return EvalSummary(
        engine=engine,
        model=model,
        cases=len(results),
        headline=headline(a, c, shifts, r),
        agreement=a,
        consistency=c,
        bias=shifts,
        robustness=r,
        by_category=sorted(breakdowns(results, lambda x: x.item.category.value), key=lambda b: b.name),
        by_question=breakdowns(results, lambda x: x.item.question_id),
        worst=worst_cases(results),
    )


def snapshot(results: Sequence[CaseResult]) -> dict[str, CaseSnapshot]:
    """Per case: the first repeat's score, band and verdicts (what the gate diffs against)."""
    return {
        r.item.key: CaseSnapshot(
            score=r.grade.score,
            band=r.grade.band,
            verdicts={point: verdict.value for point, verdict in r.grade.verdicts().items()},
        )
        for r in results
    }

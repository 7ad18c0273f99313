"""Does the grade hold still? Repeats (consistency), variants (bias) and adversarial cases (robustness)."""

from __future__ import annotations

from collections.abc import Sequence
from statistics import fmean

from interviewer.evals.agreement import scored
from interviewer.evals.runner import CaseResult
from interviewer.evals.types import Consistency, Robustness, VariantShift
from interviewer.evals.variants import VariantKind
from interviewer.grading.types import Grade, GradeStatus

_VOLATILE = {"provenance": {"latency_s"}}


def same_grade(a: Grade, b: Grade) -> bool:
    """Equal in every field but the measured latency."""
    return a.model_dump(exclude=_VOLATILE) == b.model_dump(exclude=_VOLATILE)


def _spread(grades: Sequence[Grade]) -> float:
    scores = [g.score for g in grades if g.score is not None]
    return max(scores) - min(scores) if scores else 0.0


def _flips(grades: Sequence[Grade]) -> tuple[int, int]:
    """(points whose verdict differs across the repeats, points) for one case."""
    points = {point for g in grades for point in g.verdicts()}
    flipped = sum(len({g.verdicts().get(point) for g in grades}) > 1 for point in points)
    return flipped, len(points)


def consistency(results: Sequence[CaseResult]) -> Consistency:
    repeats = min((len(r.grades) for r in results), default=1)
    spreads = [_spread(r.grades) for r in results]
    flips = [_flips(r.grades) for r in results]
    points = sum(total for _, total in flips)
    return Consistency(
        repeats=repeats,
        identical=all(same_grade(r.grades[0], g) for r in results for g in r.grades[1:]) if repeats > 1 else None,
        mean_spread=fmean(spreads) if spreads else 0.0,
        max_spread=max(spreads, default=0.0),
        flip_rate=sum(f for f, _ in flips) / points if points else 0.0,
    )


def _deltas(results: Sequence[CaseResult], kind: VariantKind) -> list[tuple[str, Grade, Grade]]:
    """(case key, base grade, variant grade) for every scored case with a scored variant of `kind`."""
    return [
        (r.item.key, r.grade, v.grade)
        for r in scored(results)
        for v in r.variants
        if v.kind is kind and v.grade.status is GradeStatus.GRADED and v.grade.score is not None
    ]


def variant_shift(results: Sequence[CaseResult], kind: VariantKind) -> VariantShift | None:
    rows = _deltas(results, kind)
    if not rows:
        return None
    deltas = [(v.score or 0.0) - (b.score or 0.0) for _, b, v in rows]
    moved = [(d, row) for d, row in zip(deltas, rows, strict=True) if d != 0]
    largest = sorted(moved, key=lambda x: (-abs(x[0]), x[1][0]))[:3]
    return VariantShift(
        kind=kind.value,
        cases=len(rows),
        mean_abs_delta=fmean(abs(d) for d in deltas),
        mean_delta=fmean(deltas),
        max_abs_delta=max(abs(d) for d in deltas),
        band_changes=sum(b.band != v.band for _, b, v in rows),
        largest=[f"{key}: {b.score} -> {v.score}" for _, (key, b, v) in largest],
    )


def bias(results: Sequence[CaseResult]) -> list[VariantShift]:
    return [shift for kind in VariantKind if (shift := variant_shift(results, kind)) is not None]


def _gaming_holds(result: CaseResult) -> bool:
    case = result.item.case
    if case.expected_status is GradeStatus.UNSCORED or result.grade.status is GradeStatus.UNSCORED:
        return result.grade.status is case.expected_status
    return abs((result.grade.band or 1) - case.expected_band) <= 1


def robustness(results: Sequence[CaseResult]) -> Robustness:
    """Adversarial cases whose band is not above the expected band (unscored ones are left out), and
    gaming cases within one band of the expected one (or unscored when expected so)."""
    adversarial = [r for r in scored(results) if r.item.adversarial]
    above = [r.item.key for r in adversarial if (r.grade.band or 1) > r.item.case.expected_band]
    gaming = [r for r in results if r.item.gaming and not r.item.adversarial]
    out = [r.item.key for r in gaming if not _gaming_holds(r)]
    checked = len(adversarial) + len(gaming)
    within = checked - len(above) - len(out)
    return Robustness(
        cases=checked,
        within=within,
        share=within / checked if checked else None,
        above_band=above,
        out_of_band=out,
    )

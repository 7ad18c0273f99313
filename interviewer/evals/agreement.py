"""Grades against labels: headline agreement, per-category and per-question breakdowns, worst cases."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from statistics import fmean

from interviewer.evals.metrics import (
    accuracy,
    cohen_kappa,
    confusion,
    mean_absolute_error,
    quadratic_weighted_kappa,
    spearman,
)
from interviewer.evals.runner import CaseResult
from interviewer.evals.types import Agreement, Breakdown, CaseLine
from interviewer.grading.types import GradeStatus, Verdict

VERDICTS = [v.value for v in Verdict]


def scored(results: Sequence[CaseResult]) -> list[CaseResult]:
    """Graded results of cases that expect a grade (a case expected to be unscored has no labels to match)."""
    return [
        r
        for r in results
        if r.grade.status is GradeStatus.GRADED
        and r.grade.score is not None
        and r.item.case.expected_status is GradeStatus.GRADED
    ]


def _verdict_pairs(results: Sequence[CaseResult]) -> tuple[list[str], list[str]]:
    """(given, expected) verdicts of every rubric point of every scored case, in rubric order."""
    got, want = [], []
    for result in scored(results):
        given = result.grade.verdicts()
        for point_id, expected in result.item.case.expected_verdicts.items():
            got.append(given[point_id].value)
            want.append(expected.value)
    return got, want


def _score_lists(results: Sequence[CaseResult]) -> tuple[list[float], list[float], list[int], list[int]]:
    done = scored(results)
    scores = [float(r.grade.score or 0.0) for r in done]
    bands = [int(r.grade.band or 1) for r in done]
    return scores, [r.item.expected.value for r in done], bands, [r.item.case.expected_band for r in done]


def _red_flag_counts(results: Sequence[CaseResult]) -> tuple[int, int, int]:
    """(expected, charged, charged and expected) red flags over the scored cases."""
    expected = charged = right = 0
    for result in scored(results):
        want = set(result.item.case.expected_red_flags)
        got = {hit.flag_id for hit in result.grade.red_flags}
        expected, charged, right = expected + len(want), charged + len(got), right + len(want & got)
    return expected, charged, right


def agreement(results: Sequence[CaseResult]) -> Agreement:
    scores, expected, bands, expected_bands = _score_lists(results)
    got, want = _verdict_pairs(results)
    flags_expected, flags_charged, flags_right = _red_flag_counts(results)
    return Agreement(
        cases=len(results),
        unscored=len(results) - len(scores),
        band_qwk=quadratic_weighted_kappa(expected_bands, bands, 1, 5),
        band_exact=accuracy(bands, expected_bands),
        score_spearman=spearman(scores, expected),
        band_spearman=spearman([float(b) for b in bands], [float(b) for b in expected_bands]),
        score_mae=mean_absolute_error(scores, expected),
        verdict_accuracy=accuracy(got, want),
        verdict_kappa=cohen_kappa(got, want),
        verdict_labels=VERDICTS,
        verdict_confusion=confusion(got, want, VERDICTS),
        red_flags_expected=flags_expected,
        red_flags_charged=flags_charged,
        red_flags_right=flags_right,
    )


def breakdown(name: str, results: Sequence[CaseResult]) -> Breakdown:
    scores, expected, bands, expected_bands = _score_lists(results)
    got, want = _verdict_pairs(results)
    return Breakdown(
        name=name,
        cases=len(results),
        mean_score=fmean(scores) if scores else 0.0,
        mean_expected=fmean(expected) if expected else 0.0,
        score_mae=mean_absolute_error(scores, expected),
        band_exact=accuracy(bands, expected_bands),
        verdict_accuracy=accuracy(got, want),
    )


def breakdowns(results: Sequence[CaseResult], key: Callable[[CaseResult], str]) -> list[Breakdown]:
    """One breakdown per distinct key, in order of first appearance."""
    groups: dict[str, list[CaseResult]] = {}
    for result in results:
        groups.setdefault(key(result), []).append(result)
    return [breakdown(name, group) for name, group in groups.items()]


def case_line(result: CaseResult) -> CaseLine:
    given = result.grade.verdicts()
    wrong = [
        f"{point}: {want.value} -> {given[point].value if point in given else 'unscored'}"
        for point, want in result.item.case.expected_verdicts.items()
        if given.get(point) is not want
    ]
    return CaseLine(
        key=result.item.key,
        category=result.item.category.value,
        score=result.grade.score,
        expected_score=result.item.expected.value,
        band=result.grade.band,
        expected_band=result.item.case.expected_band,
        wrong_verdicts=wrong,
    )


def worst_cases(results: Sequence[CaseResult], count: int = 10) -> list[CaseLine]:
    """The scored cases furthest from the score their labels imply (ties: by key)."""
    ranked = sorted(scored(results), key=lambda r: (-abs((r.grade.score or 0.0) - r.item.expected.value), r.item.key))
    return [case_line(r) for r in ranked[:count]]

"""How far each coach agrees with the AI: Cohen's kappa over rubric-point verdicts.

Computed from each coach's current review of each item (the last one saved), pairing the coach's
verdict of a point with the AI's verdict as it was when the coach reviewed it. Blind reviews (marked
before the AI grade was shown) are also counted on their own: they are the unprimed measure.

Kappa is undefined (None) when one side gave every point the same verdict and the two do not agree on
all of them: chance agreement then equals the observed agreement, and the formula's 0 would say nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from interviewer.coach.store import latest_reviews
from interviewer.coach.types import CoachReview
from interviewer.evals.metrics import cohen_kappa
from interviewer.grading.types import Verdict

Pair = tuple[Verdict, Verdict]


@dataclass(frozen=True)
class CoachAgreement:
    coach: str
    items: int
    points: int
    agreement: float
    kappa: float | None  # None: undefined (see the module's docstring)
    blind_points: int
    blind_kappa: float | None


def verdict_pairs(review: CoachReview) -> list[Pair]:
    """(coach, AI) verdicts of every point both judged."""
    return [(v, review.ai_verdicts[p]) for p, v in sorted(review.verdicts.items()) if p in review.ai_verdicts]


def _kappa(pairs: Sequence[Pair]) -> float | None:
    coach, ai = [c.value for c, _ in pairs], [a.value for _, a in pairs]
    if coach != ai and (len(set(coach)) == 1 or len(set(ai)) == 1):
        return None
    return cohen_kappa(coach, ai)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def coach_agreement(reviews: Sequence[CoachReview]) -> list[CoachAgreement]:
    """One row per coach with at least one point judged by both, by coach name."""
    by_coach: dict[str, list[CoachReview]] = defaultdict(list)
    for review in latest_reviews(list(reviews)):
        by_coach[review.coach].append(review)
    rows = []
    for coach, own in sorted(by_coach.items()):
        pairs = [pair for r in own for pair in verdict_pairs(r)]
        if not pairs:
            continue
        blind = [pair for r in own if r.blind for pair in verdict_pairs(r)]
        rows.append(
            CoachAgreement(
                coach=coach,
                items=len(own),
                points=len(pairs),
                agreement=round(sum(c is a for c, a in pairs) / len(pairs), 3),
                kappa=_rounded(_kappa(pairs)),
                blind_points=len(blind),
                blind_kappa=_rounded(_kappa(blind)) if blind else None,
            )
        )
    return rows

"""The follow-up policy: a pure function of one question's state to the interviewer's next move.

Follow up when an important rubric point is still open (missed, partial or contradicted, and not
declined) and the question's follow-up budget is not spent. "Important" means a weight at or above
the threshold, or the highest weight among the open points. The follow-up asked is the first unasked
bank follow-up that probes the heaviest important open point; a follow-up is never asked twice.
Otherwise move on: to the next question (harder after a strong grade, easier after a weak one, when
adaptive) or, when no question is left, to the end. Every question takes at most 1 + budget turns,
so every interview ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from interviewer.bank import models as bank
from interviewer.bank.models import Difficulty
from interviewer.grading.types import Verdict
from interviewer.interview.declines import is_decline
from interviewer.interview.plan import DIFFICULTIES

OPEN = frozenset({Verdict.MISSED, Verdict.PARTIAL, Verdict.CONTRADICTED})
STRONG_BAND = 4
WEAK_BAND = 2


@dataclass(frozen=True)
class PointStatus:
    """A rubric point as the interview stands: its verdict over the answers so far."""

    point_id: str
    weight: float
    verdict: Verdict
    declined: bool = False

    @property
    def is_open(self) -> bool:
        return self.verdict in OPEN and not self.declined


@dataclass(frozen=True)
class QuestionState:
    points: tuple[PointStatus, ...]
    follow_ups: tuple[bank.FollowUp, ...]
    asked: frozenset[int] = frozenset()
    questions_left: int = 0
    difficulty: Difficulty = Difficulty.MEDIUM
    band: int | None = None
    adaptive: bool = False

    @property
    def follow_ups_used(self) -> int:
        return len(self.asked)


@dataclass(frozen=True)
class FollowUp:
    """Ask bank follow-up `index` (its `text`), aimed at rubric point `aimed_at`."""

    index: int
    text: str
    probes: tuple[str, ...]
    aimed_at: str


@dataclass(frozen=True)
class NextQuestion:
    difficulty: Difficulty | None = None  # None: the plan's schedule decides


@dataclass(frozen=True)
class End:
    reason: str


Move = FollowUp | NextQuestion | End


def next_difficulty(current: Difficulty, band: int | None) -> Difficulty:
    """One step harder after band >= 4, one easier after band <= 2, else (or unscored) the same."""
    level = current.level - 1
    if band is not None and band >= STRONG_BAND:
        level = min(level + 1, len(DIFFICULTIES) - 1)
    elif band is not None and band <= WEAK_BAND:
        level = max(level - 1, 0)
    return DIFFICULTIES[level]


@dataclass(frozen=True)
class FollowUpPolicy:
    budget: int = 2
    weight_threshold: float = 2.0

    def important(self, points: Sequence[PointStatus]) -> list[PointStatus]:
        """Open points weighing at least the threshold, or as much as the heaviest open point; heaviest first."""
        open_points = [p for p in points if p.is_open]
        if not open_points:
            return []
        top = max(p.weight for p in open_points)
        chosen = [p for p in open_points if p.weight >= self.weight_threshold or p.weight == top]
        return sorted(chosen, key=lambda p: -p.weight)

    def follow_up(self, state: QuestionState) -> FollowUp | None:
        if state.follow_ups_used >= self.budget:
            return None
        for point in self.important(state.points):
            for index, candidate in enumerate(state.follow_ups):
                if index not in state.asked and point.point_id in candidate.probes:
                    return FollowUp(index, candidate.text, tuple(candidate.probes), point.point_id)
        return None

    def next_move(self, state: QuestionState) -> Move:
        follow_up = self.follow_up(state)
        if follow_up is not None:
            return follow_up
        if state.questions_left <= 0:
            return End("no questions left")
        return NextQuestion(next_difficulty(state.difficulty, state.band) if state.adaptive else None)


def next_move(state: QuestionState, policy: FollowUpPolicy | None = None) -> Move:
    return (policy or FollowUpPolicy()).next_move(state)


__all__ = ["End", "FollowUp", "FollowUpPolicy", "Move", "NextQuestion", "PointStatus", "QuestionState", "is_decline"]

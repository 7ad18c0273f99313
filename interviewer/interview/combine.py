"""One grade per question from all its answer turns (the answer and its follow-ups).

Per rubric point: the best credited verdict (met over partial, earliest turn on ties) among the turns
after the point's last contradiction; if none, the contradiction stands; if there was none, missed.
So a point recovered in a follow-up is credited to the follow-up's turn, and a contradiction counts
unless the point is credited later. A red flag is dropped when the point it contradicts is credited
in a later turn. The score comes from `compute_score`, as for a single answer. The question's reason
(declined, off-topic…) comes from the turns that earned its credit, when any did.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from interviewer.grading.feedback import build_feedback
from interviewer.grading.score import CREDIT, compute_score
from interviewer.grading.target import GradingTarget
from interviewer.grading.types import Grade, GradeStatus, PointJudgment, Provenance, RedFlagHit, Verdict


@dataclass(frozen=True)
class TurnGrade:
    """The grade of one answer turn, numbered as in the session."""

    turn: int
    grade: Grade


def combine_point(point_id: str, history: Sequence[tuple[int, PointJudgment]]) -> PointJudgment:
    """The point's judgment over turns `history` (in turn order), `turn` set to the turn that earned it."""
    last_contradiction = max((i for i, (_, j) in enumerate(history) if j.verdict is Verdict.CONTRADICTED), default=-1)
    credited = [(t, j) for t, j in history[last_contradiction + 1 :] if CREDIT[j.verdict] > 0]
    if credited:
        turn, best = max(credited, key=lambda tj: (CREDIT[tj[1].verdict], -tj[0]))
        return best.model_copy(update={"turn": turn})
    if last_contradiction >= 0:
        turn, judgment = history[last_contradiction]
        return judgment.model_copy(update={"turn": turn})
    first = history[0][1] if history else PointJudgment(point_id=point_id, verdict=Verdict.MISSED)
    return first.model_copy(update={"verdict": Verdict.MISSED, "evidence": None, "turn": None})


def _flags(target: GradingTarget, graded: Sequence[TurnGrade], judgments: list[PointJudgment]) -> list[RedFlagHit]:
    contradicts = {f.id: f.contradicts for f in target.red_flags}
    credited_at = {j.point_id: j.turn for j in judgments if CREDIT[j.verdict] > 0 and j.turn is not None}
    kept: dict[str, RedFlagHit] = {}
    for tg in graded:
        for flag in tg.grade.red_flags:
            point = contradicts.get(flag.flag_id)
            if point is not None and credited_at.get(point, -1) > tg.turn:
                continue
            kept.setdefault(flag.flag_id, flag)
    return list(kept.values())


def _provenance(graded: Sequence[TurnGrade]) -> Provenance:
    first = graded[0].grade.provenance
    grades = [tg.grade.provenance for tg in graded]
    return first.model_copy(
        update={
            "tokens_in": sum(p.tokens_in for p in grades),
            "tokens_out": sum(p.tokens_out for p in grades),
            "latency_s": round(sum(p.latency_s for p in grades), 4),
        }
    )


def _judgment(grade: Grade, point_id: str) -> PointJudgment:
    found = next((j for j in grade.judgments if j.point_id == point_id), None)
    return found or PointJudgment(point_id=point_id, verdict=Verdict.MISSED, rationale="not judged in this turn")


def declined_grade(target: GradingTarget, answer: str, provenance: Provenance) -> Grade:
    """An answer that declines earns nothing on any point; it is graded, not unscored."""
    reason = "declined"
    judgments = [PointJudgment(point_id=p.id, verdict=Verdict.MISSED, rationale=reason) for p in target.points]
    score = compute_score([j.verdict for j in judgments], target.weights)
    return Grade(
        question_id=target.question_id,
        status=GradeStatus.GRADED,
        reason=reason,
        judgments=judgments,
        score=score.value,
        band=score.band,
        band_label=score.label,
        notes=[f"the candidate declined: {answer.strip()[:80]!r}"],
        provenance=provenance,
    )


def _unique(items: Sequence[str]) -> list[str]:
    return [item for item in dict.fromkeys(items) if item]


def _reason(graded: Sequence[TurnGrade], judgments: Sequence[PointJudgment]) -> tuple[str, list[str]]:
    """The question's reason follows its best evidence: when a turn earned credit, only the turns that earned
    it give the reason, and a declined or off-topic follow-up is a note ("turn 2: declined"), not the label."""
    earning = {j.turn for j in judgments if CREDIT[j.verdict] > 0}
    if not earning:
        return "; ".join(_unique([tg.grade.reason for tg in graded])), []
    reason = "; ".join(_unique([tg.grade.reason for tg in graded if tg.turn in earning]))
    return reason, [f"turn {tg.turn}: {tg.grade.reason}" for tg in graded if tg.turn not in earning and tg.grade.reason]


def combine_grades(target: GradingTarget, turns: Sequence[TurnGrade]) -> Grade:
    """The question's grade from its turns' grades; unscored only if every turn was unscored."""
    if not turns:
        raise ValueError("a question's grade needs at least one answer turn")
    graded = [tg for tg in turns if tg.grade.status is GradeStatus.GRADED]
    if not graded:
        last = turns[-1].grade
        return last.model_copy(update={"reason": "; ".join(_unique([tg.grade.reason for tg in turns]))})
    judgments = [combine_point(p.id, [(tg.turn, _judgment(tg.grade, p.id)) for tg in graded]) for p in target.points]
    flags = _flags(target, graded, judgments)
    score = compute_score([j.verdict for j in judgments], target.weights, [f.cost for f in flags])
    skipped = [f"turn {tg.turn} unscored: {tg.grade.reason}" for tg in turns if tg not in graded]
    reason, set_aside = _reason(graded, judgments)
    return Grade(
        question_id=target.question_id,
        status=GradeStatus.GRADED,
        reason=reason,
        judgments=judgments,
        red_flags=flags,
        score=score.value,
        band=score.band,
        band_label=score.label,
        feedback=build_feedback(target, judgments, flags),
        notes=_unique([n for tg in turns for n in tg.grade.notes] + skipped + set_aside),
        provenance=_provenance(graded),
    )

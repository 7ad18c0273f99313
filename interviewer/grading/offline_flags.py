"""Red flags on the offline engine: a misconception the answer states, read by the judge with the
misconception on the point side (the judge is trained on such pairs: `judge.train.flag_pairs`).

Read on sentences and sentence pairs only: a paragraph or a whole short answer holds correct sentences
around a correction, and the judge cannot be asked which of them states what; and never on a span the
engine credits for a rubric point. A flag charged makes the
point it contradicts *contradicted*, unless the answer also states that point (then the flag's cost is
all the answer loses)."""

from __future__ import annotations

from collections.abc import Sequence

from interviewer.bank.models import RedFlag
from interviewer.grading.readings import Reading
from interviewer.grading.types import PointJudgment, RedFlagHit, Verdict
from interviewer.judge.labels import MET


def stated_flags(
    flags: Sequence[RedFlag],
    readings: Sequence[Reading],
    spans: Sequence[str],
    threshold: float,
    credited: Sequence[str] = (),
) -> list[tuple[RedFlagHit, str | None]]:
    """Each flag whose misconception a sentence or sentence pair states (P(met) >= `threshold`), with
    that span as evidence, and the point it contradicts. A span `credited` as stating a rubric point
    (met) charges no flag: it cannot state a point and a misconception at once, so one of the two
    readings is wrong, and an accusation needs the benefit of the doubt."""
    allowed, hits = set(spans) - set(credited), []
    for flag, reading in zip(flags, readings, strict=True):
        read = [i for i, text in enumerate(reading.texts) if text in allowed]
        if not read:
            continue
        best = max(read, key=lambda i: float(reading.probabilities[i, MET]))
        if float(reading.probabilities[best, MET]) >= threshold:
            hit = RedFlagHit(flag_id=flag.id, statement=flag.statement, cost=flag.cost, evidence=reading.texts[best])
            hits.append((hit, flag.contradicts))
    return hits


def apply_contradictions(
    judgments: list[PointJudgment], flags: list[tuple[RedFlagHit, str | None]]
) -> list[PointJudgment]:
    """A point whose misconception the answer states is contradicted, unless the answer also states it."""
    contradicted = {point_id: hit for hit, point_id in flags if point_id}
    result = []
    for judgment in judgments:
        hit = contradicted.get(judgment.point_id)
        if hit is None or judgment.verdict is Verdict.MET:
            result.append(judgment)
            continue
        why = f"states the misconception: {hit.statement}"
        result.append(
            PointJudgment(
                point_id=judgment.point_id, verdict=Verdict.CONTRADICTED, evidence=hit.evidence, rationale=why
            )
        )
    return result

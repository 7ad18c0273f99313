"""One span offered as evidence for several points: it counts for each only where the judge finds that
point stated in it. An answer that packs every key term into one sentence (or reuses one sentence for
several points) should not collect each point's credit from words that state none of them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from interviewer.grading.types import PointJudgment, Verdict

CREDITED = (Verdict.MET, Verdict.PARTIAL)


def judged_credit(texts: Sequence[str], credit: Iterable[float], evidence: str) -> float:
    """The judge's expected credit for `evidence` among the texts it read (0 when it did not read it)."""
    return max((float(c) for t, c in zip(texts, credit, strict=True) if t == evidence), default=0.0)


def check_shared_evidence(judgments: list[PointJudgment], credits: list[float], floor: float) -> list[PointJudgment]:
    """Pure: `credits[i]` is the judge's expected credit for judgment i's evidence on point i. A credited
    point whose evidence also credits another point keeps its credit only from `floor`."""
    shared = Counter(j.evidence for j in judgments if j.evidence and j.verdict in CREDITED)
    result = []
    for judgment, credit in zip(judgments, credits, strict=True):
        uses = shared[judgment.evidence] if judgment.evidence and judgment.verdict in CREDITED else 0
        if uses < 2 or credit >= floor:
            result.append(judgment)
            continue
        why = (
            f"the same sentence is offered for {uses} points, "
            f"and the judge does not find this one stated in it ({credit:.2f})"
        )
        result.append(PointJudgment(point_id=judgment.point_id, verdict=Verdict.MISSED, rationale=why))
    return result

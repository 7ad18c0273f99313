"""Evidence must be a verbatim span of the answer; a quote that is not is discarded."""

from __future__ import annotations

import re

from interviewer.grading.types import PointJudgment, Verdict


def find_verbatim(quote: str, answer: str) -> str | None:
    """The span of `answer` that `quote` reproduces (whitespace may differ), or None."""
    quote = quote.strip().strip("\"'“”")
    if not quote:
        return None
    if quote in answer:
        return quote
    pattern = r"\s+".join(re.escape(part) for part in quote.split())
    match = re.search(pattern, answer)
    return match.group(0) if match else None


def check_evidence(judgment: PointJudgment, answer: str) -> PointJudgment:
    """Keep verbatim evidence; without it, a credited or contradicted point falls back to missed."""
    if judgment.evidence is not None:
        found = find_verbatim(judgment.evidence, answer)
        if found is not None:
            return judgment.model_copy(update={"evidence": found})
    if judgment.verdict is Verdict.MISSED:
        return judgment.model_copy(update={"evidence": None})
    why = "evidence quote not found in the answer; judged without it"
    return PointJudgment(point_id=judgment.point_id, verdict=Verdict.MISSED, rationale=why, turn=judgment.turn)

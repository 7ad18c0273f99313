"""The LLM engine's samples: one reply with its quotes checked against the answer (`checked`), and the
majority of several samples (`majority`, `majority_flags`): each point the most common verdict, ties
going to the lower credit; a red flag where more than half of the samples found it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from interviewer.grading.evidence import check_evidence, find_verbatim
from interviewer.grading.llm_output import GradeOutput
from interviewer.grading.score import CREDIT, compute_score
from interviewer.grading.target import GradingTarget
from interviewer.grading.types import PointJudgment, RedFlagHit, Verdict

_LOWEST_CREDIT_FIRST = sorted(Verdict, key=lambda v: (CREDIT[v], v is not Verdict.MISSED))


@dataclass(frozen=True)
class Sample:
    """One graded sample, its evidence already checked against the answer."""

    judgments: dict[str, PointJudgment]
    flags: dict[str, RedFlagHit]
    injection: bool
    score: float
    tokens_in: int
    tokens_out: int


def evidence_quote(evidence: str | int | None, sentences: tuple[str, ...]) -> str | None:
    """A quote as given; a sentence number as that sentence (None when there is no such sentence)."""
    if isinstance(evidence, bool) or not isinstance(evidence, int):
        return evidence if isinstance(evidence, str) else None
    return sentences[evidence - 1] if 1 <= evidence <= len(sentences) else None


def checked(
    target: GradingTarget,
    answer: str,
    sentences: tuple[str, ...],
    output: GradeOutput,
    tokens_in: int,
    tokens_out: int,
) -> Sample:
    """The sample as the grader will see it: quotes not found verbatim in the answer earn nothing."""
    judgments = {}
    for p in target.points:
        said = output.points[p.id]
        judgment = PointJudgment(
            point_id=p.id,
            verdict=said.verdict,
            evidence=evidence_quote(said.evidence, sentences),
            rationale=said.rationale,
        )
        judgments[p.id] = check_evidence(judgment, answer)
    flags: dict[str, RedFlagHit] = {}
    for flag in target.red_flags:
        quote = next(
            (evidence_quote(f.evidence, sentences) for f in output.red_flags if f.id == flag.id and f.evidence), None
        )
        found = find_verbatim(quote, answer) if quote else None
        if found:
            flags[flag.id] = RedFlagHit(flag_id=flag.id, statement=flag.statement, cost=flag.cost, evidence=found)
    verdicts = [judgments[p.id].verdict for p in target.points]
    score = compute_score(verdicts, target.weights, [f.cost for f in flags.values()]).value
    return Sample(judgments, flags, output.injection_detected, score, tokens_in, tokens_out)


def majority(point_id: str, votes: list[PointJudgment]) -> PointJudgment:
    """The most common verdict (ties: lower credit); its evidence from an agreeing sample."""
    counts = Counter(v.verdict for v in votes)
    verdict = max(_LOWEST_CREDIT_FIRST, key=lambda v: counts[v])  # max keeps the first of equals
    agreeing = [v for v in votes if v.verdict is verdict]
    chosen = next((v for v in agreeing if v.evidence), agreeing[0])
    if len(votes) == 1:
        return chosen
    rationale = f"{chosen.rationale} ({len(agreeing)}/{len(votes)} samples agree)".strip()
    return chosen.model_copy(update={"rationale": rationale})


def majority_flags(target: GradingTarget, samples: list[Sample]) -> list[RedFlagHit]:
    """Red flags found (with verbatim evidence) by more than half of the samples."""
    hits = []
    for flag in target.red_flags:
        found = [s.flags[flag.id] for s in samples if flag.id in s.flags]
        if 2 * len(found) > len(samples):
            hits.append(found[0])
    return hits

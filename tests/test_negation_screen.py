"""The negation screen: a span that negates a claim's words (more than once, in its closest clause)
proposes nothing from similarity, and the point is contradicted unless the judge finds it stated."""

from __future__ import annotations

import numpy as np
import pytest

from interviewer.grading.calibration import Thresholds
from interviewer.grading.cues import negates_claim
from interviewer.grading.evidence_spans import EvidenceSpans
from interviewer.grading.grader import Grader
from interviewer.grading.mirrors import restates_negated
from interviewer.grading.readings import Reading
from interviewer.grading.rubric_decision import hybrid_decide
from interviewer.grading.similarity import Prior
from interviewer.grading.target import target_from_reference
from interviewer.grading.types import Verdict

CLAIM = "int8 loses some accuracy and needs calibration on representative data."
NEGATED = "fp16 is not near-lossless, and int8 does not lose accuracy or need calibration."


@pytest.mark.parametrize(
    ("span", "claim", "negates"),
    [
        (NEGATED, CLAIM, True),
        ("int8 does not lose much accuracy if you calibrate it.", CLAIM, False),  # one negation: the judge's call
        ("int8 loses a bit of accuracy, so calibrate it; fp16 does not need that.", CLAIM, False),
        ("It is not free. int8 loses accuracy unless calibrated on representative data.", CLAIM, False),
        (
            "ZeRO-3 does not replicate parameters and never keeps a full copy.",
            "ZeRO-3 shards parameters instead of replicating them.",
            False,
        ),
        (
            "Stage 3 does not shard parameters, and memory does not fall.",
            "Stage 3 shards parameters, so memory falls.",
            True,
        ),
        (  # a claim holding two negations states something negative too: restated, it is not negated
            "The recursion step doesn't reduce the problem, so the base case is never reached and it does not stop.",
            "If the recursive step does not reduce the problem toward the base case, the base case is never reached.",
            False,
        ),
        (  # a claim stating an absence or an error is restated with plain negations, which agree with it
            "No base case, or the recursive calls do not converge to the base case.",
            "A missing (or incorrectly written) base case / stopping condition.",
            False,
        ),
        (
            "No base case, or the recursive calls do not converge to the base case.",
            "A base case / stopping condition that stops the recursion.",
            True,
        ),
    ],
)
def test_a_span_negates_a_claim_only_when_it_says_its_words_negated_more_than_once(span, claim, negates) -> None:  # type: ignore[no-untyped-def]
    assert negates_claim(span, claim) is negates


BANK = Thresholds(met=0.75, partial=0.25, contradicted=0.85, judge_floor=0.1, judge_partial=0.5)
SPANS = EvidenceSpans((NEGATED,), np.zeros((1, 4), dtype=np.float32), (), (NEGATED,))


def _reading(met: float, partial: float, missed: float, contradicted: float) -> Reading:
    return Reading((NEGATED,), np.array([[met, partial, missed, contradicted]], dtype=np.float32), np.zeros(1))


def test_a_negated_span_is_contradicted_when_the_judge_finds_no_support() -> None:
    decision = hybrid_decide(Prior(Verdict.MISSED, 0, 1.3, negated=True), SPANS, _reading(0.3, 0.1, 0.1, 0.5), BANK)
    assert (decision.verdict, decision.evidence) == (Verdict.CONTRADICTED, NEGATED)


def test_a_negated_span_the_judge_finds_stated_is_still_credited() -> None:
    decision = hybrid_decide(Prior(Verdict.MISSED, 0, 1.3, negated=True), SPANS, _reading(0.9, 0.05, 0.05, 0.0), BANK)
    assert decision.verdict is Verdict.MET


STATIC = "A static local variable lives for the whole run of the program and is initialized only once."


@pytest.mark.parametrize(
    ("span", "restates"),
    [  # two negations: the reversal rule reads them by parity as none
        (
            "A static local variable does not live for the whole run of the program and is not initialized only once.",
            True,
        ),
        ("It is not created and not initialized again each time the function is called.", False),
        (
            "The variable is not destroyed when the function returns, and it is not initialized again on the next call.",
            False,
        ),
    ],
)
def test_a_negated_span_restates_the_claim_only_when_it_shares_its_words_both_ways(span: str, restates: bool) -> None:
    assert negates_claim(span, STATIC)
    assert restates_negated(span, STATIC) is restates


def test_reference_only_a_negation_of_some_words_is_not_a_contradiction(grader: Grader) -> None:
    target = target_from_reference("What does declaring a local variable static do?", STATIC)
    right = grader.grade(
        target,
        "The variable is not destroyed when the function returns, and it is not initialized again on the next call.",
    )
    assert right.verdicts() != {target.points[0].id: Verdict.CONTRADICTED}  # the loose screen said so until 2026-12-07
    negated = grader.grade(
        target,
        "A static local variable does not live for the whole run of the program and is not initialized only once.",
    )
    assert negated.score == 0.0 and list(negated.verdicts().values()) == [Verdict.CONTRADICTED]

"""A point restated with its sense reversed, a negation put in ("the bulb is not in a closed path" against
"the bulb is in a closed path") or a word swapped for its opposite ("after committing" against "before
committing"), is contradicted, against a drafted reference and against a bank rubric, and so is a point
stated and elsewhere reversed (the answer says both): neither judge
tells the two apart (both read the negated restatement as stating the point, P(met) about 0.7), so a
lexical rule decides, both ways strict enough that correct answers which negate something else, or
restate a comparison from its other end, are left to the judge."""

from __future__ import annotations

import pytest

from interviewer.bank.models import Question
from interviewer.grading.grader import Grader
from interviewer.grading.mirrors import hedges_with_opposite, states_opposite
from interviewer.grading.offline import OfflineEngine
from interviewer.grading.target import target_from_question, target_from_reference
from interviewer.grading.types import Verdict
from interviewer.store.embeddings import Embedder

QUESTION = "Why does the bulb light when the switch is closed?"
REFERENCE = "Closing the switch completes a closed path between the bulb and the battery terminals."


@pytest.mark.parametrize(
    ("span", "claim", "mirrors"),
    [
        ("It is not the bulb that is damaged.", "The bulb is damaged.", True),
        ("The bulb isn't damaged.", "The bulb is damaged.", True),
        ("The bulb isn't damaged, the wire is.", "The bulb is damaged.", False),  # a third of its words its own
        (
            "Closing the switch does not complete a closed path between the bulb and the battery terminals.",
            REFERENCE,
            True,
        ),
        ("The bulb is damaged, not the wire.", "The bulb is damaged.", False),  # the negation is of something else
        ("The bulb is damaged.", "The bulb is damaged.", False),  # stated, not negated
        (  # a correct answer that negates something else, with words of its own
            "Shadows change during the day because the sun does not move and the earth rotates around its axis.",
            "Shadows change during the day because the Earth is turning.",
            False,
        ),
        ("Static arrays are not initialised again.", "Static arrays are not re-initialised.", False),  # claim negates
        ("It never happens.", "It happens.", False),  # one content word: too little to call a restatement
        ("int8 makes inference slower on GPUs.", "int8 makes inference faster on GPUs.", True),
        (
            "Run the evals after committing to a configuration.",
            "Run the evals before committing to a configuration.",
            True,
        ),
        ("int8 does not make inference slower on GPUs.", "int8 makes inference faster on GPUs.", False),  # twice: same
        (  # a negation and an opposite (positive / negative) cancel: Beetle's graders gave these full marks
            "The other terminals are not connected to the negative battery terminal.",
            "The other terminals are connected to the positive battery terminal.",
            False,
        ),
        (
            "The other terminals are connected to the negative battery terminal.",
            "The other terminals are connected to the positive battery terminal.",
            True,
        ),
        (  # a negated opposite stands in for the sentence's word: "no difference" is "the same"
            "There is no difference in electrical states between the two terminals.",
            "The two terminals are in the same electrical state.",
            False,
        ),
        (
            "The two terminals are in different electrical states.",
            "The two terminals are in the same electrical state.",
            True,
        ),
        (  # the comparison restated from its other end: two opposites
            "The longer the string, the lower the pitch.",
            "The shorter the string, the higher the pitch.",
            False,
        ),
        (  # "shorter" is in the clause neither as it is nor reversed: not a restatement of this sentence
            "Which side has more string is a lower pitch.",
            "When the string was shorter, the pitch was higher.",
            False,
        ),
        ("The string is lower when you tightened it.", "When the string was tighter, the pitch was higher.", True),
        ("No, only one circuit can be complete at a time.", "Only one circuit can be complete at a time.", False),
        (  # the negation is of the opposite: the point restated with its alternative ruled out
            "When the string is tightened, the pitch is higher not lower.",
            "When the string was tighter, the pitch was higher.",
            False,
        ),
        ("int8 is slower than fp16 on GPUs.", "int8 is faster than fp16 on GPUs.", True),
        ("The lowest setting gives the best accuracy.", "The highest setting gives the best accuracy.", True),
        ("int8 is slower than fp16 on GPUs.", "fp16 is faster than int8 on GPUs.", False),  # compared the other way
        (  # an opposite in a comparison with `than` against one without: not stated the same way
            "Grouped-query attention makes the cache 8x smaller than multi-head attention, 2.6 MB per token.",
            "With multi-head attention the cache would be 8x larger, 2.6 MB per token.",
            False,
        ),
        (  # a sentence that holds both words of a pair is not reversed by one of its own clauses
            "The change must be less than the 30 cm container, but more than the 10 cm container.",
            "The change must be less than the 30 cm container, but more than the 10 cm container.",
            False,
        ),
    ],
)
def test_a_span_states_a_claim_reversed_only_when_it_restates_its_words(span: str, claim: str, mirrors: bool) -> None:
    assert states_opposite(span, claim) is mirrors


def test_the_reference_with_not_put_in_is_contradicted_and_the_reference_paraphrased_is_met(
    embedder: Embedder,
) -> None:
    target = target_from_reference(QUESTION, REFERENCE)
    grader = Grader(OfflineEngine(embedder), embedder)
    negated = grader.grade(
        target, "Closing the switch does not complete any closed path between the bulb and the battery."
    )
    assert negated.score == 0.0
    assert list(negated.verdicts().values()) == [Verdict.CONTRADICTED]
    stated = grader.grade(target, "Because the switch makes a closed circuit path containing the bulb and the battery.")
    assert stated.score is not None and stated.score >= 50


def test_a_bank_point_restated_with_an_opposite_is_contradicted_and_the_other_points_keep_their_credit(
    embedder: Embedder, bank_questions: dict[str, Question]
) -> None:
    question = bank_questions["pushback-unrealistic-latency-target"]
    reversed_point = next(p for p in question.rubric if p.id == "evidence-first")
    assert " before committing" in reversed_point.claim
    wrong = reversed_point.claim.replace(" before committing", " after committing")
    claims = [wrong if p is reversed_point else p.claim for p in question.rubric]
    stated = Grader(OfflineEngine(embedder), embedder).grade(target_from_question(question), " ".join(claims))
    judgments = {j.point_id: j for j in stated.judgments or []}
    assert judgments["evidence-first"].verdict is Verdict.CONTRADICTED
    assert judgments["evidence-first"].evidence == wrong
    others = [j.verdict for point_id, j in judgments.items() if point_id != "evidence-first"]
    assert others.count(Verdict.MET) >= len(others) - 1


def test_a_bank_point_stated_and_then_reversed_is_contradicted_the_answer_says_both(
    embedder: Embedder, bank_questions: dict[str, Question]
) -> None:
    question = bank_questions["pushback-unrealistic-latency-target"]
    point = next(p for p in question.rubric if p.id == "evidence-first")
    wrong = point.claim.replace(" before committing", " after committing")
    claims = [f"{p.claim} {wrong}" if p is point else p.claim for p in question.rubric]
    grade = Grader(OfflineEngine(embedder), embedder).grade(target_from_question(question), " ".join(claims))
    judgments = {j.point_id: j for j in grade.judgments or []}
    assert judgments["evidence-first"].verdict is Verdict.CONTRADICTED
    assert judgments["evidence-first"].evidence is not None and wrong in judgments["evidence-first"].evidence
    assert "elsewhere, its opposite" in judgments["evidence-first"].rationale
    others = [j.verdict for point_id, j in judgments.items() if point_id != "evidence-first"]
    assert others.count(Verdict.MET) >= len(others) - 1


def test_the_reference_stated_and_then_negated_is_contradicted(embedder: Embedder) -> None:
    grade = Grader(OfflineEngine(embedder), embedder).grade(
        target_from_reference(QUESTION, REFERENCE),
        f"{REFERENCE} Closing the switch does not complete a closed path between the bulb and the battery terminals.",
    )
    assert list(grade.verdicts().values()) == [Verdict.CONTRADICTED]


@pytest.mark.parametrize(
    ("span", "hedges"),
    [
        (
            "Either run the evals before committing to a configuration, or run the evals after committing to a "
            "configuration; I'm not sure which.",
            True,
        ),
        ("Run the evals before committing to a configuration, or after committing; I'm not sure which.", False),
        ("Either run the evals before committing to a configuration or skip them if the deadline is close.", False),
        ("Run the evals after committing to a configuration.", False),  # a reversal, not a hedge: states_opposite's
        ("Run the evals before committing to a configuration, not after committing to one.", False),
    ],
)
def test_a_span_hedges_only_when_an_alternative_restates_the_claim_reversed(span: str, hedges: bool) -> None:
    assert hedges_with_opposite(span, "Run the evals before committing to a configuration.") is hedges


def test_a_bank_point_offered_beside_its_opposite_is_not_credited(
    embedder: Embedder, bank_questions: dict[str, Question]
) -> None:
    question = bank_questions["pushback-unrealistic-latency-target"]
    point = next(p for p in question.rubric if p.id == "evidence-first")
    claim = point.claim.rstrip(".")
    wrong = claim.replace(" before committing", " after committing")
    hedge = f"Either {claim[0].lower()}{claim[1:]}, or {wrong[0].lower()}{wrong[1:]}; I'm not sure which."
    claims = [hedge if p is point else p.claim for p in question.rubric]
    grade = Grader(OfflineEngine(embedder), embedder).grade(target_from_question(question), " ".join(claims))
    judgments = {j.point_id: j for j in grade.judgments or []}
    assert judgments["evidence-first"].verdict is Verdict.MISSED
    assert "its opposite as alternatives" in judgments["evidence-first"].rationale
    others = [j.verdict for point_id, j in judgments.items() if point_id != "evidence-first"]
    assert others.count(Verdict.MET) >= len(others) - 1

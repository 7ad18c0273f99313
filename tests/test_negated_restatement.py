"""A point restated with a negation put in ("the bulb is not in a closed path" against "the bulb is in a
closed path") is contradicted: neither judge tells the two apart (both read the negated restatement as
stating the point, P(met) about 0.7), so a lexical rule decides, both ways strict enough that correct
answers which negate something else are left to the judge."""

from __future__ import annotations

import pytest

from interviewer.grading.cues import mirrors_negated
from interviewer.grading.grader import Grader
from interviewer.grading.offline import OfflineEngine
from interviewer.grading.target import target_from_reference
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
    ],
)
def test_a_span_mirrors_a_claim_negated_only_when_it_restates_its_words(span: str, claim: str, mirrors: bool) -> None:
    assert mirrors_negated(span, claim) is mirrors


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

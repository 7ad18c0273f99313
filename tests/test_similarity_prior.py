"""The similarity prior's proposal for one point (`grading/similarity.py`), on the shipped embedder."""

from __future__ import annotations

import pytest

from interviewer.bank.models import RubricPoint
from interviewer.grading.evidence_spans import evidence_spans
from interviewer.grading.similarity import StrengthWeights, point_prior
from interviewer.grading.types import Verdict
from interviewer.store.embeddings import Embedder

PASSING = RubricPoint(
    id="pass-by-value-or-reference",
    claim="Arguments are passed to a function by value or by reference.",
    weight=1,
    full_credit="Names both passing by value and passing by reference.",
    partial_credit="Names one of the two.",
    key_terms=["value", "reference"],
)
QUESTION = "What are the two ways arguments can be passed to a function in C++?"


@pytest.mark.parametrize("answer", ["Value or reference.", "By value, or by reference."])
def test_a_short_answer_in_the_points_words_is_proposed_met(embedder: Embedder, answer: str) -> None:
    """Exam answers are often a few words: a span too short or too bare to read as a sentence is still the
    point stated (until the twenty-ninth session it was held to *partial*; graded against rubrics written
    from Mohler's question texts, the engine reads 0.506 without the hold, 0.457 with it)."""
    prior = point_prior(PASSING, evidence_spans(answer, QUESTION, embedder), embedder, StrengthWeights())
    assert prior.verdict is Verdict.MET, prior


def test_the_same_words_negated_propose_nothing(embedder: Embedder) -> None:
    spans = evidence_spans("Arguments are never passed by value and never by reference.", QUESTION, embedder)
    prior = point_prior(PASSING, spans, embedder, StrengthWeights())
    assert prior.verdict is Verdict.MISSED and prior.negated, prior

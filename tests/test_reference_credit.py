"""Reference-only grading's combiner: coverage of a point's words, the card round trip, and the fit
(deterministic, recovers which reading carries the human score, cross-validation-ready)."""

from __future__ import annotations

import numpy as np
import pytest

from interviewer.evals.combiner_fit import FitItem, agreement, fit_combiner, item_score
from interviewer.grading.offline import OfflineEngine
from interviewer.grading.reference_credit import (
    FEATURES,
    Combiner,
    claim_coverage,
    point_reading,
    span_readings,
    states_word_for_word,
)
from interviewer.grading.target import target_from_reference
from interviewer.grading.types import Verdict
from interviewer.store.embeddings import Embedder


def test_coverage_compares_content_words_by_stem() -> None:
    claim = "Quantisation shrinks the weights to int8."
    assert claim_coverage(claim, "The weights are quantised and shrunk to int8.") == pytest.approx(3 / 4)
    assert claim_coverage(claim, "Nothing relevant here.") == 0.0
    assert claim_coverage("", "anything") == 0.0


def test_the_combiner_round_trips_through_the_card() -> None:
    combiner = Combiner((2.5, 0.75, 1.125, 0.5), -1.5)
    assert Combiner.from_card(combiner.to_card()) == combiner
    with pytest.raises(ValueError, match="weights"):
        Combiner.from_card({"weights": [1.0], "bias": 0.0})


def test_a_card_fit_on_other_readings_is_refused() -> None:
    """A combiner fit on another list of readings (the judge alone, before 2026-12-04) would weigh the
    wrong numbers: the card names its readings and they must be these."""
    earlier = {"features": ["judge", "cosine", "coverage", "token_recall"], "weights": [1.0] * 4, "bias": 0.0}
    with pytest.raises(ValueError, match="refit"):
        Combiner.from_card(earlier)


def test_the_judge_counts_only_where_the_answer_expresses_the_point() -> None:
    """The judge's expected credit enters multiplied by the token recall: a span the judge reads as
    stating the point earns nothing from it when the answer's word pieces do not express the point."""
    judge_only = Combiner((0.0, 0.0, 0.0, 6.0), -3.0)
    stated = np.array([0.95], dtype=np.float32)
    similarity = np.array([0.5], dtype=np.float32)
    expressed = judge_only.credit(point_reading(stated, similarity, 0.0, 1.0))
    unexpressed = judge_only.credit(point_reading(stated, similarity, 0.0, 0.0))
    assert float(expressed) > 0.9 and float(unexpressed) < 0.1
    assert span_readings(stated, similarity, 0.0, 0.5)[0, FEATURES.index("judge_x_novel_recall")] == pytest.approx(
        0.475
    )


def _items(seed: int, n: int = 300) -> list[FitItem]:
    """Answers whose human share follows the judge reading; the other readings are noise."""
    rng = np.random.default_rng(seed)
    items = []
    for k in range(n):
        features = rng.uniform(0, 1, size=(2, len(FEATURES)))
        truth = float(features[:, 0].mean() > 0.5)
        none = np.zeros(2, bool)
        items.append(FitItem(f"set{k % 2}", f"q{k % 20}", truth, features, none, none, np.full(2, 0.5)))
    return items


def test_the_fit_finds_the_reading_that_carries_the_score_and_is_deterministic() -> None:
    items = _items(1)
    combiner = fit_combiner(items)
    assert combiner == fit_combiner(items)
    assert combiner.weights[0] > 3 * max(abs(w) for w in combiner.weights[1:])
    held_out = _items(2)
    assert agreement(held_out, [item_score(i, combiner, 0.75, 0.5) for i in held_out]) > 0.8


def test_a_contradicted_point_earns_nothing() -> None:
    item = FitItem("s", "q", 1.0, np.ones((1, len(FEATURES))), np.array([True]), np.array([True]), np.array([1.0]))
    assert item_score(item, Combiner((5.0, 5.0, 5.0, 5.0), 0.0), 0.5, 0.25) == 0.0


def test_reference_only_grading_credits_the_stated_claim_and_quotes_it(embedder: Embedder) -> None:
    engine = OfflineEngine(embedder)
    target = target_from_reference(
        "Why does a bulb go out when the switch opens?",
        "The switch opening breaks the closed path, so no current flows.",
    )
    right = "Opening the switch breaks the closed path, so current cannot flow and the bulb goes dark."
    wrong = "The bulb runs out of energy stored in its filament."
    stated, unrelated = engine.judge(target, right), engine.judge(target, wrong)
    credit = {Verdict.MET: 1.0, Verdict.PARTIAL: 0.5}
    assert sum(credit.get(j.verdict, 0.0) for j in stated.judgments) > sum(
        credit.get(j.verdict, 0.0) for j in unrelated.judgments
    )
    assert all(j.evidence in right for j in stated.judgments if j.evidence)
    assert any("coverage" in j.rationale for j in stated.judgments)


def test_a_claim_stated_word_for_word_is_recognised_but_a_bare_term_is_not() -> None:
    claim = "The switch opening breaks the closed path."
    assert states_word_for_word(claim, "Well, the SWITCH opening breaks the closed path, so the bulb goes out.")
    assert not states_word_for_word(claim, "The switch opening breaks the path.")
    assert not states_word_for_word("Iteration.", "Recursion, not iteration.")  # a term, not a claim
    assert not states_word_for_word("the switch opens the path", "the switch opens the pathway")  # whole words


def test_a_point_stated_word_for_word_earns_full_credit_in_the_fit() -> None:
    stated = FitItem("s", "q", 1.0, np.zeros((1, len(FEATURES))), np.array([False]), np.array([True]), np.ones(1))
    assert item_score(stated, Combiner((5.0, 5.0, 5.0, 5.0), -50.0), 0.75, 0.5) == 100.0


def test_the_reference_answer_graded_against_itself_earns_every_point(embedder: Embedder) -> None:
    reference = (
        "Gradient checkpointing stores only some activations during the forward pass. The backward pass "
        "recomputes the missing activations from the stored checkpoints. This trades extra compute, about "
        "one more forward pass, for much lower activation memory. It lets a larger batch or model fit on "
        "the same accelerator."
    )
    target = target_from_reference("What does gradient checkpointing trade?", reference)
    judged = OfflineEngine(embedder).judge(target, reference)
    assert len(target.points) > 1
    assert all(j.verdict is Verdict.MET and "word for word" in j.rationale for j in judged.judgments)

"""The rules that make the judge's generated training pairs: what each altered text keeps and breaks."""

from __future__ import annotations

import random

from interviewer.judge.train.alter import framed_terms, opposites, shuffled, whimsy

CLAIM = "fp16 is near-lossless for inference, int8 needs calibration and it can lose accuracy on outliers"


def test_a_claim_of_several_clauses_is_also_negated_clause_by_clause() -> None:
    every = [text for text in opposites(CLAIM) if text.count(" not ") >= 3]
    assert every == [
        "fp16 is not near-lossless for inference, int8 does not need calibration and it can not lose accuracy on outliers"
    ]


def test_a_claim_the_rules_cannot_negate_is_still_contradicted() -> None:
    assert opposites("Canary rollouts send a small share of traffic to the new model") == [
        "It is not true that canary rollouts send a small share of traffic to the new model"
    ]


def test_whimsy_carries_the_key_terms_and_states_nothing_about_them() -> None:
    text = whimsy(["kv cache", "batch size", "paged attention"], random.Random(1))
    assert text is not None and text.count(".") == 3
    assert sum(term in text for term in ("kv cache", "batch size", "paged attention")) >= 2
    assert whimsy(["kv cache"], random.Random(1)) is None  # two terms per sentence are needed


def test_framed_terms_list_every_term_inside_a_sentence() -> None:
    text = framed_terms(["outliers|outlier", "calibration", "per-channel scales"], random.Random(3))
    assert text is not None and "outliers, calibration and per-channel scales" in text


def test_a_shuffled_sentence_keeps_its_words_in_another_order() -> None:
    sentence = "Int8 halves the bytes each weight moves from memory during decode."
    text = shuffled(sentence, random.Random(5))
    assert text is not None and text != sentence
    assert sorted(text.rstrip(".").split()) == sorted(sentence.rstrip(".").split())
    assert shuffled("Too short to shuffle.", random.Random(5)) is None

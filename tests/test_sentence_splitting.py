"""Where the offline engine's sentences end: an abbreviation's period ends none."""

from __future__ import annotations

import pytest

from interviewer.grading.sentences import split_spans


def sentences(text: str) -> list[str]:
    return [span.text for span in split_spans(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Use a lower precision, e.g. bf16 or fp8, for the matmuls.",
        "Keep the master weights in fp32, i.e. a full-precision copy of every parameter.",
        "Compare fp16 vs. int8 on the target hardware.",
        "As Narayanan et al. (2021) showed, interleaving shrinks the bubble.",
        "Checkpoint the optimizer, the scheduler, the RNG states etc. and resume from the manifest.",
        "E.g. a 70B model in bf16 needs 140 GB for its weights alone.",
    ],
)
def test_an_abbreviation_inside_a_sentence_does_not_end_it(text: str) -> None:
    assert sentences(text) == [text]


def test_etc_and_et_al_end_a_sentence_when_the_next_one_starts_with_a_capital() -> None:
    assert sentences("Save weights, optimizer states etc. Then resume.") == [
        "Save weights, optimizer states etc.",
        "Then resume.",
    ]


def test_spans_stay_verbatim_substrings_at_their_offsets() -> None:
    answer = "Use bf16, e.g. on A100s. Int8 needs calibration, i.e. representative data."
    spans = split_spans(answer)
    assert [answer[s.start : s.end] for s in spans] == [s.text for s in spans]
    assert len(spans) == 2


def test_without_abbreviations_every_period_ends_a_sentence() -> None:
    """How the shipped judges' training pairs are cut (`bank_pairs.question_pairs`)."""
    text = "Use a lower precision, e.g. bf16 or fp8, for the matmuls."
    assert [s.text for s in split_spans(text, abbreviations=False)] == [
        "Use a lower precision, e.g.",
        "bf16 or fp8, for the matmuls.",
    ]

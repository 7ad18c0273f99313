"""Notes to the grader in a reference answer ("… is also acceptable", "one of the following should be
given:") are not drafted as rubric points an answer must state."""

from __future__ import annotations

import pytest

from interviewer.drafting.notes import claim_sentences, is_grading_note, without_notes
from interviewer.drafting.offline import draft_points, offline_points
from interviewer.grading.target import SINGLE_POINT_WORDS, reference_points

CLAIMS = (
    "Binary encoding is the most efficient in bandwidth, since it carries a full bit per baud. "
    "With perfect clocks there is no clock drift between the users to correct. "
    "Therefore self-clocking and clock recovery are not needed on this network. "
)
NOTE = "Simple and cheap is also acceptable as one of the reasons."


@pytest.mark.parametrize(
    "sentence",
    [
        NOTE,
        "One of the following justifications should be given:",
        "The answer may be rounded to up to 2 decimal places.",
        "It is also sufficient to give a formula without the actual calculation.",
        "Either of the following advantages is considered fully correct:",
        "Naming the trade-off without numbers earns partial credit.",
    ],
)
def test_sentences_that_speak_to_the_grader_are_notes(sentence: str) -> None:
    assert is_grading_note(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "So CPU is acceptable for a low-concurrency internal tool with modest latency.",
        "Each draft token is accepted with probability min(1, p/q), so the output distribution is unchanged.",
        "There is no point measuring image pull separately when it takes a few seconds.",
        "The model-side number gives no credit for recomputed work.",
        "The bridge learns which stations are reachable on each of the following ports by watching traffic.",
    ],
)
def test_claims_about_the_subject_are_not_notes(sentence: str) -> None:
    assert not is_grading_note(sentence)


def test_drafting_leaves_the_notes_out_of_the_points() -> None:
    points = draft_points(CLAIMS + NOTE)
    assert [p.claim for p in points] == [s.strip() + "." for s in CLAIMS.split(". ") if s.strip()]
    assert not any("acceptable" in p.claim for p in points)


def test_a_short_reference_is_judged_whole_without_its_notes() -> None:
    reference = "A constructor can be overloaded, so a class may have any number of them. Any number is also accepted."
    (point,) = reference_points(reference)
    assert point.claim == "A constructor can be overloaded, so a class may have any number of them."


def test_a_reference_whose_sentences_all_read_as_notes_is_kept_as_it_is() -> None:
    reference = "Any of the following is also acceptable: TCP, UDP."
    assert without_notes(reference) == reference
    assert claim_sentences(["One of the following should be given:"]) == ["One of the following should be given:"]
    assert claim_sentences([CLAIMS, NOTE]) == [CLAIMS]


def test_notes_can_take_a_long_reference_under_the_single_point_limit() -> None:
    long_note = (
        "Full marks are given for any two of the following reasons, stated in any order and in any words at all."
    )
    reference = CLAIMS + long_note
    assert len(reference.split()) > SINGLE_POINT_WORDS >= len(CLAIMS.split())
    assert len(reference_points(reference)) == 1


def test_bank_import_drafting_has_no_point_for_a_note() -> None:
    points = offline_points(CLAIMS + NOTE)
    assert len(points) == 3 and all("acceptable" not in p.claim for p in points)

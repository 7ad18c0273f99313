"""A reference answer's "one of the following" list: one point, met by any of its items (drafting, the
grading target, the offline engine, the eval's shuffled-points variant and the LLM prompt's rubric)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from interviewer.drafting.alternatives import split_alternatives
from interviewer.evals.variants import shuffle_points
from interviewer.grading.grader import Grader
from interviewer.grading.llm_engine import _rubric_text
from interviewer.grading.offline import OfflineEngine
from interviewer.grading.readings import Reading, StatementRead, strongest
from interviewer.grading.target import reference_rubric, target_from_reference
from interviewer.grading.types import Verdict
from interviewer.store.embeddings import Embedder

BULLETS = (
    "The order is BCA, where B is the least likely. One of the following justifications should be given:\n"
    "\t● B is a special case of C, and C is a special case of A\n"
    "\t● B is more specific than C and C is more specific than A\n"
    "\t● A correct calculation of the probabilities:\n"
    "\t○ P(B) = 0.6^3 * 0.4^3\n"
    "\t= 0.0138\n"
)
NUMBERED = (
    "Extension headers extend the fixed IPv6 header with optional information.\n\n"
    "Main advantage: One of the following advantages are considered fully correct:\n"
    "1. New options can be added without changing the header.\n"
    "2. Routers process such packets faster, since most options are ignored."
)


def test_a_bulleted_choice_list_is_split_into_items_with_their_sub_bullets_and_wrapped_lines() -> None:
    split = split_alternatives(BULLETS)
    assert split.main.startswith("The order is BCA") and split.main.endswith("should be given:")
    assert split.items == (
        "B is a special case of C, and C is a special case of A",
        "B is more specific than C and C is more specific than A",
        "A correct calculation of the probabilities: ○ P(B) = 0.6^3 * 0.4^3 = 0.0138",
    )


def test_a_numbered_choice_list_is_split_too() -> None:
    assert split_alternatives(NUMBERED).items == (
        "New options can be added without changing the header.",
        "Routers process such packets faster, since most options are ignored.",
    )


@pytest.mark.parametrize(
    "reference",
    [
        "Two of the following should be given:\n- latency\n- cost",  # several items asked for: no choice
        "One of the following should be given: latency or cost.",  # no list after the note
        "Any of the following is fine:\n- latency",  # a single item is no choice
        "Plain reference answer without any list.",
    ],
)
def test_a_reference_without_a_choice_list_is_left_as_it_is(reference: str) -> None:
    assert split_alternatives(reference).items == ()
    points, alternatives = reference_rubric(reference)
    assert alternatives == ((),) * len(points)


def test_the_choice_list_is_one_point_met_by_any_item_beside_the_claims_before_it() -> None:
    points, alternatives = reference_rubric(BULLETS)
    assert [p.claim for p in points] == [
        "The order is BCA, where B is the least likely.",
        "B is a special case of C, and C is a special case of A",
    ]
    assert alternatives[0] == () and len(alternatives[1]) == 2
    target = target_from_reference("Order the events by likelihood.", BULLETS)
    assert target.statements()[1][1] == "B is more specific than C and C is more specific than A"


def test_a_list_after_a_note_alone_is_the_only_point() -> None:
    points, alternatives = reference_rubric(
        "One of the following should be given:\n- fp16 halves memory\n- bf16 keeps range"
    )
    assert [p.claim for p in points] == ["fp16 halves memory"]
    assert alternatives == (("bf16 keeps range",),)


def _read(statement: str, judged: float, recall: float) -> StatementRead:
    probabilities = np.array([[judged, 0.0, 1.0 - judged, 0.0]], dtype=np.float32)
    return StatementRead(statement, Reading(("span",), probabilities, np.array([0.5])), recall)


def test_the_statement_the_answer_states_most_stands_for_the_point() -> None:
    reads = [_read("claim", 0.2, 0.9), _read("second", 0.9, 0.8), _read("third", 0.9, 0.5)]
    assert strongest(reads).statement == "second"
    assert strongest([_read("claim", 0.5, 0.5), _read("tie", 0.5, 0.5)]).statement == "claim"


def test_an_answer_giving_only_the_second_alternative_is_credited_for_the_point(embedder: Embedder) -> None:
    reference = (
        "Gradient checkpointing saves memory. One of the following reasons should be given:\n"
        "- It stores only some activations and recomputes the rest in the backward pass.\n"
        "- It trades extra compute for a smaller activation memory footprint."
    )
    target = target_from_reference("Why does gradient checkpointing save memory?", reference)
    grader = Grader(OfflineEngine(embedder), embedder)
    answer = (
        "Gradient checkpointing saves memory because it trades extra compute for a smaller activation memory footprint."
    )
    grade = grader.grade(target, answer)
    assert grade.verdicts()["one-of-the-following"] is Verdict.MET
    first_only = grader.grade(dataclasses.replace(target, alternatives=()), answer)  # the first item as the claim
    assert first_only.verdicts()["one-of-the-following"] is not Verdict.MET
    assert grade.score is not None and first_only.score is not None and grade.score > first_only.score


def test_shuffled_points_keep_their_alternatives() -> None:
    target = target_from_reference("Order the events by likelihood.", BULLETS)
    shuffled = shuffle_points(target, "seed")
    assert [p.id for p in shuffled.points] == [p.id for p in reversed(target.points)]
    assert dict(zip([p.id for p in shuffled.points], shuffled.statements(), strict=True)) == dict(
        zip([p.id for p in target.points], target.statements(), strict=True)
    )


def test_the_llm_prompt_lists_a_points_alternatives() -> None:
    text = _rubric_text(target_from_reference("Order the events by likelihood.", BULLETS))
    assert "  or, equally: B is more specific than C and C is more specific than A" in text
    assert text.count("or, equally") == 2

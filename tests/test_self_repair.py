"""A candidate who corrects themselves mid-sentence ("stage 2 shards the parameters, no wait, the gradients")
is read as they finished the sentence: the models and the reversal rules read the repair, the evidence
stays verbatim, and a phrase that only goes on ("I mean for inference") repairs nothing."""

from __future__ import annotations

import pytest

from interviewer.bank.models import Question
from interviewer.grading.disfluency import readable
from interviewer.grading.evidence_spans import evidence_spans
from interviewer.grading.grader import Grader
from interviewer.grading.mirrors import states_opposite
from interviewer.grading.self_repair import repaired, sentences_as_said
from interviewer.grading.target import target_from_question
from interviewer.grading.types import Verdict
from interviewer.interview.instructions import answer_notes, corrected_in, taken_back_in
from interviewer.store.embeddings import Embedder


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("Stage 2 shards the parameters, no wait, the gradients.", "Stage 2 shards the gradients."),
        ("fp16 is lossless, I mean fp16 is near-lossless.", "fp16 is near-lossless."),
        ("int8 is slower, sorry, I mean int8 is faster on CPUs.", "int8 is faster on CPUs."),
        ("We checkpoint every hour or rather every thirty minutes.", "We checkpoint every thirty minutes."),
        ("int8 loses, no wait, wins on CPUs, and fp16 on GPUs.", "int8 wins on CPUs, and fp16 on GPUs."),
        ("The states are replicated, scratch that, sharded.", "The states are sharded."),
        ("Stage 3 shards activations, I take that back, parameters.", "Stage 3 shards parameters."),
        ("Stage 2 shards the parameters. No wait, the gradients.", "Stage 2 shards the gradients."),
        (
            "Stage 1 shards the states, no wait, the optimizer states, and stage 2, wait, no, stage 3 the parameters.",
            "Stage 1 shards the optimizer states, and stage 3 the parameters.",
        ),
        ("It is fast, I mean for inference at least.", "It is fast, I mean for inference at least."),  # goes on
        ("I mean, it depends on the batch size.", "I mean, it depends on the batch size."),  # nothing before
        ("No wait, the gradients.", "No wait, the gradients."),
        (
            "The states are replicated. No wait, they are sharded.",
            "The states are replicated. No wait, they are sharded.",
        ),
        ("Use int8, no wait.", "Use int8, no wait."),  # nothing after
        (
            "Error correction codes matter, sorry for the detail.",
            "Error correction codes matter, sorry for the detail.",
        ),
    ],
)
def test_a_self_repair_is_read_as_the_candidate_finished_it(said: str, read: str) -> None:
    assert repaired(said) == read


def test_spoken_fillers_do_not_hide_a_repair_from_the_models() -> None:
    assert readable("uh stage one um shards the optimizer no wait the gradients") == "stage one shards the gradients"


def test_a_sentence_that_repairs_the_one_before_it_is_read_with_it() -> None:
    answer = "Stage 2 shards the parameters. No wait, the gradients. No, stage 3 shards parameters."
    joined = [span.text for span in sentences_as_said(answer)]
    assert joined == ["Stage 2 shards the parameters. No wait, the gradients.", "No, stage 3 shards parameters."]
    restarted = "Int8 loses. No wait, int8 wins on CPUs."  # the repair restarts from the sentence's first word
    assert [span.text for span in sentences_as_said(restarted)] == [restarted]
    assert repaired(restarted) == "int8 wins on CPUs."


def test_the_reversal_rule_reads_what_the_candidate_ended_up_saying() -> None:
    claim = "Stage 2 shards the gradients."
    assert states_opposite("Stage 2 does not shard the gradients.", claim)
    assert not states_opposite("Stage 2 does not, no wait, stage 2 does shard the gradients.", claim)
    assert states_opposite("Stage 2 shards the gradients, no wait, stage 2 does not shard the gradients.", claim)


def test_the_evidence_stays_verbatim_while_the_models_read_the_repair(embedder: Embedder) -> None:
    answer = "ZeRO stage 2 shards the parameters, no wait, the gradients across the data-parallel ranks."
    spans = evidence_spans(answer, "What does ZeRO stage 2 shard?", embedder)
    assert spans.texts == (answer,)
    assert spans.readable == ("ZeRO stage 2 shards the gradients across the data-parallel ranks.",)
    assert any(
        "read as the candidate corrected it" in note and "shards the gradients across" in note for note in spans.notes
    )


def test_the_views_list_each_corrected_sentence_as_said_and_as_graded_but_not_one_taken_back() -> None:
    answer = "Stage 2 shards the parameters. No wait, stage 2 shards the gradients. Stage 3 shards everything."
    assert corrected_in(answer) == [
        ("Stage 2 shards the parameters. No wait, stage 2 shards the gradients.", "stage 2 shards the gradients.")
    ]
    assert corrected_in("Stage 1 shards the weights, no wait, the optimizer states. Scratch that. I use FSDP.") == []
    joined_then_taken_back = "Int8 loses. No wait, int8 wins on CPUs. Scratch that. I use fp16."
    assert corrected_in(joined_then_taken_back) == []
    assert taken_back_in(joined_then_taken_back) == ["Int8 loses. No wait, int8 wins on CPUs."]
    assert corrected_in("It is fast, I mean for inference.") == []  # goes on: nothing corrected
    notes = answer_notes(["Int8 loses, no wait, wins.", "Stage 3 shards parameters."])
    assert notes["corrected"] == [("Int8 loses, no wait, wins.", "Int8 wins.")] and notes["taken_back"] == []


def test_a_claim_corrected_to_its_opposite_is_contradicted_and_one_corrected_back_is_not(
    grader: Grader, bank_questions: dict[str, Question]
) -> None:
    question = bank_questions["fp16-vs-int8-inference"]
    point = next(p for p in question.rubric if p.id == "hardware-fit")
    right = point.claim.rstrip(".")
    wrong = right.replace("while int8 wins", "while int8 loses")
    assert wrong != right
    others = [p.claim for p in question.rubric if p.id != point.id]
    target = target_from_question(question)

    def verdict(sentence: str) -> Verdict:
        grade = grader.grade(target, " ".join([sentence, *others]))
        return next(j.verdict for j in grade.judgments if j.point_id == point.id)

    corrected = right.replace("while int8 wins", "while int8 loses, no wait, wins")
    assert verdict(f"{wrong}.") is Verdict.CONTRADICTED
    assert verdict(f"{corrected}.") is verdict(f"{right}.")
    assert verdict(right.replace("while int8 wins", "while int8 wins, no wait, loses") + ".") is Verdict.CONTRADICTED

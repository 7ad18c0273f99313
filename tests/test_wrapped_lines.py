"""Hard-wrapped lines joined into their sentences (`sentences.join_wrapped_lines`), and the judge's
training pairs cut from the bank's reference answers in whole sentences when asked (`--whole-sentences`)."""

from __future__ import annotations

import random

import pytest

from interviewer.bank.models import Question
from interviewer.grading.sentences import join_wrapped_lines, split_spans
from interviewer.judge.train.bank_pairs import question_pairs
from interviewer.store.embeddings import Embedder

WRAPPED = """I would treat this as a shared decision, not a fight over process, and come
to the conversation with the PM's goal in mind.

The technical concerns:
- Peeking. A p-value checked every day, with the plan to stop the first time it
  dips below 0.05, no longer has a 5% false-positive rate.
- Novelty. Four days misses a weekly cycle.
1. Numbered items stay items
2) and so do these."""


def test_a_wrapped_line_joins_the_sentence_it_belongs_to() -> None:
    sentences = [s.text for s in split_spans(join_wrapped_lines(WRAPPED), overlap=False)]
    assert sentences[0] == (
        "I would treat this as a shared decision, not a fight over process, and come to the conversation "
        "with the PM's goal in mind."
    )
    assert (
        "A p-value checked every day, with the plan to stop the first time it dips below 0.05, no longer has "
        "a 5% false-positive rate." in sentences
    )


@pytest.mark.parametrize(
    "kept",
    [
        "in mind.\n\nThe technical",  # a blank line: a paragraph ends
        "concerns:\n- Peeking",  # after a colon, before a list item
        "weekly cycle.\n1. Numbered",  # before a numbered item
        "stay items\n2) and",  # before a numbered item with a parenthesis
    ],
)
def test_paragraphs_headings_and_list_items_keep_their_line_breaks(kept: str) -> None:
    assert kept in join_wrapped_lines(WRAPPED)


def test_a_text_without_wrapped_lines_is_unchanged() -> None:
    text = "One sentence.\n\nAnother paragraph:\n- an item\n- another item"
    assert join_wrapped_lines(text) == text


def test_training_pairs_are_cut_from_whole_sentences_when_asked(
    embedder: Embedder, bank_questions: dict[str, Question]
) -> None:
    question = bank_questions["ab-test-early-stop-disagreement"]
    as_lines = {p.answer for p in question_pairs(question, embedder, random.Random(13)) if p.source == "bank-support"}
    whole = {
        p.answer
        for p in question_pairs(question, embedder, random.Random(13), whole_sentences=True)
        if p.source == "bank-support"
    }
    reference = question.reference_answer
    assert any(text not in reference.splitlines() and text in join_wrapped_lines(reference) for text in whole)
    assert all("\n" not in text for text in as_lines | whole)
    assert max(len(t.split()) for t in whole) > max(len(t.split()) for t in as_lines)


def test_the_shipped_judges_bank_pairs_cut_at_an_abbreviations_period_and_whole_sentences_read_through_it(
    embedder: Embedder, bank_questions: dict[str, Question]
) -> None:
    question = bank_questions["gradient-accumulation-mismatch"]  # a supporting sentence of it holds "i.e. "
    texts = {p.answer for p in question_pairs(question, embedder, random.Random(13))}
    whole = {p.answer for p in question_pairs(question, embedder, random.Random(13), whole_sentences=True)}
    assert any(text.endswith(", i.e.") for text in texts)
    assert not any(text.endswith("i.e.") for text in whole)

"""Clauses read against clauses: which clause of a text and of a claim are about the same thing."""

from __future__ import annotations

from interviewer.grading.cues import clauses_about


def test_clauses_about_pairs_the_clauses_that_share_most_words() -> None:
    claim = "Data members can be used by any member function. Local variables can only be used inside their function."
    text = "A data member is visible to every method, while a local variable exists only inside its function."
    assert clauses_about(text, claim) == (
        "Local variables can only be used inside their function.",
        "a local variable exists only inside its function.",
    )


def test_clauses_about_reads_nothing_when_both_are_one_clause_or_share_no_word() -> None:
    assert clauses_about("A stack is last in, first out.", "A stack removes the newest element first.") is None
    assert clauses_about("It rains, but the sun shines.", "Queues hold jobs. Stacks hold frames.") is None

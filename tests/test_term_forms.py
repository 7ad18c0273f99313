"""Key terms found in other forms of their words: singular or plural, and misspellings of words the
vocabulary does not hold, never a different word the vocabulary holds."""

from __future__ import annotations

import pytest

from interviewer.grading.cues import term_coverage
from interviewer.grading.term_forms import bases, one_letter_off, phrase_found, same_word, text_forms


@pytest.mark.parametrize(
    ("term", "word"),
    [("problems", "problem"), ("shard", "shards"), ("stage", "stages"), ("process", "processes")],
)
def test_singular_and_plural_are_the_same_word(term: str, word: str) -> None:
    assert same_word(term, word) and same_word(word, term)


@pytest.mark.parametrize(
    ("term", "word"),
    [
        ("bandwidth", "bandwith"),
        ("address", "adress"),
        ("separate", "seperate"),
        ("positive", "postive"),
        ("initialize", "initialized"),  # one letter off, and not a word the vocabulary holds
    ],
)
def test_a_misspelling_one_letter_off_outside_the_vocabulary_is_the_same_word(term: str, word: str) -> None:
    assert same_word(term, word)


@pytest.mark.parametrize(
    ("term", "word"),
    [
        ("sharded", "shared"),  # one letter off, but a word of its own
        ("batching", "matching"),
        ("tensor", "sensor"),
        ("prefill", "prefix"),  # neither a plural nor a misspelling
        ("sharded", "sharding"),  # other inflections are not read (measured: docs/offline-grading.md)
        ("fp16", "fp32"),  # short terms are matched as written
        ("gap", "gaps"),
    ],
)
def test_a_different_word_is_not_the_same_word(term: str, word: str) -> None:
    assert not same_word(term, word)


def test_bases_take_off_a_plural_ending() -> None:
    assert "stage" in bases("stages") and "process" in bases("processes") and "shard" in bases("shards")
    assert bases("uses") == frozenset({"uses"})  # no base under four letters


def test_one_letter_off_counts_one_edit_or_one_swap_of_neighbours() -> None:
    assert one_letter_off("address", "adress") and one_letter_off("receive", "recieve")
    assert not one_letter_off("address", "adres") and not one_letter_off("same", "same")


def test_a_phrase_is_found_with_each_word_in_one_of_its_forms() -> None:
    assert phrase_found(("by", "reference"), text_forms(" passed by refrence "))
    assert not phrase_found(("by", "reference"), text_forms(" reference by "))
    assert not phrase_found((), text_forms(" by "))
    assert not phrase_found(("stages",), text_forms(" a stag "))  # no form of a word under MIN_LETTERS


def test_term_coverage_reads_other_forms_of_a_key_term() -> None:
    assert term_coverage(["stage 1|ZeRO-1"], "Stages 1 and 2 shard the optimizer states.") == 1.0
    assert term_coverage(["by reference"], "Arrays are passed by refrence.") == 1.0
    assert term_coverage(["sharded"], "The parameters are shared by every rank.") == 0.0

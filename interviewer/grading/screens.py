"""Cheap screens before any model call: empty, gibberish, far too short, off-topic."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from interviewer.grading.cues import term_coverage
from interviewer.grading.languages import foreign_language
from interviewer.grading.sentences import words
from interviewer.grading.target import SINGLE_POINT_WORDS
from interviewer.grading.vocabulary import is_known_word, vocabulary
from interviewer.store.embeddings import Embedder

MIN_WORDS = 3
SCREENS = (  # in the batch key
    "an answer naming a key term a person wrote for the rubric is screened neither as off-topic nor as far too short; "
    "a word sharing its stem with a word of the vocabulary, or used by the question or its rubric, is a word; "
    "a sentence restating the question with a key term a person wrote for the rubric, one the question does "
    "not name, is evidence; "
    "a key term is found singular or plural, and misspelt one letter off in a word outside the vocabulary; "
    "words joined by a hyphen or a slash are read apart when a sentence is compared with the question"
)


def known_word_ratio(text: str, own_words: frozenset[str] = frozenset()) -> float:
    """The share of the text's words that are words: known (`is_known_word`) or among `own_words` (the
    question's and its rubric's, `GradingTarget.own_words`)."""
    alphabetic = [w for w in words(text) if w.isalpha()]
    if not vocabulary() or not alphabetic:
        return 1.0
    return sum(w in own_words or is_known_word(w) for w in alphabetic) / len(alphabetic)


def min_answer_words(reference_answer: str) -> int:
    """Pure: the fewest words an answer needs before it is judged. Against a short reference ("Unlimited
    number.", "By iteration.") one or two words can be the whole right answer, and graders give them full
    marks (Mohler, SciEntsBank); against a long one (every bank question) they are far too short. Short
    is what reference-only grading judges whole as one point."""
    return 1 if len(reference_answer.split()) <= SINGLE_POINT_WORDS else MIN_WORDS


def screen_text(answer: str, min_words: int = MIN_WORDS, own_words: frozenset[str] = frozenset()) -> str | None:
    """A reason to grade the answer as empty without judging it, or None; `own_words` are words whatever
    the vocabulary holds (`known_word_ratio`)."""
    if not answer.strip():
        return "empty answer"
    tokens = words(answer)
    if len(tokens) < min_words:
        return f"far too short to grade ({len(tokens)} word(s))"
    if known_word_ratio(answer, own_words) < 0.5 and foreign_language(answer) is None:
        return "gibberish: most words are not words"
    return None


def unsupported_language(answer: str) -> str | None:
    """Why the offline grader will not grade an answer in another language (it reads English only)."""
    language = foreign_language(answer)
    if language is None:
        return None
    return (
        f"not graded: the answer seems to be written in {language}, and the offline grader reads English only "
        "(answer in English, or grade it with the llm engine)"
    )


def relevance(answer_vectors: np.ndarray, topic_vectors: np.ndarray) -> float:
    """Highest cosine between any answer span and the question or any rubric point."""
    if answer_vectors.size == 0 or topic_vectors.size == 0:
        return 0.0
    return float((answer_vectors @ topic_vectors.T).max())


def off_topic(answer_vectors: np.ndarray, topic_texts: list[str], embedder: Embedder, threshold: float) -> bool:
    return relevance(answer_vectors, embedder.embed(topic_texts)) < threshold


def names_key_terms(answer: str, key_terms: Sequence[str]) -> bool:
    """Whether the answer names one of `key_terms`, the groups a person wrote for the rubric
    (`GradingTarget.written_key_terms`). Such an answer is on the question's topic however short: "By
    reference." is a whole right answer to "How are arrays passed to functions?", yet its embedding is far
    from every statement of the rubric. Drafted points' key terms are only the reference answer's content
    words, so they do not count."""
    return term_coverage(key_terms, answer) > 0

"""Pairs generated from a question bank: what supports each rubric point and what does not.

Per point: the reference-answer sentences closest to it (met) and the claim itself (met); sentences
that support the question's other points, and other questions' claims (missed); key terms in nonsense
or a bare list (missed); the first clause of a many-clause claim (partial); the claim turned into its
opposite and the red flags that contradict it (contradicted).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np

from interviewer.bank.models import Question, RubricPoint
from interviewer.grading.sentences import join_wrapped_lines, split_spans
from interviewer.judge.labels import CONTRADICTED, MET, MISSED, PARTIAL
from interviewer.judge.train.alter import fragment, nonsense, opposites, term_list
from interviewer.judge.train.pairs import Pair
from interviewer.memo import BatchMemo
from interviewer.store.embeddings import Embedder, Vectors

SUPPORT_SENTENCES = 2


class RepeatedCalls:
    """An embedder that answers a call it has answered before from memory, bit for bit (a cache by text
    would batch texts differently, and a batch's padding can move a vector in its last bits): the bank's
    pairs are drawn again for every seed from the same calls (`benchmarks/seed_spread.py`)."""

    def __init__(self, inner: Embedder, max_calls: int = 10_000) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self._calls: BatchMemo[tuple[str, ...], Vectors] = BatchMemo(max_calls)

    def embed(self, texts: Sequence[str]) -> Vectors:
        (vectors,) = self._calls.get_many([tuple(texts)], lambda calls: [self.inner.embed(call) for call in calls])
        return vectors


def _support(point: RubricPoint, sentences: list[str], vectors: np.ndarray, embedder: Embedder) -> list[int]:
    similarity = vectors @ embedder.embed([point.claim])[0]
    return [int(i) for i in np.argsort(-similarity)[:SUPPORT_SENTENCES]]


def _point_pairs(point: RubricPoint, question: Question, supported: list[str], others: list[str]) -> list[Pair]:
    group = f"bank:{question.id}"
    pairs = [Pair(point.claim, text, MET, "bank-support", group) for text in [point.claim, *supported]]
    pairs += [Pair(point.claim, text, MISSED, "bank-other-point", group) for text in others]
    for text in opposites(point.claim) + [o for s in supported[:1] for o in opposites(s)]:
        pairs.append(Pair(point.claim, text, CONTRADICTED, "bank-opposite", group))
    flags = [f.statement for f in question.red_flags if f.contradicts == point.id]
    pairs += [Pair(point.claim, text, CONTRADICTED, "bank-red-flag", group) for text in flags]
    if (part := fragment(point.claim)) is not None:
        pairs.append(Pair(point.claim, part, PARTIAL, "bank-fragment", group))
    return pairs


def _gaming_pairs(point: RubricPoint, question: Question, rng: random.Random) -> list[Pair]:
    group = f"bank:{question.id}"
    texts = [nonsense(point.key_terms, rng), term_list(point.key_terms)]
    return [Pair(point.claim, text, MISSED, "bank-gaming", group) for text in texts if text]


def question_pairs(
    question: Question, embedder: Embedder, rng: random.Random, whole_sentences: bool = False
) -> list[Pair]:
    """The question's pairs, from its reference answer cut into sentences: as its lines break and at
    every period, an abbreviation's too (the shipped judges: a hard-wrapped line is a sentence, and so
    is "… e.g." before the example; cut otherwise, the training command no longer writes their files bit
    for bit), or, with `whole_sentences`, its wrapped lines joined first (`join_wrapped_lines`) and
    read through abbreviations, as the engine reads a typed answer."""
    reference = join_wrapped_lines(question.reference_answer) if whole_sentences else question.reference_answer
    sentences = [s.text for s in split_spans(reference, overlap=False, abbreviations=whole_sentences)]
    vectors = embedder.embed(sentences)
    support = {p.id: _support(p, sentences, vectors, embedder) for p in question.rubric}
    pairs = []
    for point in question.rubric:
        own = set(support[point.id])
        others = {i for pid, chosen in support.items() if pid != point.id for i in chosen[:1]} - own
        other_claims = [p.claim for p in question.rubric if p.id != point.id]
        other_sentences = [sentences[i] for i in sorted(others)]
        missed = rng.sample(other_sentences, min(3, len(other_sentences))) + rng.sample(other_claims, 1)
        pairs += _point_pairs(point, question, [sentences[i] for i in support[point.id]], missed)
        pairs += _gaming_pairs(point, question, rng)
    return pairs


def bank_pairs(questions: list[Question], embedder: Embedder, seed: int, whole_sentences: bool = False) -> list[Pair]:
    rng = random.Random(seed)
    pairs = [pair for q in questions for pair in question_pairs(q, embedder, rng, whole_sentences)]
    claims = [(q.id, p.claim) for q in questions for p in q.rubric]
    for question in questions:  # a claim from another question entirely: missed
        for point in question.rubric:
            other_id, other = rng.choice(claims)
            if other_id != question.id:
                pairs.append(Pair(point.claim, other, MISSED, "bank-other-question", f"bank:{question.id}"))
    return pairs

"""Pairs generated from a question bank: what supports each rubric point and what does not.

Per point: the reference-answer sentence closest to it, and the next closest when it is close too
(met), the claim itself (met), and a passage with the closest sentence between its neighbours (met:
context around a statement does not weaken it); sentences that support the question's other points,
and other questions' claims (missed); key terms in nonsense, whimsy, a bare or framed list, and the
supporting sentence's words shuffled (missed); the first clause
of a many-clause claim (partial); the claim and its supporting sentences turned into their opposites,
alone and inside their passage, and the red flags that contradict it (contradicted).
"""

from __future__ import annotations

import random

import numpy as np

from interviewer.bank.models import Question, RubricPoint
from interviewer.grading.sentences import split_spans
from interviewer.judge.labels import CONTRADICTED, MET, MISSED, PARTIAL
from interviewer.judge.train.alter import fragment, framed_terms, nonsense, opposites, shuffled, term_list, whimsy
from interviewer.judge.train.pairs import Pair
from interviewer.store.embeddings import Embedder

SUPPORT_SENTENCES = 2
SECOND_SUPPORT_COSINE = 0.5  # the second-closest sentence supports the point only when this close


def _support(point: RubricPoint, sentences: list[str], vectors: np.ndarray, embedder: Embedder) -> list[int]:
    similarity = vectors @ embedder.embed([point.claim])[0]
    ranked = [int(i) for i in np.argsort(-similarity)[:SUPPORT_SENTENCES]]
    return ranked[:1] + [i for i in ranked[1:] if similarity[i] >= SECOND_SUPPORT_COSINE]


def _in_passage(sentences: list[str], index: int, text: str) -> str:
    """`text` in place of sentence `index`, between that sentence's neighbours."""
    return " ".join([*sentences[max(index - 1, 0) : index], text, *sentences[index + 1 : index + 2]])


def _point_pairs(
    point: RubricPoint, question: Question, sentences: list[str], support: list[int], others: list[str]
) -> list[Pair]:
    group = f"bank:{question.id}"
    supported = [sentences[i] for i in support]
    passage = [_in_passage(sentences, support[0], sentences[support[0]])] if len(sentences) > 2 else []
    pairs = [Pair(point.claim, text, MET, "bank-support", group) for text in [point.claim, *supported, *passage]]
    pairs += [Pair(point.claim, text, MISSED, "bank-other-point", group) for text in others]
    negated = opposites(point.claim) + [o for s in supported for o in opposites(s)]
    if passage and (turned := opposites(supported[0])):
        negated.append(_in_passage(sentences, support[0], turned[-1]))
    for text in negated:
        pairs.append(Pair(point.claim, text, CONTRADICTED, "bank-opposite", group))
    flags = [f.statement for f in question.red_flags if f.contradicts == point.id]
    pairs += [Pair(point.claim, text, CONTRADICTED, "bank-red-flag", group) for text in flags]
    if (part := fragment(point.claim)) is not None:
        pairs.append(Pair(point.claim, part, PARTIAL, "bank-fragment", group))
    return pairs


def _gaming_pairs(point: RubricPoint, question: Question, supported: str, rng: random.Random) -> list[Pair]:
    """Key terms without a statement: in nonsense, in whimsical sentences (the point's terms and the
    question's), in a list, in a fluent sentence that lists them, and the supporting sentence shuffled."""
    group = f"bank:{question.id}"
    everything = [term for p in question.rubric for term in p.key_terms]
    texts = [
        nonsense(point.key_terms, rng),
        whimsy(point.key_terms, rng),
        whimsy(everything, rng, sentences=4),
        term_list(point.key_terms),
        framed_terms(rng.sample(everything, min(8, len(everything))), rng),
        shuffled(supported, rng),
    ]
    return [Pair(point.claim, text, MISSED, "bank-gaming", group) for text in texts if text]


def question_pairs(question: Question, embedder: Embedder, rng: random.Random) -> list[Pair]:
    sentences = [s.text for s in split_spans(question.reference_answer, overlap=False)]
    vectors = embedder.embed(sentences)
    support = {p.id: _support(p, sentences, vectors, embedder) for p in question.rubric}
    pairs = []
    for point in question.rubric:
        own = set(support[point.id])
        others = {i for pid, chosen in support.items() if pid != point.id for i in chosen[:1]} - own
        other_claims = [p.claim for p in question.rubric if p.id != point.id]
        other_sentences = [sentences[i] for i in sorted(others)]
        missed = rng.sample(other_sentences, min(3, len(other_sentences))) + rng.sample(other_claims, 1)
        pairs += _point_pairs(point, question, sentences, support[point.id], missed)
        pairs += _gaming_pairs(point, question, sentences[support[point.id][0]], rng)
    return pairs


def bank_pairs(questions: list[Question], embedder: Embedder, seed: int) -> list[Pair]:
    rng = random.Random(seed)
    pairs = [pair for question in questions for pair in question_pairs(question, embedder, rng)]
    claims = [(q.id, p.claim) for q in questions for p in q.rubric]
    for question in questions:  # a claim from another question entirely: missed
        for point in question.rubric:
            other_id, other = rng.choice(claims)
            if other_id != question.id:
                pairs.append(Pair(point.claim, other, MISSED, "bank-other-question", f"bank:{question.id}"))
    return pairs

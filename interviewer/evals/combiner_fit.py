"""Fit the reference-only combiner (`grading/reference_credit.py`) on human-scored answers.

Each answer's predicted share is the weighted mean of its points' credits (a point the judge finds
contradicted earns 0, a point the answer states word for word 1); the combiner's weights minimise the squared error against the human share, every
data set weighing the same, by Adam from zero (deterministic). The met/partial cut-offs on the credit
are not fit: a credit fit to the human share reads as one, so a point is partial from an even chance
(0.5) and met from 0.75. Callers cross-validate by question.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from interviewer.evals.metrics import f1_scores, pearson
from interviewer.grading.reference_credit import FEATURES, Combiner


@dataclass(frozen=True)
class FitItem:
    dataset: str
    group: str  # the question: folds never split one
    truth: float  # the human score as a share of its maximum (0/1 for two-way labels)
    features: np.ndarray  # points x FEATURES
    contradicted: np.ndarray  # points: the judge's contradiction rule fired, so the point earns 0
    word_for_word: np.ndarray  # points the answer states word for word: met by rule, not fit
    weights: np.ndarray  # points, summing to 1


@dataclass(frozen=True)
class _Flat:
    x: np.ndarray
    item: np.ndarray
    weight: np.ndarray
    truth: np.ndarray
    fixed: np.ndarray  # each item's credit set by rule: its points stated word for word
    share: np.ndarray  # each item's weight in the loss: every data set weighs the same


def _flatten(items: Sequence[FitItem]) -> _Flat:
    counts = Counter(i.dataset for i in items)
    share = np.array([1.0 / counts[i.dataset] for i in items])
    live = [
        (n, k)
        for n, i in enumerate(items)
        for k in range(len(i.weights))
        if not i.contradicted[k] and not i.word_for_word[k]
    ]
    x = np.array([[*items[n].features[k], 1.0] for n, k in live]).reshape(-1, len(FEATURES) + 1)
    return _Flat(
        x=x,
        item=np.array([n for n, _ in live], dtype=int),
        weight=np.array([items[n].weights[k] for n, k in live]),
        truth=np.array([i.truth for i in items]),
        fixed=np.array([float(i.weights @ (i.word_for_word & ~i.contradicted)) for i in items]),
        share=share / share.sum(),
    )


def fit_combiner(items: Sequence[FitItem], steps: int = 500, l2: float = 1e-3, rate: float = 0.05) -> Combiner:
    flat = _flatten(items)
    size = len(FEATURES) + 1
    theta, m, v = np.zeros(size), np.zeros(size), np.zeros(size)
    for t in range(1, steps + 1):
        credit = 1.0 / (1.0 + np.exp(-flat.x @ theta))
        predicted = flat.fixed + np.bincount(flat.item, flat.weight * credit, minlength=len(items))
        error = 2.0 * flat.share * (predicted - flat.truth)
        grad = (error[flat.item] * flat.weight * credit * (1.0 - credit)) @ flat.x
        grad += l2 * np.r_[theta[:-1], 0.0]
        m, v = 0.9 * m + 0.1 * grad, 0.999 * v + 0.001 * grad * grad
        theta -= rate * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return Combiner(tuple(float(t) for t in theta[:-1]), float(theta[-1]))


def item_score(item: FitItem, combiner: Combiner, met: float, partial: float) -> float:
    """0..100 from verdicts, as the engine scores: met 1, partial 0.5, else 0."""
    credit = np.where(item.contradicted, 0.0, np.where(item.word_for_word, 1.0, combiner.credit(item.features)))
    verdicts = np.where(credit >= met, 1.0, np.where(credit >= partial, 0.5, 0.0))
    return 100.0 * float(item.weights @ verdicts)


def agreement(items: Sequence[FitItem], scores: Sequence[float]) -> float:
    """Weighted F1 at 50 on two-way labels, else Pearson: the figure each data set is known by."""
    truth = [i.truth for i in items]
    if set(truth) <= {0.0, 1.0}:
        return f1_scores([int(s >= 50) for s in scores], [int(t) for t in truth])[1]
    return pearson(list(scores), truth)

"""The trivial floors every agreement figure is shown beside: TF-IDF cosine and MiniLM cosine of the
answer against the reference answer, and answer length. On 0/1 scores a floor needs a threshold: it is
chosen on the other folds of a cross-validation by question and applied to the held-out fold."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from interviewer.evals.metrics import f1_scores, pearson
from interviewer.store.embeddings import Embedder

FOLDS = 5
_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class FloorRow:
    group: str  # the question: folds never split one question's answers
    reference: str
    answer: str
    score: float


def tfidf_cosine(rows: Sequence[FloorRow]) -> list[float]:
    """Cosine of TF-IDF vectors (document frequencies over the references and answers given)."""
    docs = [Counter(_TOKEN.findall(text.lower())) for row in rows for text in (row.reference, row.answer)]
    frequency = Counter(term for doc in docs for term in doc)
    idf = {term: math.log((1 + len(docs)) / (1 + df)) + 1 for term, df in frequency.items()}

    def cosine(a: Counter[str], b: Counter[str]) -> float:
        dot = sum(a[t] * b[t] * idf[t] ** 2 for t in a.keys() & b.keys())
        norm = math.sqrt(sum((a[t] * idf[t]) ** 2 for t in a)) * math.sqrt(sum((b[t] * idf[t]) ** 2 for t in b))
        return dot / norm if norm else 0.0

    return [cosine(docs[2 * i], docs[2 * i + 1]) for i in range(len(rows))]


def embedding_cosine(rows: Sequence[FloorRow], embedder: Embedder) -> list[float]:
    references = embedder.embed([r.reference for r in rows])
    answers = embedder.embed([r.answer for r in rows])
    return [float(x) for x in (references * answers).sum(axis=1)]


def answer_length(rows: Sequence[FloorRow]) -> list[float]:
    return [float(len(r.answer.split())) for r in rows]


def _folds(groups: Sequence[str]) -> list[int]:
    names = sorted(set(groups))
    fold_of = {name: i % FOLDS for i, name in enumerate(names)}
    return [fold_of[g] for g in groups]


def _best_threshold(values: np.ndarray, truth: np.ndarray) -> float:
    candidates = np.unique(np.quantile(values, np.linspace(0.02, 0.98, 49)))
    return float(max(candidates, key=lambda t: f1_scores(list((values >= t).astype(int)), list(truth))[1]))


def binary_f1_by_question(values: Sequence[float], rows: Sequence[FloorRow]) -> float:
    """Weighted F1 of `value >= threshold`, the threshold fit on the other folds (by question)."""
    folds, x = np.array(_folds([r.group for r in rows])), np.array(values)
    truth = np.array([int(r.score) for r in rows])
    predicted = np.zeros(len(rows), dtype=int)
    for fold in set(folds.tolist()):
        fit = folds != fold
        threshold = _best_threshold(x[fit], truth[fit]) if fit.any() else float(np.median(x))
        predicted[~fit] = (x[~fit] >= threshold).astype(int)
    return f1_scores(list(predicted), list(truth))[1]


def floor_figures(rows: Sequence[FloorRow], embedder: Embedder | None) -> dict[str, float]:
    """Each floor's figure: weighted F1 (cross-validated threshold) on 0/1 scores, else Pearson."""
    features: dict[str, Callable[[], list[float]]] = {
        "TF-IDF cosine": lambda: tfidf_cosine(rows),
        "answer length": lambda: answer_length(rows),
    }
    if embedder is not None:
        features["MiniLM cosine"] = lambda: embedding_cosine(rows, embedder)
    binary = {r.score for r in rows} <= {0.0, 1.0}
    truth = [r.score for r in rows]
    return {
        name: binary_f1_by_question(compute(), rows) if binary else pearson(compute(), truth)
        for name, compute in features.items()
    }


def within_question_pearson(values: Sequence[float], rows: Sequence[FloorRow], least: int = 5) -> float:
    """Mean Pearson within each question (with at least `least` answers whose human scores differ):
    whether a grader ranks one question's answers as the humans did, whatever it makes of how hard each
    question is. A pooled Pearson also asks that the questions' levels line up; this one does not."""
    by_question: dict[str, list[int]] = {}
    for k, row in enumerate(rows):
        by_question.setdefault(row.group, []).append(k)
    figures = [
        pearson([values[k] for k in ks], [rows[k].score for k in ks])
        for ks in by_question.values()
        if len(ks) >= least and len({rows[k].score for k in ks}) > 1
    ]
    return float(np.mean(figures)) if figures else 0.0


def within_question_floors(rows: Sequence[FloorRow], embedder: Embedder | None) -> dict[str, float]:
    """Each floor's within-question Pearson (`within_question_pearson`)."""
    features = {"TF-IDF cosine": tfidf_cosine(rows), "answer length": answer_length(rows)}
    if embedder is not None:
        features["MiniLM cosine"] = embedding_cosine(rows, embedder)
    return {name: within_question_pearson(values, rows) for name, values in features.items()}

"""Agreement metrics as pure functions (no model, no I/O)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence

import numpy as np


def accuracy(got: Sequence[Hashable], want: Sequence[Hashable]) -> float:
    if len(got) != len(want):
        raise ValueError("sequences differ in length")
    return sum(g == w for g, w in zip(got, want, strict=True)) / len(got) if got else 0.0


def cohen_kappa(got: Sequence[Hashable], want: Sequence[Hashable]) -> float:
    """Cohen's kappa for nominal labels; 1.0 when both raters agree perfectly on a single label."""
    n = len(got)
    if n == 0:
        return 0.0
    observed = accuracy(got, want)
    g, w = Counter(got), Counter(want)
    expected = sum(g[k] * w[k] for k in set(g) | set(w)) / (n * n)
    return 1.0 if expected == 1.0 else (observed - expected) / (1.0 - expected)


def quadratic_weighted_kappa(want: Sequence[int], got: Sequence[int], low: int, high: int) -> float:
    """QWK between two integer ratings on [low, high]."""
    k = high - low + 1
    observed = np.zeros((k, k))
    for a, b in zip(want, got, strict=True):
        observed[a - low, b - low] += 1
    if observed.sum() == 0:
        return 0.0
    weights = np.array([[(i - j) ** 2 / (k - 1) ** 2 for j in range(k)] for i in range(k)])
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / observed.sum()
    denominator = float((weights * expected).sum())
    return 1.0 if denominator == 0 else 1.0 - float((weights * observed).sum()) / denominator


def confusion(got: Sequence[str], want: Sequence[str], labels: Sequence[str]) -> list[list[int]]:
    """Rows: expected label; columns: given label."""
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for g, w in zip(got, want, strict=True):
        matrix[index[w]][index[g]] += 1
    return matrix


def pearson(x: Sequence[float], y: Sequence[float]) -> float:
    from scipy import stats  # on first use: most CLI commands never need scipy

    return float(stats.pearsonr(x, y).statistic) if len(set(x)) > 1 and len(set(y)) > 1 else 0.0


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    from scipy import stats

    return float(stats.spearmanr(x, y).statistic) if len(set(x)) > 1 and len(set(y)) > 1 else 0.0


def mean_absolute_error(x: Sequence[float], y: Sequence[float]) -> float:
    return float(np.mean(np.abs(np.asarray(x) - np.asarray(y)))) if x else 0.0


def rmse_after_linear_fit(predicted: Sequence[float], truth: Sequence[float]) -> float:
    """RMSE of the truth against the least-squares line through (predicted, truth)."""
    p, t = np.asarray(predicted, dtype=float), np.asarray(truth, dtype=float)
    if len(set(p.tolist())) < 2:
        return float(np.sqrt(np.mean((t - t.mean()) ** 2)))
    slope, intercept = np.polyfit(p, t, 1)
    return float(np.sqrt(np.mean((t - (slope * p + intercept)) ** 2)))


def f1_scores(got: Sequence[int], want: Sequence[int]) -> tuple[float, float]:
    """(macro F1, weighted F1) for labels 0/1."""
    per_label, supports = [], []
    for label in (0, 1):
        tp = sum(g == label and w == label for g, w in zip(got, want, strict=True))
        fp = sum(g == label and w != label for g, w in zip(got, want, strict=True))
        fn = sum(g != label and w == label for g, w in zip(got, want, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        per_label.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
        supports.append(tp + fn)
    total = sum(supports)
    return sum(per_label) / 2, sum(f * s for f, s in zip(per_label, supports, strict=True)) / total if total else 0.0

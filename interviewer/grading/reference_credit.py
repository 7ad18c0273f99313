"""Reference-only grading: a point's credit from four readings of the answer, combined by a small
logistic model fit on dev data with cross-validation by question (`benchmarks/calibrate_judge.py`).

The readings: the best span's embedding cosine to the point, the share of the point's content words the
answer uses (coverage), how much of the point the answer expresses word piece by word piece, past the
word pieces the question already says (novel token recall, `token_recall.py`), and the judge's expected
credit for the point on its best span, which enters only multiplied by that recall: the judge counts
where the answer's word pieces express the point, not alone. Alone, on domains it never trained on, it credits answers on the question's topic that do
not say the point; as a separate reading the combiner leant on it (the domains it is fit on are the
judge's own) and the unseen domain paid. A weighted vote of these generalised to unseen questions and
domains better than thresholds on any one of them (figures in the model card).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from interviewer.grading.cues import content_stems, is_fragment

FEATURES = ("cosine", "coverage", "novel_token_recall", "judge_x_novel_recall")


@dataclass(frozen=True)
class Combiner:
    """credit = sigmoid(weights . FEATURES + bias), per point or per span."""

    weights: tuple[float, ...]
    bias: float

    @classmethod
    def from_card(cls, values: Mapping[str, object]) -> Combiner:
        if values.get("features", list(FEATURES)) != list(FEATURES):
            raise ValueError(f"reference_combiner.features must be {list(FEATURES)}: refit it (calibrate_judge.py)")
        weights = values["weights"]
        if not isinstance(weights, list) or len(weights) != len(FEATURES):
            raise ValueError(f"reference_combiner.weights must list {len(FEATURES)} numbers: {FEATURES}")
        bias = values["bias"]
        if not isinstance(bias, int | float):
            raise ValueError("reference_combiner.bias must be a number")
        return cls(tuple(float(w) for w in weights), float(bias))

    def to_card(self) -> dict[str, object]:
        return {"features": list(FEATURES), "weights": [round(w, 4) for w in self.weights], "bias": round(self.bias, 4)}

    def credit(self, features: np.ndarray) -> np.ndarray:
        """Rows of FEATURES -> credit in 0..1."""
        z = features @ np.asarray(self.weights) + self.bias
        result: np.ndarray = 1.0 / (1.0 + np.exp(-z))
        return result


def point_reading(judged: np.ndarray, similarity: np.ndarray, coverage: float, recall: float) -> np.ndarray:
    """A point's FEATURES: the best span's cosine, the coverage, the novel token recall (past the question's
    words), and the best span's judge credit times that recall."""
    return np.array([float(similarity.max()), coverage, recall, float(judged.max()) * recall])


def span_readings(judged: np.ndarray, similarity: np.ndarray, coverage: float, recall: float) -> np.ndarray:
    """FEATURES for each span (the answer-wide coverage and novel token recall repeated): which span to quote."""
    spans = len(judged)
    return np.column_stack([similarity, np.full(spans, coverage), np.full(spans, recall), judged * recall])


def _plain_words(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.lower())) + " "


def states_word_for_word(claim: str, answer: str) -> bool:
    """Pure: the answer contains the claim word for word (case and punctuation aside), and the claim is a
    claim, not a term (3 content words or more). On the dev data every such answer the graders scored
    was given (nearly) full marks: 121 of 125 answers, mean share 0.97-1.00 per data set."""
    return not is_fragment(claim) and _plain_words(claim) in _plain_words(answer)


def claim_coverage(claim: str, answer: str) -> float:
    """Share of the claim's content words (compared by stem) that the answer uses anywhere."""
    wanted = content_stems(claim)
    return len(wanted & content_stems(answer)) / len(wanted) if wanted else 0.0

"""The similarity prior of the offline engine (its earlier engine, kept where it still earns its place):
a span's strength for a point is its embedding cosine to the claim (or its full-credit text) plus a bonus
for the point's key terms in the span and in the whole answer. It ranks spans and proposes a verdict
(none when the strongest span negates the claim's words: similar words, opposite statement); the
trained judge then confirms, vetoes or overrules it (`offline.hybrid_decide`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from interviewer.bank.models import RubricPoint
from interviewer.grading.cues import negates_claim, term_coverage
from interviewer.grading.evidence_spans import EvidenceSpans
from interviewer.grading.self_repair import repaired
from interviewer.grading.types import Verdict
from interviewer.store.embeddings import Embedder


@dataclass(frozen=True)
class Prior:
    verdict: Verdict
    span: int  # index into the evidence spans
    strength: float
    negated: bool = False  # the strongest span says the claim's words negated: it proposes nothing


@dataclass(frozen=True)
class StrengthWeights:
    """Chosen for the earlier engine on 2026-11-29 (benchmarks/calibrate_offline.py, since removed)."""

    met: float = 1.15
    partial: float = 0.6
    term_weight: float = 1.5
    answer_term_weight: float = 0.4


def point_prior(point: RubricPoint, spans: EvidenceSpans, embedder: Embedder, weights: StrengthWeights) -> Prior:
    """The strongest span for a point and the verdict its strength suggests. A short span may be met ("by
    reference or by value"): a list of terms is the answer-level screen's and the judge's to catch."""
    similarity = (spans.vectors @ embedder.embed([point.claim, point.full_credit]).T).max(axis=1)
    said = [repaired(text) for text in spans.texts]  # as the candidate finished each span (`self_repair`)
    coverage = np.array([term_coverage(point.key_terms, text) for text in said], dtype=np.float32)
    whole = term_coverage(point.key_terms, " ".join(said))
    strengths = similarity + weights.term_weight * coverage + weights.answer_term_weight * whole
    best = int(np.argmax(strengths))
    strength = float(strengths[best])
    verdict = (
        Verdict.MET if strength >= weights.met else Verdict.PARTIAL if strength >= weights.partial else Verdict.MISSED
    )
    if verdict is not Verdict.MISSED and negates_claim(spans.texts[best], point.claim):
        return Prior(Verdict.MISSED, best, strength, negated=True)
    return Prior(verdict, best, strength)

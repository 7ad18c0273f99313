"""How similar a bank point is to sentences that are about something else: the embedding cosine between
each rubric point's claim and every sentence of the other questions' reference answers (same domain,
other topics), beside the closest sentence of its own reference. Where `judge_alone_cosine` (judge.json)
sits: the judge alone credits no span less similar to the point than that.
Usage: python benchmarks/unrelated_cosine.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from interviewer.bank.loader import all_questions, load_banks
from interviewer.grading.sentences import split_spans
from interviewer.judge.model import JudgeCard
from interviewer.store.embeddings import make_embedder

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    embedder = make_embedder("minilm")
    questions = all_questions(load_banks(REPO / "knowledge"))
    sentences = [(q.id, s.text) for q in questions for s in split_spans(q.reference_answer)]
    claims = [(q.id, p.claim) for q in questions for p in q.rubric]
    similarity = embedder.embed([c for _, c in claims]) @ embedder.embed([s for _, s in sentences]).T
    other = np.array([[own != of for of, _ in sentences] for own, _ in claims])
    unrelated = similarity[other]
    cut = float(JudgeCard.read().thresholds.get("judge_alone_cosine", 0.0))
    print(f"{len(claims)} points, {len(sentences)} reference sentences")
    print("cosine to other questions' sentences, percentiles 50/75/85/90/95/99:")
    print("  " + " / ".join(f"{v:.3f}" for v in np.percentile(unrelated, [50, 75, 85, 90, 95, 99])))
    print(f"judge_alone_cosine {cut}: above {100 * float(np.mean(unrelated < cut)):.1f} % of them")
    own = np.where(~other, similarity, -1.0).max(axis=1)
    print("closest sentence of the point's own reference, percentiles 10/50/90:")
    print("  " + " / ".join(f"{v:.3f}" for v in np.percentile(own, [10, 50, 90])))


if __name__ == "__main__":
    main()

"""The judge's four verdicts on (rubric point, answer span), in the order of its output logits."""

from __future__ import annotations

LABELS: tuple[str, ...] = ("met", "partial", "missed", "contradicted")
MET, PARTIAL, MISSED, CONTRADICTED = range(4)

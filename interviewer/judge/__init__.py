"""The offline judge: a MiniLM cross-encoder trained to judge (rubric point, answer span) pairs."""

from interviewer.judge.labels import LABELS
from interviewer.judge.model import Judge, JudgeCard, shipped_judge

__all__ = ["LABELS", "Judge", "JudgeCard", "shipped_judge"]

"""Rubric drafting, in one place: points from a reference answer, offline (`drafting.offline`, one per
claim) or by a chat model (`drafting.llm`: checked, retried, falling back to offline), for reference-only
grading and for bank imports. Importing this package loads no provider layer."""

from interviewer.drafting.offline import DraftTooShort, clauses, draft_points, offline_points
from interviewer.drafting.points import Draft, Drafter, RubricInput, points_from, rubric_items

__all__ = [
    "Draft",
    "DraftTooShort",
    "Drafter",
    "RubricInput",
    "clauses",
    "draft_points",
    "offline_points",
    "points_from",
    "rubric_items",
]

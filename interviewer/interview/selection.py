"""Which question comes next: deterministic given the plan's seed and the candidate's history.

Among the eligible questions not yet asked in this session, prefer in order: one the candidate has not
seen in a past session (seen ones come back only when the bank runs out); with a weak-areas plan, the
weakest subtopic or question; the difficulty closest to the one wanted; a subtopic not yet covered in
this session; then a seeded hash of the id, so the same seed gives the same interview.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence

from interviewer.bank.models import Difficulty, Question
from interviewer.interview.history import CandidateHistory
from interviewer.interview.plan import InterviewPlan
from interviewer.interview.session import SessionError


def eligible(plan: InterviewPlan, pool: Iterable[Question]) -> list[Question]:
    """The pool narrowed to the plan's bank and question types, in id order."""
    chosen = [
        q for q in pool if (plan.bank is None or q.bank == plan.bank) and (not plan.types or q.type in plan.types)
    ]
    if not chosen:
        types = ", ".join(t.value for t in plan.types) or "any type"
        raise SessionError(f"no question in bank {plan.bank or '(all)'} of {types}")
    return sorted(chosen, key=lambda q: q.id)


def seeded_order(seed: int, question_id: str) -> str:
    return hashlib.sha256(f"{seed}:{question_id}".encode()).hexdigest()


def pick_question(
    plan: InterviewPlan,
    candidates: Sequence[Question],
    asked: Sequence[str],
    history: CandidateHistory,
    difficulty: Difficulty,
) -> Question | None:
    """The best next question for `plan`, or None when every candidate has been asked."""
    asked_ids = set(asked)
    by_id = {q.id: q for q in candidates}
    covered = Counter(s for qid in asked if qid in by_id for s in by_id[qid].subtopics)
    remaining = [q for q in candidates if q.id not in asked_ids]

    def rank(q: Question) -> tuple[bool, float, int, int, str]:
        weak = round(history.weakness(q), 1) if plan.weak_areas else 0.0
        repeats = sum(covered[s] for s in q.subtopics)
        distance = abs(q.difficulty.level - difficulty.level)
        return q.id in history.seen, -weak, distance, repeats, seeded_order(plan.seed, q.id)

    return min(remaining, key=rank, default=None)

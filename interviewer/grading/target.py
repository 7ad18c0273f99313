"""What an answer is graded against: a bank question, or rubric points drafted from a reference answer."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from interviewer.bank.models import Question, RedFlag, RubricPoint
from interviewer.grading.cues import content_words
from interviewer.grading.sentences import split_spans
from interviewer.store.documents import content_hash

MAX_CLAIMS = 8


@dataclass(frozen=True)
class GradingTarget:
    question_id: str
    question_text: str
    reference_answer: str
    points: tuple[RubricPoint, ...]
    red_flags: tuple[RedFlag, ...]
    content_hash: str
    drafted: bool = False

    @property
    def weights(self) -> list[float]:
        return [p.weight for p in self.points]


def target_from_question(question: Question) -> GradingTarget:
    return GradingTarget(
        question_id=question.id,
        question_text=question.text,
        reference_answer=question.reference_answer,
        points=tuple(question.rubric),
        red_flags=tuple(question.red_flags),
        content_hash=content_hash(question),
    )


def _claim_groups(sentences: list[str]) -> list[str]:
    """Merge fragments into their neighbour, then group sentences so there are at most MAX_CLAIMS."""
    merged: list[str] = []
    for sentence in sentences:
        if merged and len(content_words(sentence)) < 3:
            merged[-1] = f"{merged[-1]} {sentence}"
        else:
            merged.append(sentence)
    size = -(-len(merged) // MAX_CLAIMS)
    return [" ".join(merged[i : i + size]) for i in range(0, len(merged), size)]


def draft_points(reference_answer: str) -> tuple[RubricPoint, ...]:
    """Offline drafting: one rubric point per distinct claim (sentence) of the reference answer."""
    sentences = [s.text for s in split_spans(reference_answer)] or [reference_answer.strip()]
    points = []
    for i, claim in enumerate(_claim_groups(sentences)):
        terms = list(dict.fromkeys(content_words(claim)))[:8]
        points.append(
            RubricPoint(
                id=f"claim-{i + 1}",
                claim=claim,
                weight=1.0,
                full_credit=f"States: {claim}",
                partial_credit="States part of this claim, or states it without the reasoning.",
                key_terms=terms,
                drafted=True,
            )
        )
    return tuple(points)


def target_from_reference(
    question_text: str, reference_answer: str, points: tuple[RubricPoint, ...] | None = None
) -> GradingTarget:
    """Reference-only mode: the caller's reference answer is the only knowledge there is; the rubric
    is `points` when a model drafted them, else one point per claim of the reference answer."""
    digest = hashlib.sha256(f"{question_text}\n{reference_answer}".encode()).hexdigest()[:16]
    slug = re.sub(r"[^a-z0-9]+", "-", question_text.lower()).strip("-")[:40] or "question"
    return GradingTarget(
        question_id=f"adhoc-{slug}-{digest[:6]}",
        question_text=question_text,
        reference_answer=reference_answer,
        points=points or draft_points(reference_answer),
        red_flags=(),
        content_hash=digest,
        drafted=True,
    )

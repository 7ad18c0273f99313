"""What an answer is graded against: a bank question, or rubric points drafted from a reference answer."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from interviewer.bank.models import Question, RedFlag, RubricPoint
from interviewer.drafting.alternatives import split_alternatives
from interviewer.drafting.notes import states_a_claim, without_notes
from interviewer.drafting.offline import draft_points
from interviewer.grading.cues import content_words
from interviewer.grading.sentences import words
from interviewer.store.documents import content_hash

_QUESTION_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=\S)")


@dataclass(frozen=True)
class GradingTarget:
    question_id: str
    question_text: str
    reference_answer: str
    points: tuple[RubricPoint, ...]
    red_flags: tuple[RedFlag, ...]
    content_hash: str
    drafted: bool = False
    earlier_words: int = 0  # an interview follow-up: words the candidate already gave on this question
    alternatives: tuple[tuple[str, ...], ...] = ()  # per point (or none): other statements, any one of which
    # states it as well (a reference answer's "one of the following" list; reference-only grading reads them)

    def statements(self) -> list[tuple[str, ...]]:
        """Per point: its claim, then its alternatives (`alternatives`)."""
        others = self.alternatives or ((),) * len(self.points)
        return [(p.claim, *more) for p, more in zip(self.points, others, strict=True)]

    def own_words(self) -> frozenset[str]:
        """The words of its question, reference answer and points (claims, credit texts, key terms): words
        the question itself uses ("Celsius"), whatever a dictionary holds."""
        texts = [self.question_text, self.reference_answer, *(s for st in self.statements() for s in st)]
        texts += [t for p in self.points for t in (p.full_credit, p.partial_credit, *p.key_terms)]
        return frozenset(words(" ".join(texts)))

    def written_key_terms(self) -> tuple[str, ...]:
        """The key-term groups a person wrote for its points (drafted points' are the reference's words)."""
        return tuple(group for p in self.points if not p.drafted for group in p.key_terms)

    def asked(self) -> str:
        """What an answer must do more than restate (the echo screen reads it): the question, or for a
        drafted target (reference-only grading) whose question sets out a scenario before it asks, the last
        sentence, the ask. Exam answers reason from a scenario's facts ("Because the eggshells were gone."
        to "... the eggshells were gone and the liquid was clear. ... Explain why Grace thinks she made a
        solution."), while to a bank question, reciting its setting answers nothing."""
        sentences = _QUESTION_SENTENCES.split(self.question_text.strip())
        return sentences[-1] if self.drafted and len(sentences) > 1 else self.question_text

    def answer_words(self, answer: str) -> int:
        """How long the candidate's answer to this question is, with `answer` (its earlier turns counted)."""
        return len(answer.split()) + self.earlier_words

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


SINGLE_POINT_WORDS = 40


def reference_points(reference_answer: str) -> tuple[RubricPoint, ...]:
    """A short reference answer is one point, judged whole (as the judge was trained on such pairs); a
    longer one is a point per claim. Either way its notes to the grader are left out (`drafting/notes.py`)."""
    claims = without_notes(reference_answer)
    if len(claims.split()) > SINGLE_POINT_WORDS:
        return draft_points(claims)
    return (_whole_point("reference", claims),)


def _whole_point(point_id: str, text: str) -> RubricPoint:
    claim = " ".join(text.split())
    return RubricPoint(
        id=point_id,
        claim=claim,
        weight=1.0,
        full_credit=f"States: {claim}",
        partial_credit="States part of this, or states it without the reasoning.",
        key_terms=list(dict.fromkeys(content_words(claim)))[:8],
        drafted=True,
    )


def reference_rubric(reference_answer: str) -> tuple[tuple[RubricPoint, ...], tuple[tuple[str, ...], ...]]:
    """The points of `reference_points`, and per point its alternatives. A "one of the following" list
    (`drafting/alternatives.py`) is one point, met by any of its items: its first item is the claim, the
    others its alternatives; the text before the list is drafted as usual (nothing, when it is only the note)."""
    split = split_alternatives(reference_answer)
    if not split.items:
        points = reference_points(reference_answer)
        return points, ((),) * len(points)
    main = reference_points(split.main) if states_a_claim(split.main) else ()
    choice = _whole_point("one-of-the-following", split.items[0])
    return (*main, choice), (*((),) * len(main), split.items[1:])


def target_from_reference(
    question_text: str, reference_answer: str, points: tuple[RubricPoint, ...] | None = None
) -> GradingTarget:
    """Reference-only mode: the caller's reference answer is the only knowledge there is; the rubric
    is `points` when a model drafted them, else one point per claim of the reference answer."""
    digest = hashlib.sha256(f"{question_text}\n{reference_answer}".encode()).hexdigest()[:16]
    slug = re.sub(r"[^a-z0-9]+", "-", question_text.lower()).strip("-")[:40] or "question"
    drafted, alternatives = reference_rubric(reference_answer)
    return GradingTarget(
        question_id=f"adhoc-{slug}-{digest[:6]}",
        question_text=question_text,
        reference_answer=reference_answer,
        points=points or drafted,
        red_flags=(),
        content_hash=digest,
        drafted=True,
        alternatives=() if points else alternatives,
    )

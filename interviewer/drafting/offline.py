"""Offline drafting: one rubric point per claim (sentence) of the reference answer, no model.

Reference-only grading takes the points as they come (at most MAX_CLAIMS, fragments merged into their
neighbour, notes to the grader left out: `drafting/notes.py`). A bank import needs at least MIN_POINTS:
when the answer has fewer sentences, they are cut into clauses (at `;`, `:`, and before `, and|but|so|
which|while|because …`); when that still gives fewer, drafting fails with DraftTooShort and the
importer reports the row. It does not invent points.
"""

from __future__ import annotations

import re

from interviewer.bank.models import RubricPoint
from interviewer.drafting.notes import claim_sentences
from interviewer.drafting.points import MIN_POINTS
from interviewer.grading.cues import content_words, is_fragment
from interviewer.grading.sentences import split_spans

MAX_CLAIMS = 8
_CLAUSE = re.compile(
    r"[;:]\s+|,\s+(?=(?:and|but|so|which|while|whereas|because|although|since|then|thus)\b)"
    r"|\s+(?=(?:because|whereas|so that)\b)",
    re.IGNORECASE,
)
_LEADING_CONJUNCTION = re.compile(r"^(?:and|but|so|then|thus)\s+", re.IGNORECASE)


class DraftTooShort(ValueError):
    """The reference answer holds fewer than MIN_POINTS claims."""


def _claim_groups(sentences: list[str]) -> list[str]:
    """Drop repeated sentences, merge fragments into their neighbour (the one before; a leading fragment,
    such as a heading "Possible differences:", into the one after), then group sentences so there are
    at most MAX_CLAIMS."""
    merged: list[str] = []
    pending = ""  # leading fragments, waiting for a sentence to join
    for sentence in dict.fromkeys(sentences):
        if is_fragment(sentence) and merged:
            merged[-1] = f"{merged[-1]} {sentence}"
        elif is_fragment(sentence):
            pending = f"{pending} {sentence}".strip()
        else:
            merged.append(f"{pending} {sentence}".strip())
            pending = ""
    merged = merged or [pending]
    size = -(-len(merged) // MAX_CLAIMS)
    return [" ".join(merged[i : i + size]) for i in range(0, len(merged), size)]


def draft_points(reference_answer: str) -> tuple[RubricPoint, ...]:
    """Offline drafting: one rubric point per distinct claim (sentence) of the reference answer; its
    notes to the grader ("… is also acceptable", "one of the following should be given:") are no claims."""
    spans = split_spans(reference_answer, overlap=False)  # a long sentence in windows that never repeat its words
    sentences = claim_sentences([s.text for s in spans]) or [reference_answer.strip()]
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


def clauses(text: str) -> list[str]:
    """The sentences of `text` cut into clauses, leading conjunctions dropped."""
    parts = (part.strip() for span in split_spans(text) for part in _CLAUSE.split(span.text))
    return [_LEADING_CONJUNCTION.sub("", part) for part in parts if part]


def offline_points(reference_answer: str) -> tuple[RubricPoint, ...]:
    """One point per sentence, or per clause when there are fewer than MIN_POINTS sentences."""
    points = draft_points(reference_answer)
    if len(points) < MIN_POINTS:
        points = draft_points("\n".join(clauses(reference_answer)) or reference_answer)  # no clauses: as it is
    if len(points) < MIN_POINTS:
        raise DraftTooShort(
            f"too short to draft {MIN_POINTS} rubric points (found {len(points)} claim(s)): "
            "give a longer reference answer or an explicit rubric"
        )
    return points

"""What of a question goes into the store: records with ids, texts and metadata (pure functions)."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from interviewer.bank.models import Question

Metadata = dict[str, str | int | float | bool]


@dataclass(frozen=True)
class Record:
    id: str
    text: str
    metadata: Metadata


def content_hash(question: Question) -> str:
    canonical = json.dumps(question.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def question_metadata(question: Question) -> Metadata:
    metadata: Metadata = {
        "question_id": question.id,
        "bank": question.bank,
        "subtopic": question.subtopics[0],
        "difficulty": question.difficulty.value,
        "type": question.type.value,
        "content_hash": content_hash(question),
    }
    metadata.update({f"sub_{s}": True for s in question.subtopics})
    return metadata


def passages(reference_answer: str, max_words: int = 120) -> list[str]:
    """Split a reference answer into paragraph passages of at most `max_words` words."""
    chunks: list[str] = []
    for paragraph in re.split(r"\n\s*\n", reference_answer.strip()):
        words = paragraph.split()
        chunks += [" ".join(words[i : i + max_words]) for i in range(0, len(words), max_words)]
    return [c for c in chunks if c]


def question_records(question: Question) -> list[Record]:
    return [Record(question.id, question.text, question_metadata(question))]


def rubric_records(question: Question) -> list[Record]:
    base = question_metadata(question)
    return [
        Record(
            f"{question.id}::{point.id}",
            f"{point.claim} {point.full_credit}",
            {**base, "point_id": point.id, "weight": point.weight, "position": i},
        )
        for i, point in enumerate(question.rubric)
    ]


def passage_records(question: Question) -> list[Record]:
    base = question_metadata(question)
    return [
        Record(f"{question.id}::p{i}", text, {**base, "position": i})
        for i, text in enumerate(passages(question.reference_answer))
    ]

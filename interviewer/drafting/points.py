"""Rubric points as an import file or a model gives them (a claim, the rest optional), made into full
points; and what a draft hands back."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from interviewer.bank.models import RubricPoint, Slug, Text
from interviewer.bank.slugs import short_slug, unique_slug
from interviewer.grading.cues import content_words

MIN_POINTS, MAX_POINTS = 3, 8
PARTIAL_CREDIT = "States part of this claim, or states it without the reasoning."
Drafter = Callable[[str, str], tuple[RubricPoint, ...]]  # (question, reference answer) -> rubric points


class RubricInput(BaseModel):
    """A rubric point as an import file gives it: a claim, the rest optional."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    claim: Text
    weight: float = Field(default=1.0, gt=0, le=10)
    key_terms: list[Text] = Field(default_factory=list)
    id: Slug | None = None
    full_credit: Text | None = None
    partial_credit: Text | None = None


class DraftedPoint(RubricInput):
    model_config = ConfigDict(extra="ignore", frozen=True)  # a model's extra keys are ignored


class DraftOutput(BaseModel):
    """What the drafting model must return."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    points: list[DraftedPoint] = Field(min_length=MIN_POINTS, max_length=MAX_POINTS)


def rubric_items(value: object) -> object:
    """The rubric column as a list: a list or JSON list (of objects or claims), or claims separated by ';'."""
    items = value
    if isinstance(value, str) and value.strip().startswith("["):
        try:
            items = json.loads(value)
        except json.JSONDecodeError as exc:
            raise ValueError(f"not a valid JSON list ({exc.msg} at position {exc.pos})") from exc
    elif isinstance(value, str):
        items = [part.strip() for part in value.split(";") if part.strip()]
    return [{"claim": item} if isinstance(item, str) else item for item in items] if isinstance(items, list) else items


def points_from(items: Sequence[RubricInput], drafted: bool) -> tuple[RubricPoint, ...]:
    """Full rubric points: ids from the claims (unique), credit texts and key terms filled in when absent."""
    taken: list[str] = []
    for item in items:
        taken.append(unique_slug(item.id or short_slug(item.claim, 40) or "point", taken))
    return tuple(
        RubricPoint(
            id=point_id,
            claim=item.claim,
            weight=item.weight,
            full_credit=item.full_credit or f"States: {item.claim}",
            partial_credit=item.partial_credit or PARTIAL_CREDIT,
            key_terms=item.key_terms or list(dict.fromkeys(content_words(item.claim)))[:8],
            drafted=drafted,
        )
        for point_id, item in zip(taken, items, strict=True)
    )


@dataclass(frozen=True)
class Draft:
    points: tuple[RubricPoint, ...]
    warning: str | None = None

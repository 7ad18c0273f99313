"""Pydantic models of a question bank: the schema every YAML file in `knowledge/` follows."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Difficulty(str, Enum):
    EASY = "Easy"
    MEDIUM = "Medium"
    HARD = "Hard"

    @property
    def level(self) -> int:
        return {"Easy": 1, "Medium": 2, "Hard": 3}[self.value]


class QuestionType(str, Enum):
    TECHNICAL = "Technical"
    SYSTEM_DESIGN = "System Design"
    BEHAVIORAL = "Behavioral/Leadership"
    CONCEPTUAL = "Conceptual"
    DEBUGGING = "Debugging"


class RubricPoint(Strict):
    """One idea the candidate must convey, gradable on its own."""

    id: Slug
    claim: Text = Field(description="What the candidate must convey, in one sentence.")
    weight: float = Field(gt=0, le=10)
    full_credit: Text
    partial_credit: Text
    key_terms: list[Text] = Field(
        default_factory=list,
        description="Terms that signal this point; synonyms separated by '|', e.g. 'fp16|float16'.",
    )
    drafted: bool = Field(default=False, description="Drafted by a tool; awaiting human review.")


class FollowUp(Strict):
    text: Text
    probes: list[Slug] = Field(min_length=1, description="Ids of the rubric points it probes.")


class RedFlag(Strict):
    """A misconception; stating it costs points."""

    id: Slug
    statement: Text = Field(description="The misconception, stated as a candidate would state it.")
    cost: float = Field(gt=0, le=50, description="Points of 100 deducted when it is stated.")
    contradicts: Slug | None = Field(default=None, description="Rubric point it contradicts.")
    key_terms: list[Text] = Field(default_factory=list)


class Source(Strict):
    title: Text
    year: int = Field(ge=1950, le=2100)
    url: str | None = None
    citation: str | None = None

    @model_validator(mode="after")
    def _has_locator(self) -> Source:
        if not (self.url or self.citation):
            raise ValueError("a source needs a url or a citation")
        return self


class Question(Strict):
    id: Slug
    text: Text
    bank: Slug
    subtopics: list[Slug] = Field(min_length=1)
    difficulty: Difficulty
    type: QuestionType
    metadata: dict[str, int | float | str] = Field(default_factory=dict)
    reference_answer: Text
    rubric: list[RubricPoint] = Field(min_length=3, max_length=8)
    follow_ups: list[FollowUp] = Field(default_factory=list)
    red_flags: list[RedFlag] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)

    def point(self, point_id: str) -> RubricPoint:
        for point in self.rubric:
            if point.id == point_id:
                return point
        raise KeyError(point_id)


class Subtopic(Strict):
    id: Slug
    title: Text
    description: Text


class Bank(Strict):
    id: Slug
    title: Text
    description: Text
    subtopics: list[Subtopic] = Field(min_length=1)

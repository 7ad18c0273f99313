"""Rubrics of your own for a human-scored file: agreement measured on what a team runs when it grades
an exam against rubric points it wrote (bank mode), rather than against a reference answer alone.

A YAML mapping from each row's `question_id` to the points (and, optionally, red flags and a model
answer) for that question, in the bank's rubric format:

    "1.5":
      reference_answer: "A named location in memory that holds a value of a given type."   # optional
      points:
        - id: named-memory-location
          claim: "A variable is a named location in memory that stores a value."
          weight: 2
          full_credit: "Says it names a memory location holding a value."
          partial_credit: "Says it holds a value, without the memory location."
          key_terms: ["memory|location|address", "value|data"]
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from interviewer.bank.models import RedFlag, RubricPoint
from interviewer.errors import InputFileError
from interviewer.grading.target import GradingTarget


class QuestionRubric(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    reference_answer: str = ""
    points: list[RubricPoint] = Field(min_length=1)
    red_flags: list[RedFlag] = Field(default_factory=list)

    def target(self, question_id: str, question_text: str) -> GradingTarget:
        digest = hashlib.sha256(json.dumps(self.model_dump(mode="json"), sort_keys=True).encode()).hexdigest()[:16]
        return GradingTarget(
            question_id=question_id,
            question_text=question_text,
            reference_answer=self.reference_answer,
            points=tuple(self.points),
            red_flags=tuple(self.red_flags),
            content_hash=digest,
        )


def read_rubrics(path: Path) -> dict[str, QuestionRubric]:
    """Each question id's rubric; an unreadable file or a malformed rubric names the file and the question."""
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise InputFileError(f"{path}: not YAML ({str(exc).splitlines()[0]})") from exc
    if not isinstance(loaded, dict) or not loaded:
        raise InputFileError(f"{path}: expected a mapping from question_id to a rubric")
    rubrics = {}
    for question_id, value in loaded.items():
        try:
            rubrics[str(question_id)] = QuestionRubric.model_validate(value)
        except ValidationError as exc:
            problem = exc.errors()[0]
            where = ".".join(str(part) for part in problem["loc"])
            raise InputFileError(f"{path}: question {question_id}: {where}: {problem['msg']}") from exc
    return rubrics


def missing_rubrics(question_ids: list[str | None], rubrics: dict[str, QuestionRubric]) -> list[str]:
    """The rows' question ids (in order of first appearance) that the rubric file has no rubric for."""
    wanted = dict.fromkeys("(no question_id)" if q is None else q for q in question_ids)
    return [q for q in wanted if q not in rubrics]

"""What the grading model must return: the JSON schema it is asked for and the pydantic model that checks it.

The output has one named key per rubric point (small models keep track of named keys far better than
of list positions), the red flags it saw with a verbatim quote each, and whether the answer tried to
instruct the grader. Keys the engine does not read are ignored; wrong or missing ids are errors.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from interviewer.grading.target import GradingTarget
from interviewer.grading.types import Verdict

SCHEMA_NAME = "rubric_grade"
_FENCE = re.compile(r"^\s*```(?:json)?\s*|\s*```\s*$", re.IGNORECASE)


class InvalidOutput(ValueError):
    """The model's reply is not the JSON the rubric asks for; the message is fit to send back to it."""


class PointOutput(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    verdict: Verdict
    evidence: str | int | None = None  # a quote, or a sentence number (prompts with evidence: sentence)
    rationale: str = ""

    @field_validator("verdict", mode="before")
    @classmethod
    def _lower_case(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value


class FlagOutput(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str
    evidence: str | int | None = None


class GradeOutput(BaseModel):
    """Validated with context {"point_ids": [...], "flag_ids": [...]}: the ids must be exactly the rubric's."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    points: dict[str, PointOutput]
    red_flags: list[FlagOutput] = Field(default_factory=list)
    injection_detected: bool = False

    @field_validator("red_flags", mode="before")
    @classmethod
    def _bare_ids(cls, value: object) -> object:
        """Accept `["flag-id"]` as well as `[{"id": "flag-id", "evidence": ...}]`."""
        return [{"id": v} if isinstance(v, str) else v for v in value] if isinstance(value, list) else value

    @model_validator(mode="after")
    def _known_ids(self, info: ValidationInfo) -> GradeOutput:
        context = info.context or {}
        point_ids, flag_ids = list(context.get("point_ids", self.points)), set(context.get("flag_ids", ()))
        missing = [i for i in point_ids if i not in self.points]
        unknown = [i for i in self.points if i not in point_ids]
        bad_flags = [f.id for f in self.red_flags if f.id not in flag_ids]
        problems = [
            f"missing rubric point(s) {missing}" if missing else "",
            f"unknown rubric point(s) {unknown}; use exactly {point_ids}" if unknown else "",
            f"unknown red flag(s) {bad_flags}; known: {sorted(flag_ids) or 'none'}" if bad_flags else "",
        ]
        if any(problems):
            raise ValueError("; ".join(p for p in problems if p))
        return self


def _json_text(reply: str) -> str:
    """The JSON object in a reply, without code fences or chatter around it."""
    text = _FENCE.sub("", reply.strip())
    start, end = text.find("{"), text.rfind("}")
    return text[start : end + 1] if 0 <= start < end else text


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors(include_url=False):
        where = ".".join(str(part) for part in error["loc"])
        parts.append(f"{where}: {error['msg']}" if where else str(error["msg"]))
    return "; ".join(parts)


def parse_output(reply: str, target: GradingTarget) -> GradeOutput:
    """Parse and check a reply against the target's rubric; raise InvalidOutput saying what is wrong."""
    try:
        data = json.loads(_json_text(reply))
    except json.JSONDecodeError as exc:
        raise InvalidOutput(f"the reply is not a JSON object ({exc.msg} at position {exc.pos})") from exc
    context = {"point_ids": [p.id for p in target.points], "flag_ids": [f.id for f in target.red_flags]}
    try:
        return GradeOutput.model_validate(data, context=context)
    except ValidationError as exc:
        raise InvalidOutput(_describe(exc)) from exc


@dataclass(frozen=True)
class TextLimits:
    """maxLength for the free-text fields, for servers that enforce the schema with a grammar (llama.cpp):
    a small model then cannot spend its time on long quotes or rationales. A quote cut short stays a
    verbatim span of the answer."""

    evidence: int = 200
    rationale: int = 120


def _text(max_chars: int | None, nullable: bool = False) -> dict[str, Any]:
    if max_chars is None:
        return {"type": ["string", "null"] if nullable else "string"}
    text = {"type": "string", "maxLength": max_chars}
    # anyOf, not a type list: llama.cpp's grammar converter drops maxLength from a type list's branches
    return {"anyOf": [text, {"type": "null"}]} if nullable else text


def _evidence(limits: TextLimits | None, sentences: int | None) -> dict[str, Any]:
    if sentences is None:
        return _text(limits.evidence if limits else None, nullable=True)
    return {"anyOf": [{"enum": list(range(1, sentences + 1))}, {"type": "null"}]}


def _point_schema(limits: TextLimits | None, sentences: int | None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {  # in the order a model writes them: the evidence, why, then the verdict it led to
            "evidence": _evidence(limits, sentences),
            "rationale": _text(limits.rationale if limits else None),
            "verdict": {"type": "string", "enum": [v.value for v in Verdict]},
        },
        "required": ["evidence", "rationale", "verdict"],
        "additionalProperties": False,
    }


def output_schema(
    target: GradingTarget, limits: TextLimits | None = None, sentences: int | None = None
) -> dict[str, Any]:
    """JSON schema of the reply: one required key per rubric point id (strict-mode compatible without `limits`).
    With `sentences` (the number of the answer's numbered sentences), evidence is a sentence number."""
    flag_id: dict[str, Any] = {"type": "string"}
    if target.red_flags:
        flag_id["enum"] = [f.id for f in target.red_flags]
    flag = {
        "type": "object",
        "properties": {"id": flag_id, "evidence": _evidence(limits, sentences)},
        "required": ["id", "evidence"],
        "additionalProperties": False,
    }
    points = {
        "type": "object",
        "properties": {p.id: _point_schema(limits, sentences) for p in target.points},
        "required": [p.id for p in target.points],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "properties": {
            "points": points,
            "red_flags": {"type": "array", "items": flag},
            "injection_detected": {"type": "boolean"},
        },
        "required": ["points", "red_flags", "injection_detected"],
        "additionalProperties": False,
    }

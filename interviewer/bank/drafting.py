"""Rubric points for imported questions: given in the file, drafted offline, or drafted by a chat model.

Offline drafting takes one point per sentence of the reference answer (`grading.target.draft_points`).
The schema needs at least 3 points. When the answer has fewer sentences, its sentences are split
into clauses (at `;`, `:`, and before `, and|but|so|which|while|because …`). When that still gives
fewer than 3 claims, drafting fails with DraftTooShort: the importer reports the row and asks for a
longer reference answer or an explicit rubric. It does not invent points.

Model drafting asks for JSON (`prompts/draft_rubric.yaml`) and checks it with pydantic. An invalid reply
goes back to the model with the error, a bounded number of times. After that, or on a model error,
`draft_rubric` falls back to offline drafting and returns a warning. Drafted points carry `drafted: true`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from interviewer.bank.loader import field_path
from interviewer.bank.models import RubricPoint, Slug, Text
from interviewer.grading.cues import content_words
from interviewer.grading.sentences import split_spans
from interviewer.grading.target import draft_points
from interviewer.llm.prompts import PromptTemplate

MIN_POINTS, MAX_POINTS = 3, 8
PARTIAL_CREDIT = "States part of this claim, or states it without the reasoning."
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "do",
        "does",
        "for",
        "from",
        "how",
        "i",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "what",
        "when",
        "where",
        "which",
        "why",
        "with",
        "would",
        "you",
        "your",
    ]
)
_CLAUSE = re.compile(
    r"[;:]\s+|,\s+(?=(?:and|but|so|which|while|whereas|because|although|since|then|thus)\b)"
    r"|\s+(?=(?:because|whereas|so that)\b)",
    re.IGNORECASE,
)
_LEADING_CONJUNCTION = re.compile(r"^(?:and|but|so|then|thus)\s+", re.IGNORECASE)


class DraftTooShort(ValueError):
    """The reference answer holds fewer than MIN_POINTS claims."""


class DraftFailure(ValueError):
    """The model gave no valid draft (model error, or invalid output after the retries)."""


def slug(text: str) -> str:
    """`Inference performance` → `inference-performance`."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def short_slug(text: str, max_length: int = 50) -> str:
    """An id from a sentence: its words without stopwords, cut at a word boundary."""
    words = slug(text).split("-")
    kept = [w for w in words if w not in _STOPWORDS] or words
    chosen = ""
    for word in kept:
        if chosen and len(chosen) + 1 + len(word) > max_length:
            break
        chosen = f"{chosen}-{word}" if chosen else word
    return chosen[:max_length].strip("-")


def unique_slug(wanted: str, taken: Collection[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`, … whichever is not taken yet."""
    candidate, suffix = wanted, 2
    while candidate in taken:
        candidate, suffix = f"{wanted[:75]}-{suffix}", suffix + 1
    return candidate


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


def clauses(text: str) -> list[str]:
    """The sentences of `text` cut into clauses, leading conjunctions dropped."""
    parts = (part.strip() for span in split_spans(text) for part in _CLAUSE.split(span.text))
    return [_LEADING_CONJUNCTION.sub("", part) for part in parts if part]


def offline_points(reference_answer: str) -> tuple[RubricPoint, ...]:
    """One point per sentence, or per clause when there are fewer than MIN_POINTS sentences."""
    points = draft_points(reference_answer)
    if len(points) < MIN_POINTS:
        points = draft_points("\n".join(clauses(reference_answer)))
    if len(points) < MIN_POINTS:
        raise DraftTooShort(
            f"too short to draft {MIN_POINTS} rubric points (found {len(points)} claim(s)): "
            "give a longer reference answer or an explicit rubric"
        )
    return points


def parse_draft(reply: str) -> tuple[RubricPoint, ...]:
    """The drafted points in a model reply; DraftFailure says what is wrong, fit to send back to the model."""
    text = reply.strip()
    start, end = text.find("{"), text.rfind("}")
    try:
        data = json.loads(text[start : end + 1] if 0 <= start < end else text)
    except json.JSONDecodeError as exc:
        raise DraftFailure(f"the reply is not a JSON object ({exc.msg} at position {exc.pos})") from exc
    try:
        output = DraftOutput.model_validate(data)
    except ValidationError as exc:
        raise DraftFailure("; ".join(f"{field_path(e['loc'])}: {e['msg']}" for e in exc.errors())) from exc
    return points_from(output.points, drafted=True)


class LLMDrafter:
    """Drafts rubric points with a chat model; invalid replies are retried `retries` times with the error."""

    def __init__(self, chat_model: BaseChatModel, prompt: PromptTemplate, retries: int = 2) -> None:
        self.chat_model = chat_model
        self.prompt = prompt
        self.retries = retries

    def draft(self, question: str, reference_answer: str) -> tuple[RubricPoint, ...]:
        system, user = self.prompt.render(question=question, reference_answer=reference_answer)
        history: list[BaseMessage] = [SystemMessage(system), HumanMessage(user)]
        error = ""
        for _ in range(self.retries + 1):
            reply = self._call(history)
            try:
                return parse_draft(reply)
            except DraftFailure as exc:
                error = str(exc)
            history += [AIMessage(reply), HumanMessage(f"Your reply was invalid: {error}\nReply with the JSON only.")]
        raise DraftFailure(f"invalid model output after {self.retries + 1} attempts: {error}")

    def _call(self, history: list[BaseMessage]) -> str:
        try:
            return str(self.chat_model.invoke(history).text)
        except Exception as exc:  # the provider's own retries are spent
            raise DraftFailure(f"model error: {type(exc).__name__}: {str(exc)[:200]}") from exc


@dataclass(frozen=True)
class Draft:
    points: tuple[RubricPoint, ...]
    warning: str | None = None


def draft_rubric(question: str, reference_answer: str, llm: LLMDrafter | None = None) -> Draft:
    """Points drafted by the model when one is given, offline otherwise or when the model fails."""
    if llm is None:
        return Draft(offline_points(reference_answer))
    try:
        return Draft(llm.draft(question, reference_answer))
    except DraftFailure as exc:
        return Draft(offline_points(reference_answer), f"the model's draft failed ({exc}); drafted offline")

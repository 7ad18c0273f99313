"""Model drafting: a chat model asked for JSON (`prompts/draft_rubric.yaml`), checked with pydantic. An
invalid reply goes back to the model with the error a bounded number of times; after that, or on a model
error, `draft_rubric` falls back to offline drafting and says so. Drafted points carry `drafted: true`."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import TYPE_CHECKING

from pydantic import ValidationError

from interviewer.bank.loader import field_path
from interviewer.bank.models import RubricPoint
from interviewer.config import Settings
from interviewer.drafting.offline import offline_points
from interviewer.drafting.points import Draft, Drafter, DraftOutput, points_from
from interviewer.errors import ConfigError
from interviewer.llm.prompts import PromptTemplate

if TYPE_CHECKING:  # langchain is imported where a message is built, not when the CLI starts
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage


class DraftFailure(ValueError):
    """The model gave no valid draft (model error, or invalid output after the retries)."""


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
        from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

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


def draft_rubric(question: str, reference_answer: str, llm: LLMDrafter | None = None) -> Draft:
    """Points drafted by the model when one is given, offline otherwise or when the model fails."""
    if llm is None:
        return Draft(offline_points(reference_answer))
    try:
        return Draft(llm.draft(question, reference_answer))
    except DraftFailure as exc:
        return Draft(offline_points(reference_answer), f"the model's draft failed ({exc}); drafted offline")


def drafter_for(settings: Settings, engine: str | None = None, model: str | None = None) -> Drafter | None:
    """With the llm engine, reference-only rubrics are drafted by the same model (cached per question,
    falling back to offline drafting when the model fails); offline, None (one point per claim)."""
    if (engine or settings.engine) != "llm":
        return None
    from interviewer.llm.chat import make_chat_model
    from interviewer.llm.prompts import load_prompt

    spec = model or settings.chat_model
    if not spec:
        raise ConfigError("the llm engine needs a model: --model provider:model or INTERVIEWER_CHAT_MODEL")
    llm = LLMDrafter(make_chat_model(spec, settings), load_prompt("draft_rubric", settings.prompts_dir))

    @lru_cache(maxsize=1024)
    def drafted(question: str, reference_answer: str) -> tuple[RubricPoint, ...]:
        return draft_rubric(question, reference_answer, llm).points

    return drafted

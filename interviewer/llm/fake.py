"""A scripted chat model for tests: it replies from a queue and records what it was asked."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import Field

Reply = str | AIMessage | BaseException


class ScriptExhausted(AssertionError):
    """The code under test called the model more often than the test scripted."""


@dataclass(frozen=True)
class RecordedCall:
    messages: list[BaseMessage]
    kwargs: dict[str, Any]

    @property
    def text(self) -> str:
        """Every message's text, in order: what the model was shown."""
        return "\n".join(str(m.text) for m in self.messages)


class ScriptedChatModel(BaseChatModel):
    """Each call takes the next reply: a string or AIMessage is returned, an exception is raised.

    Keyword arguments reach `_generate` whether passed to `invoke` or bound with `.bind(...)`; both are
    recorded in `calls` along with the messages. `stream` takes a reply the same way and yields it a
    word (with its trailing space) at a time, as a server streams tokens.
    """

    replies: list[Any] = Field(default_factory=list, description="Reply values, taken in order (unvalidated).")
    calls: list[RecordedCall] = Field(default_factory=list)

    def __init__(self, replies: Sequence[Reply] = (), **kwargs: Any) -> None:
        super().__init__(replies=list(replies), **kwargs)

    @property
    def _llm_type(self) -> str:
        return "scripted"

    @property
    def remaining(self) -> int:
        return len(self.replies)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        self.calls.append(RecordedCall(list(messages), dict(kwargs, **({"stop": stop} if stop else {}))))
        if not self.replies:
            raise ScriptExhausted(f"the scripted model ran out of replies after {len(self.calls) - 1} call(s)")
        reply = self.replies.pop(0)
        if isinstance(reply, BaseException):
            raise reply
        message = reply if isinstance(reply, AIMessage) else AIMessage(content=reply)
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        reply = self._generate(messages, stop, run_manager, **kwargs).generations[0].message
        for piece in re.findall(r"\s*\S+\s*", str(reply.text)) or [""]:
            yield ChatGenerationChunk(message=AIMessageChunk(content=piece))

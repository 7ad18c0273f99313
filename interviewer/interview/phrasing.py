"""Follow-ups phrased by a chat model, checked so that they never give the answer away.

The model sees the question, the point to probe, the bank follow-up and the candidate's answers (as
delimited data). Its reply is used only if it is a short question that repeats no run of LEAK_WORDS
words from the reference answer or the rubric (claims and full-credit texts); runs that the question
or the bank follow-up already contain do not count. On any failure the bank follow-up is asked.

With `on_text`, the reply is streamed: the callback gets the text written so far, minus its last
LEAK_WORDS - 1 words, and only while no complete run leaks. Any run that later proves to leak therefore
starts after what was shown: a candidate never sees a word of it, even when the bank follow-up replaces
the reply in the end.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from interviewer.bank.models import Question
from interviewer.grading.llm_engine import neutralise
from interviewer.interview.policy import FollowUp
from interviewer.llm.prompts import PromptTemplate

if TYPE_CHECKING:  # langchain is imported where a message is built, not when the CLI starts
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import HumanMessage, SystemMessage

    Messages = list[SystemMessage | HumanMessage]

LEAK_WORDS = 6
MAX_CHARS = 400
WORD = re.compile(r"[a-z0-9]+", re.IGNORECASE)
TextSink = Callable[[str], None]


@dataclass(frozen=True)
class Phrased:
    text: str
    phrased_by: str
    note: str = ""


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def _runs(text: str, n: int) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


Runs = set[tuple[str, ...]]


def hidden_runs(secrets: Iterable[str], allowed: Iterable[str] = (), n: int = LEAK_WORDS) -> Runs:
    """The runs of `n` words of `secrets` that no `allowed` text contains: what a follow-up must not say."""
    known: Runs = set().union(*(_runs(a, n) for a in allowed))
    return set().union(*(_runs(s, n) for s in secrets)) - known


def leaks(text: str, secrets: Iterable[str], allowed: Iterable[str] = (), n: int = LEAK_WORDS) -> bool:
    """Whether `text` repeats a run of `n` words from `secrets` that no `allowed` text contains."""
    return bool(_runs(text, n) & hidden_runs(secrets, allowed, n))


def clean_reply(reply: str) -> str:
    """The reply as asked: surrounding quotes and repeated whitespace removed."""
    return " ".join(reply.strip().strip("\"'“”").split())


def showable_prefix(partial: str, hold: int = LEAK_WORDS - 1) -> str:
    """What of a reply still being written may be shown: all but its last `hold` words (cleaned)."""
    starts = [m.start() for m in WORD.finditer(partial)]
    if len(starts) <= hold:
        return ""
    return clean_reply(partial[: starts[-hold]] if hold else partial)


class _Withheld(Exception):
    """A streamed reply stopped early: it leaked or ran too long."""


def answer_secrets(question: Question) -> list[str]:
    return [question.reference_answer, *(p.full_credit for p in question.rubric), *(p.claim for p in question.rubric)]


class FollowUpPhraser:
    """Asks `chat_model` to phrase a follow-up; falls back to the bank's text on error, leak or bad reply."""

    def __init__(self, chat_model: BaseChatModel, prompt: PromptTemplate, model_name: str) -> None:
        self.chat_model = chat_model
        self.prompt = prompt
        self.label = f"{model_name} ({prompt.name} v{prompt.version})"

    def phrase(
        self, question: Question, move: FollowUp, answers: Sequence[str], on_text: TextSink | None = None
    ) -> Phrased:
        """The follow-up to ask; `on_text` (optional) is called with the text as the model writes it."""
        messages = self._messages(question, move, answers)
        hidden = hidden_runs(answer_secrets(question), [question.text, move.text])
        try:
            reply = self._reply(messages, hidden, on_text)
        except _Withheld as withheld:
            return Phrased(move.text, "bank", f"{withheld}; bank follow-up asked")
        except Exception as exc:  # any provider error: the bank follow-up is always a valid question
            return Phrased(move.text, "bank", f"phrasing failed ({type(exc).__name__}); bank follow-up asked")
        text = clean_reply(reply)
        if not text or len(text) > MAX_CHARS:
            return Phrased(move.text, "bank", "phrased follow-up empty or too long; bank follow-up asked")
        if _runs(text, LEAK_WORDS) & hidden:
            return Phrased(move.text, "bank", "phrased follow-up revealed the answer; bank follow-up asked")
        return Phrased(text, self.label)

    def _reply(self, messages: Messages, hidden: Runs, on_text: TextSink | None) -> str:
        if on_text is None:
            return str(self.chat_model.invoke(messages).text)
        written, shown = "", ""
        for chunk in self.chat_model.stream(messages):
            written += str(chunk.text)
            if len(written) > 2 * MAX_CHARS:
                raise _Withheld("phrased follow-up empty or too long")
            if _runs(written, LEAK_WORDS) & hidden:
                raise _Withheld("phrased follow-up revealed the answer")
            if (prefix := showable_prefix(written)) != shown:
                shown = prefix
                on_text(shown)
        return written

    def _messages(self, question: Question, move: FollowUp, answers: Sequence[str]) -> Messages:
        system, user = self.prompt.render(
            question=question.text,
            point=question.point(move.aimed_at).claim,
            suggestion=move.text,
            answers="\n".join(f"<answer>\n{neutralise(a)}\n</answer>" for a in answers) or "(none)",
        )
        from langchain_core.messages import HumanMessage, SystemMessage

        return [SystemMessage(system), HumanMessage(user)]

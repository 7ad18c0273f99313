"""Follow-ups phrased by a chat model, checked so that they never give the answer away.

The model sees the question, the point to probe, the bank follow-up and the candidate's answers (as
delimited data). Its reply is used only if it is a short question that repeats no run of LEAK_WORDS
words from the reference answer or the rubric (claims and full-credit texts); runs that the question
or the bank follow-up already contain do not count. On any failure the bank follow-up is asked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from interviewer.bank.models import Question
from interviewer.grading.llm_engine import neutralise
from interviewer.interview.policy import FollowUp
from interviewer.llm.prompts import PromptTemplate

LEAK_WORDS = 6
MAX_CHARS = 400


@dataclass(frozen=True)
class Phrased:
    text: str
    phrased_by: str
    note: str = ""


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _runs(text: str, n: int) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def leaks(text: str, secrets: Iterable[str], allowed: Iterable[str] = (), n: int = LEAK_WORDS) -> bool:
    """Whether `text` repeats a run of `n` words from `secrets` that no `allowed` text contains."""
    known = set().union(*(_runs(a, n) for a in allowed))
    hidden = set().union(*(_runs(s, n) for s in secrets)) - known
    return bool(_runs(text, n) & hidden)


def answer_secrets(question: Question) -> list[str]:
    return [question.reference_answer, *(p.full_credit for p in question.rubric), *(p.claim for p in question.rubric)]


class FollowUpPhraser:
    """Asks `chat_model` to phrase a follow-up; falls back to the bank's text on error, leak or bad reply."""

    def __init__(self, chat_model: BaseChatModel, prompt: PromptTemplate, model_name: str) -> None:
        self.chat_model = chat_model
        self.prompt = prompt
        self.label = f"{model_name} ({prompt.name} v{prompt.version})"

    def phrase(self, question: Question, move: FollowUp, answers: Sequence[str]) -> Phrased:
        try:
            reply = str(self.chat_model.invoke(self._messages(question, move, answers)).text)
        except Exception as exc:  # any provider error: the bank follow-up is always a valid question
            return Phrased(move.text, "bank", f"phrasing failed ({type(exc).__name__}); bank follow-up asked")
        text = " ".join(reply.strip().strip("\"'“”").split())
        if not text or len(text) > MAX_CHARS:
            return Phrased(move.text, "bank", "phrased follow-up empty or too long; bank follow-up asked")
        if leaks(text, answer_secrets(question), allowed=[question.text, move.text]):
            return Phrased(move.text, "bank", "phrased follow-up revealed the answer; bank follow-up asked")
        return Phrased(text, self.label)

    def _messages(
        self, question: Question, move: FollowUp, answers: Sequence[str]
    ) -> list[SystemMessage | HumanMessage]:
        system, user = self.prompt.render(
            question=question.text,
            point=question.point(move.aimed_at).claim,
            suggestion=move.text,
            answers="\n".join(f"<answer>\n{neutralise(a)}\n</answer>" for a in answers) or "(none)",
        )
        return [SystemMessage(system), HumanMessage(user)]

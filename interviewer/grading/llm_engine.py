"""The LLM engine: one structured call judges every rubric point; the score is still computed, not asked for.

The answer travels as data between <answer> tags (tags inside it are neutralised). The reply is asked
for as a strict JSON schema; a server that rejects that gets a JSON object request (llama.cpp reads its
`schema`), then plain prompting. The downgrade is per request: the engine (shared by every user of
the app) remembers it only when the server said plainly that it does not take the response format; a
bare 400 downgrades that one request, and a 500 or any other error is a model error, never a downgrade. A reply that fails validation
goes back to the model with the error, a bounded number of times; then the answer is unscored.
With `samples` > 1 each point takes the majority verdict of the samples, ties going to the lower credit;
sample i is requested with seed `seed + i` (a single sample uses the seed the chat model was built with).
"""

from __future__ import annotations

import re
import statistics
import threading
from typing import TYPE_CHECKING, Any

from interviewer.errors import EngineFailure
from interviewer.grading.cues import is_injection
from interviewer.grading.engine import Judged, Usage
from interviewer.grading.llm_output import (
    SCHEMA_NAME,
    InvalidOutput,
    TextLimits,
    output_schema,
    parse_output,
)
from interviewer.grading.llm_samples import Sample, checked, majority, majority_flags
from interviewer.grading.sentences import join_wrapped_lines_in_place, split_spans
from interviewer.grading.target import GradingTarget
from interviewer.llm.prompts import PromptTemplate
from interviewer.llm.tokens import count_tokens
from interviewer.redact import redact

if TYPE_CHECKING:  # langchain is imported where a message is built, not when the CLI starts (about 0.4 s)
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import AIMessage, BaseMessage

FORMATS = ("json_schema", "json_object", "plain")
INJECTION_NOTE = (
    "instruction-like text in the answer was flagged: the model never saw what we recognised, and it earns nothing"
)
REMOVED = "[instruction-like text removed by the grader]"
_DELIMITER = re.compile(r"<\s*(/?)\s*answer\s*>", re.IGNORECASE)


def neutralise(answer: str) -> str:
    """Escape <answer>/</answer> inside the candidate's text so it cannot close the delimiter."""
    return _DELIMITER.sub(lambda m: f"&lt;{m.group(1)}answer&gt;", answer)


class LLMEngine:
    name = "llm"

    def __init__(
        self,
        chat_model: BaseChatModel,
        prompt: PromptTemplate,
        model_name: str,
        retries: int = 2,
        samples: int = 1,
        seed: int = 0,
    ) -> None:
        if retries < 0 or samples < 1:
            raise ValueError("retries must be >= 0 and samples >= 1")
        self.chat_model = chat_model
        self.prompt = prompt
        self.model = model_name
        self.retries = retries
        self.samples = samples
        self.seed = seed
        self._format = 0  # index into FORMATS: how far this server plainly told us to fall back
        self._format_lock = threading.Lock()

    @property
    def version(self) -> str:
        return f"{self.prompt.version}:{self.prompt.sha256[:12]}"

    @property
    def output_format(self) -> str:
        return FORMATS[self._format]

    def judge(self, target: GradingTarget, answer: str) -> Judged:
        sentences = self.sentences(answer)
        messages = self._messages(target, answer, sentences)
        samples = [self._sample(messages, target, answer, sentences, self.seed + i) for i in range(self.samples)]
        judgments = [majority(p.id, [s.judgments[p.id] for s in samples]) for p in target.points]
        injection = any(s.injection for s in samples) or is_injection(answer)
        notes = [INJECTION_NOTE] if injection else []
        return Judged(judgments, majority_flags(target, samples), notes, self._usage(samples))

    def sentences(self, answer: str) -> tuple[str, ...]:
        """The answer's numbered sentences, when the prompt asks for evidence by number (else none)."""
        if self.prompt.evidence != "sentence":
            return ()
        unwrapped = join_wrapped_lines_in_place(answer)  # the spans' offsets hold in the answer itself
        return tuple(answer[s.start : s.end] for s in split_spans(unwrapped, overlap=False))

    def messages(self, target: GradingTarget, answer: str) -> list[BaseMessage]:
        """The prompt for `answer`, whose instruction-like sentences the model never sees (they are
        replaced by REMOVED; the grade notes them): the candidate cannot address the grader."""
        return self._messages(target, answer, self.sentences(answer))

    def _messages(self, target: GradingTarget, answer: str, sentences: tuple[str, ...]) -> list[BaseMessage]:
        from langchain_core.messages import HumanMessage, SystemMessage

        if sentences:
            shown = "\n".join(f"[{n}] {_unless_instruction(s)}" for n, s in enumerate(sentences, start=1))
        else:
            shown = _without_instructions(answer)
        system, user = self.prompt.render(
            question=target.question_text,
            rubric=_rubric_text(target),
            red_flags="\n".join(f"- {f.id}: {f.statement}" for f in target.red_flags) or "(none)",
            answer=neutralise(shown),
            point_ids=", ".join(p.id for p in target.points),
            sentence_count=len(sentences),
        )
        return [SystemMessage(system), HumanMessage(user)]

    def _sample(
        self, messages: list[BaseMessage], target: GradingTarget, answer: str, sentences: tuple[str, ...], seed: int
    ) -> Sample:
        from langchain_core.messages import AIMessage, HumanMessage

        history, tokens_in, tokens_out, error = list(messages), 0, 0, ""
        for _ in range(self.retries + 1):
            reply = self._call(history, target, len(sentences), seed)
            text = str(reply.text)
            used_in, used_out = _tokens(history, reply, text)
            tokens_in, tokens_out = tokens_in + used_in, tokens_out + used_out
            try:
                return checked(target, answer, sentences, parse_output(text, target), tokens_in, tokens_out)
            except InvalidOutput as exc:
                error = str(exc)
            history += [
                AIMessage(text),
                HumanMessage(f"Your reply was invalid: {error}\nReply with the corrected JSON object only."),
            ]
        raise EngineFailure(f"invalid model output after {self.retries + 1} attempts: {error}")

    def _call(self, messages: list[BaseMessage], target: GradingTarget, sentences: int, seed: int) -> AIMessage:
        chosen = self._format  # this request's format: read once, never changed under another request
        while True:
            kwargs = self._call_kwargs(target, sentences, seed, FORMATS[chosen])
            try:
                return self.chat_model.invoke(messages, **kwargs)
            except Exception as exc:  # the provider's own retries are spent: any error ends this grade
                rejection = _format_rejection(exc)
                if FORMATS[chosen] != "plain" and rejection is not None:
                    chosen += 1
                    if rejection == "plain":
                        self._remember_format(chosen)
                    continue
                raise EngineFailure(redact(f"model error: {type(exc).__name__}: {str(exc)[:300]}")) from exc

    def _remember_format(self, index: int) -> None:
        with self._format_lock:
            self._format = max(self._format, index)

    def _call_kwargs(self, target: GradingTarget, sentences: int, seed: int, output_format: str) -> dict[str, Any]:
        """`sentences`: how many numbered sentences the prompt showed (0: evidence is quoted)."""
        kwargs: dict[str, Any] = {"seed": seed} if self.samples > 1 else {}
        numbered = sentences or None
        if output_format == "json_schema":
            schema = output_schema(target, sentences=numbered)
            kwargs["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": SCHEMA_NAME, "schema": schema, "strict": True},
            }
        elif output_format == "json_object":  # llama.cpp's server: the schema becomes a grammar
            schema = output_schema(target, TextLimits(), numbered)
            kwargs["response_format"] = {"type": "json_object", "schema": schema}
        return kwargs

    def _usage(self, samples: list[Sample]) -> Usage:
        return Usage(
            tokens_in=sum(s.tokens_in for s in samples),
            tokens_out=sum(s.tokens_out for s in samples),
            prompt_version=self.prompt.version,
            prompt_hash=self.prompt.sha256,
            temperature=0.0,
            seed=self.seed,
            samples=self.samples,
            uncertainty=round(statistics.pstdev(s.score for s in samples), 2) if len(samples) > 1 else None,
        )


def _rubric_text(target: GradingTarget) -> str:
    return "\n".join(
        f"- {p.id}: {p.claim}\n"
        + "".join(f"  or, equally: {other}\n" for other in statements[1:])
        + f"  full: {p.full_credit}\n  partial: {p.partial_credit}"
        for p, statements in zip(target.points, target.statements(), strict=True)
    )


_FORMAT_WORDS = re.compile(r"response_format|json[_ ]schema|json[_ ]object|structured output|grammar", re.IGNORECASE)


def _format_rejection(exc: Exception) -> str | None:
    """`plain`: the server says it does not take our response_format (remembered); `maybe`: a bare
    400 Bad Request (this request falls back); None: any other error (a 500 is the server's fault)."""
    if _FORMAT_WORDS.search(str(exc)):
        return "plain"
    return "maybe" if getattr(exc, "status_code", None) == 400 else None


def _tokens(messages: list[BaseMessage], reply: AIMessage, text: str) -> tuple[int, int]:
    if reply.usage_metadata:
        return reply.usage_metadata["input_tokens"], reply.usage_metadata["output_tokens"]
    return sum(count_tokens(str(m.text)) for m in messages), count_tokens(text)


def _unless_instruction(sentence: str) -> str:
    return REMOVED if is_injection(sentence) else sentence


def _without_instructions(answer: str) -> str:
    """The answer with each instruction-like sentence replaced by REMOVED."""
    pieces, position = [], 0
    for span in split_spans(answer, overlap=False):
        if is_injection(span.text):
            pieces += [answer[position : span.start], REMOVED]
            position = span.end
    return "".join([*pieces, answer[position:]])

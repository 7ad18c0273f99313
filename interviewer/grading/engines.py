"""Build the engine a setting names: `offline` (default) or `llm` with a chat model."""

from __future__ import annotations

from functools import lru_cache

from interviewer.bank.models import RubricPoint
from interviewer.errors import ConfigError
from interviewer.grading.engine import Engine
from interviewer.grading.offline import OfflineEngine
from interviewer.grading.resolve import Drafter
from interviewer.workspace import Workspace


def make_engine(workspace: Workspace, engine: str | None = None, model: str | None = None, samples: int = 1) -> Engine:
    settings = workspace.settings
    name = engine or settings.engine
    if name == "offline":
        return OfflineEngine(workspace.embedder)
    if name == "llm":
        from interviewer.grading.llm_engine import LLMEngine
        from interviewer.llm.chat import make_chat_model
        from interviewer.llm.local_model import is_local
        from interviewer.llm.prompts import load_prompt

        spec = model or settings.chat_model
        if not spec:
            raise ConfigError("the llm engine needs a model: --model provider:model or INTERVIEWER_CHAT_MODEL")
        chat = make_chat_model(spec, settings)
        prompt = load_prompt("grade_answer_small" if is_local(spec) else "grade_answer", settings.prompts_dir)
        return LLMEngine(chat, prompt, spec, samples=samples)
    raise ConfigError(f"unknown engine {name!r}: use offline or llm")


def make_drafter(workspace: Workspace, engine: str | None = None, model: str | None = None) -> Drafter | None:
    """With the llm engine, reference-only rubrics are drafted by the same model (cached per question,
    falling back to offline drafting when the model fails); offline, None (drafted by claims)."""
    if (engine or workspace.settings.engine) != "llm":
        return None
    from interviewer.bank.drafting import LLMDrafter, draft_rubric
    from interviewer.llm.chat import make_chat_model
    from interviewer.llm.prompts import load_prompt

    spec = model or workspace.settings.chat_model
    if not spec:
        raise ConfigError("the llm engine needs a model: --model provider:model or INTERVIEWER_CHAT_MODEL")
    llm = LLMDrafter(
        make_chat_model(spec, workspace.settings), load_prompt("draft_rubric", workspace.settings.prompts_dir)
    )

    @lru_cache(maxsize=1024)
    def drafted(question: str, reference_answer: str) -> tuple[RubricPoint, ...]:
        return draft_rubric(question, reference_answer, llm).points

    return drafted

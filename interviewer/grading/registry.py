"""The grading engines, registered in one place: each with a description and a factory. The CLI's
choices, the app's radios and `make_engine` read this table, so adding an engine touches this module
and the engine's own. Every engine carries its identity: `name`, `model` and `version` (the judge
model's hash, or the prompt's version and hash), which provenance and the batch resume key record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from interviewer.config import Settings
from interviewer.errors import ConfigError
from interviewer.grading.engine import Engine
from interviewer.store.embeddings import Embedder


@dataclass(frozen=True)
class EngineEntry:
    description: str
    build: Callable[[Settings, Embedder, str | None, int], Engine]
    concurrency: int = 1  # answers a batch grades side by side unless told otherwise
    caution: str = ""  # what a reader of its grades should check by hand (shown beside a batch's results)


def _offline(settings: Settings, embedder: Embedder, model: str | None, samples: int) -> Engine:
    from interviewer.grading.offline import OfflineEngine

    return OfflineEngine(embedder)


def _llm(settings: Settings, embedder: Embedder, model: str | None, samples: int) -> Engine:
    from interviewer.grading.llm_engine import LLMEngine
    from interviewer.llm.chat import make_chat_model
    from interviewer.llm.local_model import is_local
    from interviewer.llm.prompts import load_prompt

    spec = model or settings.chat_model
    if not spec:
        raise ConfigError("the llm engine needs a model: --model provider:model or INTERVIEWER_CHAT_MODEL")
    prompt = load_prompt("grade_answer_small" if is_local(spec) else "grade_answer", settings.prompts_dir)
    return LLMEngine(make_chat_model(spec, settings), prompt, spec, samples=samples)


ENGINES: dict[str, EngineEntry] = {
    "offline": EngineEntry(
        "a trained rubric-point judge on onnxruntime (the default): no key, no server, no red flags charged",
        _offline,
        # two answers in flight: one's word matching and decisions (Python) run while the other's pairs
        # take the cores; 10-15 % more answers/s on 2 cores (README, *Speed*); grades are the same
        concurrency=2,
        caution=(
            "Offline grades are weakest on facts crossed in the rubric's own words (read as stated), on "
            "partial against missed credit, and on partial answers and long rambles (over-credited: a "
            "text close to two points speaks for both); check answers that turn on those by "
            "hand (README: How far to trust it now)."
        ),
    ),
    "llm": EngineEntry(
        "a chat model: OpenAI, any OpenAI-compatible server, or the embedded local model",
        _llm,
        caution="llm grades are as good as the model behind them; check a sample against your own reading.",
    ),
}


def engine_help() -> str:
    """Each engine's name and what it is, for the CLI's help and the app's engine choice."""
    return "; ".join(f"{name} = {entry.description}" for name, entry in ENGINES.items())


def engine_caution(name: str) -> str:
    """What a reader of this engine's grades should check by hand ("" for an unregistered name)."""
    return ENGINES[name].caution if name in ENGINES else ""


def engine_names() -> list[str]:
    """The registered engine names, the default first."""
    return list(ENGINES)


def default_concurrency(engine: Engine) -> int:
    """How many answers a batch grades side by side with `engine` unless told otherwise: the offline
    engine keeps two in flight; a chat model's calls are not multiplied unasked (rate limits, cost)."""
    return ENGINES[engine.name].concurrency if engine.name in ENGINES else 1


def make_engine(
    settings: Settings, embedder: Embedder, name: str | None = None, model: str | None = None, samples: int = 1
) -> Engine:
    chosen = name or settings.engine
    entry = ENGINES.get(chosen)
    if entry is None:
        raise ConfigError(f"unknown engine {chosen!r}: use one of {', '.join(ENGINES)}")
    return entry.build(settings, embedder, model, samples)

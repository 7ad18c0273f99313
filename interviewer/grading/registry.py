"""The grading engines, registered in one place: the CLI's choices, the app's radios and `make_engine`
read their names from here, so adding an engine touches this module and the engine's own."""

from __future__ import annotations

ENGINE_DESCRIPTIONS: dict[str, str] = {
    "offline": "a trained rubric-point judge on onnxruntime; no key, no server (the default)",
    "llm": "a chat model (OpenAI, any OpenAI-compatible server, or the embedded local model)",
}


def engine_names() -> list[str]:
    """The registered engine names, the default first."""
    return list(ENGINE_DESCRIPTIONS)

"""The models a user of the app may choose: an allow-list, so that nobody can type `local:/x.gguf` (which
starts a process) or `openai:gpt-4o` (which spends the operator's key) into the app."""

from __future__ import annotations

from interviewer.config import Settings
from interviewer.errors import InterviewerError


def local_model_installed() -> bool:
    """The local-llm extra: llama.cpp's server and the embedded model's parts."""
    from interviewer.llm.local_model import parts_installed
    from interviewer.llm.local_server import server_installed

    return server_installed() and parts_installed()


def offered_models(settings: Settings) -> list[str]:
    """The models a user of the app may pick: none (""), the configured chat model, `allowed_models`, and
    `local` when the local-llm extra is installed. Anything else could start a process (`local:/x.gguf`) or
    spend the operator's key, so the app refuses it."""
    local = ["local"] if local_model_installed() else []
    return list(dict.fromkeys(["", settings.chat_model, *settings.allowed_models, *local]))


def check_model(model: str, offered: list[str]) -> str:
    chosen = (model or "").strip()
    if chosen not in offered:
        named = ", ".join(m for m in offered if m) or "none"
        raise InterviewerError(f"model {chosen!r} is not offered by this app (offered: {named})")
    return chosen

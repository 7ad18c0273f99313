"""The chat-model factory: a `provider:model` setting becomes a LangChain chat model, kept at the edge.

`openai:<model>`, and any spec when an OpenAI-compatible base URL is set (vLLM, Ollama, llama.cpp's
server), is built with langchain-openai. Other providers go through `langchain.chat_models.init_chat_model`
when the `langchain` package is installed. Construction makes no network call, except for `local` and
`local:<path.gguf>`: those start llama.cpp's server (xllamacpp) on 127.0.0.1 (`interviewer.llm.local_server`)
once per process and talk to it like any OpenAI-compatible server; `local:http://host:port` uses a
llama.cpp server the user runs.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any, cast

from langchain_core.language_models import BaseChatModel
from langchain_openai import ChatOpenAI

from interviewer.config import Settings
from interviewer.errors import ConfigError
from interviewer.llm.local_model import is_local

LOCAL_SERVER_KEY = "not-needed"  # OpenAI-compatible local servers ignore the key, the client wants one


def _split_spec(spec: str) -> tuple[str, str]:
    """`provider:model` → (provider, model); a bare name is an OpenAI model. Only the first `:` splits."""
    provider, sep, model = spec.strip().partition(":")
    if not sep:
        return "openai", provider
    if not provider or not model:
        raise ConfigError(f"chat model {spec!r} is not of the form provider:model, e.g. openai:gpt-4o-mini")
    return provider, model


def make_chat_model(spec: str, settings: Settings, *, seed: int = 0, max_retries: int = 2) -> BaseChatModel:
    """Build the chat model `spec` names, deterministic where the provider allows (temperature 0, seed)."""
    if not spec.strip():
        raise ConfigError("no chat model configured: set INTERVIEWER_CHAT_MODEL, e.g. openai:gpt-4o-mini")
    if is_local(spec):
        return _local_model(spec, settings, seed, max_retries)
    provider, model = _split_spec(spec)
    if provider == "openai" or settings.openai_base_url:
        return _openai_model(model, settings, seed, max_retries)
    return _langchain_model(provider, model, max_retries)


def _openai_model(model: str, settings: Settings, seed: int, max_retries: int) -> BaseChatModel:
    api_key = settings.api_key or (LOCAL_SERVER_KEY if settings.openai_base_url else "")
    if not api_key:
        raise ConfigError("OpenAI chat models need OPENAI_API_KEY (or INTERVIEWER_OPENAI_BASE_URL for a local server)")
    return ChatOpenAI(
        model=model,
        api_key=api_key,
        base_url=settings.openai_base_url or None,
        temperature=0,
        seed=seed,
        max_retries=max_retries,
    )


def _local_model(spec: str, settings: Settings, seed: int, max_retries: int) -> BaseChatModel:
    """The embedded model: starts (once per process) a llama.cpp server on loopback and points at it."""
    from interviewer.llm.local_server import local_endpoint

    endpoint = local_endpoint(spec, settings.data_dir)
    return ChatOpenAI(
        model=endpoint.model_name,
        api_key=LOCAL_SERVER_KEY,
        base_url=endpoint.base_url,
        temperature=0,
        seed=seed,
        max_retries=max_retries,
    )


def _langchain_model(provider: str, model: str, max_retries: int) -> BaseChatModel:
    if importlib.util.find_spec("langchain") is None:
        raise ConfigError(
            f"chat model provider {provider!r} needs the langchain package and its provider integration: "
            f"pip install langchain langchain-{provider}"
        )
    module: Any = importlib.import_module("langchain.chat_models")
    try:
        chat_model = module.init_chat_model(model, model_provider=provider, temperature=0, max_retries=max_retries)
    except (ImportError, ValueError) as exc:
        raise ConfigError(f"cannot build chat model {provider}:{model}: {exc}") from exc
    return cast(BaseChatModel, chat_model)

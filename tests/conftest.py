"""Shared fixtures: offline environment, the real bundled embedder, the repository's bank."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.update({"GRADIO_ANALYTICS_ENABLED": "False", "ANONYMIZED_TELEMETRY": "False", "HF_HUB_OFFLINE": "1"})

from interviewer.bank.loader import all_questions, load_banks
from interviewer.bank.models import Question
from interviewer.store.embeddings import Embedder, make_embedder

REPO = Path(__file__).resolve().parents[1]
KNOWLEDGE = REPO / "knowledge"


@pytest.fixture(scope="session", autouse=True)
def _hermetic_caches(tmp_path_factory: pytest.TempPathFactory) -> None:
    os.environ["TIKTOKEN_CACHE_DIR"] = str(tmp_path_factory.mktemp("tiktoken"))
    os.environ["INTERVIEWER_DATA_DIR"] = str(tmp_path_factory.mktemp("data"))
    os.environ["INTERVIEWER_CONFIG"] = str(tmp_path_factory.mktemp("cfg") / "absent.toml")


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return make_embedder("minilm")


@pytest.fixture(scope="session")
def bank_questions() -> dict[str, Question]:
    return {q.id: q for q in all_questions(load_banks(KNOWLEDGE))}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_http(url: str, timeout: float = 60.0) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout}s")


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `chroma run` server on 127.0.0.1, started for the test session."""
    chroma = Path(sys.executable).parent / "chroma"
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    process = subprocess.Popen(
        [str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/api/v2/heartbeat")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)

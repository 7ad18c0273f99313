"""Shared fixtures: offline environment, the real bundled embedder, the repository's bank (and its
Chroma store, embedded once per test session and copied into each data directory that needs it)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.update({"GRADIO_ANALYTICS_ENABLED": "False", "ANONYMIZED_TELEMETRY": "False", "HF_HUB_OFFLINE": "1"})

from postgres_cluster import MISSING as POSTGRES_MISSING
from postgres_cluster import PostgresCluster, server_bin_dir

from interviewer.bank.loader import all_questions, load_banks
from interviewer.bank.models import Question
from interviewer.config import load_settings
from interviewer.grading.grader import Grader
from interviewer.grading.offline import OfflineEngine
from interviewer.interview.store import SqlSessionStore
from interviewer.store.embeddings import Embedder, make_embedder
from interviewer.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
KNOWLEDGE = REPO / "knowledge"


@pytest.fixture(scope="session", autouse=True)
def _hermetic_caches(tmp_path_factory: pytest.TempPathFactory) -> None:
    os.environ["TIKTOKEN_CACHE_DIR"] = str(tmp_path_factory.mktemp("tiktoken"))
    os.environ["INTERVIEWER_DATA_DIR"] = str(tmp_path_factory.mktemp("data"))
    os.environ["INTERVIEWER_CONFIG"] = ""  # no config file: a developer's interviewer.toml stays out


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return make_embedder("minilm")


@pytest.fixture(scope="session")
def grader(embedder: Embedder) -> Grader:
    """The offline grader over the session's model (a module may define its own `grader`)."""
    return Grader(OfflineEngine(embedder), embedder)


@pytest.fixture(scope="session")
def bank_questions() -> dict[str, Question]:
    return {q.id: q for q in all_questions(load_banks(KNOWLEDGE))}


@pytest.fixture(scope="session")
def embedded_bank(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    """The Chroma directory of a data directory holding the repository's bank, embedded once per session."""
    settings = load_settings(data_dir=tmp_path_factory.mktemp("embedded-bank"))
    assert settings.embedding_model == "minilm"  # the `embedder` fixture's model, so it can stand in
    workspace = Workspace(settings)
    workspace.__dict__["embedder"] = embedder  # share the session's model (a cached_property)
    workspace.ingest()
    return settings.chroma_dir


@pytest.fixture(scope="session")
def data_dir_with_bank(tmp_path_factory: pytest.TempPathFactory, embedded_bank: Path) -> Callable[[str], Path]:
    """Makes a fresh data directory (named like tmp_path_factory.mktemp's) whose store already holds the
    bank: a copy of the session's, so an app or workspace started on it finds nothing to embed."""

    def make(name: str) -> Path:
        data_dir = tmp_path_factory.mktemp(name)
        shutil.copytree(embedded_bank, load_settings(data_dir=data_dir).chroma_dir)
        return data_dir

    return make


@pytest.fixture(scope="session")
def bank_in_default_data_dir(embedded_bank: Path) -> None:
    """The session's default data directory (INTERVIEWER_DATA_DIR) gets a copy of the embedded bank, for
    tests that let a plain `Workspace()` or the CLI search the store; left alone if a store is already there."""
    target = load_settings().chroma_dir
    if not target.exists():
        shutil.copytree(embedded_bank, target)


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


@pytest.fixture
def store_on_each_backend(database_url: str) -> Iterator[SqlSessionStore]:
    """The session store on a SQLite file, then on a PostgreSQL database."""
    store = SqlSessionStore(database_url)
    yield store
    store.close()


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """A throwaway PostgreSQL cluster on 127.0.0.1 for the test session (skips, saying what is missing,
    when the server binaries are not installed)."""
    bin_dir = server_bin_dir()
    if bin_dir is None:
        pytest.skip(POSTGRES_MISSING)
    for attempt in range(3):  # the free port may be taken before the server binds it
        try:
            cluster = PostgresCluster.start(bin_dir, free_port())
            break
        except RuntimeError:
            if attempt == 2:
                raise
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def postgres_url(postgres_cluster: PostgresCluster) -> Iterator[str]:
    """The SQLAlchemy URL of a new, empty database on the session's cluster, dropped after the test."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    yield postgres_cluster.create_database(name)
    postgres_cluster.drop_database(name)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The sessions database, once as a SQLite file and once as a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'sessions.db'}"
    return str(request.getfixturevalue("postgres_url"))

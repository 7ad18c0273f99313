"""The local model server's own process: llama.cpp's server (through xllamacpp) on 127.0.0.1.

`LocalServer` (interviewer.llm.local_server) runs this module as
`python -m interviewer.llm.llama_server --parent PID --model PATH …`. xllamacpp's `Server` loads the GGUF
and then serves llama.cpp's OpenAI-compatible HTTP API (continuous batching, `parallel` slots that each
hold `ctx_per_slot` tokens, `response_format` json_schema through llama.cpp's grammar) from native threads
of this process. The process exits within half a second of its parent's death, even while the model
is still loading, so that a parent killed by SIGKILL (no atexit) leaves no server behind; SIGTERM ends it
at once (Python's default action, which xllamacpp leaves in place).
"""

from __future__ import annotations

import argparse
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"
WARNINGS = 2  # llama.cpp's log verbosity: errors and warnings (3 would log every request)


@dataclass(frozen=True)
class ServerOptions:
    model: Path
    alias: str
    port: int
    threads: int
    parallel: int = 2
    ctx_per_slot: int = 4096
    prompt_cache_mib: int = 256  # llama.cpp's default keeps up to 8 GiB of old prompts in RAM

    def arguments(self) -> list[str]:
        """The command-line form that `parse_options` reads back."""
        return [
            *("--model", str(self.model), "--alias", self.alias, "--port", str(self.port)),
            *("--threads", str(self.threads), "--parallel", str(self.parallel)),
            *("--ctx-per-slot", str(self.ctx_per_slot), "--prompt-cache-mib", str(self.prompt_cache_mib)),
        ]


def parse_options(argv: list[str]) -> tuple[int, ServerOptions]:
    """(parent pid, options) from this module's command line."""
    parser = argparse.ArgumentParser(prog="python -m interviewer.llm.llama_server")
    parser.add_argument("--parent", type=int, required=True)
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--alias", required=True)
    parser.add_argument("--port", type=int, required=True)
    for name in ("--threads", "--parallel", "--ctx-per-slot", "--prompt-cache-mib"):
        parser.add_argument(name, type=int, required=True)
    args = parser.parse_args(argv)
    options = ServerOptions(
        args.model, args.alias, args.port, args.threads, args.parallel, args.ctx_per_slot, args.prompt_cache_mib
    )
    return args.parent, options


def server_params(options: ServerOptions) -> Any:
    """xllamacpp's CommonParams for `options`: loopback only, no web UI, the model's own chat template."""
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(options.model)
    params.model_alias = {options.alias}
    params.hostnames = [HOST]
    params.port = options.port
    params.n_parallel = options.parallel
    params.n_ctx = options.ctx_per_slot * options.parallel  # llama.cpp splits the context between the slots
    params.cpuparams.n_threads = options.threads
    params.cpuparams_batch.n_threads = options.threads
    params.cache_ram_mib = options.prompt_cache_mib
    params.ui = False
    params.verbosity = WARNINGS
    return params


def exit_when_orphaned(parent: int) -> None:
    """Exit this process as soon as `parent` is no longer its parent (it died; we were re-parented)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def serve(parent: int, options: ServerOptions) -> None:
    exit_when_orphaned(parent)
    import xllamacpp

    server = xllamacpp.Server(server_params(options))  # returns once the model is loaded and the port listens
    print(f"listening on {server.listening_address}", flush=True)
    threading.Event().wait()  # the HTTP server runs on xllamacpp's threads; `server` must stay referenced


if __name__ == "__main__":
    import sys

    serve(*parse_options(sys.argv[1:]))

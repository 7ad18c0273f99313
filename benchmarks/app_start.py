"""App start-up: time from `python app.py --port N` to the page answering, and the app's RSS at rest.

Two starts: with an empty data dir (the bank is embedded into a new Chroma store first), then again on
the same, already-ingested data dir (the usual start). RSS is read from /proc after the page has
answered and the process has sat idle for a few seconds (the process and any children it started).
Linux only. Usage: python benchmarks/app_start.py [--rest 5] [--timeout 600]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Start:
    label: str
    seconds: float
    rss_mb: float


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_answering(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited with code {process.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer within {timeout}s")


def process_tree(pid: int) -> list[int]:
    pids, queue = [], [pid]
    while queue:
        current = queue.pop()
        pids.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            children = (task / "children").read_text().split() if (task / "children").exists() else []
            queue += [int(c) for c in children]
    return pids


def rss_mb(pid: int) -> float:
    total_kb = 0
    for p in process_tree(pid):
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total_kb += int(line.split()[1])
    return total_kb / 1024


def start_app(label: str, data_dir: Path, rest: float, timeout: float) -> Start:
    port = free_port()
    env = {**os.environ, "INTERVIEWER_DATA_DIR": str(data_dir), "INTERVIEWER_CONFIG": ""}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(REPO / "app.py"), "--port", str(port)],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_answering(f"http://127.0.0.1:{port}/", process, timeout)
        seconds = time.perf_counter() - started
        time.sleep(rest)
        return Start(label, seconds, rss_mb(process.pid))
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rest", type=float, default=5.0, help="seconds idle before reading RSS (default 5)")
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        runs = [
            start_app("empty data dir (ingests the bank)", data_dir, args.rest, args.timeout),
            start_app("already-ingested data dir", data_dir, args.rest, args.timeout),
        ]
    print(f"{'start':38} {'to first page':>14} {'RSS at rest':>12}")
    for run in runs:
        print(f"{run.label:38} {run.seconds:12.1f} s {run.rss_mb:9.0f} MB")
    print(f"(RSS read after {args.rest:g} s idle; machine load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()

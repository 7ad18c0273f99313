"""Two app processes on one database (a team's PostgreSQL server, or one SQLite file): each sees the
other's sessions and reviews, a user's next answer may land on either, and their concurrent turns on
one session are all kept, in order."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from interviewer.interview.store import SqlSessionStore

REPO = Path(__file__).resolve().parents[1]
TURNS_EACH = 15


class AppProcess:
    """tests/app_process.py: the app's services and callbacks in their own process, driven by JSON lines."""

    def __init__(self, database_url: str, data_dir: Path) -> None:
        env = dict(os.environ, INTERVIEWER_DATABASE_URL=database_url, INTERVIEWER_DATA_DIR=str(data_dir))
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "tests" / "app_process.py")],
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def send(self, **command: Any) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def receive(self) -> Any:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, f"the app process exited ({self.process.wait(timeout=30)})"
        return json.loads(line)

    def ask(self, **command: Any) -> Any:
        self.send(**command)
        return self.receive()

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        assert self.process.wait(timeout=60) == 0


@pytest.fixture
def apps(database_url: str, tmp_path: Path) -> Iterator[tuple[AppProcess, AppProcess]]:
    """Two app processes started at once on a new database (both create its tables)."""
    first, second = AppProcess(database_url, tmp_path / "a"), AppProcess(database_url, tmp_path / "b")
    assert first.receive() == second.receive() == {"ready": True}
    yield first, second
    first.close()
    second.close()


@pytest.mark.slow
def test_two_processes_share_sessions_reviews_and_turns(apps: tuple[AppProcess, AppProcess], database_url: str) -> None:
    first, second = apps
    ann = first.ask(op="start", candidate="ann")
    bo = second.ask(op="start", candidate="bo")
    ann = second.ask(op="answer", state=ann, text="I don't know")  # ann's next request lands on the other process
    ann = first.ask(op="answer", state=ann, text="I don't know")
    assert ann["answered"] == 2 and ann["ended"]
    for app in apps:
        rows = {row[0]: row for row in app.ask(op="sessions")}
        assert set(rows) == {ann["session_id"], bo["session_id"]}
        assert rows[ann["session_id"]][2:5] == ["ann", "finished", 2] and rows[bo["session_id"]][2:5] == [
            "bo",
            "active",
            0,
        ]
    by_first = first.ask(op="review", transcript_id=ann["session_id"], coach="cy")
    by_second = second.ask(op="review", transcript_id=ann["session_id"], coach="di")
    expected = [[by_first["id"], "cy", ann["session_id"]], [by_second["id"], "di", ann["session_id"]]]
    assert first.ask(op="reviews") == second.ask(op="reviews") == expected
    assert_concurrent_turns_kept(first, second, bo["session_id"], database_url)


def assert_concurrent_turns_kept(first: AppProcess, second: AppProcess, session_id: str, database_url: str) -> None:
    """Both processes append turns to one session at once: every turn is kept, each writer's in its order."""
    first.send(op="append", session_id=session_id, tag="a", n=TURNS_EACH)
    second.send(op="append", session_id=session_id, tag="b", n=TURNS_EACH)
    first.receive(), second.receive()
    store = SqlSessionStore(database_url)
    turns = store.load(session_id).turns
    store.close()
    assert [t.seq for t in turns] == list(range(1, 2 * TURNS_EACH + 1))
    for tag in "ab":
        assert [t.answer for t in turns if t.answer.startswith(tag)] == [f"{tag}-{i}" for i in range(TURNS_EACH)]

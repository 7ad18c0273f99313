"""The terminal interview as a real process: killed mid-interview, resumed, nothing lost but the turn in
flight and no turn twice, on SQLite and on PostgreSQL. Plus `interviewer sessions list|show|export`."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from interviewer.bank.models import Question
from interviewer.cli.main import main
from interviewer.grading.target import target_from_question
from interviewer.grading.types import Provenance
from interviewer.interview.combine import declined_grade
from interviewer.interview.plan import InterviewPlan
from interviewer.interview.session import Prompt, Session, SessionStatus, Turn, now
from interviewer.interview.store import SqlSessionStore

REPO = Path(__file__).resolve().parents[1]
ANSWER = "It depends on the workload, the model size and the hardware, so I would measure first."
WAIT_S = 240.0


class Terminal:
    """`interviewer interview …` on pipes; stdout lines are read on a thread so reads can time out."""

    def __init__(self, data_dir: Path, database_url: str, *args: str) -> None:
        env = dict(
            os.environ, INTERVIEWER_DATA_DIR=str(data_dir), INTERVIEWER_DATABASE_URL=database_url, PYTHONUNBUFFERED="1"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "interviewer.cli.main", "interview", *args],
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n").removeprefix("> "))
        self.lines.put(None)

    def wait_for(self, *starts: str) -> str:
        """The next output line starting with one of `starts` (a prompt, the report…)."""
        while True:
            line = self.lines.get(timeout=WAIT_S)
            if line is None:
                raise AssertionError("the interview exited early:\n" + "\n".join(self.seen))
            self.seen.append(line)
            if line.startswith(starts):
                return line

    def next_prompt(self) -> str:
        return self.wait_for("Question ", "Follow-up: ", "# Interview report").split(": ", 1)[-1]

    def type(self, text: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(text)
        self.process.stdin.flush()

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)


def stored(database_url: str, session_id: str) -> Session:
    store = SqlSessionStore(database_url)
    try:
        return store.load(session_id)
    finally:
        store.close()


def answer_until_kill(terminal: Terminal, answers: int) -> str:
    """Answer `answers` prompts (each committed once the next prompt shows), return the pending prompt."""
    prompt = terminal.next_prompt()
    for _ in range(answers):
        terminal.type(f"{ANSWER}\nSecond line of the answer.\n\n")
        prompt = terminal.next_prompt()
    return prompt


@pytest.mark.slow
def test_killed_interview_resumes_without_loss_or_duplicates(tmp_path: Path, database_url: str) -> None:
    args = ("--name", "kim", "--questions", "3", "--follow-ups", "1", "--seed", "3")
    first = Terminal(tmp_path, database_url, *args)
    session_id = first.wait_for("Session ").split()[1]
    pending = answer_until_kill(first, 3)
    first.type("An answer still being typed when the process dies")  # the turn in flight
    first.kill()
    before = stored(database_url, session_id)
    assert [t.seq for t in before.turns] == [1, 2, 3] and before.pending is not None
    assert before.pending.text == pending and before.status is SessionStatus.ACTIVE

    second = Terminal(tmp_path, database_url, "--resume", session_id)
    assert second.wait_for("Resuming session ").endswith("after 3 answered turn(s).")
    assert second.next_prompt() == pending  # the pending prompt is asked again
    second.type(f"{ANSWER}\n.\n")
    second.next_prompt()
    second.type(f"{ANSWER}\n\n")  # a complete answer, killed while it is graded and written: in flight
    second.kill()
    middle = stored(database_url, session_id)
    assert len(middle.turns) in (4, 5) and middle.turns[:3] == before.turns

    third = Terminal(tmp_path, database_url, "--resume", session_id)
    prompt = third.next_prompt()
    assert middle.pending is not None and prompt == middle.pending.text
    while not prompt.startswith("# Interview report"):
        third.type("I don't know\n\n")
        prompt = third.next_prompt()
    assert third.process.wait(timeout=60) == 0
    final = stored(database_url, session_id)
    assert final.status is SessionStatus.FINISHED and final.turns[: len(middle.turns)] == middle.turns
    assert [t.seq for t in final.turns] == list(range(1, len(final.turns) + 1))
    asked = [(t.prompt.question_index, t.prompt.kind, t.prompt.follow_up_index) for t in final.turns]
    assert len(asked) == len(set(asked)) <= 3 * 2  # no prompt answered twice; within the budget
    assert len(final.answered_question_ids) == 3


@pytest.mark.slow
def test_quit_saves_and_prints_how_to_resume(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'sessions.db'}"
    terminal = Terminal(tmp_path, database_url, "--name", "lu", "--questions", "2", "--feedback", "each", "--seed", "1")
    terminal.next_prompt()
    terminal.type("/skip\n")
    terminal.wait_for("### 1.")  # feedback after the question (declined: no follow-up)
    terminal.next_prompt()
    terminal.type("/quit\n")
    line = terminal.wait_for("Saved. Resume with:")
    assert terminal.process.wait(timeout=60) == 0
    session_id = line.split()[-1]
    session = stored(database_url, session_id)
    assert [t.declined for t in session.turns] == [True] and session.pending is not None


def seed_session(database_url: str, question: Question) -> str:
    """A finished one-turn session written straight to the store (no grading needed)."""
    store = SqlSessionStore(database_url)
    prompt = Prompt(kind="question", question_id=question.id, question_index=0, text=question.text)
    session = Session(
        "abc123", InterviewPlan(candidate="mo", questions=1), SessionStatus.ACTIVE, (), prompt, now(), now()
    )
    store.create(session)
    grade = declined_grade(target_from_question(question), "pass", Provenance(engine="offline"))
    turn = Turn(seq=1, prompt=prompt, answer="pass", declined=True, grade=grade)
    store.record_turn(session.id, turn, None, SessionStatus.FINISHED)
    store.close()
    return session.id


def test_sessions_list_show_export(
    tmp_path: Path,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    bank_questions: dict[str, Question],
) -> None:
    monkeypatch.setenv("INTERVIEWER_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("INTERVIEWER_DATABASE_URL", database_url)  # the configured database, without --db
    assert main(["sessions", "list"]) == 0
    assert "no sessions yet" in capsys.readouterr().out
    session_id = seed_session(database_url, bank_questions["activation-checkpointing-trade-off"])
    assert main(["sessions", "list", "--candidate", "mo"]) == 0
    assert f"{session_id}  finished" in capsys.readouterr().out
    assert main(["sessions", "show", session_id]) == 0
    shown = capsys.readouterr().out
    assert "# Interview report — mo" in shown and "(declined)" in shown and "## Practise next" in shown
    out = tmp_path / "report.json"
    assert main(["sessions", "export", session_id, "--format", "json", "-o", str(out)]) == 0
    assert capsys.readouterr().out.startswith("wrote ")
    report = json.loads(out.read_text())
    assert report["session_id"] == session_id and report["questions"][0]["turns"][0]["declined"] is True
    assert main(["sessions", "export", session_id, "--format", "md"]) == 0
    assert capsys.readouterr().out.startswith("# Interview report")
    assert main(["sessions", "show", "nope"]) == 2
    assert "unknown session 'nope'" in capsys.readouterr().err
    assert main(["interview", "--resume", session_id]) == 2
    assert "is finished" in capsys.readouterr().err

"""One app process without its web page, for the shared-database tests: the services `build_app` makes
(from INTERVIEWER_DATABASE_URL), driven through the app's own callbacks by JSON commands, one per stdin
line, each answered by one JSON line on stdout.

    {"op": "start", "candidate": "ann"}                      -> the browser state of a new interview
    {"op": "answer", "state": {...}, "text": "I don't know"} -> the state after the answer
    {"op": "sessions"} / {"op": "reviews"}                   -> what this process sees in the database
    {"op": "review", "transcript_id": "…", "coach": "bo"}    -> a coach review of the first question, saved
    {"op": "append", "session_id": "…", "tag": "a", "n": 20} -> n more turns of that session, retrying on
                                                                 a turn recorded meanwhile by another process
"""

from __future__ import annotations

import dataclasses
import json
import sys
import time
from typing import Any

from interviewer.grading.types import Grade, GradeStatus, Provenance
from interviewer.interview.session import Prompt, SessionError, SessionStatus, Turn
from interviewer.ui.coach_flow import item_choices, save_review, transcript_rows, unlock
from interviewer.ui.interview_flow import InterviewState, Setup, start_interview, submit_answer
from interviewer.ui.services import AppServices, app_services
from interviewer.workspace import Workspace


def start(app: AppServices, command: dict[str, Any]) -> dict[str, Any]:
    setup = Setup(candidate=command["candidate"], questions=2, follow_ups=0, seed=7)
    return dataclasses.asdict(start_interview(app.interviews, setup, time.monotonic).state)


def answer(app: AppServices, command: dict[str, Any]) -> dict[str, Any]:
    state = InterviewState(**command["state"])
    return dataclasses.asdict(submit_answer(app.interviews, state, command["text"], time.monotonic).state)


def review(app: AppServices, command: dict[str, Any]) -> dict[str, Any]:
    state = unlock(app.coach, "")
    index = item_choices(app.coach, state, command["transcript_id"])[0][1]
    points = app.coach.transcript(command["transcript_id"]).item(index).points
    verdicts = ["met"] * len(points)
    saved = save_review(
        app.coach, state, command["transcript_id"], index, command["coach"], False, verdicts, [], None, ""
    )
    return {"id": saved.id}


def append(app: AppServices, command: dict[str, Any]) -> dict[str, Any]:
    """Each turn is numbered after the last one stored; one numbered the same by another process is refused,
    and then numbered again."""
    store, conflicts = app.interviews.store, 0
    for i in range(command["n"]):
        while True:
            session = store.load(command["session_id"])
            try:
                store.record_turn(
                    session.id,
                    _turn(len(session.turns) + 1, f"{command['tag']}-{i}"),
                    session.pending,
                    SessionStatus.ACTIVE,
                )
                break
            except SessionError as exc:
                if "already recorded" not in str(exc):
                    raise
                conflicts += 1
    return {"conflicts": conflicts}


def _turn(seq: int, text: str) -> Turn:
    prompt = Prompt(kind="question", question_id="q", question_index=0, text="Q?")
    grade = Grade(
        question_id="q", status=GradeStatus.UNSCORED, reason="not graded", provenance=Provenance(engine="offline")
    )
    return Turn(seq=seq, prompt=prompt, answer=text, grade=grade)


def handle(app: AppServices, command: dict[str, Any]) -> Any:
    op = command["op"]
    if op == "sessions":
        return transcript_rows(app.coach, unlock(app.coach, ""))
    if op == "reviews":
        return [[r.id, r.coach, r.transcript_id] for r in app.coach.reviews.reviews()]
    return {"start": start, "answer": answer, "review": review, "append": append}[op](app, command)


def main() -> None:
    app = app_services(Workspace())
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        print(json.dumps(handle(app, json.loads(line))), flush=True)


if __name__ == "__main__":
    main()

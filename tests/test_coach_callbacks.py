"""The coach tab's callbacks without a browser: password gate, blind review, overrides, eval-case export."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import gradio as gr
import pytest
from test_coach_store import QID, stored_session

from interviewer.coach.store import SqlCoachStore
from interviewer.coach.types import CoachError
from interviewer.config import load_settings
from interviewer.evals.cases import load_case_file
from interviewer.grading.types import Verdict
from interviewer.interview.store import SqlSessionStore
from interviewer.ui.coach_flow import (
    MAX_POINTS,
    UNDEFINED,
    CoachService,
    CoachState,
    add_to_eval_set,
    agreement_rows,
    export_reviewed,
    item_view,
    save_review,
    transcript_rows,
    unlock,
    upload_transcript,
)
from interviewer.ui.coach_tab import build_coach_tab
from interviewer.workspace import Workspace

ANSWER = "ZeRO-3 shards parameters <img src=x onerror=alert(1)> and optimizer state."
OPEN = CoachState(unlocked=True)


@pytest.fixture
def service(tmp_path: Path) -> Iterator[CoachService]:
    workspace = Workspace(load_settings(data_dir=tmp_path))
    url = f"sqlite:///{tmp_path / 'sessions.db'}"
    sessions, reviews = SqlSessionStore(url), SqlCoachStore(url)
    question = workspace.questions[QID]
    stored_session(sessions, question, ANSWER, [Verdict.MET] * len(question.rubric))
    yield CoachService(workspace, sessions, reviews, tmp_path / "coach-cases", "s3cret")
    sessions.close()
    reviews.close()


def test_the_password_gate_refuses_every_callback_until_unlocked(service: CoachService) -> None:
    assert unlock(service, "wrong").unlocked is False
    assert unlock(service, "").unlocked is False
    assert unlock(service, "s3cret").unlocked is True
    with pytest.raises(CoachError, match="password"):
        transcript_rows(service, CoachState())
    with pytest.raises(CoachError, match="password"):
        item_view(service, CoachState(), "abc123def456", 0, "bo", False)
    assert [r[0] for r in transcript_rows(service, OPEN)] == ["abc123def456"]


def test_without_a_password_the_tab_is_open(service: CoachService) -> None:
    open_service = CoachService(service.workspace, service.sessions, service.reviews, service.cases_dir, "")
    assert unlock(open_service, "").unlocked is True
    assert transcript_rows(open_service, CoachState())  # no password: nothing to check


def test_blind_review_hides_the_ai_grade_until_the_coach_has_marked_every_point(service: CoachService) -> None:
    points = service.workspace.questions[QID].rubric
    blind = item_view(service, OPEN, "abc123def456", 0, "bo", blind=True)
    assert blind.values == [None] * len(points) and "AI verdict" not in blind.html
    assert "&lt;img src=x onerror=alert(1)&gt;" in blind.html and "<img" not in blind.html
    with pytest.raises(CoachError, match="mark every rubric point"):
        save_review(service, OPEN, "abc123def456", 0, "bo", True, ["met"], [], None, "")
    marks = ["missed"] + ["met"] * (len(points) - 1)
    saved = save_review(service, OPEN, "abc123def456", 0, "bo", True, marks, ["too vague"], None, "")
    assert saved.blind and saved.overrides() == {points[0].id: (Verdict.MET, Verdict.MISSED)}
    revealed = item_view(service, OPEN, "abc123def456", 0, "bo", blind=True)
    assert "AI verdict" in revealed.html and "≠ AI" in revealed.html and "differ from the AI on 1 of" in revealed.html
    assert revealed.values == marks and revealed.comments[0] == "too vague"
    assert "too vague" in revealed.history and "AI met → missed" in revealed.history


def test_overrides_accumulate_and_feed_agreement_exports_and_eval_cases(service: CoachService) -> None:
    n = len(service.workspace.questions[QID].rubric)
    opened = item_view(service, OPEN, "abc123def456", 0, "cy", blind=False)
    assert opened.values == ["met"] * n  # open review starts from the AI's verdicts
    save_review(service, OPEN, "abc123def456", 0, "cy", False, opened.values, [], None, "")
    save_review(service, OPEN, "abc123def456", 0, "cy", False, ["partial"] * n, [], 55.0, "generous AI")
    assert len(service.reviews.reviews("abc123def456")) == 2
    (row,) = agreement_rows(service, OPEN)
    assert row[0] == "cy" and row[2] == n and row[3] == "0%"
    assert row[4] == UNDEFINED  # the AI said "met" to every point: kappa is undefined, not 0
    markdown = export_reviewed(service, OPEN, "abc123def456", "md").read_text()
    assert "generous AI" in markdown and "AI met → coach partial" in markdown
    path = add_to_eval_set(service, OPEN, "abc123def456", 0, "cy", None)
    case_file, problems = load_case_file(path, service.workspace.questions)
    assert problems == [] and case_file is not None
    assert case_file.cases[0].expected_verdicts == {
        p.id: Verdict.PARTIAL for p in service.workspace.questions[QID].rubric
    }
    assert case_file.cases[0].expected_band == 3  # from the coach's score of 55
    with pytest.raises(CoachError, match="save your review"):
        add_to_eval_set(service, OPEN, "abc123def456", 0, "nobody", None)


# What the tab's on_item/on_save return, in order: the item, its rows, the form, the history, the drafts, the
# item shown and the message (on_save adds the agreement table).
OVERALL = 1 + 3 * MAX_POINTS + 1
DRAFTS, SHOWN, MESSAGE = OVERALL + 2, OVERALL + 3, OVERALL + 4


def coach_callbacks(service: CoachService) -> dict[str, Callable[..., Any]]:
    with gr.Blocks() as blocks, gr.Tab("Coach") as tab:
        build_coach_tab(service, tab)
    return {f.name: f.fn for f in blocks.fns.values() if f.fn is not None}


def blank_form() -> list[Any]:
    return [None] * MAX_POINTS + [""] * MAX_POINTS + [None, ""]


def test_an_incomplete_blind_review_is_said_beside_the_form_and_the_marks_are_kept(service: CoachService) -> None:
    on = coach_callbacks(service)
    form = blank_form()
    form[0], form[MAX_POINTS], form[-1] = "missed", "too vague", "half marked"
    saved = on["on_save"](OPEN, {}, "abc123def456", 0, "bo", True, *form)
    assert saved[MESSAGE].startswith("⚠ Mark every rubric point")
    assert all(isinstance(v, type(gr.skip())) for v in saved[1:OVERALL])  # the form on screen is left alone
    assert saved[DRAFTS] == {"abc123def456#0": form}
    assert service.reviews.reviews("abc123def456") == []


def test_the_form_resets_per_question_and_unsaved_marks_come_back(service: CoachService, tmp_path: Path) -> None:
    csv = tmp_path / "two.csv"
    csv.write_text(f"question_id,answer\n{QID},ZeRO-1 shards optimizer state.\n{QID},ZeRO-3 shards parameters.\n")
    tid = upload_transcript(service, OPEN, str(csv))
    on = coach_callbacks(service)
    first = on["on_item"](OPEN, {}, None, tid, 0, "bo", False, *blank_form())
    assert first[SHOWN] == f"{tid}#0" and first[OVERALL] == ""
    form = [v.value if hasattr(v, "value") else v for v in first[1 + MAX_POINTS : OVERALL + 1]]
    form[-1] = "comment meant for question 1"
    second = on["on_item"](OPEN, first[DRAFTS], first[SHOWN], tid, 1, "bo", False, *form)
    assert second[SHOWN] == f"{tid}#1" and second[OVERALL] == ""  # question 2 starts clean
    back = on["on_item"](OPEN, second[DRAFTS], second[SHOWN], tid, 0, "bo", False, *blank_form())
    assert back[OVERALL] == "comment meant for question 1"  # the unsaved draft of question 1

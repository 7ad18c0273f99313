"""The interview tab's callbacks without a browser (real offline grading), and the escaping renderer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from interviewer.coach.types import AiPoint, AnswerTurn
from interviewer.config import load_settings
from interviewer.errors import InterviewerError
from interviewer.grading.types import Verdict
from interviewer.interview.agent import Interviewer
from interviewer.interview.phrasing import FollowUpPhraser
from interviewer.interview.plan import InterviewPlan
from interviewer.interview.session import Session, SessionError
from interviewer.interview.store import SessionStore, SqlSessionStore
from interviewer.interview.wiring import make_interviewer
from interviewer.llm.fake import ScriptedChatModel
from interviewer.llm.prompts import load_prompt
from interviewer.store.embeddings import Embedder
from interviewer.ui.interview_flow import (
    GRADING,
    Draft,
    InterviewService,
    InterviewState,
    InterviewView,
    Setup,
    end_interview,
    start_interview,
    submit_answer,
    submit_answer_live,
    timer_text,
)
from interviewer.ui.render import Span, answers_html, highlight, literal_markdown
from interviewer.ui.report_view import history_view, report_view
from interviewer.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
XSS = "<img src=x onerror=alert(1)>"
WEAK = f"I would look at memory use {XSS} and throughput, then pick one."


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def service(tmp_path: Path, embedder: Embedder) -> Iterator[InterviewService]:
    workspace = Workspace(load_settings(data_dir=tmp_path, chat_model=""))
    workspace.__dict__["embedder"] = embedder  # share the session's model (a cached_property)
    store = SqlSessionStore(f"sqlite:///{tmp_path / 'sessions.db'}")
    yield InterviewService(workspace, store)
    store.close()


def test_two_questions_with_a_follow_up_end_in_a_report(service: InterviewService) -> None:
    clock = Clock()
    view = start_interview(service, Setup(candidate="ada", questions=2, follow_ups=1, seed=1, feedback="each"), clock)
    assert view.messages[-1]["content"].startswith("**Question 1 of 2:**")
    clock.now += 42
    assert timer_text(view.state, clock) == "Answer time: 0:42"
    view = submit_answer(service, view.state, WEAK, clock)
    assert view.messages[-1]["content"].startswith("**Follow-up:**")
    assert literal_markdown(WEAK) in [m["content"] for m in view.messages]
    view = submit_answer(service, view.state, "I don't know", clock)
    assert any(m["content"].startswith("**Feedback on question 1") for m in view.messages)
    assert view.feedback_html and "<img" not in view.feedback_html
    view = submit_answer(service, view.state, "skip", clock)
    assert view.finished and timer_text(view.state, clock) == "Answer time: —"
    session = service.load(view.state)
    assert [t.prompt.kind for t in session.turns] == ["question", "follow_up", "question"]
    assert session.turns[0].elapsed_s == 42.0
    report = report_view(service.workspace, service.store, session)
    assert "&lt;img src=x onerror=alert(1)&gt;" in report.html and XSS not in report.html
    md, pdf, js = (Path(f) for f in report.files)
    markdown = md.read_text()
    assert markdown.startswith("# Interview report — ada") and XSS not in markdown  # escaped, as in every view
    assert "&lt;img src=x onerror=alert(1)&gt;" in markdown
    assert pdf.read_bytes().startswith(b"%PDF") and js.suffix == ".json"
    with pytest.raises(InterviewerError, match="ended"):
        submit_answer(service, view.state, "more", clock)


def test_a_repeated_submit_does_not_answer_the_next_prompt(service: InterviewService) -> None:
    clock = Clock()
    first = start_interview(service, Setup(candidate="bo", questions=2, follow_ups=0, seed=3), clock)
    second = submit_answer(service, first.state, "skip", clock)
    again = submit_answer(service, first.state, "skip", clock)  # the same click, delivered twice
    assert len(service.load(first.state).turns) == 1
    assert again.messages == second.messages
    ended = end_interview(service, second.state)
    assert ended.finished and "(ended): 1 answer(s)" in ended.status


def test_sessions_are_separate_and_history_follows_the_name(service: InterviewService) -> None:
    clock = Clock()
    a = start_interview(service, Setup(candidate="ann", questions=1, follow_ups=0, seed=1, difficulty="Easy"), clock)
    b = start_interview(service, Setup(candidate="ben", questions=1, follow_ups=0, seed=1, difficulty="Hard"), clock)
    a = submit_answer(service, a.state, "answer from ann about batching", clock)
    b_view = submit_answer(service, b.state, "answer from ben about sharding", clock)
    assert a.state.session_id != b_view.state.session_id
    assert not any("ann" in m["content"] for m in b_view.messages)
    assert a.messages[0]["content"] != b_view.messages[0]["content"]
    history = history_view(service.workspace, service.store, "ann")
    assert len(history.rows) == 1 and history.rows[0][2] == a.state.session_id and history.chart is not None
    assert history_view(service.workspace, service.store, "nobody").rows == []
    with pytest.raises(InterviewerError):
        submit_answer(service, InterviewState(), "no session", clock)


PHRASED = "You named memory use and throughput: which measurement would make you pick one option, and why?"


def with_phraser(reply: str) -> Callable[[Workspace, InterviewPlan, SessionStore], Interviewer]:
    """The app's interviewer (offline grading) with a scripted model phrasing its follow-ups."""

    def factory(workspace: Workspace, plan: InterviewPlan, store: SessionStore) -> Interviewer:
        interviewer = make_interviewer(workspace, plan, store)
        prompt = load_prompt("follow_up", REPO / "prompts")
        interviewer.phraser = FollowUpPhraser(ScriptedChatModel([reply]), prompt, "scripted:test")
        return interviewer

    return factory


def test_the_answer_shows_at_once_and_a_phrased_follow_up_as_it_is_written(service: InterviewService) -> None:
    live = InterviewService(service.workspace, service.store, with_phraser(PHRASED))
    clock = Clock()
    view = start_interview(live, Setup(candidate="cy", questions=1, follow_ups=1, seed=1), clock)
    *drafts, final = list(submit_answer_live(live, view.state, WEAK, clock))
    assert all(isinstance(d, Draft) for d in drafts) and isinstance(final, InterviewView)
    answered = [*view.messages, {"role": "user", "content": literal_markdown(WEAK)}]
    assert drafts[0].messages == [*answered, {"role": "assistant", "content": GRADING}]
    written = [d.messages[-1]["content"] for d in drafts[1:]]
    assert all(d.messages[:-1] == answered for d in drafts[1:])
    assert len(written) >= 5 and all(w.startswith("**Follow-up:** ") and w.endswith(" ▍") for w in written)
    assert final.messages[-1]["content"] == f"**Follow-up:** {literal_markdown(PHRASED)}"
    assert all(final.messages[-1]["content"].startswith(w.removesuffix(" ▍")) for w in written)
    assert [len(w) for w in written] == sorted({len(w) for w in written})  # it only grows
    pending = service.load(final.state).pending
    assert pending is not None and pending.phrased_by.startswith("scripted:test")


class BrokenInterviewer(Interviewer):
    def answer(
        self, session: Session, text: str, elapsed_s: float | None = None, on_follow_up: object = None, **_: Any
    ) -> Any:
        raise SessionError("the session store is read-only")


def test_a_failed_answer_restores_the_stored_conversation_and_says_why(service: InterviewService) -> None:
    def broken(workspace: Workspace, plan: InterviewPlan, store: SessionStore) -> Interviewer:
        working = make_interviewer(workspace, plan, store)
        return BrokenInterviewer(list(workspace.questions.values()), working.grader, store)

    live = InterviewService(service.workspace, service.store, broken)
    clock = Clock()
    view = start_interview(live, Setup(candidate="di", questions=1, seed=1), clock)
    updates = submit_answer_live(live, view.state, WEAK, clock)
    shown, restored = next(updates), next(updates)
    assert isinstance(shown, Draft) and shown.messages[-1]["content"] == GRADING
    assert isinstance(restored, Draft) and restored.messages == view.messages
    with pytest.raises(SessionError, match="read-only"):
        next(updates)
    with pytest.raises(InterviewerError, match="type an answer first"):
        next(submit_answer_live(live, view.state, "   ", clock))  # refused before anything is shown


def test_highlight_escapes_everything_and_marks_overlapping_evidence() -> None:
    answer = 'fp16 <b>fast</b> & "int8" small'
    spans = [Span(0, 16, "speed", "met"), Span(5, 22, "tags", "partial")]
    html = highlight(answer, spans)
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html and "&quot;" in html
    assert html.count("<mark") == 3  # before, during and after the overlap
    assert 'title="speed (met), tags (partial)"' in html


def test_evidence_is_marked_in_the_turn_it_was_quoted_from() -> None:
    turns = [
        AnswerTurn(seq=1, prompt="Q?", answer="fp16 is fast."),
        AnswerTurn(seq=2, prompt="More?", answer="fp16 again."),
    ]
    points = [AiPoint(point_id="p", claim="c", weight=1, verdict=Verdict.MET, evidence="fp16", turn=2)]
    html = answers_html(turns, points, "Q?")
    first, second = html.split('<div class="turn">')[1:]
    assert "<mark" not in first and "<mark" in second and "follow-up: More?" in second


def test_literal_markdown_shows_text_as_typed() -> None:
    assert literal_markdown("*not bold* <i>x</i> [a](b)") == r"\*not bold\* &lt;i&gt;x&lt;/i&gt; \[a\]\(b\)"

"""The coach tab's callbacks: plain functions of their inputs, the browser session's `CoachState` and the
stores. Reviews are only ever added (see `interviewer.coach.store`); the AI grade is never changed."""

from __future__ import annotations

import hmac
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from interviewer.bank.models import Question
from interviewer.coach.agreement import coach_agreement
from interviewer.coach.export import add_eval_case, eval_case, reviewed_json, reviewed_markdown, slug
from interviewer.coach.store import CoachStore
from interviewer.coach.transcripts import transcript_from_csv, transcript_from_report_json, transcript_from_session
from interviewer.coach.types import CoachError, CoachReview, ReviewItem, ReviewTranscript
from interviewer.evals.cases import Category, EvalCase
from interviewer.grading.grader import Grader
from interviewer.grading.target import target_from_question
from interviewer.grading.types import Grade, Verdict
from interviewer.interview.store import SessionStore
from interviewer.ui.downloads import download_folder
from interviewer.ui.render import escape, item_html
from interviewer.workspace import Workspace

MAX_POINTS = 8  # the bank schema allows 3-8 rubric points per question
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
TRANSCRIPT_COLUMNS = ["id", "source", "candidate", "status", "answers", "created (UTC)"]
AGREEMENT_COLUMNS = ["coach", "questions", "points", "agreement", "kappa", "blind points", "blind kappa"]
UNDEFINED = "undefined: one side gave every point the same verdict"
AGREEMENT_NOTE = (
    "Agreement: the share of rubric points where the coach and the AI gave the same verdict. Kappa corrects it "
    "for chance (1 = perfect, 0 = no better than chance); it is undefined when the AI, or the coach, gave every "
    "point the same verdict. Blind: reviews marked before the AI grade was shown."
)


@dataclass(frozen=True)
class CoachState:
    unlocked: bool = False


@dataclass(frozen=True)
class ItemView:
    html: str
    labels: list[str]
    values: list[str | None]
    comments: list[str]
    score: float | None
    history: str
    comment: str = ""  # the coach's overall comment on this item (empty until they save one)


class CoachService:
    """The stores, the eval-case folder and the password: shared and read-only, no per-user state."""

    def __init__(
        self, workspace: Workspace, sessions: SessionStore, reviews: CoachStore, cases_dir: Path, password: str
    ) -> None:
        self.workspace = workspace
        self.sessions = sessions
        self.reviews = reviews
        self.cases_dir = cases_dir
        self.password = password
        self._cases_lock = threading.Lock()

    @cached_property
    def grader(self) -> Grader:
        """The offline grader, for uploaded answers that come without a grade."""
        from interviewer.grading.engines import make_engine

        return Grader(make_engine(self.workspace, "offline"), self.workspace.embedder)

    def grade(self, question: Question, answer: str) -> Grade:
        return self.grader.grade(target_from_question(question), answer)

    def check(self, state: CoachState) -> None:
        if self.password and not state.unlocked:
            raise CoachError("enter the coach password first")

    def write_case(self, question_id: str, case: EvalCase) -> Path:
        with self._cases_lock:  # two coaches adding to the same question's file at once
            return add_eval_case(self.cases_dir, question_id, case, self.workspace.questions)

    def transcript(self, transcript_id: str) -> ReviewTranscript:
        uploaded = self.reviews.transcript(transcript_id)
        if uploaded is not None:
            return uploaded
        return transcript_from_session(self.sessions.load(transcript_id), self.workspace.questions)


def unlock(service: CoachService, password: str) -> CoachState:
    """Unlocked when no password is configured, or when `password` matches (constant-time comparison)."""
    if not service.password:
        return CoachState(unlocked=True)
    ok = hmac.compare_digest(password.encode("utf-8"), service.password.encode("utf-8"))
    return CoachState(unlocked=ok)


def transcript_rows(service: CoachService, state: CoachState) -> list[list[Any]]:
    service.check(state)
    rows: list[list[Any]] = [
        [s.id, "session", s.candidate, s.status.value, s.turns, s.created_at[:16].replace("T", " ")]
        for s in service.sessions.list_sessions()
    ]
    rows += [
        [t.id, "upload", t.candidate, t.status, t.items, t.created_at[:16].replace("T", " ")]
        for t in service.reviews.list_transcripts()
    ]
    return rows


def upload_transcript(service: CoachService, state: CoachState, path: str) -> str:
    """Store an uploaded session export (.json) or answers file (.csv, graded offline); returns its id."""
    service.check(state)
    file = Path(path)
    if file.stat().st_size > MAX_UPLOAD_BYTES:
        raise CoachError(f"{file.name} is larger than {MAX_UPLOAD_BYTES // 1024 // 1024} MB")
    content = file.read_bytes()
    if file.suffix.lower() == ".json":
        transcript = transcript_from_report_json(content, file.name)
    elif file.suffix.lower() == ".csv":
        transcript = transcript_from_csv(content, file.name, service.workspace.questions, service.grade)
    else:
        raise CoachError(f"{file.name}: upload a session export (.json) or a CSV of question_id,answer")
    service.reviews.add_transcript(transcript)
    return transcript.id


def item_choices(service: CoachService, state: CoachState, transcript_id: str) -> list[tuple[str, int]]:
    service.check(state)
    return [(f"{i.index + 1}. {i.question_id}", i.index) for i in service.transcript(transcript_id).items]


def _current(reviews: Sequence[CoachReview], coach: str, index: int) -> CoachReview | None:
    own = [r for r in reviews if r.item_index == index and r.coach == coach]
    return own[-1] if own else None


def history_html(reviews: Sequence[CoachReview], index: int) -> str:
    """Every review of the item, oldest first: who, when, what they changed and why."""
    entries = []
    for r in (r for r in reviews if r.item_index == index):
        changes = [f"{escape(p)}: AI {ai.value} → {mine.value}" for p, (ai, mine) in r.overrides().items()]
        comments = [f"{escape(p)}: “{escape(c)}”" for p, c in r.comments.items() if c]
        score = [f"score {r.ai_score} → {r.score:g}"] if r.score is not None else []
        detail = "; ".join(changes + score) or "agrees with the AI"
        extra = f"<br>comments — {'; '.join(comments)}" if comments else ""
        extra += f"<br>“{escape(r.comment)}”" if r.comment else ""
        kind = "blind" if r.blind else "open"
        entries.append(f"<li><b>{escape(r.coach)}</b> · {escape(r.created_at)} · {kind}: {detail}{extra}</li>")
    return f"<ul class='coach-history'>{''.join(entries)}</ul>" if entries else "<p>No coach review yet.</p>"


def _diff_html(item: ReviewItem, review: CoachReview) -> str:
    changes = review.overrides()
    total = len([p for p in item.points if p.verdict is not None])
    return f"<p><b>You differ from the AI on {len(changes)} of {total} point(s).</b></p>"


def item_view(
    service: CoachService, state: CoachState, transcript_id: str, index: int, coach: str, blind: bool
) -> ItemView:
    """The item for review. Blind, before this coach has marked it: the answers only, no AI verdict."""
    service.check(state)
    item = service.transcript(transcript_id).item(index)
    reviews = service.reviews.reviews(transcript_id)
    mine = _current(reviews, coach.strip(), index)
    hidden = blind and mine is None
    coach_verdicts = mine.verdicts if mine else None
    html = item_html(item, show_grade=not hidden, coach=coach_verdicts)
    if mine is not None:
        html = _diff_html(item, mine) + html
    ai = {p.point_id: p.verdict.value if p.verdict else None for p in item.points}
    values = [None if hidden else (mine.verdicts[p.point_id].value if mine else ai[p.point_id]) for p in item.points]
    comments = [mine.comments.get(p.point_id, "") if mine else "" for p in item.points]
    labels = [f"{p.point_id} (weight {p.weight:g}): {p.claim}" for p in item.points]
    score, comment = (mine.score, mine.comment) if mine else (None, "")
    return ItemView(html, labels, values, comments, score, history_html(reviews, index), comment)


def save_review(
    service: CoachService,
    state: CoachState,
    transcript_id: str,
    index: int,
    coach: str,
    blind: bool,
    verdicts: Sequence[str | None],
    comments: Sequence[str],
    score: float | None,
    comment: str,
) -> CoachReview:
    """Add the coach's verdict on every point of the item (a new row; earlier reviews and the AI grade stay)."""
    service.check(state)
    if not coach.strip():
        raise CoachError("enter your name as coach first")
    item = service.transcript(transcript_id).item(index)
    unmarked = [p.point_id for p, v in zip(item.points, verdicts, strict=False) if not v]
    if unmarked or len(verdicts) < len(item.points):
        raise CoachError(f"mark every rubric point (unmarked: {', '.join(unmarked) or 'some'})")
    try:
        review = CoachReview(
            transcript_id=transcript_id,
            item_index=index,
            question_id=item.question_id,
            coach=coach.strip(),
            blind=blind,
            verdicts={p.point_id: Verdict(v) for p, v in zip(item.points, verdicts, strict=False)},
            ai_verdicts=item.ai_verdicts(),
            comments={p.point_id: c.strip() for p, c in zip(item.points, comments, strict=False) if c and c.strip()},
            score=score,
            ai_score=item.score,
            comment=comment.strip(),
        )
    except ValidationError as exc:
        raise CoachError(f"invalid review: {exc.errors()[0]['msg']}") from exc
    return service.reviews.add_review(review)


def agreement_rows(service: CoachService, state: CoachState) -> list[list[Any]]:
    service.check(state)
    return [
        [
            a.coach,
            a.items,
            a.points,
            f"{round(100 * a.agreement)}%",
            UNDEFINED if a.kappa is None else a.kappa,
            a.blind_points,
            "" if not a.blind_points else UNDEFINED if a.blind_kappa is None else a.blind_kappa,
        ]
        for a in coach_agreement(service.reviews.reviews())
    ]


def export_reviewed(service: CoachService, state: CoachState, transcript_id: str, fmt: str) -> Path:
    service.check(state)
    transcript = service.transcript(transcript_id)
    reviews = service.reviews.reviews(transcript_id)
    folder = download_folder("review-")
    if fmt == "json":
        path = folder / f"reviewed-{slug(transcript.id)}.json"
        path.write_text(reviewed_json(transcript, reviews), encoding="utf-8")
    else:
        path = folder / f"reviewed-{slug(transcript.id)}.md"
        path.write_text(reviewed_markdown(transcript, reviews), encoding="utf-8")
    return path


def add_to_eval_set(
    service: CoachService, state: CoachState, transcript_id: str, index: int, coach: str, category: str | None
) -> Path:
    """The coach's current labels of the item as an eval case in `<cases_dir>/<question_id>.yaml`."""
    service.check(state)
    item = service.transcript(transcript_id).item(index)
    review = _current(service.reviews.reviews(transcript_id), coach.strip(), index)
    if review is None:
        raise CoachError("save your review of this answer first: the eval case takes your labels")
    question = service.workspace.questions.get(item.question_id)
    if question is None:
        raise CoachError(f"question {item.question_id!r} is not in the bank")
    case = eval_case(item, review, question, Category(category) if category else None)
    return service.write_case(item.question_id, case)

"""Transcripts a coach can review: a stored session, a session's JSON export, or a CSV of answers.

A session is read from the session store each time (never copied); an upload becomes a
`ReviewTranscript` stored by the coach store under `upload-<hash of its content>`.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Mapping

from pydantic import ValidationError

from interviewer.bank.models import Question
from interviewer.coach.types import AiPoint, AnswerTurn, CoachError, ReviewItem, ReviewTranscript
from interviewer.grading.types import Grade, GradeStatus
from interviewer.interview.excerpts import whole_sentences
from interviewer.interview.instructions import answer_notes
from interviewer.interview.report import Report
from interviewer.interview.results import QuestionResult, question_results
from interviewer.interview.session import Session, now

MAX_UPLOAD_ROWS = 200
GradeAnswer = Callable[[Question, str], Grade]


def ai_points(question: Question, grade: Grade) -> list[AiPoint]:
    """Every rubric point, with the grade's judgment of it (verdict None when the grade is unscored)."""
    judged = {j.point_id: j for j in grade.judgments} if grade.status is GradeStatus.GRADED else {}
    points = []
    for point in question.rubric:
        j = judged.get(point.id)
        points.append(
            AiPoint(
                point_id=point.id,
                claim=point.claim,
                weight=point.weight,
                verdict=j.verdict if j else None,
                evidence=j.evidence if j else None,
                rationale=j.rationale if j else grade.reason,
                turn=j.turn if j else None,
            )
        )
    return points


def item_from_result(result: QuestionResult) -> ReviewItem:
    grade = result.grade
    return ReviewItem(
        index=result.index,
        question_id=result.question.id,
        question=result.question.text,
        turns=[AnswerTurn(seq=t.seq, prompt=t.prompt.text, answer=t.answer) for t in result.turns],
        points=ai_points(result.question, grade),
        status=grade.status,
        score=grade.score,
        band=grade.band,
        reason=grade.reason,
        reference_parts=whole_sentences(grade.feedback.reference_parts, result.question.reference_answer),
        how_to_improve=list(grade.feedback.how_to_improve),
        **answer_notes(t.answer for t in result.turns),
    )


def transcript_from_session(session: Session, questions: Mapping[str, Question]) -> ReviewTranscript:
    return ReviewTranscript(
        id=session.id,
        title=f"session {session.id}",
        candidate=session.plan.candidate,
        source="session",
        created_at=session.created_at,
        items=[item_from_result(r) for r in question_results(session, questions)],
    )


def _upload_id(content: bytes) -> str:
    return "upload-" + hashlib.sha256(content).hexdigest()[:12]


def transcript_from_report_json(content: bytes, name: str) -> ReviewTranscript:
    """A session's JSON export (`interviewer sessions export --format json`, or the app's download)."""
    try:
        report = Report.model_validate_json(content)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(map(str, first["loc"]))
        raise CoachError(f"{name}: not a session export (JSON report): {where}: {first['msg']}") from exc
    items = [
        ReviewItem(
            index=q.index,
            question_id=q.question_id,
            question=q.text,
            turns=[AnswerTurn(seq=t.seq, prompt=t.prompt, answer=t.answer) for t in q.turns],
            points=[
                AiPoint(
                    point_id=p.point_id,
                    claim=p.claim,
                    weight=p.weight,
                    verdict=p.verdict if q.status is GradeStatus.GRADED else None,
                    evidence=p.evidence,
                    turn=p.turn,
                )
                for p in q.points
            ],
            status=q.status,
            score=q.score,
            band=q.band,
            reason=q.reason,
            how_to_improve=q.how_to_improve,
            **answer_notes(t.answer for t in q.turns),
        )
        for q in report.questions
    ]
    title = f"{name} (session {report.session_id})"
    return ReviewTranscript(
        id=_upload_id(content), title=title, candidate=report.candidate, source="upload", created_at=now(), items=items
    )


def read_answer_rows(content: bytes, name: str) -> list[tuple[str, str]]:
    """(question_id, answer) rows of a CSV with those two columns; every problem listed at once."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CoachError(f"{name}: not UTF-8 text") from exc
    reader = csv.DictReader(io.StringIO(text))
    missing = {"question_id", "answer"} - set(reader.fieldnames or [])
    if missing:
        raise CoachError(f"{name}: missing column(s) {', '.join(sorted(missing))} (need question_id,answer)")
    rows = [(str(r["question_id"] or "").strip(), str(r["answer"] or "")) for r in reader]
    if not rows:
        raise CoachError(f"{name}: no rows")
    if len(rows) > MAX_UPLOAD_ROWS:
        raise CoachError(f"{name}: {len(rows)} rows; at most {MAX_UPLOAD_ROWS} per transcript")
    return rows


def transcript_from_csv(
    content: bytes, name: str, questions: Mapping[str, Question], grade: GradeAnswer
) -> ReviewTranscript:
    """Each row graded by `grade` (the AI grade the coach reviews); unknown question ids are errors."""
    rows = read_answer_rows(content, name)
    unknown = [
        f"row {i}: unknown question_id {qid!r}" for i, (qid, _) in enumerate(rows, start=2) if qid not in questions
    ]
    if unknown:
        raise CoachError(f"{name}: " + "; ".join(unknown))
    items = []
    for index, (question_id, answer) in enumerate(rows):
        question = questions[question_id]
        g = grade(question, answer)
        items.append(
            ReviewItem(
                index=index,
                question_id=question_id,
                question=question.text,
                turns=[AnswerTurn(seq=index + 1, prompt=question.text, answer=answer)],
                points=[p.model_copy(update={"turn": index + 1}) for p in ai_points(question, g)],
                status=g.status,
                score=g.score,
                band=g.band,
                reason=g.reason,
                reference_parts=whole_sentences(g.feedback.reference_parts, question.reference_answer),
                how_to_improve=list(g.feedback.how_to_improve),
                **answer_notes([answer]),
            )
        )
    return ReviewTranscript(
        id=_upload_id(content), title=name, candidate="(uploaded)", source="upload", created_at=now(), items=items
    )

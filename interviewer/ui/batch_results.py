"""The Batch tab's results: one row per graded answer (sortable, filterable) and, for the row clicked, its
evidence and feedback. An answer that only says "I don't know" is called "declined", as in interviews."""

from __future__ import annotations

from typing import Any

from interviewer.coach.transcripts import ai_points
from interviewer.coach.types import AiPoint, AnswerTurn, ReviewItem
from interviewer.grading.types import Grade, GradeStatus
from interviewer.interview.declines import is_decline
from interviewer.interview.excerpts import whole_sentences
from interviewer.interview.instructions import answer_notes
from interviewer.ui.render import escape, item_html
from interviewer.workspace import Workspace

RESULT_COLUMNS = ["row", "id", "candidate", "question", "score", "band", "status"]
Record = dict[str, Any]


def status_of(record: Record) -> str:
    """graded, declined, or unscored with its reason (graded with a note when a screen fired)."""
    grade = record["grade"]
    if is_decline(str(record.get("answer", ""))):
        return "declined (I don't know)"
    if grade["status"] != GradeStatus.GRADED.value:
        return f"unscored: {grade['reason']}"
    return f"graded: {grade['reason']}" if grade["reason"] else "graded"


def result_rows(records: list[Record]) -> list[list[Any]]:
    rows = []
    for r in sorted(records, key=lambda r: int(r.get("row", 0))):
        grade = r["grade"]
        score = "" if grade["score"] is None else grade["score"]
        band = "" if grade["band"] is None else grade["band"]
        rows.append([r.get("row", ""), r["id"], r["candidate"], r["question_id"], score, band, status_of(r)])
    return rows


def _points(workspace: Workspace, question_id: str, grade: Grade) -> list[AiPoint]:
    question = workspace.questions.get(question_id)
    if question is not None:
        return ai_points(question, grade)
    return [
        AiPoint(point_id=j.point_id, claim=j.point_id, weight=1.0, verdict=j.verdict, evidence=j.evidence)
        for j in grade.judgments
    ]


def record_html(workspace: Workspace, record: Record) -> str:
    """One answer as the coach view shows it: the answer with its evidence marked, the rubric grid, feedback."""
    grade = Grade.model_validate(record["grade"])
    question = workspace.questions.get(record["question_id"])
    answer = str(record.get("answer", ""))
    item = ReviewItem(
        index=0,
        question_id=record["question_id"],
        question=question.text if question else record["question_id"],
        turns=[AnswerTurn(seq=1, prompt=question.text if question else "", answer=answer)],
        points=[p.model_copy(update={"turn": 1}) for p in _points(workspace, record["question_id"], grade)],
        status=grade.status,
        score=grade.score,
        band=grade.band,
        reason=grade.reason,
        reference_parts=whole_sentences(grade.feedback.reference_parts, question.reference_answer if question else ""),
        how_to_improve=list(grade.feedback.how_to_improve),
        **answer_notes([answer]),
    )
    head = f"<p><b>Row {escape(str(record.get('row', '')))}</b> · id {escape(str(record['id']))} · "
    return head + f"{escape(str(record['candidate']))} · {escape(status_of(record))}</p>" + item_html(item)

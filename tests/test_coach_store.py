"""Coach reviews: append-only store beside the sessions (on SQLite and on PostgreSQL), agreement kappa,
transcripts, exports, eval cases."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from interviewer.bank.models import Question
from interviewer.coach.agreement import coach_agreement
from interviewer.coach.export import add_eval_case, eval_case, reviewed_json, reviewed_markdown
from interviewer.coach.store import SqlCoachStore, latest_reviews
from interviewer.coach.transcripts import transcript_from_csv, transcript_from_report_json, transcript_from_session
from interviewer.coach.types import CoachError, CoachReview
from interviewer.evals.cases import Category, load_case_file
from interviewer.evals.metrics import cohen_kappa
from interviewer.grading.score import compute_score
from interviewer.grading.types import Grade, GradeStatus, PointJudgment, Provenance, Verdict
from interviewer.interview.history import CandidateHistory
from interviewer.interview.plan import InterviewPlan
from interviewer.interview.report import build_report
from interviewer.interview.report_render import report_json
from interviewer.interview.session import Prompt, Session, SessionStatus, Turn
from interviewer.interview.store import SqlSessionStore

QID = "zero-sharding-stages"
M, P, X, C = Verdict.MET, Verdict.PARTIAL, Verdict.MISSED, Verdict.CONTRADICTED


def make_grade(question: Question, verdicts: list[Verdict], answer: str) -> Grade:
    """A grade with the first words of `answer` as evidence of every credited point."""
    evidence = " ".join(answer.split()[:3])
    judgments = [
        PointJudgment(
            point_id=p.id, verdict=v, evidence=evidence if v is not X else None, rationale=f"judged {v.value}", turn=1
        )
        for p, v in zip(question.rubric, verdicts, strict=True)
    ]
    score = compute_score(verdicts, [p.weight for p in question.rubric])
    return Grade(
        question_id=question.id,
        status=GradeStatus.GRADED,
        judgments=judgments,
        score=score.value,
        band=score.band,
        band_label=score.label,
        provenance=Provenance(engine="offline"),
    )


def stored_session(store: SqlSessionStore, question: Question, answer: str, verdicts: list[Verdict]) -> Session:
    prompt = Prompt(kind="question", question_id=question.id, question_index=0, text=question.text)
    session = Session(
        "abc123def456", InterviewPlan(candidate="ada", questions=1), SessionStatus.ACTIVE, (), prompt, "t0", "t0"
    )
    store.create(session)
    turn = Turn(seq=1, prompt=prompt, answer=answer, grade=make_grade(question, verdicts, answer))
    store.record_turn(session.id, turn, None, SessionStatus.FINISHED)
    return store.load(session.id)


@pytest.fixture
def stores(database_url: str) -> Iterator[tuple[SqlSessionStore, SqlCoachStore]]:
    """Both stores on one database: a SQLite file, then a PostgreSQL database."""
    sessions, coach = SqlSessionStore(database_url), SqlCoachStore(database_url)
    yield sessions, coach
    sessions.close()
    coach.close()


@pytest.fixture
def question(bank_questions: dict[str, Question]) -> Question:
    return bank_questions[QID]


def review(
    question: Question, coach: str, verdicts: list[Verdict], ai: list[Verdict], blind: bool = False
) -> CoachReview:
    ids = [p.id for p in question.rubric]
    return CoachReview(
        transcript_id="abc123def456",
        item_index=0,
        question_id=question.id,
        coach=coach,
        blind=blind,
        verdicts=dict(zip(ids, verdicts, strict=True)),
        ai_verdicts=dict(zip(ids, ai, strict=True)),
    )


def test_override_is_a_new_row_and_never_touches_the_ai_grade(
    stores: tuple[SqlSessionStore, SqlCoachStore], question: Question
) -> None:
    sessions, coach = stores
    n = len(question.rubric)
    session = stored_session(sessions, question, "ZeRO-3 shards parameters, gradients and optimizer state.", [M] * n)
    before = sessions.load(session.id).turns[0].grade
    first = coach.add_review(review(question, "bo", [M] * n, [M] * n))
    second = coach.add_review(review(question, "bo", [X] + [M] * (n - 1), [M] * n).model_copy(update={"comment": "no"}))
    assert sessions.load(session.id).turns[0].grade == before  # the AI grade is as it was
    saved = coach.reviews(session.id)
    assert [r.id for r in saved] == [first.id, second.id]  # both kept: an override adds, it does not replace
    assert saved[0].verdicts[question.rubric[0].id] is M
    assert latest_reviews(saved) == [saved[1]]
    assert saved[1].overrides() == {question.rubric[0].id: (M, X)}
    assert saved[1].created_at and saved[1].coach == "bo"


def test_agreement_is_cohens_kappa_over_each_coachs_latest_review(question: Question) -> None:
    n = len(question.rubric)
    ai = [M, P, X, M, X, M, P, X][:n]
    mine = [M, X, X, M, M, M, P, P][:n]
    reviews = [
        review(question, "bo", [X] * n, ai),  # superseded by the next one
        review(question, "bo", mine, ai, blind=True),
        review(question, "cy", ai, ai),
    ]
    rows = {r.coach: r for r in coach_agreement(reviews)}
    assert rows["bo"].kappa == round(cohen_kappa([v.value for v in mine], [v.value for v in ai]), 3)
    assert rows["bo"].points == n and rows["bo"].blind_points == n and rows["bo"].blind_kappa == rows["bo"].kappa
    assert rows["bo"].agreement == round(sum(a is b for a, b in zip(mine, ai, strict=True)) / n, 3)
    assert rows["cy"].kappa == 1.0 and rows["cy"].blind_kappa is None


def test_coach_labels_become_a_valid_eval_case(
    stores: tuple[SqlSessionStore, SqlCoachStore],
    question: Question,
    bank_questions: dict[str, Question],
    tmp_path: Path,
) -> None:
    sessions, coach = stores
    n = len(question.rubric)
    answer = "ZeRO-3 shards parameters, gradients and optimizer state across data-parallel ranks."
    session = stored_session(sessions, question, answer, [M] * n)
    item = transcript_from_session(session, bank_questions).items[0]
    labels = [X] * n  # the coach disagrees with the AI everywhere
    saved = coach.add_review(review(question, "Bo Smith", labels, [M] * n))
    folder = tmp_path / "coach-cases"
    path = add_eval_case(folder, QID, eval_case(item, saved, question, None), bank_questions)
    again = add_eval_case(folder, QID, eval_case(item, saved, question, Category.WEAK), bank_questions)
    assert path == again == folder / f"{QID}.yaml"
    case_file, problems = load_case_file(path, bank_questions)
    assert problems == [] and case_file is not None
    first, second = case_file.cases
    assert first.expected_verdicts == {p.id: X for p in question.rubric}  # the coach's labels, not the AI's
    assert first.expected_band == 1 and first.category is Category.WEAK and first.answer.strip() == answer
    assert first.id.startswith("coach-bo-smith-") and second.id == f"{first.id}-2"
    assert "Bo Smith" in first.note


def test_eval_case_needs_every_point_labelled(
    stores: tuple[SqlSessionStore, SqlCoachStore], question: Question, bank_questions: dict[str, Question]
) -> None:
    sessions, _ = stores
    n = len(question.rubric)
    item = transcript_from_session(stored_session(sessions, question, "ZeRO-3 shards.", [M] * n), bank_questions).items[
        0
    ]
    partial = review(question, "bo", [M] * n, [M] * n)
    partial = partial.model_copy(update={"verdicts": {question.rubric[0].id: M}})
    with pytest.raises(CoachError, match="mark every rubric point"):
        eval_case(item, partial, question, None)


def test_session_export_and_csv_upload_become_transcripts(
    stores: tuple[SqlSessionStore, SqlCoachStore], question: Question, bank_questions: dict[str, Question]
) -> None:
    sessions, coach = stores
    n = len(question.rubric)
    session = stored_session(sessions, question, "ZeRO-3 shards parameters <b>bold</b>.", [M, X] + [P] * (n - 2))
    exported = report_json(build_report(session, bank_questions, CandidateHistory())).encode()
    uploaded = transcript_from_report_json(exported, "ada.json")
    assert uploaded.id.startswith("upload-") and uploaded.candidate == "ada"
    assert [p.verdict for p in uploaded.items[0].points] == [M, X] + [P] * (n - 2)
    assert uploaded.items[0].turns[0].answer == "ZeRO-3 shards parameters <b>bold</b>."
    coach.add_transcript(uploaded)
    coach.add_transcript(uploaded)  # the same content twice is kept once
    assert [t.id for t in coach.list_transcripts()] == [uploaded.id]
    assert coach.transcript(uploaded.id) == uploaded
    with pytest.raises(CoachError, match="not a session export"):
        transcript_from_report_json(b'{"hello": 1}', "x.json")

    def grade(q: Question, answer: str) -> Grade:
        return make_grade(q, [M] * len(q.rubric), answer)

    csv = f"question_id,answer\n{QID},ZeRO-3 shards everything\n".encode()
    from_csv = transcript_from_csv(csv, "answers.csv", bank_questions, grade)
    assert from_csv.items[0].ai_verdicts() == {p.id: M for p in question.rubric}
    with pytest.raises(CoachError, match="row 2: unknown question_id 'nope'"):
        transcript_from_csv(b"question_id,answer\nnope,x\n", "bad.csv", bank_questions, grade)
    with pytest.raises(CoachError, match="missing column"):
        transcript_from_csv(b"id,text\n1,x\n", "bad.csv", bank_questions, grade)


def test_reviewed_exports_carry_the_ai_grade_and_the_overrides(
    stores: tuple[SqlSessionStore, SqlCoachStore], question: Question, bank_questions: dict[str, Question]
) -> None:
    sessions, coach = stores
    n = len(question.rubric)
    transcript = transcript_from_session(stored_session(sessions, question, "ZeRO-3 shards.", [M] * n), bank_questions)
    changed = review(question, "bo", [X] + [M] * (n - 1), [M] * n)
    coach.add_review(changed.model_copy(update={"comments": {question.rubric[0].id: "too vague"}, "score": 40.0}))
    reviews = coach.reviews(transcript.id)
    data = json.loads(reviewed_json(transcript, reviews))
    assert data["transcript"]["items"][0]["points"][0]["verdict"] == "met"
    assert data["reviews"][0]["verdicts"][question.rubric[0].id] == "missed"
    markdown = reviewed_markdown(transcript, reviews)
    assert f"{question.rubric[0].id}: AI met → coach missed" in markdown
    assert "too vague" in markdown and "→ coach 40" in markdown
    assert yaml.safe_load(yaml.safe_dump(data))  # plain data all the way down

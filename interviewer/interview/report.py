"""The end-of-interview report: per-question grades, points with evidence, subtopic strengths and
gaps, and what to practise next. A typed object; `report_render` turns it into Markdown or JSON."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from statistics import mean

from pydantic import BaseModel, ConfigDict

from interviewer.bank.models import Question
from interviewer.grading.types import GradeStatus, Verdict
from interviewer.interview.history import CandidateHistory
from interviewer.interview.instructions import answer_notes
from interviewer.interview.plan import InterviewPlan
from interviewer.interview.results import QuestionResult, question_results, subtopic_credit
from interviewer.interview.selection import eligible, seeded_order
from interviewer.interview.session import Session, SessionStatus

STRONG = 0.7
WEAK = 0.5
PRACTICE_SUBTOPICS = 3
PRACTICE_QUESTIONS = 3


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PointReport(Frozen):
    point_id: str
    claim: str
    weight: float
    verdict: Verdict
    evidence: str | None = None
    turn: int | None = None


class TurnReport(Frozen):
    seq: int
    kind: str
    prompt: str
    answer: str
    declined: bool
    over_time: bool
    elapsed_s: float | None


class QuestionReport(Frozen):
    index: int
    question_id: str
    text: str
    subtopics: list[str]
    difficulty: str
    type: str
    status: GradeStatus
    score: float | None
    band: int | None
    band_label: str
    reason: str
    points: list[PointReport]
    red_flags: list[str]
    how_to_improve: list[str]
    follow_ups: int
    turns: list[TurnReport]
    flagged: list[str] = []  # instructions to the grader found in the answers (ignored, earning nothing)
    taken_back: list[str] = []  # sentences the candidate took back (not graded)
    corrected: list[tuple[str, str]] = []  # sentences corrected as they were said: (as said, as graded)


class SubtopicReport(Frozen):
    subtopic: str
    credit: float
    questions: int


class PracticeQuestion(Frozen):
    question_id: str
    text: str
    difficulty: str
    subtopics: list[str]


class Report(Frozen):
    session_id: str
    candidate: str
    status: SessionStatus
    created_at: str
    updated_at: str
    plan: InterviewPlan
    score: float | None
    questions: list[QuestionReport]
    subtopics: list[SubtopicReport]
    strengths: list[SubtopicReport]
    gaps: list[SubtopicReport]
    practice_subtopics: list[str]
    practice_questions: list[PracticeQuestion]
    graded_by: list[str] = []  # each engine (and model) that graded an answer, e.g. "llm engine, model local"


def _points(result: QuestionResult) -> list[PointReport]:
    rubric = {p.id: p for p in result.question.rubric}
    return [
        PointReport(
            point_id=j.point_id,
            claim=rubric[j.point_id].claim,
            weight=rubric[j.point_id].weight,
            verdict=j.verdict,
            evidence=j.evidence,
            turn=j.turn,
        )
        for j in result.grade.judgments
    ]


def _turns(result: QuestionResult) -> list[TurnReport]:
    return [
        TurnReport(
            seq=t.seq,
            kind=t.prompt.kind,
            prompt=t.prompt.text,
            answer=t.answer,
            declined=t.declined,
            over_time=t.over_time,
            elapsed_s=t.elapsed_s,
        )
        for t in result.turns
    ]


def question_report(result: QuestionResult) -> QuestionReport:
    question, grade = result.question, result.grade
    return QuestionReport(
        index=result.index,
        question_id=question.id,
        text=question.text,
        subtopics=list(question.subtopics),
        difficulty=question.difficulty.value,
        type=question.type.value,
        status=grade.status,
        score=grade.score,
        band=grade.band,
        band_label=grade.band_label,
        reason=grade.reason,
        points=_points(result),
        red_flags=[f.statement for f in grade.red_flags],
        how_to_improve=list(grade.feedback.how_to_improve),
        follow_ups=result.follow_ups,
        turns=_turns(result),
        **answer_notes(t.answer for t in result.turns),
    )


def subtopic_reports(results: Sequence[QuestionResult]) -> list[SubtopicReport]:
    """Every subtopic the graded questions touched, weakest first."""
    counts = {s: sum(1 for r in results if r.graded and s in r.question.subtopics) for s in subtopic_credit(results)}
    credit = subtopic_credit(results)
    return sorted(
        (SubtopicReport(subtopic=s, credit=c, questions=counts[s]) for s, c in credit.items()),
        key=lambda r: (r.credit, r.subtopic),
    )


def weakest(subtopics: Sequence[SubtopicReport]) -> list[str]:
    """Up to three subtopics below the strong mark, weakest first; the single weakest if none is."""
    below = [s.subtopic for s in subtopics if s.credit < STRONG][:PRACTICE_SUBTOPICS]
    return below or [s.subtopic for s in subtopics[:1]]


def practice_questions(
    session: Session, pool: Sequence[Question], subtopics: Sequence[str], history: CandidateHistory
) -> list[PracticeQuestion]:
    """Bank questions on the weakest subtopics not asked in this session, unseen ones first."""
    asked = set(session.question_ids)
    ranked = sorted(
        (q for q in pool if q.id not in asked and set(q.subtopics) & set(subtopics)),
        key=lambda q: (
            q.id in history.seen,
            -len(set(q.subtopics) & set(subtopics)),
            seeded_order(session.plan.seed, q.id),
        ),
    )
    return [
        PracticeQuestion(question_id=q.id, text=q.text, difficulty=q.difficulty.value, subtopics=list(q.subtopics))
        for q in ranked[:PRACTICE_QUESTIONS]
    ]


def graded_by(results: Sequence[QuestionResult]) -> list[str]:
    """Who graded the session's answers: each distinct engine and model, in the order first used."""
    labels = [t.grade.provenance for r in results for t in r.turns if not t.declined]
    named = (f"{p.engine} engine" + (f", model {p.model}" if p.model else "") for p in labels)
    return list(dict.fromkeys(named))


def build_report(session: Session, questions: Mapping[str, Question], history: CandidateHistory) -> Report:
    results = question_results(session, questions)
    subtopics = subtopic_reports(results)
    scores = [r.grade.score for r in results if r.grade.score is not None]
    practice = weakest(subtopics)
    return Report(
        session_id=session.id,
        candidate=session.plan.candidate,
        status=session.status,
        created_at=session.created_at,
        updated_at=session.updated_at,
        plan=session.plan,
        score=round(mean(scores), 1) if scores else None,
        questions=[question_report(r) for r in results],
        subtopics=subtopics,
        strengths=sorted((s for s in subtopics if s.credit >= STRONG), key=lambda s: (-s.credit, s.subtopic)),
        gaps=[s for s in subtopics if s.credit < WEAK],
        practice_subtopics=practice,
        practice_questions=practice_questions(session, eligible(session.plan, questions.values()), practice, history),
        graded_by=graded_by(results),
    )

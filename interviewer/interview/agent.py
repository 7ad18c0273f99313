"""The interviewer: ask, take the answer, grade it, let the policy choose the next move, record the turn.

`answer()` writes the turn and the prompt after it in one transaction before returning, so the
session in the store is always one that `resume()` can continue. The interviewer holds no per-user
state beyond a cache of each session's candidate history (which other sessions cannot change).
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from interviewer.bank.models import Question
from interviewer.grading.grader import Grader
from interviewer.grading.target import GradingTarget, target_from_question
from interviewer.grading.types import Provenance, Verdict
from interviewer.interview.combine import declined_grade
from interviewer.interview.history import CandidateHistory, candidate_history
from interviewer.interview.phrasing import FollowUpPhraser, TextSink
from interviewer.interview.plan import InterviewPlan, scheduled_difficulty
from interviewer.interview.policy import End, FollowUp, FollowUpPolicy, Move, PointStatus, QuestionState, is_decline
from interviewer.interview.report import Report, build_report
from interviewer.interview.results import QuestionResult, question_result
from interviewer.interview.selection import eligible, pick_question
from interviewer.interview.session import Prompt, Session, SessionError, SessionStatus, Turn, now
from interviewer.interview.store import SessionStore
from interviewer.llm.tokens import count_tokens

MAX_CACHED_HISTORIES = 1000


@dataclass(frozen=True)
class Step:
    """What one answer led to: the recorded turn, the updated session, and the question it completed."""

    turn: Turn
    session: Session
    completed: QuestionResult | None = None
    note: str = ""

    @property
    def next_prompt(self) -> Prompt | None:
        return self.session.pending


class Interviewer:
    def __init__(
        self,
        pool: Sequence[Question],
        grader: Grader,
        store: SessionStore,
        phraser: FollowUpPhraser | None = None,
        weight_threshold: float = 2.0,
    ) -> None:
        self.questions = {q.id: q for q in pool}
        self.grader = grader
        self.store = store
        self.phraser = phraser
        self.weight_threshold = weight_threshold
        self._histories: dict[str, CandidateHistory] = {}

    def start(self, plan: InterviewPlan) -> Session:
        session_id = uuid.uuid4().hex[:12]
        history = self._history(plan.candidate, session_id)
        first = pick_question(plan, eligible(plan, self.questions.values()), [], history, scheduled_difficulty(plan, 0))
        if first is None:  # eligible() is never empty, so this cannot happen
            raise SessionError("no question to ask")
        started = now()
        prompt = Prompt(kind="question", question_id=first.id, question_index=0, text=first.text)
        session = Session(session_id, plan, SessionStatus.ACTIVE, (), prompt, started, started)
        self.store.create(session)
        return session

    def resume(self, session_id: str) -> Session:
        session = self.store.load(session_id)
        if session.status is not SessionStatus.ACTIVE or session.pending is None:
            raise SessionError(
                f"session {session_id} is {session.status.value}: see `interviewer sessions show {session_id}`"
            )
        return session

    def answer(
        self,
        session: Session,
        text: str,
        elapsed_s: float | None = None,
        on_follow_up: TextSink | None = None,
        *,
        skip_question: bool = False,
    ) -> Step:
        """Grade `text` as the answer to the pending prompt, record it, and decide what comes next.

        `on_follow_up` receives a model-phrased follow-up as it is written (see `FollowUpPhraser.phrase`).
        `skip_question`: no more follow-ups on this question, whatever the policy would ask (the Skip button)."""
        if session.pending is None:
            raise SessionError(f"session {session.id} has no pending question")
        prompt, question = session.pending, self._question(session.pending.question_id)
        turn = self._turn(session, prompt, question, text, elapsed_s)
        result = question_result(question, [*session.question_turns(prompt.question_index), turn])
        move = self._move(session, result, turn, skip_question)
        pending, note = self._prompt_for(move, session, result, on_follow_up)
        status = SessionStatus.ACTIVE if pending else SessionStatus.FINISHED
        self.store.record_turn(session.id, turn, pending, status)
        completed = None if pending and pending.question_index == prompt.question_index else result
        return Step(turn, session.with_turn(turn, pending, status), completed, note)

    def prepare(self, session: Session) -> None:
        """Embed the pending question's rubric while the candidate answers (loading the embedding model and
        the tokenizer the first time), so grading then embeds only the answer. Skipping it only costs time."""
        if session.pending is not None:
            question = self._question(session.pending.question_id)
            count_tokens(question.text)
            self.grader.embedder.embed(_rubric_texts(question))

    def report(self, session: Session) -> Report:
        return build_report(session, self.questions, self._history(session.plan.candidate, session.id))

    def _question(self, question_id: str) -> Question:
        try:
            return self.questions[question_id]
        except KeyError:
            raise SessionError(f"question {question_id!r} is no longer in the bank") from None

    def _history(self, candidate: str, session_id: str) -> CandidateHistory:
        if session_id not in self._histories:
            if len(self._histories) >= MAX_CACHED_HISTORIES:
                self._histories.clear()
            sessions = self.store.sessions_of(candidate)
            self._histories[session_id] = candidate_history(sessions, self.questions, exclude=session_id)
        return self._histories[session_id]

    @staticmethod
    def _target(session: Session, prompt: Prompt, question: Question) -> GradingTarget:
        """The question's rubric; a follow-up continues the candidate's answer to it, so its grade knows how
        many words the earlier turns on this question gave (the offline engine reads a short answer
        differently from an interview-length one)."""
        earlier = sum(len(t.answer.split()) for t in session.question_turns(prompt.question_index))
        return dataclasses.replace(target_from_question(question), earlier_words=earlier)

    def _turn(self, session: Session, prompt: Prompt, question: Question, text: str, elapsed: float | None) -> Turn:
        declined = is_decline(text)
        target = self._target(session, prompt, question)
        grade = declined_grade(target, text, self._provenance()) if declined else self.grader.grade(target, text)
        limit = session.plan.time_limit_s
        over_time = elapsed is not None and limit is not None and elapsed > limit
        elapsed_s = round(elapsed, 2) if elapsed is not None else None
        seq = len(session.turns) + 1
        return Turn(
            seq=seq,
            prompt=prompt,
            answer=text,
            declined=declined,
            grade=grade,
            elapsed_s=elapsed_s,
            over_time=over_time,
        )

    def _provenance(self) -> Provenance:
        return Provenance(engine=self.grader.engine.name, model=self.grader.engine.model)

    def _move(self, session: Session, result: QuestionResult, turn: Turn, skip_question: bool = False) -> Move:
        if turn.seq >= session.plan.max_turns:  # the policy never gets here; a guard, not a rule
            return End("turn limit reached")
        budget = 0 if skip_question else session.plan.follow_up_budget
        policy = FollowUpPolicy(budget, self.weight_threshold)
        return policy.next_move(self._state(session, result))

    def _state(self, session: Session, result: QuestionResult) -> QuestionState:
        plan, question = session.plan, result.question
        asked = frozenset(t.prompt.follow_up_index for t in result.turns if t.prompt.follow_up_index is not None)
        left_in_pool = len({q.id for q in eligible(plan, self.questions.values())} - set(session.question_ids))
        return QuestionState(
            points=_point_statuses(question, result),
            follow_ups=tuple(question.follow_ups),
            asked=asked,
            questions_left=min(plan.questions - result.index - 1, left_in_pool),
            difficulty=question.difficulty,
            band=result.grade.band,
            adaptive=plan.adaptive,
        )

    def _prompt_for(
        self, move: Move, session: Session, result: QuestionResult, on_text: TextSink | None = None
    ) -> tuple[Prompt | None, str]:
        if isinstance(move, End):
            return None, move.reason
        if isinstance(move, FollowUp):
            return self._follow_up(move, result, on_text)
        index = result.index + 1
        wanted = move.difficulty or scheduled_difficulty(session.plan, index)
        history = self._history(session.plan.candidate, session.id)
        candidates = eligible(session.plan, self.questions.values())
        question = pick_question(session.plan, candidates, session.question_ids, history, wanted)
        if question is None:
            return None, "the bank has no more questions for this plan"
        return Prompt(kind="question", question_id=question.id, question_index=index, text=question.text), ""

    def _follow_up(self, move: FollowUp, result: QuestionResult, on_text: TextSink | None) -> tuple[Prompt, str]:
        text, phrased_by, note = move.text, "bank", ""
        if self.phraser is not None:
            phrased = self.phraser.phrase(result.question, move, [t.answer for t in result.turns], on_text)
            text, phrased_by, note = phrased.text, phrased.phrased_by, phrased.note
        prompt = Prompt(
            kind="follow_up",
            question_id=result.question.id,
            question_index=result.index,
            text=text,
            follow_up_index=move.index,
            probes=move.probes,
            phrased_by=phrased_by,
        )
        return prompt, note


def _rubric_texts(question: Question) -> list[str]:
    points = [text for p in question.rubric for text in (p.claim, p.full_credit)]
    return [question.text, *points]


def _point_statuses(question: Question, result: QuestionResult) -> tuple[PointStatus, ...]:
    """The rubric as it stands; none when the answers could not be graded (nothing known to probe)."""
    if not result.graded:
        return ()
    declined = _declined_points(question, result.turns)
    verdicts = result.grade.verdicts()
    return tuple(
        PointStatus(p.id, p.weight, verdicts.get(p.id, Verdict.MISSED), p.id in declined) for p in question.rubric
    )


def _declined_points(question: Question, turns: Sequence[Turn]) -> set[str]:
    """Declining the question declines every point; declining a follow-up declines what it probes."""
    declined: set[str] = set()
    for turn in turns:
        if turn.declined:
            declined |= set(turn.prompt.probes) if turn.prompt.kind == "follow_up" else {p.id for p in question.rubric}
    return declined

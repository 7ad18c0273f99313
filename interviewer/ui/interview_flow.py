"""The interview tab's callbacks: plain functions of their inputs and the browser session's state.

What a user does lives in the session store (keyed by a random session id) and in `InterviewState`,
which Gradio keeps per browser session; `InterviewService` holds only shared, read-only resources.
"""

from __future__ import annotations

import queue
import secrets
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from pydantic import ValidationError

from interviewer.bank.models import Difficulty, QuestionType
from interviewer.coach.transcripts import item_from_result
from interviewer.errors import InterviewerError
from interviewer.interview.agent import Interviewer
from interviewer.interview.phrasing import TextSink
from interviewer.interview.plan import FeedbackMode, InterviewPlan
from interviewer.interview.results import QuestionResult, question_results
from interviewer.interview.session import Prompt, Session, SessionError
from interviewer.interview.store import SessionStore
from interviewer.interview.wiring import make_interviewer
from interviewer.ui.render import item_html, literal_markdown
from interviewer.workspace import Workspace

MIX = "Mix (easy → hard)"
GRADING = "*Grading your answer…*"
SKIP_ANSWER = "skip"
Clock = Callable[[], float]
Message = dict[str, str]
InterviewerFactory = Callable[[Workspace, InterviewPlan, SessionStore], Interviewer]


@dataclass(frozen=True)
class InterviewState:
    """Per browser session: which interview, and when its pending prompt was shown."""

    session_id: str | None = None
    answered: int = 0
    prompt_started: float = 0.0
    ended: bool = False
    time_limit_s: int | None = None


@dataclass(frozen=True)
class Setup:
    candidate: str
    bank: str | None = None
    questions: int = 5
    difficulty: str = MIX
    adaptive: bool = False
    types: list[str] = field(default_factory=list)
    engine: str = "offline"
    model: str = ""
    feedback: str = FeedbackMode.END.value
    follow_ups: int = 2
    seed: int | None = None
    time_limit_s: int | None = None


@dataclass(frozen=True)
class InterviewView:
    state: InterviewState
    messages: list[Message]
    status: str
    feedback_html: str = ""
    pending: Prompt | None = None  # the prompt waiting for an answer (spoken aloud when the user asks)

    @property
    def finished(self) -> bool:
        return self.state.ended


class InterviewService:
    """The workspace, the session store, and one `Interviewer` per engine and model (none holds user state)."""

    def __init__(
        self, workspace: Workspace, store: SessionStore, factory: InterviewerFactory = make_interviewer
    ) -> None:
        """`factory` builds the interviewer for a plan's engine and model (the default wires the workspace's)."""
        self.workspace = workspace
        self.store = store
        self.factory = factory
        self._interviewers: dict[tuple[str, str], Interviewer] = {}
        self._lock = threading.Lock()

    def interviewer(self, plan: InterviewPlan) -> Interviewer:
        key = (plan.engine, plan.model)
        with self._lock:
            if key not in self._interviewers:
                self._interviewers[key] = self.factory(self.workspace, plan, self.store)
            return self._interviewers[key]

    def load(self, state: InterviewState) -> Session:
        if state.session_id is None:
            raise SessionError("start an interview first")
        return self.store.load(state.session_id)


def plan_from_setup(setup: Setup) -> InterviewPlan:
    difficulty = None if setup.difficulty in ("", MIX) else Difficulty(setup.difficulty)
    try:
        return InterviewPlan(
            candidate=setup.candidate.strip() or "anonymous",
            bank=setup.bank or None,
            questions=int(setup.questions),
            difficulty=difficulty,
            adaptive=setup.adaptive,
            types=tuple(QuestionType(t) for t in setup.types),
            time_limit_s=setup.time_limit_s or None,
            feedback=FeedbackMode(setup.feedback),
            follow_up_budget=int(setup.follow_ups),
            seed=setup.seed if setup.seed is not None else secrets.randbelow(2**31),
            engine=setup.engine,
            model=setup.model.strip(),
        )
    except (ValidationError, ValueError) as exc:
        raise InterviewerError(f"invalid interview set-up: {str(exc).splitlines()[0]}") from exc


def prompt_markdown(prompt: Prompt, plan: InterviewPlan) -> str:
    if prompt.kind == "follow_up":
        return f"**Follow-up:** {literal_markdown(prompt.text)}"
    return f"**Question {prompt.question_index + 1} of {plan.questions}:** {literal_markdown(prompt.text)}"


def feedback_markdown(result: QuestionResult) -> str:
    grade = result.grade
    score = f"{grade.score:g}/100, band {grade.band} ({grade.band_label})" if grade.score is not None else "unscored"
    lines = [f"**Feedback on question {result.index + 1}: {score}**", ""]
    for j in grade.judgments:
        quote = f" — “{literal_markdown(j.evidence)}”" if j.evidence else ""
        lines.append(f"- {j.verdict.value}: {literal_markdown(result.question.point(j.point_id).claim)}{quote}")
    lines += [f"- to improve: {literal_markdown(tip)}" for tip in grade.feedback.how_to_improve[:3]]
    return "\n".join(lines)


def _completed(session: Session) -> set[int]:
    """Question indexes the interview has moved past."""
    current = session.pending.question_index if session.pending else None
    return {t.prompt.question_index for t in session.turns if t.prompt.question_index != current}


def chat_messages(session: Session, workspace: Workspace) -> list[Message]:
    """The conversation so far, rebuilt from the stored session; per-question feedback when the plan asks."""
    each = session.plan.feedback is FeedbackMode.EACH
    results = {r.index: r for r in question_results(session, workspace.questions)} if each else {}
    last_turn = {t.prompt.question_index: t.seq for t in session.turns}
    done = _completed(session)
    messages: list[Message] = []
    for turn in session.turns:
        messages.append({"role": "assistant", "content": prompt_markdown(turn.prompt, session.plan)})
        messages.append({"role": "user", "content": literal_markdown(turn.answer) or "*(no answer)*"})
        index = turn.prompt.question_index
        if index in results and index in done and last_turn[index] == turn.seq:
            messages.append({"role": "assistant", "content": feedback_markdown(results[index])})
    if session.pending is not None:
        messages.append({"role": "assistant", "content": prompt_markdown(session.pending, session.plan)})
    else:
        messages.append({"role": "assistant", "content": "That was the last question. Your report is below."})
    return messages


def status_text(session: Session, ended: bool) -> str:
    answered = len(session.answered_question_ids)
    if ended or session.pending is None:
        return f"Session `{session.id}` ended after {len(session.turns)} answer(s) to {answered} question(s)."
    return f"Session `{session.id}` · {session.plan.candidate} · answered {len(session.turns)} turn(s)."


def _view(service: InterviewService, session: Session, state: InterviewState, feedback: str = "") -> InterviewView:
    messages, status = chat_messages(session, service.workspace), status_text(session, state.ended)
    return InterviewView(state, messages, status, feedback, None if state.ended else session.pending)


def start_interview(service: InterviewService, setup: Setup, clock: Clock) -> InterviewView:
    plan = plan_from_setup(setup)
    interviewer = service.interviewer(plan)
    session = interviewer.start(plan)
    interviewer.prepare(session)
    return _view(service, session, InterviewState(session.id, 0, clock(), time_limit_s=plan.time_limit_s))


def _checked(service: InterviewService, state: InterviewState, text: str) -> tuple[Session, InterviewView | None]:
    """The session to answer in, or the current view when this submission repeats one already recorded."""
    session = service.load(state)
    if state.ended or session.pending is None:
        raise SessionError("this interview has ended: start a new one")
    if len(session.turns) != state.answered:
        return session, _view(service, session, state)  # a double submit: the first one already answered this prompt
    if not text.strip():
        raise SessionError("type an answer first (or press Skip)")
    return session, None


def _record_answer(
    service: InterviewService,
    session: Session,
    state: InterviewState,
    text: str,
    clock: Clock,
    on_follow_up: TextSink | None = None,
) -> InterviewView:
    interviewer = service.interviewer(session.plan)
    step = interviewer.answer(session, text, clock() - state.prompt_started, on_follow_up)
    ended = step.session.pending is None
    if not ended:
        interviewer.prepare(step.session)
    feedback = ""
    if step.completed is not None and session.plan.feedback is FeedbackMode.EACH:
        feedback = item_html(item_from_result(step.completed))
    new_state = replace(state, answered=len(step.session.turns), prompt_started=clock(), ended=ended)
    return _view(service, step.session, new_state, feedback)


def submit_answer(service: InterviewService, state: InterviewState, text: str, clock: Clock) -> InterviewView:
    """Grade `text` as the answer to the pending prompt; a stale or repeated submission changes nothing."""
    session, repeated = _checked(service, state, text)
    return repeated or _record_answer(service, session, state, text, clock)


@dataclass(frozen=True)
class Draft:
    """The conversation while an answer is being graded: the answer shown, then the follow-up as it is written."""

    messages: list[Message]


def _writing(conversation: list[Message], follow_up: str) -> Draft:
    text = f"**Follow-up:** {literal_markdown(follow_up)} ▍"
    return Draft([*conversation, {"role": "assistant", "content": text}])


def submit_answer_live(
    service: InterviewService, state: InterviewState, text: str, clock: Clock
) -> Iterator[Draft | InterviewView]:
    """`submit_answer`, showing its progress: the answer at once, a model-phrased follow-up as it is written,
    then the view. Grading runs in a worker thread; the turn is recorded even if the browser goes away."""
    session, repeated = _checked(service, state, text)
    if repeated is not None:
        yield repeated
        return
    conversation = chat_messages(session, service.workspace)
    conversation.append({"role": "user", "content": literal_markdown(text)})
    yield Draft([*conversation, {"role": "assistant", "content": GRADING}])
    updates: queue.Queue[str | None] = queue.Queue()
    outcome: list[InterviewView | InterviewerError] = []

    def work() -> None:
        try:
            outcome.append(_record_answer(service, session, state, text, clock, updates.put))
        except InterviewerError as exc:
            outcome.append(exc)
        finally:
            updates.put(None)

    threading.Thread(target=work, name="interview-answer", daemon=True).start()
    while (written := updates.get()) is not None:
        yield _writing(conversation, written)
    result = outcome[0] if outcome else SessionError("grading the answer failed unexpectedly: see the app's log")
    if isinstance(result, InterviewerError):
        yield Draft(chat_messages(service.load(state), service.workspace))  # the conversation as stored
        raise result
    yield result


def end_interview(service: InterviewService, state: InterviewState) -> InterviewView:
    """Stop asking; the session keeps what was answered (an unfinished one can be resumed from the CLI)."""
    session = service.load(state)
    return _view(service, session, replace(state, ended=True))


def timer_text(state: InterviewState, clock: Clock) -> str:
    if state.session_id is None or state.ended:
        return "Answer time: —"
    elapsed, time_limit_s = max(0, int(clock() - state.prompt_started)), state.time_limit_s
    limit = f" of {time_limit_s} s" if time_limit_s else ""
    over = " — over the limit" if time_limit_s and elapsed > time_limit_s else ""
    return f"Answer time: {elapsed // 60}:{elapsed % 60:02d}{limit}{over}"

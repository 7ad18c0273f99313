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
from interviewer.errors import InterviewerError
from interviewer.interview.advice import question_advice
from interviewer.interview.agent import Interviewer
from interviewer.interview.phrasing import TextSink
from interviewer.interview.plan import FeedbackMode, InterviewPlan
from interviewer.interview.session import Prompt, Session, SessionError
from interviewer.interview.store import SessionStore
from interviewer.interview.wiring import make_interviewer
from interviewer.ui.allowed_models import check_model, offered_models
from interviewer.ui.conversation import Message, chat_messages, question_card, status_text
from interviewer.ui.render import advice_html, literal_markdown
from interviewer.workspace import Workspace

MIX = "Mix (easy → hard)"
GRADING = "*Grading your answer…*"
SKIP_ANSWER = "skip"
NOT_STARTED = "Choose your questions, then press Start interview."
Clock = Callable[[], float]
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
    card: str = ""

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
        self.models = offered_models(workspace.settings)
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


def plan_from_setup(setup: Setup, models: list[str] | None = None) -> InterviewPlan:
    model = check_model(setup.model, models) if models is not None else setup.model.strip()
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
            model=model,
        )
    except (ValidationError, ValueError) as exc:
        raise InterviewerError(f"invalid interview set-up: {str(exc).splitlines()[0]}") from exc


def _view(service: InterviewService, session: Session, state: InterviewState, feedback: str = "") -> InterviewView:
    messages, status = chat_messages(session, service.workspace), status_text(session, state.ended)
    pending = None if state.ended else session.pending
    return InterviewView(state, messages, status, feedback, pending, question_card(session, state.ended))


def start_interview(service: InterviewService, setup: Setup, clock: Clock) -> InterviewView:
    plan = plan_from_setup(setup, service.models)
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
        raise SessionError("type an answer first (or press Skip question)")
    return session, None


def _record_answer(
    service: InterviewService,
    session: Session,
    state: InterviewState,
    text: str,
    clock: Clock,
    on_follow_up: TextSink | None = None,
    skip_question: bool = False,
) -> InterviewView:
    interviewer = service.interviewer(session.plan)
    elapsed = clock() - state.prompt_started
    step = interviewer.answer(session, text, elapsed, on_follow_up, skip_question=skip_question)
    ended = step.session.pending is None
    if not ended:
        interviewer.prepare(step.session)
    feedback = ""
    if step.completed is not None and session.plan.feedback is FeedbackMode.EACH:
        feedback = advice_html(question_advice(step.completed))
    new_state = replace(state, answered=len(step.session.turns), prompt_started=clock(), ended=ended)
    return _view(service, step.session, new_state, feedback)


def submit_answer(
    service: InterviewService, state: InterviewState, text: str, clock: Clock, skip_question: bool = False
) -> InterviewView:
    """Grade `text` as the answer to the pending prompt; a stale or repeated submission changes nothing.
    `skip_question`: move on to the next question (no more follow-ups on this one)."""
    session, repeated = _checked(service, state, text)
    return repeated or _record_answer(service, session, state, text, clock, skip_question=skip_question)


@dataclass(frozen=True)
class Draft:
    """The conversation while an answer is being graded: the answer shown, then the follow-up as it is written."""

    messages: list[Message]


def _writing(conversation: list[Message], follow_up: str) -> Draft:
    text = f"**Follow-up:** {literal_markdown(follow_up)} ▍"
    return Draft([*conversation, {"role": "assistant", "content": text}])


def submit_answer_live(
    service: InterviewService, state: InterviewState, text: str, clock: Clock, skip_question: bool = False
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
            outcome.append(_record_answer(service, session, state, text, clock, updates.put, skip_question))
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
    """Stop asking: the session becomes `ended` (it keeps what was answered and takes no more answers)."""
    if state.session_id is None:
        raise SessionError("start an interview first")
    service.store.end(state.session_id)
    session = service.load(state)
    return _view(service, session, replace(state, ended=True))


def timer_text(state: InterviewState, clock: Clock) -> str:
    if state.session_id is None or state.ended:
        return "Answer time: —"
    elapsed, time_limit_s = max(0, int(clock() - state.prompt_started)), state.time_limit_s
    limit = f" of {time_limit_s} s" if time_limit_s else ""
    over = " — over the limit" if time_limit_s and elapsed > time_limit_s else ""
    return f"Answer time: {elapsed // 60}:{elapsed % 60:02d}{limit}{over}"

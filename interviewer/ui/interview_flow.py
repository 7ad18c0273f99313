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
from interviewer.config import Settings
from interviewer.errors import InterviewerError
from interviewer.interview.advice import question_advice
from interviewer.interview.agent import Interviewer
from interviewer.interview.phrasing import TextSink
from interviewer.interview.plan import FeedbackMode, InterviewPlan
from interviewer.interview.results import QuestionResult, question_results
from interviewer.interview.session import Prompt, Session, SessionError, SessionStatus
from interviewer.interview.store import SessionStore
from interviewer.interview.wiring import make_interviewer
from interviewer.ui.render import advice_html, escape, literal_markdown
from interviewer.workspace import Workspace

MIX = "Mix (easy → hard)"
GRADING = "*Grading your answer…*"
SKIP_ANSWER = "skip"
NOT_STARTED = "Choose your questions, then press Start interview."
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


def local_model_installed() -> bool:
    """The local-llm extra: llama.cpp's server and the embedded model's parts."""
    from interviewer.llm.local_model import parts_installed
    from interviewer.llm.local_server import server_installed

    return server_installed() and parts_installed()


def offered_models(settings: Settings) -> list[str]:
    """The models a user of the app may pick: none (""), the configured chat model, `allowed_models`, and
    `local` when the local-llm extra is installed. Anything else could start a process (`local:/x.gguf`) or
    spend the operator's key, so the app refuses it."""
    local = ["local"] if local_model_installed() else []
    return list(dict.fromkeys(["", settings.chat_model, *settings.allowed_models, *local]))


def check_model(model: str, offered: list[str]) -> str:
    chosen = (model or "").strip()
    if chosen not in offered:
        named = ", ".join(m for m in offered if m) or "none"
        raise InterviewerError(f"model {chosen!r} is not offered by this app (offered: {named})")
    return chosen


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


def prompt_markdown(prompt: Prompt, plan: InterviewPlan) -> str:
    if prompt.kind == "follow_up":
        return f"**Follow-up:** {literal_markdown(prompt.text)}"
    return f"**Question {prompt.question_index + 1} of {plan.questions}:** {literal_markdown(prompt.text)}"


def feedback_markdown(result: QuestionResult) -> str:
    """The chat's short feedback on a finished question: score and band, then the one thing to practise."""
    advice = question_advice(result)
    if advice.score is None:
        return f"**Feedback on question {result.index + 1}:** not scored — {literal_markdown(advice.unscored_reason)}"
    head = f"**Feedback on question {result.index + 1}: {advice.score:g}/100 ({literal_markdown(advice.band_label)})**"
    lines = [head, ""]
    lines += [f"- Well done: “{literal_markdown(s.quote)}”" for s in advice.strengths[:2]]
    lines += [f"- {literal_markdown(g.sentence)}" for g in advice.gaps[:2]]
    lines += [f"- Practise: {literal_markdown(advice.practise)}"] if advice.practise else []
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
        last = "You ended the interview." if session.status is SessionStatus.ENDED else "That was the last question."
        messages.append({"role": "assistant", "content": f"{last} Your results are below."})
    return messages


def status_text(session: Session, ended: bool) -> str:
    answered = len(session.answered_question_ids)
    if ended or session.pending is None:
        state = session.status.value
        return f"Session `{session.id}` ({state}): {len(session.turns)} answer(s) to {answered} question(s)."
    return f"Session `{session.id}` · {session.plan.candidate} · answered {len(session.turns)} turn(s)."


def progress_text(session: Session) -> str:
    """Where the candidate is: "Question 2 of 5", "Question 2 of 5 · follow-up 1 of 2"."""
    prompt = session.pending
    if prompt is None:
        return "Interview over"
    where = f"Question {prompt.question_index + 1} of {session.plan.questions}"
    if prompt.kind != "follow_up":
        return where
    asked = sum(1 for t in session.question_turns(prompt.question_index) if t.prompt.kind == "follow_up")
    return f"{where} · follow-up {asked + 1} of {session.plan.follow_up_budget}"


def card_html(progress: str, prompt: str, note: str = "") -> str:
    """The question card: where the candidate is, and the one prompt to answer now."""
    extra = f'<div class="card-note">{escape(note)}</div>' if note else ""
    return (
        f'<div class="question-card"><div class="progress">{escape(progress)}</div>'
        f'<div class="prompt">{escape(prompt)}</div>{extra}</div>'
    )


def _card(session: Session, ended: bool) -> str:
    if ended or session.pending is None:
        return card_html("Interview over", "Thank you. Your results are below.")
    return card_html(progress_text(session), session.pending.text)


def _view(service: InterviewService, session: Session, state: InterviewState, feedback: str = "") -> InterviewView:
    messages, status = chat_messages(session, service.workspace), status_text(session, state.ended)
    pending = None if state.ended else session.pending
    return InterviewView(state, messages, status, feedback, pending, _card(session, state.ended))


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

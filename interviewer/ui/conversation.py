"""What the interview tab shows of a session: the question card with the candidate's progress, the
conversation as chat messages, and the status line. Plain functions of the stored session."""

from __future__ import annotations

from interviewer.interview.advice import question_advice
from interviewer.interview.plan import FeedbackMode, InterviewPlan
from interviewer.interview.results import QuestionResult, question_results
from interviewer.interview.session import Prompt, Session, SessionStatus
from interviewer.ui.render import escape, literal_markdown
from interviewer.workspace import Workspace

Message = dict[str, str]


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


def question_card(session: Session, ended: bool) -> str:
    """The card for the session as it stands: the prompt waiting for an answer, or the end."""
    if ended or session.pending is None:
        return card_html("Interview over", "Thank you. Your results are below.")
    return card_html(progress_text(session), session.pending.text)

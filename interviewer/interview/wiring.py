"""Builds an interviewer from the workspace and a plan: grader, phraser, session store."""

from __future__ import annotations

from interviewer.config import Settings
from interviewer.grading.engines import make_engine
from interviewer.grading.grader import Grader, GradingOptions
from interviewer.interview.agent import Interviewer
from interviewer.interview.phrasing import FollowUpPhraser
from interviewer.interview.plan import InterviewPlan
from interviewer.interview.store import SessionStore
from interviewer.workspace import Workspace


def make_phraser(settings: Settings, spec: str) -> FollowUpPhraser | None:
    """A chat model phrases follow-ups when one is configured; offline, the bank's follow-ups are asked."""
    if not spec:
        return None
    from interviewer.llm.chat import make_chat_model
    from interviewer.llm.prompts import load_prompt

    return FollowUpPhraser(make_chat_model(spec, settings), load_prompt("follow_up", settings.prompts_dir), spec)


def make_interviewer(workspace: Workspace, plan: InterviewPlan, store: SessionStore) -> Interviewer:
    engine = make_engine(workspace, plan.engine, plan.model or None)
    options = GradingOptions(token_budget=workspace.settings.token_budget)
    grader = Grader(engine, workspace.embedder, options)
    phraser = make_phraser(workspace.settings, plan.model)
    return Interviewer(list(workspace.questions.values()), grader, store, phraser)

"""Mock interviews: plans, the follow-up policy, sessions and their store, reports."""

from interviewer.interview.agent import Interviewer, Step
from interviewer.interview.combine import combine_grades
from interviewer.interview.phrasing import FollowUpPhraser
from interviewer.interview.plan import FeedbackMode, InterviewPlan
from interviewer.interview.policy import End, FollowUp, FollowUpPolicy, NextQuestion, QuestionState, next_move
from interviewer.interview.report import Report, build_report
from interviewer.interview.report_render import report_json, report_markdown
from interviewer.interview.session import Prompt, Session, SessionError, SessionStatus, Turn
from interviewer.interview.store import SessionStore, SqlSessionStore, open_store

__all__ = [
    "End",
    "FeedbackMode",
    "FollowUp",
    "FollowUpPhraser",
    "FollowUpPolicy",
    "InterviewPlan",
    "Interviewer",
    "NextQuestion",
    "Prompt",
    "QuestionState",
    "Report",
    "Session",
    "SessionError",
    "SessionStatus",
    "SessionStore",
    "SqlSessionStore",
    "Step",
    "Turn",
    "build_report",
    "combine_grades",
    "next_move",
    "open_store",
    "report_json",
    "report_markdown",
]

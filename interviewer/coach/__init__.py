"""Coach reviews: transcripts to review, append-only reviews beside the AI grade, agreement, exports."""

from interviewer.coach.agreement import CoachAgreement, coach_agreement
from interviewer.coach.export import add_eval_case, eval_case, reviewed_json, reviewed_markdown
from interviewer.coach.store import CoachStore, SqlCoachStore, latest_reviews, open_coach_store
from interviewer.coach.transcripts import transcript_from_csv, transcript_from_report_json, transcript_from_session
from interviewer.coach.types import AiPoint, AnswerTurn, CoachError, CoachReview, ReviewItem, ReviewTranscript

__all__ = [
    "AiPoint",
    "AnswerTurn",
    "CoachAgreement",
    "CoachError",
    "CoachReview",
    "CoachStore",
    "ReviewItem",
    "ReviewTranscript",
    "SqlCoachStore",
    "add_eval_case",
    "coach_agreement",
    "eval_case",
    "latest_reviews",
    "open_coach_store",
    "reviewed_json",
    "reviewed_markdown",
    "transcript_from_csv",
    "transcript_from_report_json",
    "transcript_from_session",
]

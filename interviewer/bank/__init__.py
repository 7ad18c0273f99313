"""Question banks: the YAML schema, loading and validation."""

from interviewer.bank.loader import LoadedBank, all_questions, collect_banks, load_banks
from interviewer.bank.models import (
    Bank,
    Difficulty,
    FollowUp,
    Question,
    QuestionType,
    RedFlag,
    RubricPoint,
    Source,
    Subtopic,
)

__all__ = [
    "Bank",
    "Difficulty",
    "FollowUp",
    "LoadedBank",
    "Question",
    "QuestionType",
    "RedFlag",
    "RubricPoint",
    "Source",
    "Subtopic",
    "all_questions",
    "collect_banks",
    "load_banks",
]

"""What the app's callbacks share, built once per app process: the interview and coach services over the
configured database (`database_url`, else SQLite in the data directory). Processes configured with the
same PostgreSQL URL share every session and review."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from interviewer.coach.store import open_coach_store
from interviewer.interview.store import open_store
from interviewer.ui.coach_flow import CoachService
from interviewer.ui.interview_flow import InterviewService
from interviewer.workspace import Workspace


@dataclass(frozen=True)
class AppServices:
    interviews: InterviewService
    coach: CoachService


def app_services(workspace: Workspace, coach_cases_dir: Path | None = None) -> AppServices:
    """`coach_cases_dir`: where "add to eval set" writes eval cases (default `<data_dir>/coach-cases`)."""
    settings = workspace.settings
    sessions = open_store(settings.data_dir, settings.database_url)
    reviews = open_coach_store(settings.data_dir, settings.database_url)
    password = settings.coach_password.get_secret_value()
    cases_dir = coach_cases_dir or settings.data_dir / "coach-cases"
    return AppServices(
        InterviewService(workspace, sessions), CoachService(workspace, sessions, reviews, cases_dir, password)
    )

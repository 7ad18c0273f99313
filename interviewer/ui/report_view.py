"""The end-of-interview report for the app (HTML, subtopic chart, Markdown/PDF/JSON downloads) and a
returning candidate's history. Plain functions of the session store's content."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from interviewer.coach.export import slug
from interviewer.coach.transcripts import transcript_from_session
from interviewer.coach.types import ReviewItem
from interviewer.interview.advice import question_advice
from interviewer.interview.history import candidate_history
from interviewer.interview.progress import SessionProgress, candidate_progress
from interviewer.interview.report import Report, build_report
from interviewer.interview.report_pdf import report_pdf
from interviewer.interview.report_render import report_json, report_markdown
from interviewer.interview.results import question_results
from interviewer.interview.session import Session
from interviewer.interview.store import SessionStore
from interviewer.ui.charts import progress_chart, subtopic_chart
from interviewer.ui.downloads import download_folder
from interviewer.ui.render import report_html
from interviewer.workspace import Workspace


@dataclass(frozen=True)
class ReportView:
    html: str
    chart: Figure
    files: list[str]


@dataclass(frozen=True)
class HistoryView:
    text: str
    rows: list[list[Any]]
    chart: Figure | None


def reference_markdown(items: Sequence[ReviewItem]) -> str:
    """The reference-answer sentences for what each question missed, as a Markdown section."""
    lines = ["## From the reference answers, for what was missed", ""]
    for item in items:
        if item.reference_parts:
            lines += [f"**{item.index + 1}. {item.question_id}**", "", *(f"- {p}" for p in item.reference_parts), ""]
    return "\n".join(lines).rstrip() + "\n" if len(lines) > 2 else ""


def write_report_files(
    report: Report, items: Sequence[ReviewItem], folder: Path, chart: Figure | None = None, delivery: Sequence[str] = ()
) -> list[Path]:
    """`<name>.md`, `.pdf` and `.json` of the report in `folder` (the PDF with `chart` and `delivery`)."""
    stem = folder / f"interview-{slug(report.candidate)[:40]}-{report.session_id}"
    markdown = report_markdown(report)
    extra = reference_markdown(items)
    md = stem.with_suffix(".md")
    md.write_text(markdown + ("\n" + extra if extra else ""), encoding="utf-8")
    parts: Mapping[int, Sequence[str]] = {i.index: i.reference_parts for i in items}
    pdf = stem.with_suffix(".pdf")
    pdf.write_bytes(report_pdf(report, parts, _png(chart) if chart is not None else None, delivery))
    js = stem.with_suffix(".json")
    js.write_text(report_json(report) + "\n", encoding="utf-8")
    return [md, pdf, js]


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150)
    return buffer.getvalue()


def session_report(workspace: Workspace, store: SessionStore, session: Session) -> Report:
    past = candidate_history(store.sessions_of(session.plan.candidate), workspace.questions, exclude=session.id)
    return build_report(session, workspace.questions, past)


def report_view(
    workspace: Workspace, store: SessionStore, session: Session, delivery: Sequence[str] = ()
) -> ReportView:
    """`delivery`: one line per spoken answer, for the PDF (the page shows it apart)."""
    report = session_report(workspace, store, session)
    items = transcript_from_session(session, workspace.questions).items
    advice = [question_advice(r) for r in question_results(session, workspace.questions)]
    folder = download_folder("report-")
    chart = subtopic_chart(report.subtopics)
    files = write_report_files(report, items, folder, chart, delivery)
    return ReportView(report_html(report, advice, items), chart, [str(f) for f in files])


def history_rows(progress: Sequence[SessionProgress]) -> list[list[Any]]:
    rows = []
    for number, p in enumerate(progress, start=1):
        subtopics = ", ".join(f"{name} {round(100 * credit)}%" for name, credit in sorted(p.subtopics.items()))
        score = "" if p.score is None else p.score
        rows.append([number, p.created_at[:16].replace("T", " "), p.session_id, p.questions, score, subtopics])
    return rows


def history_view(workspace: Workspace, store: SessionStore, candidate: str) -> HistoryView:
    """A candidate's past sessions and their progress per subtopic (nothing for an empty or new name)."""
    name = candidate.strip()
    if not name:
        return HistoryView("Enter your name to see your past sessions.", [], None)
    progress = candidate_progress(store.sessions_of(name), workspace.questions)
    if not progress:
        return HistoryView("No past sessions under this name.", [], None)
    text = f"{len(progress)} session(s) with answers. Credit per subtopic, session by session:"
    return HistoryView(text, history_rows(progress), progress_chart(progress))


HISTORY_COLUMNS = ["#", "started (UTC)", "session", "questions", "score", "credit per subtopic"]

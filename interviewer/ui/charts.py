"""Charts for the interview tab, as matplotlib `Figure`s built without pyplot (no shared global figure)."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from interviewer.interview.progress import SessionProgress, subtopic_series
from interviewer.interview.report import STRONG, WEAK, SubtopicReport

GOOD, MIDDLE, BAD = "#3a9d5d", "#d9a520", "#c94a4a"


def subtopic_chart(subtopics: Sequence[SubtopicReport]) -> Figure:
    """Share of rubric weight earned per subtopic: green a strength, red a gap."""
    figure = Figure(figsize=(6, max(2.0, 0.45 * len(subtopics) + 1)), layout="constrained")
    axes = figure.add_subplot()
    names = [s.subtopic for s in subtopics]
    values = [100 * s.credit for s in subtopics]
    colours = [GOOD if s.credit >= STRONG else BAD if s.credit < WEAK else MIDDLE for s in subtopics]
    axes.barh(names, values, color=colours)
    axes.set_xlim(0, 100)
    axes.set_xlabel("% of rubric weight earned")
    axes.axvline(100 * STRONG, color=GOOD, linestyle=":", linewidth=1)
    axes.axvline(100 * WEAK, color=BAD, linestyle=":", linewidth=1)
    axes.invert_yaxis()
    return figure


def progress_chart(progress: Sequence[SessionProgress]) -> Figure:
    """Credit per subtopic, session after session (oldest on the left)."""
    figure = Figure(figsize=(6, 3.6), layout="constrained")
    axes = figure.add_subplot()
    sessions = list(range(1, len(progress) + 1))
    for name, series in subtopic_series(progress).items():
        points = [(x, 100 * v) for x, v in zip(sessions, series, strict=True) if v is not None]
        axes.plot([x for x, _ in points], [y for _, y in points], marker="o", label=name)
    axes.set_ylim(0, 105)
    axes.set_xticks(sessions)
    axes.set_xlabel("session")
    axes.set_ylabel("% of rubric weight earned")
    if progress:
        axes.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=3, frameon=False)
    return figure

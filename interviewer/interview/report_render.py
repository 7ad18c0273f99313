"""A report as Markdown (to read) or JSON (to keep or process).

The Markdown escapes every text that came from a candidate or a model (`<`, `>`, `&`), so a viewer that
renders HTML inside Markdown shows `<img src=x onerror=…>` as text; answers are given in full.
"""

from __future__ import annotations

import html

from interviewer.grading.render import MARK
from interviewer.interview.instructions import CORRECTED, FLAG, TAKEN_BACK
from interviewer.interview.report import QuestionReport, Report, SubtopicReport, TurnReport


def text(value: str) -> str:
    """`value` safe inside Markdown that may be rendered with HTML: tags shown as text, on one line."""
    return html.escape(" ".join(value.split()), quote=False)


def report_json(report: Report) -> str:
    return report.model_dump_json(indent=2)


def _percent(value: float) -> str:
    return f"{round(100 * value)}%"


def _subtopic_line(s: SubtopicReport) -> str:
    return f"- {s.subtopic}: {_percent(s.credit)} of rubric weight earned over {s.questions} question(s)"


def _score(q: QuestionReport) -> str:
    if q.score is None:
        return f"unscored — {q.reason}"
    return f"{q.score:g}/100 — band {q.band} ({q.band_label})"


def question_markdown(q: QuestionReport) -> list[str]:
    lines = [
        f"### {q.index + 1}. {q.question_id} — {_score(q)}",
        "",
        f"*{q.difficulty} · {q.type} · {', '.join(q.subtopics)} · {q.follow_ups} follow-up(s)*",
        *([f"*Screened: {q.reason}*"] if q.reason and q.score is not None else []),
        "",
        f"> {q.text}",
        "",
    ]
    for p in q.points:
        turn = f" (turn {p.turn})" if p.turn is not None else ""
        evidence = f" — “{text(p.evidence)}”" if p.evidence else ""
        lines.append(f"- {MARK[p.verdict.value]} **{p.point_id}** ({p.verdict.value}{turn}): {p.claim}{evidence}")
    lines += [f"- red flag: {flag}" for flag in q.red_flags]
    lines += [f"- **flagged**: {FLAG}: “{text(s)}”" for s in q.flagged]
    lines += [f"- **taken back**: {TAKEN_BACK}: “{text(s)}”" for s in q.taken_back]
    lines += [f"- **corrected**: {CORRECTED}: “{text(s)}”, graded as “{text(r)}”" for s, r in q.corrected]
    lines += ["", "Answers:", *map(_turn_line, q.turns)]
    return [*lines, ""]


def _turn_line(t: TurnReport) -> str:
    asked = f" — follow-up: {text(t.prompt)}" if t.kind == "follow_up" else ""
    notes = ["declined"] if t.declined else []
    notes += [f"{t.elapsed_s or 0:g} s, over the time limit"] if t.over_time else []
    extra = f" ({'; '.join(notes)})" if notes else ""
    return f"- turn {t.seq}{asked}{extra}\n  > " + text(t.answer)


def report_markdown(report: Report) -> str:
    score = f"{report.score:g}/100" if report.score is not None else "no graded answer"
    lines = [
        f"# Interview report — {text(report.candidate)}",
        "",
        f"Session `{report.session_id}` ({report.status.value}), {report.created_at} → {report.updated_at}. "
        f"Overall: **{score}** over {len(report.questions)} question(s).",
        *([f"Graded by: {'; '.join(report.graded_by)}."] if report.graded_by else []),
        "",
        "## Questions",
        "",
    ]
    for question in report.questions:
        lines += question_markdown(question)
    lines += ["## Strengths", "", *([_subtopic_line(s) for s in report.strengths] or ["- none this session"]), ""]
    lines += ["## Gaps", "", *([_subtopic_line(s) for s in report.gaps] or ["- none this session"]), ""]
    lines += ["## Practise next", "", f"Subtopics: {', '.join(report.practice_subtopics) or '—'}", ""]
    lines += [f"- `{q.question_id}` ({q.difficulty}): {q.text}" for q in report.practice_questions]
    return "\n".join(lines).rstrip() + "\n"

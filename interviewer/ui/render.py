"""HTML and chat Markdown for the interview and coach tabs. Every piece of text is escaped here, the
candidate's above all: the only markup in the output is the markup these functions write, so an answer
such as `<img src=x onerror=alert(1)>` is shown as text. Evidence quotes are `<mark>`ed inside the
(escaped) answer they were quoted from."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from interviewer.coach.types import AiPoint, AnswerTurn, ReviewItem
from interviewer.grading.evidence import find_verbatim
from interviewer.grading.render import MARK
from interviewer.grading.types import Verdict
from interviewer.interview.advice import QuestionAdvice
from interviewer.interview.instructions import CORRECTED, FLAG, TAKEN_BACK
from interviewer.interview.report import Report, SubtopicReport

COLOURS = {"met": "#b7ebc0", "partial": "#ffe8a3", "missed": "#e5e5e5", "contradicted": "#ffc2c2"}
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$])")


def escape(text: str) -> str:
    return html.escape(text, quote=True)


def literal_markdown(text: str) -> str:
    """`text` for a Markdown renderer that also accepts HTML (the chatbot): shown exactly as typed."""
    return escape(_MARKDOWN_SPECIALS.sub(r"\\\1", text))


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str
    verdict: str


def evidence_spans(answer: str, points: Sequence[AiPoint], turn: int | None) -> list[Span]:
    """Where each point's evidence sits in `answer` (the answer of `turn`); quotes not found are left out."""
    spans = []
    for p in points:
        if not p.evidence or p.verdict is None or (turn is not None and p.turn not in (None, turn)):
            continue
        found = find_verbatim(p.evidence, answer)
        start = answer.find(found) if found else -1
        if found and start >= 0:
            spans.append(Span(start, start + len(found), p.point_id, p.verdict.value))
    return spans


def highlight(answer: str, spans: Sequence[Span]) -> str:
    """The escaped answer with each span in a `<mark>` (overlaps split into segments naming every point)."""
    cuts = sorted({0, len(answer), *(s.start for s in spans), *(s.end for s in spans)})
    parts = []
    for start, end in pairwise(cuts):
        text = escape(answer[start:end])
        covering = [s for s in spans if s.start <= start and end <= s.end]
        if not covering:
            parts.append(text)
            continue
        labels = escape(", ".join(f"{s.label} ({s.verdict})" for s in covering))
        colour = COLOURS[covering[0].verdict]
        parts.append(f'<mark title="{labels}" style="background:{colour};padding:0 2px">{text}</mark>')
    return "".join(parts)


def answers_html(turns: Sequence[AnswerTurn], points: Sequence[AiPoint], question: str, marked: bool = True) -> str:
    """Each answer turn, escaped, with the evidence of `points` marked in it when `marked`."""
    blocks = []
    for turn in turns:
        spans = evidence_spans(turn.answer, points, turn.seq) if marked else []
        asked = "answer" if turn.prompt == question else f"follow-up: {escape(turn.prompt)}"
        blocks.append(
            f'<div class="turn"><div style="opacity:.75;font-size:90%">Turn {turn.seq} — {asked}</div>'
            f'<div class="answer" style="white-space:pre-wrap;border-left:3px solid #aaa;padding:4px 8px;margin:4px 0">'
            f"{highlight(turn.answer, spans)}</div></div>"
        )
    return "".join(blocks)


def verdict_badge(verdict: Verdict | None) -> str:
    if verdict is None:
        return "<span>unscored</span>"
    colour = COLOURS[verdict.value]
    return f'<span style="background:{colour};padding:0 4px;border-radius:3px">{MARK[verdict.value]} {verdict.value}</span>'


def points_table(points: Sequence[AiPoint], coach: Mapping[str, Verdict] | None = None) -> str:
    """The rubric grid: verdict, point, evidence and rationale; with `coach`, the coach's verdict beside it."""
    head = "<th>AI verdict</th>" + ("<th>coach</th>" if coach is not None else "")
    rows = []
    for p in points:
        mine = ""
        if coach is not None:
            differs = coach.get(p.point_id) is not None and coach.get(p.point_id) is not p.verdict
            style = ' style="outline:2px solid #d33"' if differs else ""
            mine = f"<td{style}>{verdict_badge(coach.get(p.point_id))}{' ≠ AI' if differs else ''}</td>"
        evidence = f"“{escape(p.evidence)}”" if p.evidence else ""
        rows.append(
            f"<tr><td>{verdict_badge(p.verdict)}</td>{mine}<td><b>{escape(p.point_id)}</b> "
            f"(weight {p.weight:g}): {escape(p.claim)}</td><td>{evidence}</td><td>{escape(p.rationale)}</td></tr>"
        )
    return (
        f'<table class="rubric" style="width:100%;border-collapse:collapse"><thead><tr>{head}<th>rubric point</th>'
        f"<th>evidence</th><th>rationale</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def score_line(item: ReviewItem) -> str:
    if item.score is None:
        return f"unscored — {escape(item.reason)}"
    return f"<b>{item.score:g}/100</b> (band {item.band})" + (f" — {escape(item.reason)}" if item.reason else "")


def _bullets(title: str, entries: Sequence[str]) -> str:
    if not entries:
        return ""
    return f"<p><b>{escape(title)}</b></p><ul>{''.join(f'<li>{escape(e)}</li>' for e in entries)}</ul>"


def item_html(item: ReviewItem, show_grade: bool = True, coach: Mapping[str, Verdict] | None = None) -> str:
    """One question: its answers (evidence marked), the rubric grid, and what the reference says about the misses."""
    head = f"<h3>{item.index + 1}. {escape(item.question_id)}</h3><p><i>{escape(item.question)}</i></p>"
    head += flagged_html(item.flagged) + taken_back_html(item.taken_back) + corrected_html(item.corrected)
    if not show_grade:
        return head + answers_html(item.turns, item.points, item.question, marked=False)
    return (
        f"{head}<p>{score_line(item)}</p>{answers_html(item.turns, item.points, item.question)}{points_table(item.points, coach)}"
        + _bullets("From the reference answer, for what was missed", item.reference_parts)
        + _bullets("How to improve", item.how_to_improve)
    )


def flagged_html(flagged: Sequence[str]) -> str:
    """The warning shown wherever an answer with instructions to the grader is shown."""
    if not flagged:
        return ""
    quotes = "".join(f"<li>“{escape(f)}”</li>" for f in flagged)
    return f'<div class="flagged"><b>⚠ Flagged.</b> {escape(FLAG)}:<ul>{quotes}</ul></div>'


def taken_back_html(sentences: Sequence[str]) -> str:
    """The note shown wherever an answer with sentences the candidate took back is shown."""
    if not sentences:
        return ""
    quotes = "".join(f"<li>“{escape(s)}”</li>" for s in sentences)
    return f'<div class="taken-back"><b>Taken back.</b> {escape(TAKEN_BACK)}:<ul>{quotes}</ul></div>'


def corrected_html(corrections: Sequence[tuple[str, str]]) -> str:
    """The note shown wherever an answer the candidate corrected as they spoke is shown: each sentence as
    said, and as graded."""
    if not corrections:
        return ""
    items = "".join(f"<li>“{escape(said)}”<br>graded as “{escape(read)}”</li>" for said, read in corrections)
    return f'<div class="corrected"><b>Corrected.</b> {escape(CORRECTED)}:<ul>{items}</ul></div>'


def band_chip(score: float | None, band: int | None, label: str) -> str:
    if score is None or band is None:
        return '<span class="band band-none">not scored</span>'
    return f'<span class="band band-{band}">{score:g}/100 · {escape(label)}</span>'


def advice_html(advice: QuestionAdvice) -> str:
    """One question for the candidate: score and band, strengths quoted, the gaps worth most, one thing to practise."""
    head = f"<h4>Question {advice.index + 1} {band_chip(advice.score, advice.band, advice.band_label)}</h4>"
    parts = [head, f"<p><i>{escape(advice.question)}</i></p>", flagged_html(advice.flagged)]
    parts += [taken_back_html(advice.taken_back), corrected_html(advice.corrected)]
    if advice.score is None:
        parts.append(f"<p>This answer was not scored: {escape(advice.unscored_reason)}</p>")
    if advice.strengths:
        quotes = "".join(f"<li>“{escape(s.quote)}”</li>" for s in advice.strengths)
        parts.append(f"<p><b>What you did well</b></p><ul>{quotes}</ul>")
    if advice.gaps:
        gaps = "".join(
            f"<li>{escape(g.sentence)}"
            + (f"<blockquote>The reference says: {escape(g.excerpt)}</blockquote>" if g.excerpt else "")
            + "</li>"
            for g in advice.gaps
        )
        parts.append(f"<p><b>Worth adding next time</b></p><ul>{gaps}</ul>")
    if advice.practise:
        parts.append(f"<p><b>Practise:</b> {escape(advice.practise)}</p>")
    return f'<div class="feedback-card">{"".join(parts)}</div>'


def _subtopic_names(subtopics: Sequence[SubtopicReport]) -> str:
    return ", ".join(f"{s.subtopic.replace('-', ' ')} ({round(100 * s.credit)}%)" for s in subtopics) or "—"


def summary_html(report: Report) -> str:
    """The end of an interview at a glance: overall score, strengths, gaps and what to practise next."""
    score = f"{report.score:g}/100" if report.score is not None else "no scored answer"
    practice = "".join(f"<li>{escape(q.text)} <i>({escape(q.difficulty)})</i></li>" for q in report.practice_questions)
    return (
        f'<div class="summary-card"><h2>Your results, {escape(report.candidate)}</h2>'
        f'<div class="overall">{score}</div>'
        f"<p>{len(report.questions)} question(s) answered · interview {report.status.value}</p>"
        f"<p><b>Strongest:</b> {escape(_subtopic_names(report.strengths))}</p>"
        f"<p><b>To work on:</b> {escape(_subtopic_names([s for s in report.subtopics if s not in report.strengths]))}</p>"
        + (f"<p><b>Practise next</b></p><ol>{practice}</ol>" if practice else "")
        + "</div>"
    )


def _candidate_answers(item: ReviewItem) -> str:
    """The answers with evidence marked, each mark titled with what it earned (the claim, not a rubric id)."""
    named = [p.model_copy(update={"point_id": p.claim}) for p in item.points]
    return answers_html(item.turns, named, item.question)


def report_html(report: Report, advice: Sequence[QuestionAdvice], items: Sequence[ReviewItem]) -> str:
    """The candidate's report: the summary first, one card per question, the answers folded below."""
    answers = "".join(f"<h4>Question {i.index + 1}</h4>{_candidate_answers(i)}" for i in items)
    graded = f"<p><small>Graded by: {escape('; '.join(report.graded_by))}</small></p>" if report.graded_by else ""
    return (
        f'<div class="interview-report"><h2 class="report-title">Report — {escape(report.candidate)}</h2>'
        + summary_html(report)
        + "".join(advice_html(a) for a in advice)
        + f'<details class="more"><summary>Your answers, with what earned credit highlighted</summary>{answers}</details>'
        + f"<p><small>Session <code>{escape(report.session_id)}</code> ({report.status.value}). The full rubric "
        "grid is in the Markdown, PDF and JSON downloads and in the Coach tab.</small></p>" + graded + "</div>"
    )

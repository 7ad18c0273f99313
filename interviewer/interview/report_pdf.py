"""A report as PDF (fpdf2), with DejaVu Sans from matplotlib's own data so any Unicode answer prints.

Plain text only: the candidate's answers are written as text runs, never interpreted as markup.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from interviewer.interview.instructions import CORRECTED, FLAG, TAKEN_BACK
from interviewer.interview.report import QuestionReport, Report, SubtopicReport

FONT = "DejaVu"


def _font_dir() -> Path:
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


class _Document:
    def __init__(self) -> None:
        self.pdf = FPDF(format="A4")
        self.pdf.set_auto_page_break(auto=True, margin=15)
        self.pdf.add_font(FONT, "", str(_font_dir() / "DejaVuSans.ttf"))
        self.pdf.add_font(FONT, "B", str(_font_dir() / "DejaVuSans-Bold.ttf"))
        self.pdf.add_page()

    def text(self, text: str, size: float = 10, bold: bool = False, indent: float = 0) -> None:
        self.pdf.set_font(FONT, "B" if bold else "", size)
        self.pdf.set_x(self.pdf.l_margin + indent)
        width = self.pdf.w - self.pdf.r_margin - self.pdf.l_margin - indent
        self.pdf.multi_cell(width, size * 0.5, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def gap(self, height: float = 2) -> None:
        self.pdf.ln(height)


def _question(doc: _Document, q: QuestionReport, reference_parts: Sequence[str]) -> None:
    score = f"{q.score:g}/100, band {q.band} ({q.band_label})" if q.score is not None else f"unscored: {q.reason}"
    doc.text(f"{q.index + 1}. {q.question_id} — {score}", 12, bold=True)
    doc.text(q.text, 10)
    doc.gap()
    for p in q.points:
        evidence = f' — "{p.evidence}"' if p.evidence else ""
        doc.text(f"[{p.verdict.value}] {p.point_id}: {p.claim}{evidence}", 9, indent=4)
    for flag in q.red_flags:
        doc.text(f"red flag: {flag}", 9, indent=4)
    for flagged in q.flagged:
        doc.text(f'flagged: {FLAG}: "{flagged}"', 9, bold=True, indent=4)
    for sentence in q.taken_back:
        doc.text(f'taken back: {TAKEN_BACK}: "{sentence}"', 9, indent=4)
    for said, read in q.corrected:
        doc.text(f'corrected: {CORRECTED}: "{said}", graded as "{read}"', 9, indent=4)
    for t in q.turns:
        answer = t.answer
        asked = f"follow-up: {t.prompt}" if t.kind == "follow_up" else "answer"
        doc.text(f"Turn {t.seq} — {asked}", 9, bold=True, indent=4)
        doc.text(answer or "(no answer)", 9, indent=8)
    if reference_parts:
        doc.text("From the reference answer, for what was missed:", 9, bold=True, indent=4)
        for part in reference_parts:
            doc.text(f"• {part}", 9, indent=8)
    doc.gap(4)


def _subtopics(doc: _Document, title: str, subtopics: Sequence[SubtopicReport]) -> None:
    doc.text(title, 12, bold=True)
    for s in subtopics or []:
        doc.text(f"• {s.subtopic}: {round(100 * s.credit)}% over {s.questions} question(s)", 10, indent=4)
    if not subtopics:
        doc.text("none this session", 10, indent=4)
    doc.gap()


def _chart(doc: _Document, png: bytes) -> None:
    doc.text("Strengths and gaps by subtopic", 12, bold=True)
    width = doc.pdf.w - doc.pdf.l_margin - doc.pdf.r_margin
    doc.pdf.image(io.BytesIO(png), w=min(width, 150))
    doc.gap()


def _delivery(doc: _Document, lines: Sequence[str]) -> None:
    doc.text("Spoken answers: delivery (not part of the grade)", 12, bold=True)
    for line in lines:
        doc.text(f"• {line}", 10, indent=4)
    doc.gap()


def report_pdf(
    report: Report,
    reference_parts: Mapping[int, Sequence[str]] | None = None,
    chart_png: bytes | None = None,
    delivery: Sequence[str] = (),
) -> bytes:
    """The report as PDF bytes; `reference_parts` maps a question index to the reference text it missed;
    `chart_png`, the subtopic chart; `delivery`, one line per spoken answer."""
    doc = _Document()
    score = f"{report.score:g}/100" if report.score is not None else "no graded answer"
    doc.text(f"Interview report — {report.candidate}", 16, bold=True)
    doc.text(f"Session {report.session_id} ({report.status.value}), {report.created_at}. Overall: {score}.", 10)
    if report.graded_by:
        doc.text(f"Graded by: {'; '.join(report.graded_by)}.", 10)
    doc.gap(4)
    for q in report.questions:
        _question(doc, q, (reference_parts or {}).get(q.index, ()))
    _subtopics(doc, "Strengths", report.strengths)
    _subtopics(doc, "Gaps", report.gaps)
    if chart_png:
        _chart(doc, chart_png)
    if delivery:
        _delivery(doc, delivery)
    doc.text("Practise next", 12, bold=True)
    for pq in report.practice_questions:
        doc.text(f"• {pq.question_id} ({pq.difficulty}): {pq.text}", 10, indent=4)
    return bytes(doc.pdf.output())

"""A grade as readable Markdown-ish text, for the CLI and reports."""

from __future__ import annotations

from interviewer.grading.types import Grade, GradeStatus

MARK = {"met": "✔", "partial": "◐", "missed": "✘", "contradicted": "⚠"}


def grade_text(grade: Grade) -> str:
    if grade.status is GradeStatus.UNSCORED:
        return f"{grade.question_id}: UNSCORED — {grade.reason}"
    lines = [f"{grade.question_id}: {grade.score:g}/100 — band {grade.band} ({grade.band_label})"]
    if grade.reason:
        lines.append(f"screened: {grade.reason}")
    for j in grade.judgments:
        evidence = f" — “{j.evidence}”" if j.evidence else ""
        lines.append(f"  {MARK[j.verdict.value]} {j.point_id}: {j.verdict.value}{evidence}")
    lines += [f"  red flag −{f.cost:g}: {f.statement}" for f in grade.red_flags]
    if grade.feedback.how_to_improve:
        lines.append("How to improve:")
        lines += [f"  - {tip}" for tip in grade.feedback.how_to_improve]
    lines += [f"note: {n}" for n in grade.notes]
    p = grade.provenance
    lines.append(f"[{p.engine} {p.model} · {p.latency_s:.2f}s · tokens {p.tokens_in}/{p.tokens_out}]")
    return "\n".join(lines)

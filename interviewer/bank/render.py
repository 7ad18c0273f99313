"""A question as Markdown, for the CLI and the app."""

from __future__ import annotations

from interviewer.bank.models import Question


def rubric_markdown(question: Question) -> str:
    lines = ["| point | weight | what to convey | key terms |", "|---|---|---|---|"]
    for point in question.rubric:
        terms = ", ".join(t.split("|")[0] for t in point.key_terms)
        lines.append(f"| `{point.id}` | {point.weight:g} | {point.claim} | {terms} |")
    return "\n".join(lines)


def question_markdown(question: Question) -> str:
    parts = [
        f"## {question.id}",
        f"**{question.difficulty.value} · {question.type.value} · {', '.join(question.subtopics)}**",
        question.text,
        "### Reference answer",
        question.reference_answer,
        "### Rubric",
        rubric_markdown(question),
    ]
    if question.follow_ups:
        parts += [
            "### Follow-ups",
            "\n".join(f"- {f.text} _(probes: {', '.join(f.probes)})_" for f in question.follow_ups),
        ]
    if question.red_flags:
        parts += ["### Red flags", "\n".join(f"- {r.statement} (−{r.cost:g})" for r in question.red_flags)]
    if question.sources:
        parts += ["### Sources", "\n".join(f"- {s.title} ({s.year}) {s.url or s.citation}" for s in question.sources)]
    return "\n\n".join(parts)

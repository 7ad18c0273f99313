"""Reviewed transcripts as Markdown or JSON (AI grade and every coach review side by side), and a
coach-labelled answer as an eval case in the `evals/cases` format (the coach's labels, not the AI's)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml

from interviewer.bank.models import Question
from interviewer.coach.types import CoachError, CoachReview, ReviewItem, ReviewTranscript
from interviewer.evals.cases import CaseFile, Category, EvalCase, load_case_file
from interviewer.grading.render import MARK
from interviewer.grading.score import band_of, compute_score

CATEGORY_BY_BAND = {
    5: Category.EXCELLENT,
    4: Category.GOOD_INCOMPLETE,
    3: Category.PARTIAL,
    2: Category.WEAK,
    1: Category.WEAK,
}


def reviewed_json(transcript: ReviewTranscript, reviews: Sequence[CoachReview]) -> str:
    data = {
        "transcript": transcript.model_dump(mode="json"),
        "reviews": [r.model_dump(mode="json") for r in reviews if r.transcript_id == transcript.id],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _verdict(value: object) -> str:
    name = getattr(value, "value", None)
    return f"{MARK[name]} {name}" if isinstance(name, str) else "unscored"


def _item_markdown(item: ReviewItem, reviews: Sequence[CoachReview]) -> list[str]:
    score = f"{item.score:g}/100 (band {item.band})" if item.score is not None else f"unscored — {item.reason}"
    lines = [f"## {item.index + 1}. {item.question_id} — AI: {score}", "", f"> {item.question}", ""]
    for turn in item.turns:
        lines += [f"**Turn {turn.seq}** — {turn.prompt}", "", *(f"    {line}" for line in turn.answer.splitlines()), ""]
    lines += ["| point | AI verdict | evidence | rationale |", "|---|---|---|---|"]
    for p in item.points:
        evidence = (p.evidence or "").replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {p.point_id} | {_verdict(p.verdict)} | {evidence} | {p.rationale.replace('|', '/')} |")
    lines.append("")
    for r in (r for r in reviews if r.item_index == item.index):
        lines += _review_markdown(r)
    return lines


def _review_markdown(review: CoachReview) -> list[str]:
    kind = "blind review" if review.blind else "review"
    lines = [f"**Coach {review.coach}** ({kind}, {review.created_at})"]
    changes = review.overrides()
    lines += [f"- {p}: AI {ai.value} → coach {mine.value}" for p, (ai, mine) in changes.items()]
    if not changes:
        lines.append("- agrees with every AI verdict")
    lines += [f"- comment on {p}: {c}" for p, c in review.comments.items() if c]
    if review.score is not None:
        lines.append(f"- score: AI {review.ai_score} → coach {review.score:g}")
    if review.comment:
        lines.append(f"- comment: {review.comment}")
    return [*lines, ""]


def reviewed_markdown(transcript: ReviewTranscript, reviews: Sequence[CoachReview]) -> str:
    own = [r for r in reviews if r.transcript_id == transcript.id]
    lines = [f"# Reviewed transcript — {transcript.title}", "", f"Candidate: {transcript.candidate}", ""]
    for item in transcript.items:
        lines += _item_markdown(item, own)
    return "\n".join(lines).rstrip() + "\n"


def coach_band(review: CoachReview, question: Question) -> int:
    """The coach's score when given, else the score their verdicts imply (no red-flag costs)."""
    if review.score is not None:
        return band_of(review.score)[0]
    verdicts = [review.verdicts[p.id] for p in question.rubric]
    return compute_score(verdicts, [p.weight for p in question.rubric]).band


def slug(text: str) -> str:
    cleaned = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return cleaned or "x"


def eval_case(item: ReviewItem, review: CoachReview, question: Question, category: Category | None) -> EvalCase:
    """The coach's labels of `item` as an eval case; every rubric point must have a coach verdict."""
    missing = [p.id for p in question.rubric if p.id not in review.verdicts]
    if missing:
        raise CoachError(f"mark every rubric point before adding to the eval set (missing: {', '.join(missing)})")
    if not item.answer_text:
        raise CoachError("an empty answer cannot become an eval case")
    band = coach_band(review, question)
    note = f"Labelled by coach {review.coach} on {review.created_at} from {review.transcript_id}, question {item.index + 1}."
    if review.comment:
        note += f" {review.comment}"
    case_id = slug(f"coach-{review.coach}-{review.transcript_id[-8:]}-{item.index + 1}")[:72]
    return EvalCase(
        id=case_id,
        category=category or CATEGORY_BY_BAND[band],
        answer=item.answer_text + "\n",
        expected_verdicts={p.id: review.verdicts[p.id] for p in question.rubric},
        expected_band=band,
        expected_red_flags=[],
        note=note,
    )


def _unique_id(case: EvalCase, taken: set[str]) -> EvalCase:
    new_id, n = case.id, 2
    while new_id in taken:
        new_id, n = f"{case.id}-{n}", n + 1
    return case.model_copy(update={"id": new_id})


def add_eval_case(folder: Path, question_id: str, case: EvalCase, questions: Mapping[str, Question]) -> Path:
    """Append `case` to `<folder>/<question_id>.yaml` (created if absent), validated by the eval-case schema
    before the file is replaced; an invalid result leaves the file as it was."""
    path = folder / f"{question_id}.yaml"
    existing: list[EvalCase] = []
    if path.exists():
        loaded, problems = load_case_file(path, dict(questions))
        if loaded is None or problems:
            raise CoachError("; ".join(problems) or f"{path}: unreadable")
        existing = list(loaded.cases)
    case = _unique_id(case, {c.id for c in existing})
    case_file = CaseFile(question_id=question_id, cases=[*existing, case])
    folder.mkdir(parents=True, exist_ok=True)
    draft = path.with_suffix(".yaml.tmp")
    draft.write_text(yaml.safe_dump(case_file.model_dump(mode="json"), sort_keys=False, allow_unicode=True), "utf-8")
    _, problems = load_case_file(draft, dict(questions))
    if problems:
        draft.unlink()
        raise CoachError("; ".join(problems))
    draft.replace(path)
    return path

"""Agreement with human graders on the shared human-scored format, in reference-only mode, or (with a
rubric file, `asag_rubrics`) against rubric points of your own for each question, as bank questions are graded.

One JSON object a line with at least `question`, `reference_answer`, `answer`, `score`; a row's
`score_min` and `score_max`, where given, make its score a share of its range (`AsagRow.share`), so rows
of questions worth different points are compared alike (SAF: 0.5 to 3.5 points). Numeric scores:
Pearson, Spearman, RMSE after a linear fit (in shares where rows give their range). 0/1 scores: macro and weighted F1 (an answer is
judged correct when its grade is >= 50). Unscored grades are counted and left out, never scored 0.
Beside them: the floors (`floors`), and gaming answers made from each question's reference answer
(`asag_gaming`: negated, antonym-swapped, its words in nonsense), which need no labels.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from interviewer.errors import InputFileError
from interviewer.evals.asag_gaming import GamingFigure, gaming_figures
from interviewer.evals.asag_rubrics import QuestionRubric, missing_rubrics
from interviewer.evals.floors import FloorRow, floor_figures
from interviewer.evals.metrics import f1_scores, pearson, rmse_after_linear_fit, spearman
from interviewer.grading.grader import Grader
from interviewer.grading.target import GradingTarget, target_from_reference

CORRECT_AT = 50.0


class AsagRow(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    question: str
    reference_answer: str
    answer: str
    score: float
    question_id: str | None = None
    score_min: float = 0.0
    score_max: float | None = None

    @model_validator(mode="after")
    def _range_holds_the_score(self) -> AsagRow:
        if self.score_max is not None and not self.score_min <= self.score <= self.score_max:
            raise ValueError(
                f"score {self.score:g} outside score_min..score_max ({self.score_min:g}..{self.score_max:g})"
            )
        return self

    @property
    def share(self) -> float:
        """The human score as a share of the row's range (`score_min`..`score_max`), or the score itself where
        the row gives no maximum: a question worth 3.5 points and one worth 0.5 are read on one scale."""
        if self.score_max is None or self.score_max == self.score_min:
            return self.score
        return (self.score - self.score_min) / (self.score_max - self.score_min)


@dataclass(frozen=True)
class AsagResult:
    name: str
    rows: int
    unscored: int
    answers_per_s: float
    predicted: list[float]
    truth: list[float]
    floors: dict[str, float] = field(default_factory=dict)
    gaming: list[GamingFigure] = field(default_factory=list)


def read_rows(path: Path, limit: int = 0) -> list[AsagRow]:
    try:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read ({exc.strerror})") from exc
    rows = []
    for number, line in enumerate(lines[:limit] if limit > 0 else lines, start=1):
        try:
            rows.append(AsagRow.model_validate(json.loads(line)))
        except json.JSONDecodeError as exc:
            raise InputFileError(f"{path}: line {number}: not a human-scored row ({exc})") from exc
        except ValidationError as exc:
            raise InputFileError(f"{path}: line {number}: not a human-scored row ({_problems(exc)})") from exc
    return rows


def _problems(exc: ValidationError) -> str:
    """Each field's problem, named (`score: Field required`), or the row's own (`score 1.5 outside …`)."""
    return "; ".join(
        f"{'.'.join(map(str, e['loc']))}: {e['msg']}" if e["loc"] else str(e["msg"]).removeprefix("Value error, ")
        for e in exc.errors()
    )


def row_target(row: AsagRow, rubrics: dict[str, QuestionRubric] | None) -> GradingTarget:
    """What a row is graded against: its reference answer, or its question's rubric when `rubrics` is given."""
    if rubrics is None:
        return target_from_reference(row.question, row.reference_answer)
    question_id = str(row.question_id)
    return rubrics[question_id].target(question_id, row.question)


def floor_row(row: AsagRow, rubrics: dict[str, QuestionRubric] | None) -> FloorRow:
    """The row as the floors read it, grouped by question, against `_floor_reference`."""
    return FloorRow(row.question_id or row.question, _floor_reference(row, rubrics), row.answer, row.share)


def _floor_reference(row: AsagRow, rubrics: dict[str, QuestionRubric] | None) -> str:
    """The text the floors compare the answer with: the row's reference answer, or with rubrics the
    rubric's model answer (its claims joined when it has none), not the reference the humans graded with."""
    if rubrics is None:
        return row.reference_answer
    rubric = rubrics[str(row.question_id)]
    return rubric.reference_answer or " ".join(p.claim for p in rubric.points)


def grade_rows(
    grader: Grader,
    path: Path,
    limit: int = 0,
    rubrics: dict[str, QuestionRubric] | None = None,
    gaming: bool = True,
) -> AsagResult:
    """Grade every row against its reference answer, or against its question's rubric when `rubrics` is
    given (every row's question_id must have one: the error lists those that do not). The floors are
    measured against what the grader was given: the reference answer, or the rubric (`_floor_reference`);
    with `gaming`, so are the gaming answers made from each question's reference answer (`asag_gaming`)."""
    rows = read_rows(path, limit)
    if rubrics is not None and (missing := missing_rubrics([r.question_id for r in rows], rubrics)):
        raise InputFileError(f"{path}: no rubric for question_id {', '.join(missing[:10])}")
    started = time.perf_counter()
    scores = [grader.grade(row_target(r, rubrics), r.answer).score for r in rows]
    elapsed = max(time.perf_counter() - started, 1e-9)
    kept = [(s, r.share) for s, r in zip(scores, rows, strict=True) if s is not None]
    floor_rows = [floor_row(r, rubrics) for r in rows]
    made = gaming_figures(grader, rows, lambda row: row_target(row, rubrics)) if gaming else []
    return AsagResult(
        name=path.name,
        rows=len(rows),
        unscored=len(rows) - len(kept),
        answers_per_s=len(rows) / elapsed,
        predicted=[s for s, _ in kept],
        truth=[t for _, t in kept],
        floors=floor_figures(floor_rows, grader.embedder),
        gaming=made,
    )


def agreement_text(result: AsagResult) -> str:
    """The agreement numbers, as benchmarks/asag.py has always printed them."""
    unscored = f", {result.unscored} unscored" if result.unscored else ""
    lines = [f"{result.name}: {result.rows} answers, {result.answers_per_s:.1f} answers/s{unscored}"]
    predicted, truth = result.predicted, result.truth
    if set(truth) <= {0.0, 1.0}:
        macro, weighted = f1_scores([int(p >= CORRECT_AT) for p in predicted], [int(t) for t in truth])
        lines.append(f"macro F1 {macro:.3f}, weighted F1 {weighted:.3f}")
    else:
        lines.append(
            f"Pearson {pearson(predicted, truth):.3f}, Spearman {spearman(predicted, truth):.3f}, "
            f"RMSE after linear fit {rmse_after_linear_fit(predicted, truth):.3f}"
        )
    if result.floors:
        figures = ", ".join(f"{name} {value:.3f}" for name, value in result.floors.items())
        kind = "weighted F1, threshold cross-validated by question" if set(truth) <= {0.0, 1.0} else "Pearson"
        lines.append(f"floors ({kind}): {figures}")
    if result.gaming:
        lines.append("gaming, answers made from each question's reference answer (mean score):")
        lines += [f"  {figure.text()}" for figure in result.gaming]
    return "\n".join(lines)

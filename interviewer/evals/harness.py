"""One eval run end to end: grade the items, summarise, write the report, compare with the baseline."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from interviewer.evals.baseline import Baseline, Conditions, StoredBaseline, changed_cases, regressions
from interviewer.evals.items import EvalItem
from interviewer.evals.plots import write_plots
from interviewer.evals.report import markdown_report
from interviewer.evals.runner import CaseResult, Progress, RunOptions, run_eval
from interviewer.evals.summary import snapshot, summarise
from interviewer.evals.types import CaseSnapshot, EvalSummary
from interviewer.grading.grader import Grader


@dataclass(frozen=True)
class EvalOutcome:
    options: RunOptions
    results: list[CaseResult]
    summary: EvalSummary
    cases: dict[str, CaseSnapshot]

    def stored(self) -> StoredBaseline:
        return StoredBaseline(self.baseline(), self.cases)

    def baseline(self) -> Baseline:
        scope = "none" if not self.options.variants else "all" if self.options.variant_questions is None else "some"
        conditions = Conditions(cases=len(self.results), repeats=self.options.repeats, variant_scope=scope)
        return Baseline(
            engine=self.summary.engine, model=self.summary.model, conditions=conditions, headline=self.summary.headline
        )


@dataclass(frozen=True)
class BaselineCheck:
    regressions: list[str]
    changed: list[str]
    notes: list[str]


def evaluate(
    grader: Grader, items: Sequence[EvalItem], options: RunOptions, progress: Progress | None = None
) -> EvalOutcome:
    results = run_eval(grader, items, options, progress)
    summary = summarise(results, grader.engine.name, grader.engine.model)
    return EvalOutcome(options, results, summary, snapshot(results))


def write_outputs(outcome: EvalOutcome, folder: Path) -> list[Path]:
    """report.md, report.json (the summary plus every case's grade) and the PNG plots."""
    folder.mkdir(parents=True, exist_ok=True)
    markdown, data = folder / "report.md", folder / "report.json"
    markdown.write_text(markdown_report(outcome.summary), encoding="utf-8")
    payload = outcome.summary.model_dump(mode="json") | {
        "case_grades": {key: case.model_dump(mode="json") for key, case in outcome.cases.items()}
    }
    data.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return [markdown, data, *write_plots(outcome.summary, outcome.results, folder)]


def _condition_notes(old: Baseline, new: Baseline) -> list[str]:
    notes = []
    if (old.engine, old.model) != (new.engine, new.model):
        notes.append(f"baseline measured with {old.engine} {old.model}, this run {new.engine} {new.model}")
    if old.conditions != new.conditions:
        notes.append(f"baseline conditions {old.conditions.model_dump()}, this run {new.conditions.model_dump()}")
    return notes


def check_baseline(outcome: EvalOutcome, old: StoredBaseline) -> BaselineCheck:
    """Headline metrics worse than the committed baseline, and the cases whose grade changed."""
    graded = {key: case for key, case in old.cases.items() if key in outcome.cases}
    return BaselineCheck(
        regressions=regressions(outcome.summary.headline, old.baseline.headline),
        changed=changed_cases(outcome.cases, graded),
        notes=_condition_notes(old.baseline, outcome.baseline()),
    )

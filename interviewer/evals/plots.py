"""The report's figures as PNG files: verdict confusion heatmap, score vs label score, per category."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from interviewer.evals.agreement import scored
from interviewer.evals.runner import CaseResult
from interviewer.evals.types import EvalSummary
from interviewer.grading.score import BANDS


@cache
def _pyplot() -> Any:
    """matplotlib's pyplot, imported on first use (half a second that every CLI command would pay
    otherwise), writing files only: never a window."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(figure: Any, path: Path) -> Path:
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    _pyplot().close(figure)
    return path


def confusion_heatmap(summary: EvalSummary, path: Path) -> Path:
    a = summary.agreement
    figure, axes = _pyplot().subplots(figsize=(6.5, 5))
    image = axes.imshow(a.verdict_confusion, cmap="Blues")
    darkest = max(max(row) for row in a.verdict_confusion) or 1
    for i, row in enumerate(a.verdict_confusion):
        for j, count in enumerate(row):
            colour = "white" if count > darkest / 2 else "black"
            axes.text(j, i, str(count), ha="center", va="center", color=colour)
    axes.set_xticks(range(len(a.verdict_labels)), a.verdict_labels)
    axes.set_yticks(range(len(a.verdict_labels)), a.verdict_labels)
    axes.set_xlabel("given verdict")
    axes.set_ylabel("expected verdict")
    axes.set_title(f"Rubric-point verdicts\naccuracy {a.verdict_accuracy:.2f}, Cohen's kappa {a.verdict_kappa:.2f}")
    figure.colorbar(image, ax=axes)
    return _save(figure, path)


def score_scatter(results: Sequence[CaseResult], path: Path) -> Path:
    done = scored(results)
    figure, axes = _pyplot().subplots(figsize=(5.5, 5))
    axes.scatter([r.item.expected.value for r in done], [r.grade.score or 0.0 for r in done], s=14, alpha=0.6)
    axes.plot([0, 100], [0, 100], color="grey", linewidth=1)
    for threshold, _, _ in BANDS[:-1]:
        axes.axhline(threshold, color="lightgrey", linewidth=0.6)
        axes.axvline(threshold, color="lightgrey", linewidth=0.6)
    axes.set_xlabel("score implied by the labelled verdicts")
    axes.set_ylabel("grader's score")
    axes.set_title("Score vs label score (grey lines: band edges)")
    return _save(figure, path)


def category_bars(summary: EvalSummary, path: Path) -> Path:
    rows = summary.by_category
    positions = range(len(rows))
    figure, axes = _pyplot().subplots(figsize=(8, 4.5))
    axes.bar([p - 0.2 for p in positions], [b.mean_expected for b in rows], width=0.4, label="label score")
    axes.bar([p + 0.2 for p in positions], [b.mean_score for b in rows], width=0.4, label="grader's score")
    axes.set_xticks(list(positions), [b.name for b in rows], rotation=40, ha="right")
    axes.set_ylabel("mean score")
    axes.set_title("Mean score per category")
    axes.legend()
    return _save(figure, path)


def write_plots(summary: EvalSummary, results: Sequence[CaseResult], folder: Path) -> list[Path]:
    return [
        confusion_heatmap(summary, folder / "confusion.png"),
        score_scatter(results, folder / "scores.png"),
        category_bars(summary, folder / "categories.png"),
    ]

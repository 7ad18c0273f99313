"""The gate: the offline engine's headline metrics on every eval case (with every variant, graded twice)
must not fall below the committed baseline, evals/baseline.json. On failure it lists the cases whose grade
changed against evals/baseline_cases.json. Raise the baseline with `interviewer eval --write-baseline`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.bank.models import Question
from interviewer.evals.baseline import load_baseline
from interviewer.evals.harness import check_baseline, evaluate
from interviewer.evals.items import load_items
from interviewer.evals.runner import RunOptions
from interviewer.grading.grader import Grader
from interviewer.grading.offline import OfflineEngine
from interviewer.store.embeddings import CachedEmbedder, Embedder

EVALS = Path(__file__).resolve().parents[1] / "evals"


@pytest.mark.slow
def test_offline_eval_holds_the_baseline(embedder: Embedder, bank_questions: dict[str, Question]) -> None:
    # A fresh cache over the session's model: vectors are batched exactly as `interviewer eval` batches them.
    fresh = CachedEmbedder(getattr(embedder, "inner", embedder))
    outcome = evaluate(Grader(OfflineEngine(fresh), fresh), load_items(EVALS / "cases", bank_questions), RunOptions(2))
    check = check_baseline(outcome, load_baseline(EVALS))
    changed = ["cases changed against evals/baseline_cases.json:", *check.changed] if check.changed else []
    print("\n".join([*check.notes, *changed]))
    assert not check.notes, "the baseline was measured on other conditions: " + "; ".join(check.notes)
    assert not check.regressions, "\n".join(
        ["headline metrics worse than evals/baseline.json:", *check.regressions, *changed]
    )

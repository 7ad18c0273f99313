"""The committed baseline: headline metrics (evals/baseline.json) and per-case grades
(evals/baseline_cases.json). A run fails the gate when a headline metric is worse than its baseline by
more than TOLERANCE; raising the baseline is an explicit `interviewer eval --write-baseline`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from interviewer.errors import InputFileError
from interviewer.evals.types import CaseSnapshot, Frozen, Headline

TOLERANCE = 1e-6
HIGHER_IS_BETTER = ("band_qwk", "verdict_accuracy", "verdict_kappa", "robustness")
BASELINE_FILE = "baseline.json"
CASES_FILE = "baseline_cases.json"
_SNAPSHOTS = TypeAdapter(dict[str, CaseSnapshot])


class Conditions(Frozen):
    """What the baseline was measured on; a run on other conditions is compared with a warning."""

    cases: int
    repeats: int
    variant_scope: str


class Baseline(Frozen):
    engine: str
    model: str
    conditions: Conditions
    headline: Headline


@dataclass(frozen=True)
class StoredBaseline:
    baseline: Baseline
    cases: dict[str, CaseSnapshot]


def write_baseline(folder: Path, stored: StoredBaseline) -> None:
    (folder / BASELINE_FILE).write_text(stored.baseline.model_dump_json(indent=2) + "\n", encoding="utf-8")
    dumped = {key: case.model_dump(mode="json") for key, case in sorted(stored.cases.items())}
    (folder / CASES_FILE).write_text(json.dumps(dumped, indent=1) + "\n", encoding="utf-8")


def load_baseline(folder: Path) -> StoredBaseline:
    try:
        baseline = Baseline.model_validate_json((folder / BASELINE_FILE).read_text(encoding="utf-8"))
        cases = _SNAPSHOTS.validate_json((folder / CASES_FILE).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputFileError(
            f"no baseline in {folder} ({exc.strerror}): run `interviewer eval --write-baseline`"
        ) from exc
    except ValidationError as exc:
        raise InputFileError(f"{folder}: invalid baseline: {exc.errors()[0]['msg']}") from exc
    return StoredBaseline(baseline, cases)


def _worse(name: str, new: float | bool | None, old: float | bool | None) -> str | None:
    if old is None:
        return None
    if new is None:
        return f"{name}: not measured in this run (baseline {old})"
    if isinstance(old, bool):
        return f"{name}: {new} (baseline {old})" if old and not new else None
    if name in HIGHER_IS_BETTER:
        return f"{name}: {new:.6f} < baseline {old:.6f}" if float(new) < old - TOLERANCE else None
    return f"{name}: {new:.6f} > baseline {old:.6f}" if float(new) > old + TOLERANCE else None


def regressions(new: Headline, old: Headline) -> list[str]:
    """One line per headline metric worse than its baseline (max_bias: higher is worse)."""
    found = [_worse(name, getattr(new, name), getattr(old, name)) for name in Headline.model_fields]
    return [line for line in found if line is not None]


def _describe(key: str, new: CaseSnapshot | None, old: CaseSnapshot | None) -> str:
    if new is None or old is None:
        return f"{key}: {'new case' if old is None else 'no longer graded'}"
    flips = [f"{p} {v} -> {new.verdicts.get(p, 'none')}" for p, v in old.verdicts.items() if new.verdicts.get(p) != v]
    return f"{key}: {old.score} (band {old.band}) -> {new.score} (band {new.band}); " + (
        ", ".join(flips) or "same verdicts"
    )


def changed_cases(new: dict[str, CaseSnapshot], old: dict[str, CaseSnapshot]) -> list[str]:
    """One line per case whose score, band or verdicts differ from the snapshot."""
    keys = sorted(set(new) | set(old))
    return [_describe(k, new.get(k), old.get(k)) for k in keys if new.get(k) != old.get(k)]

"""Training pairs: (rubric point or reference answer, answer text) with one of the judge's labels."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from interviewer.judge.labels import CONTRADICTED, MET, MISSED, PARTIAL


@dataclass(frozen=True)
class Pair:
    point: str
    answer: str
    label: int
    source: str  # the data set (or bank generator) it came from
    group: str  # the question it belongs to: splits are made by group, never by pair


def held_out(group: str, share: float = 0.2) -> bool:
    """Whole questions go to validation, chosen by a hash of their id (stable across runs)."""
    return int(hashlib.sha256(group.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF < share


def unseen_answer(row: dict[str, object], group: str, share: float) -> bool:
    """An answer to a trained question left out of training (`train --unseen-answers`), chosen by a hash
    of its id: the hidden "unseen answers" test sets are new answers to questions the judge trained on.
    Trained means not held out at the default share, which is how `calibrate_judge.py` picks them too."""
    return share > 0 and not held_out(group) and held_out(f"answer:{row.get('id') or row['answer']}", share)


def _semeval_label(row: dict[str, object], contradictory: int = CONTRADICTED) -> int:
    return {"correct": MET, "contradictory": contradictory}.get(str(row.get("label_3way")), MISSED)


def _saf_label(row: dict[str, object]) -> int:
    share = float(row["score"]) / max(float(row["score_max"]), 1e-9)  # type: ignore[arg-type]
    return MET if share >= 0.99 else MISSED if share <= 0.01 else PARTIAL


def asag_pairs(path: Path, unseen_share: float = 0.0, contradictory: int = CONTRADICTED) -> list[Pair]:
    """SemEval-2013 (3-way: correct / contradictory / incorrect) or SAF (score share) rows as pairs; the
    answers `unseen_answer` leaves out at `unseen_share` are not among them. SemEval's *contradictory*
    answers take the label `contradictory` (`train --semeval-contradictory missed` reads them as missed)."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        label = _semeval_label(row, contradictory) if "label_3way" in row else _saf_label(row)
        group = f"{path.stem}:{row.get('question_id') or row['question']}"
        if unseen_answer(row, group, unseen_share):
            continue
        pairs.append(Pair(row["reference_answer"], row["answer"], label, path.stem, group))
    return pairs


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()

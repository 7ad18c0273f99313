"""What a batch produced: summary figures, CSV export, dry-run estimate."""

from __future__ import annotations

import csv
import json
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interviewer.grading.batch import Work
from interviewer.grading.engine import Engine
from interviewer.llm.local_model import is_local
from interviewer.llm.tokens import count_tokens
from interviewer.spreadsheet import safe_row

OUTPUT_TOKENS_PER_POINT = 60


def read_results(out: Path) -> list[dict[str, Any]]:
    records = []
    if out.is_file():
        for line in out.read_text(encoding="utf-8").splitlines():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return records


def summarise(records: list[dict[str, Any]]) -> dict[str, Any]:
    grades = [r["grade"] for r in records]
    scores = [g["score"] for g in grades if g["status"] == "graded"]
    hits: dict[str, Counter[str]] = defaultdict(Counter)
    for record in records:
        for judgment in record["grade"]["judgments"]:
            hits[f"{record['question_id']}::{judgment['point_id']}"][judgment["verdict"]] += 1
    return {
        "answers": len(records),
        "graded": len(scores),
        "unscored": len(grades) - len(scores),
        "unscored_reasons": dict(Counter(g["reason"] for g in grades if g["status"] != "graded")),
        "score_mean": round(statistics.fmean(scores), 1) if scores else None,
        "score_median": statistics.median(scores) if scores else None,
        "bands": dict(sorted(Counter(g["band"] for g in grades if g["band"] is not None).items())),
        "histogram": dict(sorted(Counter(min(int(s // 10) * 10, 90) for s in scores).items())),
        "point_hit_rates": {
            k: round((c["met"] + 0.5 * c["partial"]) / sum(c.values()), 3) for k, c in sorted(hits.items())
        },
    }


def write_csv(records: list[dict[str, Any]], path: Path) -> None:
    """The results as CSV for a spreadsheet: text cells that would run as formulas are neutralised."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "candidate", "question_id", "status", "score", "band", "reason", "verdicts"])
        for r in records:
            g = r["grade"]
            verdicts = "; ".join(f"{j['point_id']}={j['verdict']}" for j in g["judgments"])
            row = [r["id"], r["candidate"], r["question_id"], g["status"], g["score"], g["band"], g["reason"], verdicts]
            writer.writerow(safe_row(row))


@dataclass(frozen=True)
class Estimate:
    rows: int
    model_calls: int
    tokens_in: int
    tokens_out: int
    cost_usd: float | None


def estimate(work: list[Work], engine: Engine, samples: int, prices: dict[str, tuple[float, float]]) -> Estimate:
    """Model calls, tokens and cost a batch would take, without calling anything."""
    if engine.name == "offline":
        return Estimate(len(work), 0, 0, 0, 0.0)
    messages = engine.messages  # type: ignore[attr-defined]  # the LLM engine renders exactly what it would send
    tokens_in = sum(count_tokens("\n".join(str(m.content) for m in messages(w.target, w.row.answer))) for w in work)
    tokens_out = sum(OUTPUT_TOKENS_PER_POINT * len(w.target.points) for w in work)
    calls, tokens_in, tokens_out = len(work) * samples, tokens_in * samples, tokens_out * samples
    price = (0.0, 0.0) if is_local(engine.model) else prices.get(engine.model.partition(":")[2] or engine.model)
    cost = round((tokens_in * price[0] + tokens_out * price[1]) / 1e6, 4) if price else None
    return Estimate(len(work), calls, tokens_in, tokens_out, cost)

"""Choose the offline judge's thresholds by cross-validation by question on dev data; print the
cross-validated agreement beside the floors; with --write, store the thresholds in judge.json.

Dev data, never the eval cases and never a row the judge was trained on: the questions of the SemEval
(SciEntsBank, Beetle) and SAF train files that training held out (the same stable hash), and Mohler dev
(no licence: it only selects thresholds, it never trains weights). Every row is graded in reference-only
mode, as users run it. Usage:
    python benchmarks/calibrate_judge.py --data ../shared/benchmarks/asag [--limit 500] [--write]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from interviewer.evals.floors import FOLDS, FloorRow, floor_figures
from interviewer.evals.metrics import f1_scores, pearson
from interviewer.grading.calibration import Thresholds
from interviewer.grading.evidence_spans import evidence_spans
from interviewer.grading.offline import OfflineEngine, Reading, decide
from interviewer.grading.score import compute_score
from interviewer.grading.target import target_from_reference
from interviewer.judge.model import CARD
from interviewer.judge.train.pairs import held_out
from interviewer.store.embeddings import make_embedder

FILES = ("scientsbank_train.jsonl", "beetle_train.jsonl", "saf_train.jsonl", "mohler_dev.jsonl")


@dataclass(frozen=True)
class Item:
    dataset: str
    group: str
    score: float
    readings: list[Reading]
    weights: list[float]
    floor: FloorRow


def dev_rows(path: Path, limit: int, seed: int) -> list[dict[str, object]]:
    """Held-out questions' rows (all of Mohler's), whole questions drawn at random up to `limit` rows."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    group = lambda r: f"{path.stem}:{r.get('question_id') or r['question']}"  # noqa: E731 (as in training)
    rows = [r for r in rows if path.stem.startswith("mohler") or held_out(group(r))]
    by_question: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        by_question.setdefault(group(row), []).append(row)
    chosen: list[dict[str, object]] = []
    for name in random.Random(seed).sample(sorted(by_question), len(by_question)):
        if limit and len(chosen) >= limit:
            break
        chosen += [dict(r, group=name) for r in by_question[name]]
    return chosen


def read(engine: OfflineEngine, dataset: str, row: dict[str, object]) -> Item:
    question, reference, answer = str(row["question"]), str(row["reference_answer"]), str(row["answer"])
    target = target_from_reference(question, reference)
    spans = evidence_spans(answer, question, engine.embedder)
    claims = [p.claim for p in target.points]
    readings = engine.read_claims(claims, spans, answer) if spans.texts else []
    share = float(row["score"]) / max(float(row.get("score_max") or 1.0), 1e-9)  # type: ignore[arg-type]
    floor = FloorRow(str(row["group"]), reference, answer, share if dataset != "mohler_dev" else float(row["score"]))  # type: ignore[arg-type]
    return Item(dataset, str(row["group"]), floor.score, readings, target.weights, floor)


def score(item: Item, thresholds: Thresholds) -> float:
    if not item.readings:
        return 0.0
    return compute_score([decide(r, thresholds).verdict for r in item.readings], item.weights).value


def metric(items: list[Item], scores: list[float]) -> float:
    truth = [i.score for i in items]
    if set(truth) <= {0.0, 1.0}:
        return f1_scores([int(s >= 50) for s in scores], [int(t) for t in truth])[1]
    return pearson(scores, truth)


def objective(items: list[Item], thresholds: Thresholds) -> float:
    """Mean over data sets of the agreement figure: one set of thresholds for every kind of data."""
    datasets = sorted({i.dataset for i in items})
    figures = []
    for name in datasets:
        chosen = [i for i in items if i.dataset == name]
        figures.append(metric(chosen, [score(i, thresholds) for i in chosen]))
    return float(np.mean(figures))


def grid(base: Thresholds) -> list[Thresholds]:
    blends, contras = (1.0, 0.75, 0.5, 0.25), (0.6, 0.8)
    mets, partials = np.arange(0.3, 0.81, 0.05), np.arange(0.1, 0.56, 0.05)
    return [
        base.updated({"blend": b, "met": round(m, 2), "partial": round(p, 2), "contradicted": c})
        for b, m, p, c in itertools.product(blends, mets, partials, contras)
        if p < m
    ]


def cross_validated(items: list[Item], base: Thresholds) -> dict[str, float]:
    """Per data set: agreement of out-of-fold predictions, thresholds chosen on the other folds."""
    names = sorted({i.group for i in items})
    fold_of = {name: k % FOLDS for k, name in enumerate(random.Random(7).sample(names, len(names)))}
    predicted: dict[int, float] = {}
    candidates = grid(base)
    for fold in range(FOLDS):
        fit = [i for i in items if fold_of[i.group] != fold]
        best = max(candidates, key=lambda t: objective(fit, t))
        for index, item in enumerate(items):
            if fold_of[item.group] == fold:
                predicted[index] = score(item, best)
    result = {}
    for name in sorted({i.dataset for i in items}):
        chosen = [k for k, i in enumerate(items) if i.dataset == name]
        result[name] = metric([items[k] for k in chosen], [predicted[k] for k in chosen])
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=500, help="rows per file (whole questions), 0 for all")
    parser.add_argument("--write", action="store_true", help="store the thresholds fit on all dev rows")
    args = parser.parse_args()
    embedder = make_embedder("minilm")
    engine = OfflineEngine(embedder)
    items = [
        read(engine, path.stem, row)
        for name in FILES
        if (path := args.data / name).is_file()
        for row in dev_rows(path, args.limit, seed=1)
    ]
    base = engine.reference_thresholds
    validated = cross_validated(items, base)
    print(
        "| dev set (held-out questions) | rows | judge, CV by question | judge, current thresholds | TF-IDF | MiniLM | length |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, figure in validated.items():
        chosen = [i for i in items if i.dataset == name]
        floors = floor_figures([i.floor for i in chosen], embedder)
        current = metric(chosen, [score(i, base) for i in chosen])
        values = " | ".join(f"{v:.3f}" for v in floors.values())
        print(f"| {name} | {len(chosen)} | {figure:.3f} | {current:.3f} | {values} |")
    best = max(grid(base), key=lambda t: objective(items, t))
    print(
        f"fit on all dev rows: blend {best.blend}, met {best.met}, partial {best.partial}, contradicted {best.contradicted}"
    )
    if args.write:
        card = json.loads(CARD.read_text(encoding="utf-8"))
        chosen = {"blend": best.blend, "met": best.met, "partial": best.partial, "contradicted": best.contradicted}
        card["reference_thresholds"] = card.get("reference_thresholds", {}) | chosen
        card["reference_thresholds_chosen_by"] = (
            "benchmarks/calibrate_judge.py: grid search, mean agreement over dev sets"
        )
        CARD.write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {CARD}")


if __name__ == "__main__":
    main()

"""Fit the offline judge's reference-only combiner by cross-validation by question on dev data; print
the cross-validated agreement beside the floors; with --write, store the combiner fit on every fit row
in reference-judge.json and judge.json (its met/partial cut-offs are set, not fit: see `interviewer/evals/combiner_fit.py`).

Dev data, never the eval cases and never a row the judge was trained on: the questions of the SemEval
(SciEntsBank, Beetle) and SAF train files that training held out (the same stable hash). The combiner
is fit on those; Mohler dev (no licence) is never fit on: it is graded with the combiner fit on the
other three, an unseen domain, and only informed the choice of the combiner's three features. Every row
is graded in reference-only mode, as users run it. Usage:
    python benchmarks/calibrate_judge.py --data ../shared/benchmarks/asag [--limit 600] [--write]

Unseen answers to seen questions (what the hidden SemEval "unseen answers" sets measure): train a reference
judge that leaves out a share of the trained questions' answers, then grade exactly those answers with it:
    python -m interviewer.judge.train --data ../shared/benchmarks/asag --flags written --unseen-answers 0.15 --out DIR
    python benchmarks/calibrate_judge.py --data ../shared/benchmarks/asag --judge DIR/judge.onnx --unseen-answers 0.15
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
from pathlib import Path

import numpy as np

from interviewer.evals.combiner_fit import FitItem, agreement, fit_combiner, item_score
from interviewer.evals.floors import (
    FOLDS,
    FloorRow,
    binary_f1_by_question,
    floor_figures,
    within_question_floors,
    within_question_pearson,
)
from interviewer.evals.metrics import pearson
from interviewer.grading.evidence_spans import evidence_spans
from interviewer.grading.grader import Grader
from interviewer.grading.offline import OfflineEngine
from interviewer.grading.reference_credit import FEATURES, claim_coverage, point_reading, states_word_for_word
from interviewer.grading.reference_decision import contradicted_by
from interviewer.grading.screens import unsupported_language
from interviewer.grading.target import target_from_reference
from interviewer.judge.model import CARD, REFERENCE_CARD, JudgeCard, judge_from_file
from interviewer.judge.train.pairs import held_out, unseen_answer
from interviewer.store.embeddings import Embedder, make_embedder

FILES = ("scientsbank_train.jsonl", "beetle_train.jsonl", "saf_train.jsonl", "mohler_dev.jsonl")


def dev_rows(path: Path, limit: int, seed: int, unseen_share: float = 0.0) -> list[dict[str, object]]:
    """Held-out questions' rows (all of Mohler's), whole questions drawn at random up to `limit` rows; with
    `unseen_share`, instead the trained questions' answers that training left out at that share (none of
    Mohler's: no question of it is trained on)."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    def group(r: dict[str, object]) -> str:  # as in training
        return f"{path.stem}:{r.get('question_id') or r['question']}"

    if unseen_share:
        rows = [r for r in rows if not path.stem.startswith("mohler") and unseen_answer(r, group(r), unseen_share)]
    else:
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


FIT_SETS = ("scientsbank_train", "beetle_train", "saf_train")


def read(grader: Grader, dataset: str, row: dict[str, object]) -> tuple[FitItem, FloorRow] | None:
    """The row as users grade it: None when the grader leaves it unscored (a language the offline engine
    does not read: left out, as `interviewer eval --asag` leaves it out); no points judged (score 0) when a
    screen grades it low without judging (empty, far too short for its reference, off-topic)."""
    engine = grader.engine
    assert isinstance(engine, OfflineEngine)
    question, reference, answer = str(row["question"]), str(row["reference_answer"]), str(row["answer"])
    if unsupported_language(answer) is not None:
        return None
    target = target_from_reference(question, reference)
    spans = evidence_spans(answer, target.asked(), engine.embedder)  # as the engine reads it
    judged = spans.texts and grader.screen(target, answer) is None
    reads = engine.read_statements(target, spans, answer) if judged else []  # none: the answer scores 0
    claims = [read.statement for read in reads]  # each point's claim, or the alternative it states most
    readings, recalls = [read.reading for read in reads], [read.recall for read in reads]
    share = float(row["score"]) / max(float(row.get("score_max") or 1.0), 1e-9)  # type: ignore[arg-type]
    thresholds = engine.reference_thresholds
    features = np.array(
        [
            point_reading(r.judged, r.similarity, claim_coverage(c, answer), recall)
            for r, c, recall in zip(readings, claims, recalls, strict=True)
        ]
    ).reshape(-1, len(FEATURES))
    contradicted = np.array(
        [contradicted_by(r, c, thresholds) is not None for r, c in zip(readings, claims, strict=True)], dtype=bool
    )
    verbatim = np.array([states_word_for_word(c, answer) for c in claims], dtype=bool)
    weights = np.array(target.weights if readings else [], dtype=float)
    item = FitItem(
        dataset, str(row["group"]), share, features, contradicted, verbatim, weights / max(weights.sum(), 1e-9)
    )
    return item, FloorRow(str(row["group"]), reference, answer, share)


def cross_validated(items: list[FitItem], met: float, partial: float) -> dict[int, float]:
    """Out-of-fold scores for the fit sets' rows (the combiner fit on the other folds); the other rows
    (Mohler) scored with the combiner fit on every fit row."""
    fitting = [k for k, i in enumerate(items) if i.dataset in FIT_SETS]
    names = sorted({items[k].group for k in fitting})
    fold_of = {name: n % FOLDS for n, name in enumerate(random.Random(7).sample(names, len(names)))}
    predicted: dict[int, float] = {}
    for fold in range(FOLDS):
        combiner = fit_combiner([items[k] for k in fitting if fold_of[items[k].group] != fold])
        predicted |= {
            k: item_score(items[k], combiner, met, partial) for k in fitting if fold_of[items[k].group] == fold
        }
    combiner = fit_combiner([items[k] for k in fitting])
    others = [k for k in range(len(items)) if k not in set(fitting)]
    return predicted | {k: item_score(items[k], combiner, met, partial) for k in others}


def _within_question(
    items: list[FitItem], floors: list[FloorRow], predicted: dict[int, float], embedder: Embedder
) -> None:
    """For the sets scored on a scale: Pearson within each question, averaged, beside the floors'. The
    pooled figure above also asks that questions' levels line up across questions."""
    print(
        "\n| dev set, within-question Pearson (mean over questions) | engine, CV by question | TF-IDF | MiniLM | length |"
    )
    print("|---|---|---|---|---|")
    for name in sorted({i.dataset for i in items}):
        chosen = [k for k, i in enumerate(items) if i.dataset == name]
        if {items[k].truth for k in chosen} <= {0.0, 1.0}:
            continue
        rows = [dataclasses.replace(floors[k], score=items[k].truth) for k in chosen]
        engine = within_question_pearson([predicted[k] for k in chosen], rows)
        figures = within_question_floors(rows, embedder)
        values = " | ".join(f"{figures[f]:.3f}" for f in ("TF-IDF cosine", "MiniLM cosine", "answer length"))
        print(f"| {name} | {engine:.3f} | {values} |")


def _readings_alone(items: list[FitItem]) -> None:
    """Pearson of each reading alone (weighted over an answer's points) with the human share: what the
    combiner adds over its best reading, set by set."""
    print("\n| dev set, Pearson of one reading alone | " + " | ".join(FEATURES) + " |")
    print("|---|" + "---|" * len(FEATURES))
    for name in sorted({i.dataset for i in items}):
        rows = [i for i in items if i.dataset == name]
        truth = [i.truth for i in rows]
        alone = [
            pearson([float(i.weights @ i.features[:, j]) if len(i.weights) else 0.0 for i in rows], truth)
            for j in range(len(FEATURES))
        ]
        print(f"| {name} | " + " | ".join(f"{value:.3f}" for value in alone) + " |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=600, help="rows per file (whole questions), 0 for all")
    parser.add_argument("--write", action="store_true", help="store the combiner fit on all fit rows")
    parser.add_argument("--judge", type=Path, metavar="ONNX", help="another reference judge file (its shipped card)")
    parser.add_argument(
        "--unseen-answers",
        type=float,
        default=0.0,
        metavar="SHARE",
        help="grade the trained questions' answers a judge trained with the same --unseen-answers left out",
    )
    args = parser.parse_args()
    if args.write and (args.judge or args.unseen_answers):
        parser.error(
            "--write stores the shipped judge's combiner fit on held-out questions: not with --judge or --unseen-answers"
        )
    embedder = make_embedder("minilm")
    other = judge_from_file(args.judge, JudgeCard.read(REFERENCE_CARD)) if args.judge else None
    engine = OfflineEngine(embedder, reference_judge=other)
    grader = Grader(engine, embedder)
    graded = [
        read(grader, path.stem, row)
        for name in FILES
        if (path := args.data / name).is_file()
        for row in dev_rows(path, args.limit, seed=1, unseen_share=args.unseen_answers)
    ]
    read_rows = [pair for pair in graded if pair is not None]
    print(f"{len(graded) - len(read_rows)} rows unscored (a language the offline engine does not read), left out")
    items = [item for item, _ in read_rows]  # an answer with no gradable text scores 0, as users see
    floors = [floor for _, floor in read_rows]
    stored = engine.reference_thresholds
    predicted = cross_validated(items, stored.met, stored.partial)
    current = [item_score(i, engine.combiner, stored.met, stored.partial) for i in items]
    rows_are = "unseen answers, trained questions" if args.unseen_answers else "held-out questions"
    print(
        f"| dev set ({rows_are}) | rows | engine, CV by question | engine, reference-judge.json | TF-IDF | MiniLM | length |"
    )
    print("|---|---|---|---|---|---|---|")
    thresholds_are: list[str] = []
    for name in sorted({i.dataset for i in items}):
        chosen = [k for k, i in enumerate(items) if i.dataset == name]
        rows = [items[k] for k in chosen]
        figures = floor_figures([floors[k] for k in chosen], embedder)
        values = " | ".join(f"{figures[name]:.3f}" for name in ("TF-IDF cosine", "MiniLM cosine", "answer length"))
        cv = agreement(rows, [predicted[k] for k in chosen])
        now = agreement(rows, [current[k] for k in chosen])
        label = name if name in FIT_SETS else f"{name} (never fit on)"
        print(f"| {label} | {len(rows)} | {cv:.3f} | {now:.3f} | {values} |")
        if {i.truth for i in rows} <= {0.0, 1.0}:  # the floors' threshold is fit by question: the engine's too
            at_threshold = binary_f1_by_question([predicted[k] for k in chosen], [floors[k] for k in chosen])
            thresholds_are.append(f"{name} {at_threshold:.3f}")
    print("engine, CV by question, at a threshold fit by question as the floors' are (not at 50):", *thresholds_are)
    _within_question(items, floors, predicted, embedder)
    _readings_alone(items)
    combiner = fit_combiner([i for i in items if i.dataset in FIT_SETS])
    print(f"fit on every fit row: {combiner.to_card()} (cut-offs met {stored.met}, partial {stored.partial}, not fit)")
    for path in (REFERENCE_CARD, CARD) if args.write else ():  # judge.json's: when one judge reads both
        card = json.loads(path.read_text(encoding="utf-8"))
        card["reference_combiner"] = combiner.to_card()
        path.write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()

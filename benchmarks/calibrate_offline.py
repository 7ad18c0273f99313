"""Calibrate the offline engine's thresholds on labelled data; prints the grid's best settings.

Usage: python benchmarks/calibrate_offline.py [--cases evals/cases] [--holdout-seed]

Features (per rubric point and evidence span: similarity, key-term coverage, explained?, negated?)
are computed once; the grid then replays `interviewer.grading.offline.decide` for each setting and
scores verdict accuracy and band agreement (quadratic weighted kappa) against the labels. With
--holdout-seed the five seed questions' cases are left out of the fit and reported separately.
"""

from __future__ import annotations

import argparse
import itertools
import os
from dataclasses import dataclass, replace
from pathlib import Path

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from interviewer.bank.loader import all_questions, load_banks
from interviewer.evals.cases import EvalCase, load_cases
from interviewer.evals.metrics import accuracy, quadratic_weighted_kappa
from interviewer.grading.calibration import Thresholds
from interviewer.grading.evidence_spans import evidence_spans
from interviewer.grading.grader import Grader
from interviewer.grading.offline import OfflineEngine, PointFeatures, decide
from interviewer.grading.score import compute_score
from interviewer.grading.target import GradingTarget, target_from_question
from interviewer.grading.types import Verdict
from interviewer.store.embeddings import make_embedder

SEED = {
    "fp16-vs-int8-inference",
    "zero-sharding-stages",
    "spot-fault-tolerant-training",
    "canary-rollout-strategy",
    "training-vs-latency-prioritization",
}


@dataclass(frozen=True)
class Prepared:
    case: EvalCase
    target: GradingTarget
    screened: bool
    stuffed: bool
    features: list[PointFeatures | None]
    forced: dict[str, Verdict]
    flag_costs: list[float]


def prepare(engine: OfflineEngine, grader: Grader, target: GradingTarget, case: EvalCase) -> Prepared:
    answer = case.answer
    screened = grader._screen(target, answer) is not None
    spans = evidence_spans(answer, target.question_text, engine.embedder)
    stuffed = engine._is_keyword_list(spans)
    features = [engine.point_features(target, i, spans) if spans.texts else None for i in range(len(target.points))]
    flags = engine._red_flags(target, spans) if spans.texts else []
    forced = {point: Verdict.CONTRADICTED for hit, point in flags if point}
    return Prepared(case, target, screened, stuffed, features, forced, [hit.cost for hit, _ in flags])


def replay(item: Prepared, thresholds: Thresholds) -> tuple[list[Verdict], int]:
    verdicts = []
    for point, features in zip(item.target.points, item.features, strict=True):
        if item.screened or features is None:
            verdicts.append(Verdict.MISSED)
        elif point.id in item.forced:
            verdicts.append(item.forced[point.id])
        else:
            verdicts.append(decide(features, item.stuffed, thresholds).verdict)
    costs = [] if item.screened else item.flag_costs
    return verdicts, compute_score(verdicts, item.target.weights, costs).band


def evaluate(items: list[Prepared], thresholds: Thresholds) -> tuple[float, float]:
    got, want, bands, labels = [], [], [], []
    for item in items:
        verdicts, band = replay(item, thresholds)
        got += verdicts
        want += [item.case.expected_verdicts[p.id] for p in item.target.points]
        bands.append(band)
        labels.append(item.case.expected_band)
    return accuracy(got, want), quadratic_weighted_kappa(labels, bands, 1, 5)


def grid(base: Thresholds) -> list[Thresholds]:
    steps = [round(0.40 + 0.025 * i, 3) for i in range(33)]
    return [
        replace(base, met=m, partial=p, term_weight=w, answer_term_weight=a, negation_caps=n)
        for w, a, n, m, p in itertools.product([0.8, 1.0, 1.2, 1.5], [0.1, 0.2, 0.3, 0.4], [False], steps, steps)
        if p < m
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", default="evals/cases")
    parser.add_argument("--holdout-seed", action="store_true")
    args = parser.parse_args()
    questions = {q.id: q for q in all_questions(load_banks(Path("knowledge")))}
    embedder = make_embedder("minilm")
    engine = OfflineEngine(embedder)
    grader = Grader(engine, embedder)
    items = [
        prepare(engine, grader, target_from_question(questions[f.question_id]), case)
        for f in load_cases(Path(args.cases), questions)
        for case in f.cases
    ]
    fit = [i for i in items if not (args.holdout_seed and i.target.question_id in SEED)]
    held = [i for i in items if args.holdout_seed and i.target.question_id in SEED]
    ranked = sorted(grid(Thresholds()), key=lambda t: sum(evaluate(fit, t)), reverse=True)
    print(f"current {Thresholds()}: fit accuracy/QWK {evaluate(fit, Thresholds())}")
    for thresholds in ranked[:5]:
        held_text = f", held-out {evaluate(held, thresholds)}" if held else ""
        print(
            f"met={thresholds.met} partial={thresholds.partial} term_weight={thresholds.term_weight} "
            f"answer_term_weight={thresholds.answer_term_weight} negation_caps={thresholds.negation_caps}: "
            f"fit {evaluate(fit, thresholds)}{held_text}"
        )


if __name__ == "__main__":
    main()

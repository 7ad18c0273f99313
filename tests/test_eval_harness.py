"""The eval harness's pieces: variants, aggregation on a hand-made set with a scripted engine, baseline diffs."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from interviewer.bank.models import Question, RedFlag, RubricPoint
from interviewer.cli.main import main
from interviewer.evals.baseline import changed_cases, load_baseline, regressions, write_baseline
from interviewer.evals.cases import Category, EvalCase
from interviewer.evals.harness import EvalOutcome, evaluate, write_outputs
from interviewer.evals.items import EvalItem, expected_score
from interviewer.evals.report import markdown_report
from interviewer.evals.runner import RunOptions
from interviewer.evals.transcript import transcript_noise
from interviewer.evals.types import CaseSnapshot, Headline
from interviewer.evals.variants import (
    FILLER,
    VariantKind,
    make_variants,
    pad_answer,
    paragraphs,
    reorder_answer,
    shuffle_points,
)
from interviewer.grading.engine import Judged
from interviewer.grading.grader import Grader
from interviewer.grading.target import GradingTarget, target_from_question
from interviewer.grading.types import PointJudgment, RedFlagHit, Verdict
from interviewer.store.embeddings import Vectors

KEYWORDS = {"precision": "fp16", "calibration": "calibration", "benchmark": "benchmark"}
ANSWER = (
    "fp16 keeps almost all the accuracy of fp32. int8 needs calibration data to set its ranges.\n\n"
    "I would benchmark both on the target GPU at our batch size. Then I would pick the faster one."
)


def point(point_id: str, weight: float) -> RubricPoint:
    claim = f"The answer explains {point_id}."
    return RubricPoint(id=point_id, claim=claim, weight=weight, full_credit=claim, partial_credit=claim)


QUESTION = Question(
    id="q",
    text="When would you serve a model in fp16 rather than int8?",
    bank="test",
    subtopics=["inference"],
    difficulty="Medium",
    type="Technical",
    reference_answer="fp16 is nearly lossless; int8 needs calibration; benchmark both.",
    rubric=[point("precision", 2), point("calibration", 1), point("benchmark", 1)],
)


class ConstantEmbedder:
    """Every text gets the same vector: nothing is ever off-topic, and nothing is slow."""

    name = "constant"
    dimension = 4

    def embed(self, texts: Sequence[str]) -> Vectors:
        return np.tile(np.array([[0.5, 0.5, 0.5, 0.5]], dtype=np.float32), (len(texts), 1))


@dataclass
class KeywordEngine:
    """Scripted: a point is met when its keyword is in the answer (any case), else missed.
    With `flaky`, every other call misses everything. Records the answers it was given."""

    flaky: bool = False
    name: str = "keyword"
    model: str = "script"
    version: str = "script-1"
    calls: list[str] = field(default_factory=list)

    def judge(self, target: GradingTarget, answer: str) -> Judged:
        self.calls.append(answer)
        miss = self.flaky and len(self.calls) % 2 == 0
        return Judged([self._judge(p.id, answer, miss) for p in target.points], [], [])

    def _judge(self, point_id: str, answer: str, miss: bool) -> PointJudgment:
        found = re.search(re.escape(KEYWORDS[point_id]), answer, re.IGNORECASE)
        if miss or found is None:
            return PointJudgment(point_id=point_id, verdict=Verdict.MISSED)
        return PointJudgment(point_id=point_id, verdict=Verdict.MET, evidence=found.group(0))


def item(case_id: str, category: Category, answer: str, verdicts: Sequence[str], band: int) -> EvalItem:
    expected = dict(zip(KEYWORDS, (Verdict(v) for v in verdicts), strict=True))
    case = EvalCase(
        id=case_id, category=category, answer=answer, expected_verdicts=expected, expected_band=band, note="test"
    )
    return EvalItem(f"q/{case_id}", case, target_from_question(QUESTION), expected_score(case, QUESTION))


ITEMS = [
    item("excellent", Category.EXCELLENT, ANSWER, ["met", "met", "met"], 5),
    item(
        "partial",
        Category.PARTIAL,
        "fp16 is nearly lossless. int8 needs calibration data.",
        ["met", "partial", "missed"],
        3,
    ),
    item("stuffing", Category.KEYWORD_STUFFING, "fp16, calibration, benchmark, and more words.", ["missed"] * 3, 1),
    item("weak", Category.WEAK, "int8 is smaller than the other format.", ["partial", "missed", "missed"], 2),
]


def run(engine: KeywordEngine, repeats: int = 1) -> EvalOutcome:
    return evaluate(Grader(engine, ConstantEmbedder()), ITEMS, RunOptions(repeats=repeats))


# --- variants ---------------------------------------------------------------------------------


def test_padding_is_deterministic_about_three_times_as_long_and_only_adds_filler() -> None:
    padded = pad_answer(ANSWER)
    assert padded == pad_answer(ANSWER)
    assert 2.8 <= len(padded) / len(ANSWER) <= 3.6
    for paragraph in paragraphs(ANSWER):
        assert paragraph in padded
    leftover = padded
    for paragraph in paragraphs(ANSWER) + list(FILLER):
        leftover = leftover.replace(paragraph, "")
    assert leftover.split() == []


def test_reordering_is_seeded_and_keeps_every_paragraph_or_sentence() -> None:
    reordered = reorder_answer(ANSWER, "0:q/excellent")
    assert reordered == reorder_answer(ANSWER, "0:q/excellent")
    assert reordered != ANSWER.strip() and sorted(paragraphs(reordered or "")) == sorted(paragraphs(ANSWER))
    one_paragraph = "First sentence here. Second sentence here. Third sentence here."
    shuffled = reorder_answer(one_paragraph, "seed") or ""
    assert shuffled != one_paragraph and len(shuffled) == len(one_paragraph)
    assert sorted(s.rstrip(".") for s in shuffled.split(". ")) == sorted(
        s.rstrip(".") for s in one_paragraph.split(". ")
    )
    assert reorder_answer("Only one sentence here.", "seed") is None


def test_shuffled_points_are_a_seeded_permutation_with_their_weights() -> None:
    target = target_from_question(QUESTION)
    shuffled = shuffle_points(target, "0:q/excellent")
    assert shuffled == shuffle_points(target, "0:q/excellent")
    assert [p.id for p in shuffled.points] != [p.id for p in target.points]
    assert sorted(shuffled.points, key=lambda p: p.id) == sorted(target.points, key=lambda p: p.id)
    assert dict(zip((p.id for p in shuffled.points), shuffled.weights, strict=True))["precision"] == 2


def test_transcript_noise_reads_like_speech_recognition() -> None:
    noisy = transcript_noise(ANSWER)
    assert noisy == transcript_noise(ANSWER)
    assert "FP sixteen" in noisy and "FP thirty two" in noisy and "in tate" in noisy and "fp16" not in noisy
    assert not re.search(r"[.,;:!?]", noisy)
    assert {"um", "uh"} <= set(noisy.split()) and "you know" in noisy
    assert noisy.replace("FP", "fp") == noisy.replace("FP", "fp").lower()
    assert len(noisy.splitlines()) == len(ANSWER.strip().splitlines())


def test_a_hard_wrapped_answer_is_also_graded_as_typed_without_its_wraps() -> None:
    wrapped = ANSWER.replace("accuracy of fp32.", "accuracy\nof fp32.").replace("on the target", "on the\ntarget")
    wrapped_item = item("excellent", Category.EXCELLENT, wrapped, ["met", "met", "met"], 5)
    (unwrapped,) = [v for v in make_variants(wrapped_item, seed=0) if v.kind is VariantKind.UNWRAPPED]
    assert unwrapped.answer == ANSWER  # the paragraph break stays
    assert unwrapped.target == wrapped_item.target


def test_variants_apply_by_category() -> None:
    kinds = {i.case.id: {v.kind for v in make_variants(i, seed=0)} for i in ITEMS}
    assert kinds["partial"] == set(VariantKind) - {VariantKind.UNWRAPPED}  # its lines are not wrapped
    assert kinds["excellent"] == set(VariantKind) - {VariantKind.PADDING, VariantKind.UNWRAPPED}
    assert kinds["stuffing"] == {VariantKind.SHUFFLED_POINTS}  # adversarial: no noise, one sentence
    assert kinds["weak"] == {VariantKind.SHUFFLED_POINTS, VariantKind.TRANSCRIPT_NOISE}


# --- aggregation with a scripted engine -------------------------------------------------------


def test_agreement_on_a_hand_made_set() -> None:
    a = run(KeywordEngine()).summary.agreement
    assert a.cases == 4 and a.unscored == 0
    assert a.verdict_accuracy == pytest.approx(7 / 12)
    assert a.verdict_confusion == [[4, 0, 0, 0], [1, 0, 1, 0], [3, 0, 3, 0], [0, 0, 0, 0]]
    assert a.score_mae == pytest.approx((0 + 12.5 + 100 + 25) / 4)
    assert a.band_exact == pytest.approx(1 / 4)


@dataclass
class FlagEngine:
    """Scripted: every point met; a red flag charged when its statement's first word is in the answer."""

    name: str = "flags"
    model: str = "script"
    version: str = "script-1"

    def judge(self, target: GradingTarget, answer: str) -> Judged:
        met = [PointJudgment(point_id=p.id, verdict=Verdict.MET, evidence=answer) for p in target.points]
        said = [f for f in target.red_flags if f.statement.split()[0] in answer]
        hits = [RedFlagHit(flag_id=f.id, statement=f.statement, cost=f.cost, evidence=answer) for f in said]
        return Judged(met, hits, [])


def test_agreement_counts_red_flags_charged_and_expected() -> None:
    flags = [
        RedFlag(id="int8-lossless", statement="Lossless int8 needs no calibration.", cost=10),
        RedFlag(id="fp16-slow", statement="Slow fp16 is never worth it.", cost=10),
    ]
    question = QUESTION.model_copy(update={"red_flags": flags})
    met = dict.fromkeys(KEYWORDS, Verdict.MET)

    def flagged(case_id: str, answer: str, expected: list[str]) -> EvalItem:
        case = EvalCase(
            id=case_id,
            category=Category.WRONG_CONFIDENT,
            answer=answer,
            expected_verdicts=met,
            expected_band=4,
            expected_red_flags=expected,
            note="test",
        )
        return EvalItem(f"q/{case_id}", case, target_from_question(question), expected_score(case, question))

    items = [
        flagged("both", "Lossless and Slow.", ["int8-lossless", "fp16-slow"]),  # both found
        flagged("false-hit", "Lossless, they say.", []),  # charged, not expected
        flagged("missed", "Nothing wrong here.", ["fp16-slow"]),  # expected, not charged
    ]
    summary = evaluate(Grader(FlagEngine(), ConstantEmbedder()), items, RunOptions(variants=False)).summary
    a = summary.agreement
    assert (a.red_flags_expected, a.red_flags_charged, a.red_flags_right) == (3, 3, 2)
    assert "| red flags charged that the labels expect | 2 of 3 |" in markdown_report(summary)


def test_robustness_worst_cases_and_breakdowns() -> None:
    summary = run(KeywordEngine()).summary
    # the stuffing case (adversarial) is above its band; the partial case (gaming) is within one band of its
    assert summary.robustness.cases == 2 and summary.robustness.share == 0.5
    assert summary.robustness.above_band == ["q/stuffing"] and summary.robustness.out_of_band == []
    assert [w.key for w in summary.worst] == ["q/stuffing", "q/weak", "q/partial", "q/excellent"]
    assert summary.worst[0].band == 5 and summary.worst[0].expected_band == 1
    assert "calibration: missed -> met" in summary.worst[0].wrong_verdicts
    categories = {b.name: b for b in summary.by_category}
    assert categories["partial"].mean_score == 75.0 and categories["partial"].mean_expected == 62.5
    assert [b.name for b in summary.by_question] == ["q"]


def test_bias_is_the_mean_score_change_each_variant_causes() -> None:
    shifts = {b.kind: b for b in run(KeywordEngine()).summary.bias}
    assert shifts["shuffled-points"].mean_abs_delta == 0 and shifts["shuffled-points"].cases == 4
    assert shifts["padding"].mean_abs_delta == 0 and shifts["reordered"].mean_abs_delta == 0
    noise = shifts["transcript-noise"]  # "fp16" is heard as "FP sixteen": the scripted engine misses it
    assert noise.cases == 3 and noise.mean_abs_delta == pytest.approx(100 / 3) and noise.band_changes == 2
    assert run(KeywordEngine()).summary.headline.max_bias == pytest.approx(100 / 3)


def test_repeats_measure_consistency() -> None:
    steady = run(KeywordEngine(), repeats=3).summary.consistency
    assert steady.repeats == 3 and steady.identical is True and steady.flip_rate == 0 and steady.max_spread == 0
    flaky = run(KeywordEngine(flaky=True), repeats=2).summary.consistency
    assert flaky.identical is False and flaky.flip_rate > 0 and flaky.max_spread == 100
    assert run(KeywordEngine()).summary.headline.repeat_identical is None


def test_every_case_and_variant_reaches_the_engine_as_given() -> None:
    engine = KeywordEngine()
    run(engine)
    assert ITEMS[0].case.answer in engine.calls and transcript_noise(ITEMS[0].case.answer) in engine.calls
    assert len(engine.calls) == 4 + sum(len(make_variants(i, 0)) for i in ITEMS)


def test_report_files(tmp_path: Path) -> None:
    outcome = run(KeywordEngine(), repeats=2)
    written = write_outputs(outcome, tmp_path)
    assert {p.name for p in written} == {"report.md", "report.json", "confusion.png", "scores.png", "categories.png"}
    assert all(p.stat().st_size > 0 for p in written)
    data = json.loads((tmp_path / "report.json").read_text())
    assert data["headline"]["repeat_identical"] is True and data["case_grades"]["q/stuffing"]["band"] == 5
    report = markdown_report(outcome.summary)
    assert "## Worst cases" in report and "q/stuffing" in report and "NOT met" in report


# --- baseline ---------------------------------------------------------------------------------


def headline(**changes: float | bool | None) -> Headline:
    base = Headline(
        band_qwk=0.8, verdict_accuracy=0.7, verdict_kappa=0.5, robustness=0.9, max_bias=3.0, repeat_identical=True
    )
    return base.model_copy(update=changes)


def test_regressions_beyond_the_tolerance_only() -> None:
    old = headline()
    assert regressions(headline(band_qwk=0.8 - 5e-7, max_bias=3.0 + 5e-7, verdict_accuracy=0.9), old) == []
    found = regressions(headline(band_qwk=0.79, max_bias=3.1, repeat_identical=False, robustness=None), old)
    assert [line.split(":")[0] for line in found] == ["band_qwk", "robustness", "max_bias", "repeat_identical"]
    assert regressions(old, headline(robustness=None, max_bias=None)) == []


def test_baseline_round_trip_and_changed_cases(tmp_path: Path) -> None:
    outcome = run(KeywordEngine(), repeats=2)
    write_baseline(tmp_path, outcome.stored())
    stored = load_baseline(tmp_path)
    cases = stored.cases
    assert stored.baseline.headline == outcome.summary.headline and cases == outcome.cases
    changed = dict(cases) | {"q/weak": CaseSnapshot(score=25.0, band=2, verdicts={"precision": "partial"})}
    lines = changed_cases(changed, cases)
    assert len(lines) == 1 and lines[0].startswith("q/weak: 0.0 (band 1) -> 25.0 (band 2)")
    assert "precision missed -> partial" in lines[0]


def test_cli_reports_a_missing_baseline_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    source = Path(__file__).resolve().parents[1] / "evals" / "cases" / "fp16-vs-int8-inference.yaml"
    (cases / source.name).write_text(source.read_text())
    args = ["eval", "--cases", str(cases), "--limit", "2", "--no-variants", "--out", str(tmp_path / "out")]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "2 cases (0 unscored)" in out and (tmp_path / "out" / "report.md").exists()
    assert main([*args[:-3], "--check-baseline", "--out", str(tmp_path / "out")]) == 2
    assert "no baseline in" in capsys.readouterr().err


def test_cli_asag_prints_the_agreement_numbers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        {"question": "What does a prototype do?", "reference_answer": "It simulates part of the product.", "answer": a}
        | {"score": s}
        for a, s in [("It simulates part of the product we build.", 1.0), ("A loop that counts to ten.", 0.0)]
    ]
    path = tmp_path / "scored.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows))
    assert main(["eval", "--asag", str(path)]) == 0
    out = capsys.readouterr().out
    assert "scored.jsonl: 2 answers" in out and "macro F1" in out

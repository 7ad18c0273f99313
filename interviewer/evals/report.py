"""An eval summary as text: the compact console summary and report.md."""

from __future__ import annotations

from collections.abc import Sequence

from interviewer.evals.types import Breakdown, EvalSummary, Headline, VariantShift

GOALS = {"band_qwk": 0.80, "verdict_accuracy": 0.80, "robustness": 0.95, "max_bias": 5.0}
PLOTS = ("confusion.png", "scores.png", "categories.png")


def _number(value: float | bool | None, digits: int = 3) -> str:
    if value is None:
        return "not measured"
    return str(value) if isinstance(value, bool) else f"{value:.{digits}f}"


def _goal(name: str, value: float | bool | None) -> str:
    goal = GOALS.get(name)
    if goal is None or value is None or isinstance(value, bool):
        return ""
    met = value <= goal if name == "max_bias" else value >= goal
    return f"{'<=' if name == 'max_bias' else '>='} {goal:g} ({'met' if met else 'NOT met'})"


def headline_rows(h: Headline) -> list[tuple[str, str, str]]:
    return [(name, _number(getattr(h, name)), _goal(name, getattr(h, name))) for name in Headline.model_fields]


def console_summary(s: EvalSummary) -> str:
    a, c = s.agreement, s.consistency
    lines = [f"{s.cases} cases ({a.unscored} unscored), engine {s.engine} {s.model}".rstrip()]
    lines += [f"  {name:17} {value:>12}  {goal}".rstrip() for name, value, goal in headline_rows(s.headline)]
    lines.append(f"  score: Spearman {a.score_spearman:.3f}, MAE {a.score_mae:.1f}; band exact {a.band_exact:.3f}")
    lines.append(
        f"  red flags: {a.red_flags_charged} charged, {a.red_flags_right} of them expected; "
        f"{a.red_flags_expected} expected"
    )
    lines.append(f"  repeats {c.repeats}: mean spread {c.mean_spread:.2f}, verdict flip rate {c.flip_rate:.4f}")
    lines += [f"  bias {b.kind}: mean |delta| {b.mean_abs_delta:.2f} over {b.cases} cases" for b in s.bias]
    return "\n".join(lines)


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]


def _breakdown_row(b: Breakdown) -> list[object]:
    scores = [f"{b.mean_score:.1f}", f"{b.mean_expected:.1f}", f"{b.score_mae:.1f}"]
    return [b.name, b.cases, *scores, f"{b.band_exact:.2f}", f"{b.verdict_accuracy:.2f}"]


def _bias_row(b: VariantShift) -> list[object]:
    deltas = [f"{b.mean_abs_delta:.2f}", f"{b.mean_delta:+.2f}", f"{b.max_abs_delta:.1f}"]
    return [b.kind, b.cases, *deltas, b.band_changes, "; ".join(b.largest)]


def _agreement_section(s: EvalSummary) -> list[str]:
    a = s.agreement
    rows: list[list[object]] = [
        ["band QWK", f"{a.band_qwk:.3f}"],
        ["band exact", f"{a.band_exact:.3f}"],
        ["Spearman (score vs label score)", f"{a.score_spearman:.3f}"],
        ["Spearman (band)", f"{a.band_spearman:.3f}"],
        ["score MAE (points)", f"{a.score_mae:.1f}"],
        ["verdict accuracy", f"{a.verdict_accuracy:.3f}"],
        ["verdict Cohen's kappa", f"{a.verdict_kappa:.3f}"],
        ["red flags charged that the labels expect", f"{a.red_flags_right} of {a.red_flags_charged}"],
        ["red flags the labels expect that were charged", f"{a.red_flags_right} of {a.red_flags_expected}"],
        ["unscored", a.unscored],
    ]
    confusion = [[f"**{label}**", *row] for label, row in zip(a.verdict_labels, a.verdict_confusion, strict=True)]
    return [
        "## Agreement with the labels",
        "",
        *table(["metric", "value"], rows),
        "",
        "Verdicts, rows expected, columns given:",
        "",
        *table(["expected \\ given", *a.verdict_labels], confusion),
        "",
    ]


def _stability_section(s: EvalSummary) -> list[str]:
    c, r = s.consistency, s.robustness
    bias_rows = [_bias_row(b) for b in s.bias]
    return [
        "## Consistency, bias, robustness",
        "",
        f"Repeats: {c.repeats}; bit-identical: {_number(c.identical)}; mean score spread {c.mean_spread:.2f} "
        f"(max {c.max_spread:.1f}); verdict flip rate {c.flip_rate:.4f}.",
        "",
        *table(
            ["variant", "cases", "mean abs delta", "mean delta", "max abs delta", "band changes", "largest"], bias_rows
        ),
        "",
        f"Adversarial cases graded at or below their expected band: {r.within}/{r.cases} "
        f"({_number(r.share)}). Above band: {', '.join(r.above_band) or 'none'}; "
        f"gaming cases out of band: {', '.join(r.out_of_band) or 'none'}.",
        "",
    ]


def _cases_section(s: EvalSummary) -> list[str]:
    header = ["name", "cases", "mean score", "mean label score", "MAE", "band exact", "verdict acc."]
    worst = [
        [w.key, w.category, w.score, w.expected_score, w.band, w.expected_band, "; ".join(w.wrong_verdicts)]
        for w in s.worst
    ]
    return [
        "## By category",
        "",
        *table(header, [_breakdown_row(b) for b in s.by_category]),
        "",
        "## By question",
        "",
        *table(header, [_breakdown_row(b) for b in s.by_question]),
        "",
        "## Worst cases (largest |score - label score|)",
        "",
        *table(["case", "category", "score", "label score", "band", "label band", "verdicts expected -> given"], worst),
        "",
    ]


def markdown_report(s: EvalSummary) -> str:
    lines = [f"# Eval report: {s.engine} engine ({s.model}), {s.cases} cases", ""]
    lines += [*table(["headline metric", "value", "goal"], headline_rows(s.headline)), ""]
    lines += [f"![{name}]({name})" for name in PLOTS] + [""]
    lines += _agreement_section(s) + _stability_section(s) + _cases_section(s)
    return "\n".join(lines)

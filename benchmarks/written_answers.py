"""Gaming and paraphrase answers for bank questions the judge never trained on, composed from the
hand-written hard cases (`interviewer/judge/train/written/`): per held-out question, one answer made of
each point's jargon-free paraphrase, one of its plain paraphrase, one of its half-claims, one of each of
its two confident wrong statements, one of its key terms in nonsense, one of its vague texts
(`written_vague/`: on the point's subject, stating none of it), one of every other point's plain
paraphrase (the rest left out: sentences on other points must not earn them credit), a weak one (every
other point's half-claim, vague texts on the rest), and a good answer to the next held-out question
(off-topic). Prints each kind's mean score beside the band a fair
grader would give, and for the half-stated answers how often a point left out is credited. Then, apart
(so the figures of the ten kinds above stay comparable), answers of one sentence on one point: per
point, its plain paraphrase alone (fair: the point's share of the weight, and no point contradicted: a
true sentence on one point contradicts none of the others) and its first confident wrong statement alone
(fair: 0-15). Dev data
for the bank engine's cut-offs, never the eval cases (those are the gate). Usage:
python benchmarks/written_answers.py [--all] [--paragraphs] [--judge FILE.onnx]  (--all: every question,
including those the judge trained on; --paragraphs: the same answers in paragraphs of two points each,
where the judge also reads each paragraph: how much the layout moves the grades; --judge: a retrained
judge under the shipped cut-offs)
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import yaml

from interviewer.bank.loader import all_questions, load_banks
from interviewer.bank.models import Question, RubricPoint
from interviewer.grading.grader import Grader
from interviewer.grading.offline import OfflineEngine
from interviewer.grading.target import target_from_question
from interviewer.grading.types import Verdict
from interviewer.judge.model import judge_from_file
from interviewer.judge.train.pairs import held_out
from interviewer.judge.train.vague_pairs import FOLDER as VAGUE
from interviewer.judge.train.written_pairs import FOLDER
from interviewer.store.embeddings import make_embedder

REPO = Path(__file__).resolve().parents[1]
JUDGE_HELP = (
    "another judge file (a retrained judge, e.g. trained on other data or questions held out otherwise), "
    "read with the shipped cut-offs instead of the shipped judge"
)
KINDS = {  # answer kind: (field, which text, fair band of scores)
    "paraphrase, no rubric wording": ("paraphrases", 1, (80, 100)),
    "paraphrase": ("paraphrases", 0, (80, 100)),
    "half of each point": ("partial", 0, (30, 70)),
    "confident wrong (1)": ("wrong", 0, (0, 15)),
    "confident wrong (2)": ("wrong", 1, (0, 15)),
    "key terms in nonsense": ("nonsense", 0, (0, 10)),
    "vague on every point": ("vague", 0, (0, 15)),
}
OFF_TOPIC = (0, 10)


PARAGRAPH_POINTS = 2  # --paragraphs: points per paragraph


def _answer(
    written: dict[str, Any], rubric: list[RubricPoint], field: str, index: int, paragraphs: bool = False
) -> str:
    """One kind of text for each point, in one block, or (`paragraphs`) in paragraphs of two points each."""
    texts = [written["points"][p.id][field][index] for p in rubric]
    if not paragraphs:
        return " ".join(texts)
    blocks = [texts[i : i + PARAGRAPH_POINTS] for i in range(0, len(texts), PARAGRAPH_POINTS)]
    return "\n\n".join(" ".join(block) for block in blocks)


OFF_TOPIC_KIND = "off-topic: a good answer to another question"
HALF_KIND = "every other point paraphrased, the rest left out"
WEAK_KIND = "every other point half-stated, vague on the rest"
HALF_MARGIN = 15  # fair band: the stated points' share of the weight, give or take this


def stated_half(rubric: list[RubricPoint]) -> list[RubricPoint]:
    """The points a half-stated answer states: every other one, from the first."""
    return rubric[::2]


def _half_band(rubric: list[RubricPoint], credit: float = 1.0) -> tuple[int, int]:
    share = credit * 100 * sum(p.weight for p in stated_half(rubric)) / sum(p.weight for p in rubric)
    return max(0, round(share) - HALF_MARGIN), min(100, round(share) + HALF_MARGIN)


def _with_vague(written: dict[str, Any], path: Path) -> dict[str, Any]:
    """The written texts with each point's vague texts (`written_vague/`) beside them."""
    vague = yaml.safe_load((VAGUE / path.name).read_text(encoding="utf-8"))["points"]
    return {"points": {pid: kinds | {"vague": vague[pid]["vague"]} for pid, kinds in written["points"].items()}}


def _weak_answer(written: dict[str, Any], rubric: list[RubricPoint], paragraphs: bool) -> str:
    """A weak answer: every other point's half-claim (as `stated_half`), a vague text on each of the rest."""
    stated = {p.id for p in stated_half(rubric)}
    mixed = {
        "points": {p.id: {"weak": written["points"][p.id]["partial" if p.id in stated else "vague"]} for p in rubric}
    }
    return _answer(mixed, rubric, "weak", 0, paragraphs)


def written_paths(every_question: bool = False) -> list[Path]:
    """The hand-written texts' files of the questions the judge never trained on (of every question with
    `every_question`), in name order."""
    return [p for p in sorted(FOLDER.glob("*.yaml")) if every_question or held_out(f"bank:{p.stem}")]


def composed_answers(
    questions: dict[str, Question], every_question: bool = False, paragraphs: bool = False
) -> Iterator[tuple[str, str, str, tuple[int, int]]]:
    """(question id, kind, answer, fair band) for each held-out question (every one with
    `every_question`) and each kind of answer (laid out in paragraphs of two points with `paragraphs`)."""
    paths = written_paths(every_question)
    texts = {p.stem: _with_vague(yaml.safe_load(p.read_text(encoding="utf-8")), p) for p in paths}
    good = {q: " ".join(points["paraphrases"][0] for points in texts[q]["points"].values()) for q in texts}
    for n, path in enumerate(paths):
        written, rubric = texts[path.stem], questions[path.stem].rubric
        for kind, (field, index, band) in KINDS.items():
            yield path.stem, kind, _answer(written, rubric, field, index, paragraphs), band
        half = _answer(written, stated_half(rubric), "paraphrases", 0, paragraphs)
        yield path.stem, HALF_KIND, half, _half_band(rubric)
        yield path.stem, WEAK_KIND, _weak_answer(written, rubric, paragraphs), _half_band(rubric, 0.5)
        yield path.stem, OFF_TOPIC_KIND, good[paths[(n + 1) % len(paths)].stem], OFF_TOPIC


ONE_POINT_KINDS = {"one point stated, alone": ("paraphrases", 0), "one point stated wrongly, alone": ("wrong", 0)}


class OnePoint(NamedTuple):
    question_id: str
    point_id: str
    kind: str
    answer: str
    band: tuple[int, int]


def one_point_answers(questions: dict[str, Question], every_question: bool = False) -> Iterator[OnePoint]:
    """Per held-out question (every one with `every_question`) and point, each `ONE_POINT_KINDS` text alone."""
    paths = written_paths(every_question)
    for path in paths:
        written = yaml.safe_load(path.read_text(encoding="utf-8"))["points"]
        rubric = questions[path.stem].rubric
        for point in rubric:
            for kind, (field, index) in ONE_POINT_KINDS.items():
                yield OnePoint(
                    path.stem, point.id, kind, written[point.id][field][index], _one_point_band(rubric, point, field)
                )


def _one_point_band(rubric: list[RubricPoint], point: RubricPoint, field: str) -> tuple[int, int]:
    """The fair band of one sentence on `point`: its share of the weight ±HALF_MARGIN when it states the
    point, 0-15 when it is a confident wrong statement."""
    if field == "wrong":
        return KINDS["confident wrong (1)"][2]
    share = round(100 * point.weight / sum(p.weight for p in rubric))
    return max(0, share - HALF_MARGIN), min(100, share + HALF_MARGIN)


def report_one_point(grader: Grader, questions: dict[str, Question], every_question: bool) -> None:
    """Prints, per one-point kind, the mean score, how many are in band, and how many other points (those
    the sentence is not about) and own points read contradicted."""
    rows: dict[str, list[tuple[float, bool, int, bool]]] = {kind: [] for kind in ONE_POINT_KINDS}
    for item in one_point_answers(questions, every_question):
        grade = grader.grade(target_from_question(questions[item.question_id]), item.answer)
        score = float("nan") if grade.score is None else grade.score
        contradicted = {j.point_id for j in grade.judgments if j.verdict is Verdict.CONTRADICTED}
        in_band = item.band[0] <= score <= item.band[1]
        rows[item.kind].append((score, in_band, len(contradicted - {item.point_id}), item.point_id in contradicted))
    print("| one sentence on one point | mean score | in band | other points contradicted | own point contradicted |")
    print("|---|---|---|---|---|")
    for kind, graded in rows.items():
        scores, inside, others, own = zip(*graded, strict=True)
        n = len(graded)
        print(f"| {kind} | {np.nanmean(scores):.1f} | {sum(inside)}/{n} | {sum(others)} | {sum(own)}/{n} |")


def bank_grader(judge: Path | None) -> tuple[Grader, dict[str, Question]]:
    """The offline grader (reading another judge file, when given, under the shipped cut-offs) and the
    bank's questions by id."""
    embedder = make_embedder("minilm")
    grader = Grader(OfflineEngine(embedder, judge_from_file(judge) if judge else None), embedder)
    return grader, {q.id: q for q in all_questions(load_banks(REPO / "knowledge"))}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--all", action="store_true", help="also the questions the judge trained on")
    parser.add_argument("--paragraphs", action="store_true", help="each answer in paragraphs of two points each")
    parser.add_argument("--judge", type=Path, metavar="ONNX", help=JUDGE_HELP)
    args = parser.parse_args()
    grader, questions = bank_grader(args.judge)
    kinds = [*KINDS, HALF_KIND, WEAK_KIND, OFF_TOPIC_KIND]
    scores: dict[str, list[float]] = {kind: [] for kind in kinds}
    inside: dict[str, int] = dict.fromkeys(kinds, 0)
    left_out: list[str] = []  # verdicts given to the points a half-stated answer leaves out
    for question_id, kind, answer, (low, high) in composed_answers(questions, args.all, args.paragraphs):
        question = questions[question_id]
        grade = grader.grade(target_from_question(question), answer)
        score = float("nan") if grade.score is None else grade.score
        scores[kind].append(score)
        inside[kind] += int(low <= score <= high)
        if kind == HALF_KIND:
            stated = {p.id for p in stated_half(question.rubric)}
            left_out += [j.verdict.value for j in grade.judgments if j.point_id not in stated]
    asked = len(scores[OFF_TOPIC_KIND])
    layout = "in paragraphs of two points" if args.paragraphs else "in one block"
    print(f"{asked} questions ({'all' if args.all else 'held out of training'}), answers {layout}")
    print(f"engine {grader.engine.version}")
    print("| answer | mean score | fair band | in band |")
    print("|---|---|---|---|")
    shown = {kind: f"{low}-{high}" for kind, (_, _, (low, high)) in KINDS.items()}
    shown |= {HALF_KIND: f"stated share ±{HALF_MARGIN}", WEAK_KIND: f"half the stated share ±{HALF_MARGIN}"}
    shown |= {OFF_TOPIC_KIND: f"{OFF_TOPIC[0]}-{OFF_TOPIC[1]}"}
    for kind in kinds:
        print(f"| {kind} | {np.nanmean(scores[kind]):.1f} | {shown[kind]} | {inside[kind]}/{len(scores[kind])} |")
    credited = sum(v in ("met", "partial") for v in left_out)
    print(f"points left out of the half-stated answers but credited: {credited}/{len(left_out)}")
    if not args.paragraphs:
        report_one_point(grader, questions, args.all)


if __name__ == "__main__":
    main()

"""How a judge reads the hand-written texts of the bank questions it never trained on
(`interviewer/judge/train/written/`, the 12 held-out questions, and their wrong ways in a candidate's own
words, `written_wrong_ways/`), each text alone against its point's
claim: per kind of text, the share read as contradicted (P from 0.85, the engine's cut-off; and 0.5 to
0.85), the share with expected credit (P(met) + P(partial)/2) from 0.75 (what the engine credits as met
on the judge's word) and between 0.25 and 0.75, and the share whose most likely label is *missed*.
Dev data, never the eval cases. Usage: python benchmarks/written_readings.py [--judge FILE.onnx]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from interviewer.bank.loader import all_questions, load_banks
from interviewer.judge.labels import CONTRADICTED, MET, MISSED, PARTIAL
from interviewer.judge.model import Judge, judge_from_file, shipped_judge
from interviewer.judge.train.pairs import held_out
from interviewer.judge.train.written_pairs import FOLDER, point_texts, written_texts
from interviewer.judge.train.wrong_way_pairs import FOLDER as WRONG_WAYS
from interviewer.judge.train.wrong_way_pairs import KINDS as WRONG_WAY_KINDS

REPO = Path(__file__).resolve().parents[1]
KINDS = {
    "paraphrases": "correct paraphrase",
    "partial": "half of the claim",
    "wrong": "confident wrong, in the claim's words",
    "nonsense": "key terms in nonsense",
    "ways": "wrong way, in a candidate's own words",
}


def held_out_texts() -> list[tuple[str, str, str]]:
    """(claim, kind, text) for every written text of the questions held out of training."""
    questions = {q.id: q for q in all_questions(load_banks(REPO / "knowledge"))}
    paths = [p for p in sorted(FOLDER.glob("*.yaml")) if held_out(f"bank:{p.stem}")]
    ways = [p for p in sorted(WRONG_WAYS.glob("*.yaml")) if held_out(f"bank:{p.stem}")]
    return [found for p in paths for found in written_texts(p, questions[p.stem])] + [
        (claim, "ways", text) for p in ways for claim, _, text in point_texts(p, questions[p.stem], WRONG_WAY_KINDS)
    ]


def row(name: str, probabilities: np.ndarray) -> str:
    credit = probabilities[:, MET] + 0.5 * probabilities[:, PARTIAL]
    contradicted = probabilities[:, CONTRADICTED]
    shares = [
        contradicted >= 0.85,
        (contradicted >= 0.5) & (contradicted < 0.85),
        credit >= 0.75,
        (credit >= 0.25) & (credit < 0.75),
        probabilities.argmax(axis=1) == MISSED,
    ]
    return f"| {name} | {len(probabilities)} | " + " | ".join(f"{float(np.mean(s)):.2f}" for s in shares) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--judge", type=Path, metavar="ONNX", help="another judge file (default: the shipped one)")
    args = parser.parse_args()
    judge: Judge = judge_from_file(args.judge) if args.judge else shipped_judge()
    texts = held_out_texts()
    probabilities = judge.probabilities([(claim, text) for claim, _, text in texts])
    kinds = np.array([kind for _, kind, _ in texts])
    print(f"judge {judge.version}; {len(texts)} texts of the questions it never trained on")
    print(
        "| text | texts | P(contradicted) >= 0.85 | 0.5-0.85 | expected credit >= 0.75 | 0.25-0.75 | read as missed |"
    )
    print("|---|---|---|---|---|---|---|")
    for kind, name in KINDS.items():
        print(row(name, probabilities[kinds == kind]))


if __name__ == "__main__":
    main()

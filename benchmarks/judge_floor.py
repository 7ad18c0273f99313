"""Where should the judge veto a credit the similarity prior proposes (`judge_floor`)? Read on the
hand-written hard cases of the bank questions the judge never trained on (dev data, not the eval
gate): each (point, text) pair's expected credit from the judge, and per candidate floor the share of
correct and half-correct texts it keeps (paraphrases, partial) beside the share of wrong and nonsense
texts it vetoes, and of the vague texts (`written_vague/`: on the point's subject, stating none of it;
not part of the balanced figure, which chose the shipped floor before they were written). Usage: python benchmarks/judge_floor.py [--judge FILE.onnx]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from written_answers import JUDGE_HELP

from interviewer.bank.loader import all_questions, load_banks
from interviewer.judge.labels import LABELS, MET, PARTIAL
from interviewer.judge.model import judge_from_file, shipped_judge
from interviewer.judge.train.pairs import held_out
from interviewer.judge.train.vague_pairs import FOLDER as VAGUE
from interviewer.judge.train.vague_pairs import vague_texts
from interviewer.judge.train.written_pairs import FOLDER, question_written_pairs

REPO = Path(__file__).resolve().parents[1]
FLOORS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6)
KEEP = {"written-paraphrases", "written-partial"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--judge", type=Path, metavar="ONNX", help=JUDGE_HELP)
    args = parser.parse_args()
    judge = judge_from_file(args.judge) if args.judge else shipped_judge()
    questions = {q.id: q for q in all_questions(load_banks(REPO / "knowledge"))}
    paths = [p for p in sorted(FOLDER.glob("*.yaml")) if held_out(f"bank:{p.stem}")]
    pairs = [pair for p in paths for pair in question_written_pairs(p, questions[p.stem])]
    probabilities = judge.probabilities([(p.point, p.answer) for p in pairs])
    credit = probabilities[:, MET] + 0.5 * probabilities[:, PARTIAL]
    vague = [
        pair for p in paths if (VAGUE / p.name).is_file() for pair in vague_texts(VAGUE / p.name, questions[p.stem])
    ]
    read = judge.probabilities(vague) if vague else np.zeros((0, len(LABELS)), dtype=np.float32)
    vague_credit = read[:, MET] + 0.5 * read[:, PARTIAL]
    keep = np.array([p.source in KEEP for p in pairs])
    print(
        f"{len(paths)} held-out questions, {keep.sum()} correct or half-correct texts, {(~keep).sum()} wrong or nonsense"
    )
    print(
        f"vague texts: {len(vague)}, mean expected credit {float(np.mean(vague_credit)) if vague else float('nan'):.3f}"
    )
    print("| floor | kept (correct, half) | vetoed (wrong, nonsense) | balanced | vague vetoed |")
    print("|---|---|---|---|---|")
    for floor in FLOORS:
        kept, vetoed = float((credit[keep] >= floor).mean()), float((credit[~keep] < floor).mean())
        vague_vetoed = float((vague_credit < floor).mean()) if vague else float("nan")
        print(f"| {floor:.1f} | {kept:.3f} | {vetoed:.3f} | {(kept + vetoed) / 2:.3f} | {vague_vetoed:.3f} |")


if __name__ == "__main__":
    main()

"""The training command's options (`python -m interviewer.judge.train --help`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from interviewer.judge.train.written_pairs import FOLDER as WRITTEN

FLAG_KINDS = ("written", "generated", "points", "none")  # --flags
REPO = Path(__file__).resolve().parents[3]


def arguments(argv: list[str] | None = None, description: str | None = None) -> argparse.Namespace:
    """The command's options (`argv`, else the command line): `benchmarks/seed_spread.py` builds its
    pairs from the same defaults. `description`: the command's help text."""
    parser = argparse.ArgumentParser(prog="python -m interviewer.judge.train", description=description)
    parser.add_argument("--data", type=Path, help="folder with the SemEval/SAF train files (optional)")
    parser.add_argument("--knowledge", type=Path, default=REPO / "knowledge")
    parser.add_argument("--out", type=Path, default=REPO / "interviewer" / "judge")
    parser.add_argument(
        "--written",
        type=Path,
        nargs="?",
        const=WRITTEN,
        default=WRITTEN,
        help="the hand-written hard cases for the bank's points (this folder; default written/)",
    )
    parser.add_argument(
        "--no-written", dest="written", action="store_const", const=None, help="leave the hand-written cases out"
    )
    parser.add_argument(
        "--flags",
        choices=FLAG_KINDS,
        default="none",
        help="pairs that read red flags (a misconception stated or rejected): generated from the bank and "
        "hand-written (written_flags/), generated only, points (only the texts stating a misconception, as "
        "contradicted for the point it contradicts), or none (the default: the shipped judge; judges "
        "trained with them did not read flags well enough to charge any, see the model card)",
    )
    parser.add_argument(
        "--nearest-others",
        action="store_true",
        help="also, per point, the nearest sentences written for its question's other points, as missed",
    )
    parser.add_argument(
        "--reference-alterations",
        action="store_true",
        help="also each SemEval/SAF reference answer negated or antonym-swapped (contradicted) and its words in "
        "nonsense (missed), paired with the reference (`reference_pairs`)",
    )
    parser.add_argument(
        "--semeval-contradictory",
        choices=("contradicted", "missed"),
        default="contradicted",
        help="the label of SemEval's contradictory answers (the shipped judge: contradicted; missed keeps "
        "the contradiction signal to the bank's negations and hand-written wrong statements)",
    )
    parser.add_argument(
        "--clause-joins",
        action="store_true",
        help="also each hand-written text joined into one sentence with a sentence of another point's paraphrase ("
        '"…, and …"), its own label (`clause_pairs`): long sentences that chain points',
    )
    parser.add_argument(
        "--vague",
        action="store_true",
        help="also the hand-written vague texts for the bank's points (written_vague/): on the point's "
        "subject, stating none of it, as missed (`vague_pairs`)",
    )
    parser.add_argument(
        "--swaps",
        action="store_true",
        help="also the hand-written swapped facts for the bank's points (written_swaps/): the claim's words "
        "with two of its entities or attributes exchanged, as contradicted, and its pairings correctly "
        "reordered, as met (`swap_pairs`)",
    )
    parser.add_argument(
        "--wrong-ways",
        action="store_true",
        help="also the hand-written wrong ways for the bank's points (written_wrong_ways/): a wrong practice, "
        "fact or mechanism on the point's subject in a candidate's own words, as contradicted (`wrong_way_pairs`)",
    )
    parser.add_argument(
        "--salad",
        action="store_true",
        help="also the hand-written word salad and name-drops for the bank's points (written_salad/): the "
        "point's vocabulary in relations that mean nothing, and its topic named without a claim, as missed "
        "(`salad_pairs`)",
    )
    parser.add_argument(
        "--whole-sentences",
        action="store_true",
        help="cut the bank's reference answers into whole sentences, their hard-wrapped lines joined (the "
        "shipped judge reads each wrapped line as a sentence: its bank pairs are pieces of sentences)",
    )
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument(
        "--credit-loss",
        type=float,
        default=0.0,
        metavar="WEIGHT",
        help="also train the expected credit (P(met) + P(partial)/2, what the engine thresholds) by squared "
        "error, with this weight beside cross-entropy; 0 (the default, the shipped judge) leaves it out",
    )
    parser.add_argument(
        "--label-smoothing",
        type=float,
        default=0.0,
        metavar="SHARE",
        help="spread this share of each label over all four (less sure readings); 0, the shipped judge: none",
    )
    parser.add_argument(
        "--train-embeddings",
        action="store_true",
        help="fine-tune the word embeddings too (the shipped judge keeps them frozen, as pre-trained)",
    )
    parser.add_argument(
        "--layers",
        type=int,
        default=0,
        help="keep only the first N of MiniLM's 6 encoder layers (a smaller, faster judge); 0 keeps all",
    )
    parser.add_argument(
        "--freeze-layers",
        type=int,
        default=0,
        metavar="N",
        help="keep the first N encoder layers as pre-trained (the shipped judge trains all of them)",
    )
    parser.add_argument("--limit", type=int, default=0, help="train on this many pairs only (a smoke test)")
    parser.add_argument("--holdout", type=float, default=0.2, help="share of questions held out")
    parser.add_argument(
        "--unseen-answers",
        type=float,
        default=0.0,
        metavar="SHARE",
        help="also leave out this share of the trained questions' SemEval/SAF answers (by a hash of their id), "
        "to measure unseen answers to seen questions: benchmarks/calibrate_judge.py --unseen-answers",
    )
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--device",
        default="cpu",
        help="torch device to train on (cpu, the default, reproduces the shipped file bit for bit; cuda trains "
        "the same steps in minutes, with other arithmetic)",
    )
    parser.add_argument(
        "--fp32",
        type=Path,
        metavar="FILE",
        help="also write the fp32 graph here (91 MB: to measure int8, never shipped)",
    )
    return parser.parse_args(argv)

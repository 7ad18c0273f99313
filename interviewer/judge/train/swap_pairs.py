"""Hand-written swapped facts for the bank's rubric points (`written_swaps/<question-id>.yaml`, `train
--swaps`): per point, texts in the claim's own words with two of its entities, attributes, numbers or
roles exchanged ("stage 1 shards the parameters ... stage 3 the optimizer states"), which are wrong
(*contradicted*), and one correct text that states the claim's pairings in another order and structure
(*met*), so that only the pairing tells the two apart.

Measured before they were written (2026-12-05, twentieth session): whole answers of crossed facts, on 18
bank questions, scored 72 on average where a fair grader gives under 20, and the judge read "Stage 1
shards the parameters, stage 2 the gradients, stage 3 the optimizer states" as stating the stage
definitions. These texts were written from the bank's questions and rubrics alone, without reading the
eval cases or those test answers.

Each text is paired alone and joined with another point's hand-written text (`written/`, any kind; the
label stays the text's own), and half of them again as unpunctuated speech, a quarter with filler around
them (`written_pairs.noisy_copies`). A random generator of their own keeps every other training pair as
it was without `--swaps`.
"""

from __future__ import annotations

import random
from pathlib import Path

from interviewer.bank.models import Question
from interviewer.judge.labels import CONTRADICTED, MET
from interviewer.judge.train.pairs import Pair
from interviewer.judge.train.written_pairs import FOLDER as WRITTEN
from interviewer.judge.train.written_pairs import beside_written_pairs, point_texts

FOLDER = Path(__file__).resolve().parent / "written_swaps"
KINDS = {"swapped": CONTRADICTED, "reordered": MET}
SEED_OFFSET = 104729  # their own random stream: the other pairs do not move


def swap_texts(path: Path, question: Question) -> list[tuple[str, str, str]]:
    """(claim, kind, text) for every text of the file; a point id the question lacks, or a point without
    a list of non-empty texts of each kind, is an error naming the file and the point."""
    return point_texts(path, question, KINDS, required=True)


def swap_pairs(questions: list[Question], folder: Path = FOLDER, written: Path = WRITTEN, seed: int = 13) -> list[Pair]:
    """Every swap file whose question is in the bank, as single texts and as passages, with their noisy
    copies."""
    return beside_written_pairs(questions, folder, written, KINDS, "written", random.Random(seed + SEED_OFFSET))

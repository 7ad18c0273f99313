"""Hand-written word salad and name-drops for the bank's rubric points (`written_salad/<question-id>.yaml`,
`train --salad`): per point, two fluent, serious sentences packed with the point's own technical
vocabulary in relations that mean nothing ("the checkpoint interval negotiates its MTBF with the NCCL
timeout"), and one sentence that names the point's topic and terms as something that matters while
asserting nothing about it. A fair grader gives both nothing: *missed*.

The written hard cases' nonsense (`written/`) is whimsical ("…shared a quiet cup of tea"), which the judge
rejects; the shipped judge reads grammatical, domain-dense salad, and one sentence naming every topic, as
stating the points. Measured and not shipped: model card, *Word salad and name-drops*. These texts were written from the bank's questions and rubrics alone, without reading the eval
cases or the benchmarks' answers, and for no question whose answers a benchmark reads: neither the 12
held-out questions nor the six seed questions of the outside gaming answers.

Each text is paired alone and joined with another point's hand-written text (`written/`, any kind; the
label stays *missed*), and half of them again as unpunctuated speech, a quarter with filler around them
(`written_pairs.noisy_copies`). A random generator of their own keeps every other training pair as it was
without `--salad`.
"""

from __future__ import annotations

import random
from pathlib import Path

from interviewer.bank.models import Question
from interviewer.judge.labels import MISSED
from interviewer.judge.train.pairs import Pair
from interviewer.judge.train.written_pairs import FOLDER as WRITTEN
from interviewer.judge.train.written_pairs import beside_written_pairs

FOLDER = Path(__file__).resolve().parent / "written_salad"
KINDS = {"salad": MISSED, "name_drop": MISSED}
SEED_OFFSET = 32452843  # their own random stream: the other pairs do not move


def salad_pairs(
    questions: list[Question], folder: Path = FOLDER, written: Path = WRITTEN, seed: int = 13
) -> list[Pair]:
    """Every salad file whose question is in the bank, as single texts and as passages (missed), with
    their noisy copies."""
    return beside_written_pairs(questions, folder, written, KINDS, "written-salad", random.Random(seed + SEED_OFFSET))

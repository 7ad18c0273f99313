"""Hand-written wrong ways for the bank's rubric points (`written_wrong_ways/<question-id>.yaml`, `train
--wrong-ways`): per point, two things a confident, mistaken candidate says on the point's subject in
their own words (a wrong practice recommended with a reason, a wrong fact, number or mechanism), which a
grader marks wrong: *contradicted*.

The written hard cases' wrong statements (`written/`) keep the claim's vocabulary, and the judge reads
them well alone; natural answers that commit to a wrong way without the claim's words ("Rollback I'd
handle manually: on-call opens a ticket and the team reviews it at standup") it read as half-stating the
point (P(partial) 0.92). These texts were written from the bank's questions and rubrics alone, without
reading the eval cases or the benchmarks' answers.

Each text is paired alone and joined with another point's hand-written text (`written/`, any kind; the
label stays *contradicted*), and half of them again as unpunctuated speech, a quarter with filler around
them (`written_pairs.noisy_copies`). A random generator of their own keeps every other training pair as
it was without `--wrong-ways`.
"""

from __future__ import annotations

import random
from pathlib import Path

from interviewer.bank.models import Question
from interviewer.judge.labels import CONTRADICTED
from interviewer.judge.train.pairs import Pair
from interviewer.judge.train.written_pairs import FOLDER as WRITTEN
from interviewer.judge.train.written_pairs import beside_written_pairs

FOLDER = Path(__file__).resolve().parent / "written_wrong_ways"
KINDS = {"wrong": CONTRADICTED}
SEED_OFFSET = 15485863  # their own random stream: the other pairs do not move


def wrong_way_pairs(
    questions: list[Question], folder: Path = FOLDER, written: Path = WRITTEN, seed: int = 13
) -> list[Pair]:
    """Every wrong-ways file whose question is in the bank, as single texts and as passages
    (contradicted), with their noisy copies."""
    return beside_written_pairs(questions, folder, written, KINDS, "written-ways", random.Random(seed + SEED_OFFSET))

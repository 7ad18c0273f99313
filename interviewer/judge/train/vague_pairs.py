"""Hand-written vague texts for the bank's rubric points (`written_vague/<question-id>.yaml`, `train
--vague`): per point, two things a weak candidate says on the point's subject that state none of its
content (a platitude, the question's concern restated, the area named without the substance, a
deferral). A fair grader gives them nothing: *missed*.

They teach what the other written kinds do not: that a sentence on the point's topic, in its setting,
true and fluent, is not the point. The eval's weak answers are over-credited (the judge's middle readings
on such sentences); these texts were written from the bank's questions and rubrics alone, without reading
the eval cases.

Each text is paired alone, joined with another point's hand-written text (`written/`, any kind; the label
stays *missed*: a vague sentence beside a statement of another point states this one no better), and half
of them again as unpunctuated speech, a quarter with filler around them (`written_pairs.noisy_copies`).
A random generator of their own keeps every other training pair as it was without `--vague`.
"""

from __future__ import annotations

import random
from pathlib import Path

from interviewer.bank.models import Question
from interviewer.judge.labels import MISSED
from interviewer.judge.train.pairs import Pair
from interviewer.judge.train.written_pairs import FOLDER as WRITTEN
from interviewer.judge.train.written_pairs import beside_written_pairs, point_texts

FOLDER = Path(__file__).resolve().parent / "written_vague"
SEED_OFFSET = 7919  # their own random stream: the other pairs do not move
KINDS = {"vague": MISSED}


def vague_texts(path: Path, question: Question) -> list[tuple[str, str]]:
    """(claim, text) for every vague text of the file; a point id the question lacks, or a point without
    a list of non-empty texts, is an error naming the file and the point."""
    return [(claim, text) for claim, _, text in point_texts(path, question, KINDS, required=True)]


def vague_pairs(
    questions: list[Question], folder: Path = FOLDER, written: Path = WRITTEN, seed: int = 13
) -> list[Pair]:
    """Every vague file whose question is in the bank, as single texts and as passages (missed), with
    their noisy copies."""
    return beside_written_pairs(questions, folder, written, KINDS, "written", random.Random(seed + SEED_OFFSET))

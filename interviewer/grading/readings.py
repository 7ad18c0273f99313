"""What the judge read for one claim (the texts and its probabilities for each), and the verdict made of it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from interviewer.grading.cues import is_fragment
from interviewer.grading.types import PointJudgment, Verdict
from interviewer.judge.labels import MET, PARTIAL


@dataclass(frozen=True)
class Reading:
    """The spans the judge read for one claim, and its probabilities (spans x LABELS) for each."""

    texts: tuple[str, ...]
    probabilities: np.ndarray
    similarity: np.ndarray  # embedding cosine of each text to the claim
    nearest: np.ndarray | None = None  # each text's highest embedding cosine to any claim read beside this one

    @property
    def judged(self) -> np.ndarray:
        """The judge's expected credit per span: P(met) + P(partial) / 2."""
        result: np.ndarray = self.probabilities[:, MET] + 0.5 * self.probabilities[:, PARTIAL]
        return result

    def only(self, texts: tuple[str, ...]) -> Reading:
        """This reading restricted to the texts among `texts` (all of it when none of its texts are)."""
        keep = [i for i, text in enumerate(self.texts) if text in texts]
        if not keep or len(keep) == len(self.texts):
            return self
        nearest = None if self.nearest is None else self.nearest[keep]
        return Reading(tuple(self.texts[i] for i in keep), self.probabilities[keep], self.similarity[keep], nearest)

    def claims_only(self) -> Reading:
        """This reading without its fragments (`cues.is_fragment`: fewer than three content words), such as
        a heading ("Fourth, telemetry.") or the last words of a hard-wrapped line ("quality evals."); all
        of it when every text is one."""
        return self.only(tuple(text for text in self.texts if not is_fragment(text)))


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    evidence: str | None
    why: str

    def judgment(self, point_id: str) -> PointJudgment:
        return PointJudgment(point_id=point_id, verdict=self.verdict, evidence=self.evidence, rationale=self.why)


@dataclass(frozen=True)
class StatementRead:
    """One statement of a point (its claim or an alternative), as the answer was read against it."""

    statement: str
    reading: Reading
    recall: float

    @property
    def strength(self) -> float:
        """The judge's best expected credit times the token recall: the combiner's strongest reading."""
        return float(self.reading.judged.max()) * self.recall


def strongest(reads: Sequence[StatementRead]) -> StatementRead:
    """Pure: of a point's statements, the one the answer states most (`strength`); the first on ties."""
    return max(reads, key=lambda read: read.strength)

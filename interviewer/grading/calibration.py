"""Thresholds of the offline engine, calibrated on labelled data.

How they were chosen (`python benchmarks/calibrate_offline.py --holdout-seed`): the features of every
labelled case in `evals/cases/` were computed once; a grid over `met` and `partial` (0.40-1.20 in steps
of 0.025), `term_weight`, `answer_term_weight` and `negation_caps` was replayed through
`offline.decide`, maximising verdict accuracy plus band QWK on the 59 non-seed questions' 118 cases,
with the five seed questions' 60 cases held out. Result on 2026-11-29: fit accuracy 0.73 / QWK 0.88;
held-out seed accuracy 0.79 / QWK 0.92. Capping a "met" whose evidence negates the claim cost
accuracy (negation cues are too blunt a signal), so it is off. `red_flag` was set by hand from the
strengths of labelled misconceptions against those of correct sentences: MiniLM barely separates a
misconception from a correct statement on the same topic, so a deduction needs a near-verbatim match.
"""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.grading.types import Verdict


@dataclass(frozen=True)
class Thresholds:
    met: float = 1.15
    partial: float = 0.6
    term_weight: float = 1.5
    answer_term_weight: float = 0.4
    red_flag: float = 0.95
    red_flag_term_weight: float = 0.25
    off_topic: float = 0.22
    keyword_list_ratio: float = 0.1
    negation_caps: bool = False

    def verdict_for(self, strength: float) -> Verdict:
        if strength >= self.met:
            return Verdict.MET
        if strength >= self.partial:
            return Verdict.PARTIAL
        return Verdict.MISSED

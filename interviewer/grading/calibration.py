"""Thresholds of the offline engine, calibrated on labelled data.

How they were chosen (`python benchmarks/calibrate_offline.py --holdout-seed`): features of every
labelled case in `evals/cases/` were computed once; a grid over `met` and `partial` (0.30-0.90 in
steps of 0.025) and `term_weight` (0.2-0.8) was replayed through `offline.decide`, maximising verdict
accuracy plus band QWK on the 59 non-seed questions' cases (118), with the five seed questions' 60
cases held out. Result on 2026-11-29: fit accuracy 0.58 / QWK 0.73; held-out seed accuracy 0.69 /
QWK 0.87. The other thresholds were set by hand: `red_flag` high so that a deduction needs a close
match, `off_topic` below the similarity of any on-topic sentence in the eval set.
"""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.grading.types import Verdict


@dataclass(frozen=True)
class Thresholds:
    met: float = 0.775
    partial: float = 0.6
    term_weight: float = 0.8
    red_flag: float = 0.75
    red_flag_term_weight: float = 0.25
    off_topic: float = 0.22
    keyword_list_ratio: float = 0.1

    def verdict_for(self, strength: float) -> Verdict:
        if strength >= self.met:
            return Verdict.MET
        if strength >= self.partial:
            return Verdict.PARTIAL
        return Verdict.MISSED

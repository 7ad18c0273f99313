"""Thresholds of the offline engine, calibrated on data (see benchmarks/calibrate_offline.py)."""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.grading.types import Verdict


@dataclass(frozen=True)
class Thresholds:
    met: float = 0.62
    partial: float = 0.45
    term_weight: float = 0.25
    red_flag: float = 0.75
    off_topic: float = 0.22
    echo_overlap: float = 0.6
    keyword_list_ratio: float = 0.1

    def verdict_for(self, strength: float) -> Verdict:
        if strength >= self.met:
            return Verdict.MET
        if strength >= self.partial:
            return Verdict.PARTIAL
        return Verdict.MISSED

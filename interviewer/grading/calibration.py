"""Thresholds of the offline engine. The judge's own (met, partial, contradicted, top_k,
whole_answer_words) are stored with the model in `interviewer/judge/judge.json`, chosen by
`benchmarks/calibrate_judge.py` with cross-validation by question on dev data (never the eval cases);
the screens' (off_topic, keyword_list_ratio) are set here."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any


@dataclass(frozen=True)
class Thresholds:
    met: float = 0.5  # a point's credit: the judge's expected credit (P(met) + P(partial) / 2) of its best
    # span for bank rubrics; the reference combiner's credit for reference-only grading
    partial: float = 0.25
    contradicted: float = 0.6  # P(contradicted) of a span, above any span's expected credit from the judge
    about_margin: float = 0.1  # bank rubrics: a text is about a point when its cosine to it is within this
    # of its cosine to the rubric's closest point; only such a text contradicts the point, and only such a
    # sentence earns it the judge's lone credit or the similarity prior's partial (`rubric_decision`)
    judge_floor: float = 0.2  # bank rubrics: a proposed credit the judge supports less than this is cut
    judge_partial: float = 0.5  # bank rubrics: the judge alone (the prior found nothing) credits partial from here
    judge_alone_cosine: float = 0.25  # bank rubrics: the judge alone credits no span less similar to the point
    judge_alone_words: int = 80  # bank rubrics: ... and nothing in an answer of at most this many words
    met_recall: float = 0.0  # bank rubrics: a met the prior proposes and the judge reads under `met` needs
    # this token recall of the point in the answer, else it is partial (0: no such check)
    against_rubric: float = 0.5  # bank rubrics: this share of points contradicted sentence by sentence
    # reads the whole answer against the rubric (`answer_readings`)
    top_k: int = 3  # spans per point sent to the judge, by embedding similarity
    whole_answer_words: int = 80  # an answer this short is also judged whole
    off_topic: float = 0.22
    keyword_list_ratio: float = 0.1

    def updated(self, values: dict[str, Any]) -> Thresholds:
        """These thresholds with the known keys of `values` (e.g. a judge card's) replacing them."""
        names = {f.name for f in fields(self)}
        return replace(self, **{k: type(getattr(self, k))(v) for k, v in values.items() if k in names})

"""Red flags on the offline engine, as pure functions: a flag is charged on a sentence or sentence pair
the judge reads as stating the misconception, never on a paragraph; it contradicts its point unless the
answer also states the point."""

from __future__ import annotations

import numpy as np

from interviewer.bank.models import RedFlag
from interviewer.grading.calibration import Thresholds
from interviewer.grading.offline_flags import apply_contradictions, stated_flags
from interviewer.grading.readings import Reading
from interviewer.grading.types import PointJudgment, Verdict

FLAG = RedFlag(id="zero3-less-comms", statement="ZeRO-3 reduces communication.", cost=10, contradicts="comms")
SENTENCE, PARAGRAPH = "ZeRO-3 cuts traffic.", "ZeRO-3 cuts traffic. No: it adds a third."


def _reading(met_by_text: dict[str, float]) -> Reading:
    rows = [[met, 0.0, 1.0 - met, 0.0] for met in met_by_text.values()]
    return Reading(tuple(met_by_text), np.array(rows, dtype=np.float32), np.ones(len(rows), dtype=np.float32))


def test_a_flag_is_charged_on_the_sentence_that_states_it_with_that_sentence_as_evidence() -> None:
    reading = _reading({"Stage 1 shards optimizer states.": 0.1, SENTENCE: 0.9})
    [(hit, point)] = stated_flags([FLAG], [reading], (SENTENCE, "Stage 1 shards optimizer states."), 0.7)
    assert (hit.flag_id, hit.evidence, hit.cost, point) == (FLAG.id, SENTENCE, 10, "comms")


def test_a_paragraph_read_as_stating_it_charges_nothing_and_below_the_cut_nothing_is_charged() -> None:
    assert stated_flags([FLAG], [_reading({PARAGRAPH: 0.95, SENTENCE: 0.3})], (SENTENCE,), 0.7) == []
    assert stated_flags([FLAG], [_reading({SENTENCE: 0.69})], (SENTENCE,), 0.7) == []


def test_a_flagged_point_is_contradicted_unless_the_answer_also_states_it() -> None:
    [(hit, point)] = stated_flags([FLAG], [_reading({SENTENCE: 0.9})], (SENTENCE,), 0.7)
    missed = PointJudgment(point_id="comms", verdict=Verdict.PARTIAL)
    met = PointJudgment(point_id="comms", verdict=Verdict.MET, evidence="x")
    other = PointJudgment(point_id="memory", verdict=Verdict.MISSED)
    [contradicted, untouched] = apply_contradictions([missed, other], [(hit, point)])
    assert contradicted.verdict is Verdict.CONTRADICTED and contradicted.evidence == SENTENCE
    assert FLAG.statement in contradicted.rationale and untouched == other
    assert apply_contradictions([met], [(hit, point)]) == [met]


def test_a_judge_card_without_a_red_flag_cut_charges_none_and_one_with_it_sets_it() -> None:
    assert Thresholds().red_flag is None
    assert Thresholds().updated({"red_flag": 0.8}).red_flag == 0.8
    assert Thresholds().updated({"red_flag": None}).red_flag is None


def test_a_span_credited_for_a_rubric_point_charges_no_flag() -> None:
    reading = _reading({SENTENCE: 0.9, "Another sentence.": 0.8})
    [(hit, _)] = stated_flags([FLAG], [reading], (SENTENCE, "Another sentence."), 0.7, credited=(SENTENCE,))
    assert hit.evidence == "Another sentence."
    assert stated_flags([FLAG], [_reading({SENTENCE: 0.9})], (SENTENCE,), 0.7, credited=(SENTENCE,)) == []

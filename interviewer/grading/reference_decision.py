"""Reference-only grading: a point's verdict from the judge's reading of the answer against a statement
drafted from the reference answer (pure). A sure contradiction or a reversed restatement makes it
contradicted, an offer of the point beside its opposite missed; otherwise a fitted combiner of cosine,
coverage, token recall and the judge's credit times the token recall decides (`reference_credit`)."""

from __future__ import annotations

import numpy as np

from interviewer.grading.calibration import Thresholds
from interviewer.grading.mirror_rulings import hedged_by, reversed_by
from interviewer.grading.mirrors import restates_negated
from interviewer.grading.readings import Decision, Reading
from interviewer.grading.reference_credit import Combiner, point_reading, span_readings
from interviewer.grading.types import Verdict
from interviewer.judge.labels import CONTRADICTED


def decide(
    reading: Reading,
    claim: str,
    overlap: tuple[float, float],
    combiner: Combiner,
    thresholds: Thresholds,
    word_for_word: bool = False,
) -> Decision:
    """Pure: reference-only grading (calibration replays it). A span the judge is sure contradicts the
    point (more surely than any span supports it), or one restating it reversed, makes it contradicted
    (`contradicted_by`); a text offering
    the point beside its opposite makes it missed (`hedged_by`); otherwise the combiner turns
    the best cosine, the answer's overlap with the point (coverage of its words, token recall) and the
    judge's best expected credit times the token recall into the point's credit, and the span it credits
    most is the evidence.
    A point the answer states word for word (`states_word_for_word`) is met, whatever the readings say."""
    judged = reading.judged
    if (ruled := contradicted_by(reading, claim, thresholds) or hedged_by(reading, claim)) is not None:
        return ruled
    coverage, recall = overlap
    features = point_reading(judged, reading.similarity, coverage, recall)
    credit = float(combiner.credit(features)[()])
    best = int(np.argmax(combiner.credit(span_readings(judged, reading.similarity, coverage, recall))))
    if word_for_word:
        return Decision(Verdict.MET, reading.texts[best], f"states the point word for word (credit {credit:.2f})")
    why = (
        f"judge {float(judged.max()):.2f}, cosine {float(reading.similarity.max()):.2f}, "
        f"coverage {coverage:.2f}, token recall {recall:.2f}"
    )
    if credit >= thresholds.met:
        return Decision(Verdict.MET, reading.texts[best], f"stated (credit {credit:.2f}: {why})")
    if credit >= thresholds.partial:
        return Decision(Verdict.PARTIAL, reading.texts[best], f"partly stated (credit {credit:.2f}: {why})")
    return Decision(Verdict.MISSED, None, f"not found in the answer (credit {credit:.2f}: {why})")


def contradicted_by(reading: Reading, claim: str, thresholds: Thresholds) -> Decision | None:
    """Reference-only: the judge is sure a span contradicts the point (more surely than any span
    supports it), or a span restates the point with its sense reversed (`reversed_by`); else None.
    The span closest to the claim negating its words makes it contradicted only when it restates the
    claim's words (`mirrors.restates_negated`): the looser screen bank rubrics keep (`cues.negates_claim`)
    fired on the four dev sets mostly on answers their graders credited ("not created and initialized
    each time the function is called" for "initialized only once"; 15 SAF points, human mean 0.88)."""
    judged = reading.judged
    contra = int(np.argmax(reading.probabilities[:, CONTRADICTED]))
    p_contra = float(reading.probabilities[contra, CONTRADICTED])
    if p_contra >= thresholds.contradicted and p_contra > float(judged.max()):
        return Decision(
            Verdict.CONTRADICTED, reading.texts[contra], f"the judge finds it contradicted ({p_contra:.2f})"
        )
    closest = reading.texts[int(np.argmax(reading.similarity))]
    if float(judged.max()) < thresholds.met and restates_negated(closest, claim):
        return Decision(Verdict.CONTRADICTED, closest, "states the point's words negated")
    return reversed_by(reading, claim)

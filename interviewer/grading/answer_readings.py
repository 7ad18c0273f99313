"""Bank rubrics: the readings of an answer as a whole that change its points' verdicts (pure): the answer
that contradicts the rubric, the answer whose points the judge finds stated nowhere, and the rubric's
words used without their meaning. Each point itself is decided by `rubric_decision.hybrid_decide`.

An answer that negates each claim of a good one ("stage 1 does not shard the optimizer states, stage 2
does not shard gradients, …") or states a wrong version of each is read sentence by sentence as
contradicting point after point; read as a whole paragraph, the same words look like the rubric and the
judge finds points *stated*. So when at least `against_rubric` of the points are contradicted at the
sentence level (a sentence the judge finds contradicting the point, none it finds supporting it; or the
negation screen's closest sentence negating its words), the
answer is read against the rubric: each point is decided on the answer's sentences and sentence pairs
only, and a sentence it finds contradicting a point (or the negation screen finds negating it) outweighs
any support short of *met*. Points the negation screen finds negated count towards the half too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from interviewer.grading.calibration import Thresholds
from interviewer.grading.cues import negates_more
from interviewer.grading.evidence_spans import EvidenceSpans
from interviewer.grading.readings import Decision, Reading
from interviewer.grading.rubric_decision import contradicted_unsupported, credit_about_the_point, hybrid_decide
from interviewer.grading.similarity import Prior
from interviewer.grading.types import Verdict

DOUBTED_NOTE = (
    "the answer contradicts most of the rubric's points where the judge finds them stated nowhere: "
    "every point was read so"
)
WORDS_NOTE = (
    "the judge rejects most of what the rubric's words propose in this answer: credit resting on similar "
    "words alone was set aside"
)
AGAINST_RUBRIC_NOTE = (
    "the answer contradicts at least half of the rubric's points sentence by sentence: every point was "
    "judged on its sentences, not its paragraphs"
)


def contradicted_count(sentence_readings: Sequence[Reading], negated: Sequence[bool], t: Thresholds) -> int:
    """Pure: how many points are contradicted on the answer's sentences and sentence pairs: the judge
    finds one contradicting the point and none supporting it, or the negation screen finds the point's
    closest sentence saying its words negated (`negated`, per point)."""
    return sum(
        contradicted_unsupported(r, t) or screened for r, screened in zip(sentence_readings, negated, strict=True)
    )


def contradicted_share(sentence_readings: Sequence[Reading], negated: Sequence[bool], t: Thresholds) -> float:
    """Pure: the share of points contradicted so (`contradicted_count`); 0 for no points."""
    if not sentence_readings:
        return 0.0
    return contradicted_count(sentence_readings, negated, t) / len(sentence_readings)


def negations_misread(sentence_readings: Sequence[Reading], negated: Sequence[bool], t: Thresholds) -> bool:
    """Pure: the answer is read against the rubric on at least two contradicted points: then the judge's
    credit for a negated point is its misreading of the negation (`hybrid_decide`, `misread_negations`).
    One contradicted point of a two-point exam rubric is no pattern: "its not created and initialized
    each time the function is called, and is not destroyed" is a correct answer (full marks)."""
    return against_rubric(sentence_readings, negated, t) and contradicted_count(sentence_readings, negated, t) >= 2


def against_rubric(sentence_readings: Sequence[Reading], negated: Sequence[bool], t: Thresholds) -> bool:
    """Pure: at least `t.against_rubric` of the points are contradicted (`contradicted_share`). On the dev
    answers and the eval cases, written and as unpunctuated transcripts, answers that state the points
    reach 0.4 at most; negated and confidently wrong ones mostly half or more
    (`benchmarks/contradiction_share.py`)."""
    return bool(sentence_readings) and contradicted_share(sentence_readings, negated, t) >= t.against_rubric


def words_without_meaning(proposed: Sequence[bool], rejected: Sequence[bool], share: float) -> bool:
    """Pure: of the points the similarity prior proposes (`proposed`, per point), the judge rejects
    (`rejected`: missed or contradicted) at least two, and at least `share` of the rubric's points: the
    answer uses the rubric's words without its meaning (key terms woven into nonsense, a sentence naming
    every point)."""
    count = sum(p and r for p, r in zip(proposed, rejected, strict=True))
    return count >= 2 and count >= share * len(proposed)


def _credited_elsewhere(reading: Reading, t: Thresholds, short_answer: bool) -> bool:
    """The judge credits the point (partly, from `judge_partial`) only in texts about other points
    (`credit_about_the_point`): a point an honest partial answer leaves out, read in its neighbours'
    sentences, not the rubric's words used without their meaning."""
    partly = float(reading.judged.max()) >= t.judge_partial
    return partly and float(credit_about_the_point(reading, t, short_answer).max()) < t.judge_partial


def _unproven(decision: Decision, reading: Reading, t: Thresholds) -> Decision:
    """A credit resting on similar words the judge does not find at least partly stated, set aside."""
    support = float(reading.judged.max())
    if decision.verdict not in (Verdict.MET, Verdict.PARTIAL) or support >= t.judge_partial:
        return decision
    return Decision(
        Verdict.MISSED, None, f"similar words, but the judge rejects most of them in this answer ({support:.2f})"
    )


def _stated_by_the_judge(decision: Decision, reading: Reading, t: Thresholds, short_answer: bool) -> Decision:
    """A *met* the similarity prior proposed, in an answer read against the rubric: partial unless the judge
    finds the point stated (expected credit from `met` on a text about it). A *met* the judge gave on its
    own word already has that support (`hybrid_decide`), so only the prior's are changed."""
    support = float(credit_about_the_point(reading, t, short_answer).max())
    if decision.verdict is not Verdict.MET or support >= t.met:
        return decision
    why = f"similar, but in an answer against the rubric only the judge's own met keeps a met ({support:.2f})"
    return Decision(Verdict.PARTIAL, decision.evidence, why)


def _mets_against_the_rubric(
    decisions: list[Decision],
    readings: Sequence[Reading],
    ruled: Sequence[Decision | None],
    t: Thresholds,
    short_answer: bool,
) -> list[Decision]:
    """An answer read against the rubric, with at least two points contradicted: each *met* the similarity
    prior proposed needs the judge's own met (`_stated_by_the_judge`)."""
    if sum(d.verdict is Verdict.CONTRADICTED for d in decisions) < 2:
        return decisions
    return [
        _stated_by_the_judge(d, r, t, short_answer) if rule is None else d
        for d, r, rule in zip(decisions, readings, ruled, strict=True)
    ]


def _share(decisions: Sequence[Decision], verdict: Verdict) -> float:
    return sum(d.verdict is verdict for d in decisions) / len(decisions) if decisions else 0.0


def rubric_decisions(
    priors: Sequence[Prior],
    spans: EvidenceSpans,
    readings: Sequence[Reading],
    t: Thresholds,
    against: bool,
    short_answer: bool,
    recalls: Sequence[float],
    ruled: Sequence[Decision | None],
    misread: bool = False,
) -> tuple[list[Decision], list[str]]:
    """Pure: each point's decision (`ruled`, a reversal or a hedge, where there is one; else
    `hybrid_decide`), read twice more over the answer as a whole, with a note for each reading made:
    - when at least `against_rubric` of the points are contradicted once a text the judge finds stating the
      point nowhere no longer counts as support (`_contradiction`, `doubted`), every point is read so: a
      confident wrong answer in the rubric's vocabulary draws middling readings from the judge on every
      point, which had kept each from its contradiction;
    - when the judge rejects at least `against_rubric` of the rubric's points that similar words proposed
      (`words_without_meaning`; a point it credits only in texts about other points is not rejected:
      `_credited_elsewhere`), the other credits resting on those words need the judge's own partial
      reading (`judge_partial`);
    - when the answer is read against the rubric (sentence by sentence, `against`, or so once stated-nowhere
      texts no longer support, the first reading) and at least two points are contradicted, a *met* the
      similarity prior proposed is partial unless the judge finds the point stated
      (`_stated_by_the_judge`): a contradicting sentence there is outweighed only by *met*
      (`_contradiction`), and a point the same wrong answer's words carry is held to the same.
      One contradicted point of a two-point exam rubric is no pattern (`negations_misread`)."""

    def decided(doubted: bool) -> list[Decision]:
        return [
            rule or hybrid_decide(prior, spans, r, t, against, short_answer, recall, doubted, misread)
            for prior, r, recall, rule in zip(priors, readings, recalls, ruled, strict=True)
        ]

    decisions, notes = decided(doubted=False), []
    doubted_read = not against and _share(doubted := decided(doubted=True), Verdict.CONTRADICTED) >= t.against_rubric
    if doubted_read:
        decisions, notes = doubted, [DOUBTED_NOTE]
    if against or doubted_read:
        decisions = _mets_against_the_rubric(decisions, readings, ruled, t, short_answer)
    proposed = [prior.verdict is not Verdict.MISSED for prior in priors]
    rejected = [
        d.verdict in (Verdict.MISSED, Verdict.CONTRADICTED) and not _credited_elsewhere(r, t, short_answer)
        for d, r in zip(decisions, readings, strict=True)
    ]
    if words_without_meaning(proposed, rejected, t.against_rubric):
        decisions = [
            _unproven(d, r, t) if p and rule is None else d
            for d, r, p, rule in zip(decisions, readings, proposed, ruled, strict=True)
        ]
        notes.append(WORDS_NOTE)
    return decisions, notes


def misread_negations(priors: Sequence[Prior], readings: Sequence[Reading], claims: Sequence[str]) -> list[Prior]:
    """Pure: in an answer read against the rubric on two points or more (`negations_misread`), a point
    whose text the judge credits most negates more often than the point does (`cues.negates_more`) is
    negated: the judge reads "X is not Y" as stating "X is Y" (outside such an answer, correct sentences
    negate too, and the judge's reading stands)."""
    return [
        replace(prior, negated=True)
        if not prior.negated and negates_more(r.texts[int(np.argmax(r.judged))], claim)
        else prior
        for prior, r, claim in zip(priors, readings, claims, strict=True)
    ]

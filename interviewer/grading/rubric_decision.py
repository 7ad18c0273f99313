"""Bank rubrics: the verdict on each point from the similarity prior and the judge's reading (pure).
The similarity prior proposes a verdict; the judge confirms, vetoes or overrules it, crediting only
from texts about the point (`about_the_point`). The readings of the answer as a whole that change these
verdicts (an answer against the rubric, the rubric's words without their meaning) are in
`answer_readings`."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from interviewer.grading.calibration import Thresholds
from interviewer.grading.evidence_spans import EvidenceSpans
from interviewer.grading.readings import Decision, Reading
from interviewer.grading.similarity import Prior
from interviewer.grading.types import Verdict
from interviewer.judge.labels import CONTRADICTED, MET


def contradicted_unsupported(reading: Reading, t: Thresholds) -> bool:
    """Pure: a text the judge finds contradicting the claim (P >= `contradicted`) and none it finds
    supporting it (expected credit under `partial`): the contradiction `hybrid_decide` makes."""
    return _contradiction(reading, float(reading.judged.max()), t, against=False) is not None


def about_the_point(reading: Reading, margin: float) -> np.ndarray:
    """Pure: per text, whether it is about this point: its embedding cosine to the point is within `margin`
    of its cosine to the rubric's closest point (every text is, when the reading holds no cosines to the
    other points). Only such a text contradicts the point, and only such a sentence earns it the judge's
    lone credit or the similarity prior's partial (a paragraph states several points). The judge reads a
    true sentence on one point as contradicting its neighbours ("fp16 is the natural fit on GPUs with
    Tensor Cores, while int8 wins on CPUs…" against accuracy-gap, 0.85), and a sentence on a neighbouring
    point as half-stating this one."""
    if reading.nearest is None:
        return np.ones(len(reading.texts), dtype=bool)
    about: np.ndarray = reading.similarity >= reading.nearest - margin
    return about


def credit_about_the_point(reading: Reading, t: Thresholds, short_answer: bool) -> np.ndarray:
    """Pure: the judge's expected credit per text (`Reading.judged`), none for a text about another point
    (`about_the_point`) outside a short answer. The judge reads a sentence or a paragraph on a neighbouring
    point as stating this one (a paragraph on ZeRO's memory bill, 0.91 for the stage definitions), so a
    point left out of a longer answer drew *met* from the texts about the points beside it. In a short
    answer (`judge_alone_words`) the answer read whole is about every point it makes, and its texts
    keep their readings: exam answers put two points in one sentence."""
    if short_answer:
        return reading.judged
    credit: np.ndarray = np.where(about_the_point(reading, t.about_margin), reading.judged, 0.0)
    return credit


def _contradiction(
    reading: Reading, support: float, t: Thresholds, against: bool, doubted: bool = False
) -> Decision | None:
    """A text about the point (`about_the_point`) the judge finds contradicting it, with no text it finds
    supporting it (under `partial`; under `met` in an answer read against the rubric). In an answer whose
    points are mostly contradicted on that reading (`doubted`, `answer_readings.rubric_decisions`), a
    text it finds stating the point nowhere (P(met) under `judge_floor` on every text, expected credit
    under `judge_partial`) does not count as support: there its middle readings are of the point's
    subject, not of the point."""
    p = about_the_point(reading, t.about_margin) * reading.probabilities[:, CONTRADICTED]
    contra = int(np.argmax(p))
    p_contra = float(p[contra])
    if p_contra < t.contradicted:
        return None
    stated_nowhere = (
        doubted and float(reading.probabilities[:, MET].max()) < t.judge_floor and support < t.judge_partial
    )
    if support >= (t.met if against else t.partial) and not stated_nowhere:
        return None
    why = f"the judge finds it contradicted ({p_contra:.2f})" + (", as much of the rubric" if against else "")
    return Decision(Verdict.CONTRADICTED, reading.texts[contra], why)


def hybrid_decide(
    prior: Prior,
    spans: EvidenceSpans,
    reading: Reading,
    t: Thresholds,
    against: bool = False,
    short_answer: bool = False,
    recall: float = 1.0,
    doubted: bool = False,
    misread: bool = False,
) -> Decision:
    """Pure: bank rubrics. The similarity prior proposes a verdict; the judge confirms, vetoes or
    overrules it: a span it finds contradicting the point (with nothing it finds supporting it) makes
    the point contradicted; a proposed credit it finds unsupported is cut (negations, key terms in
    nonsense); a point it finds clearly stated is credited however far the wording is from the rubric.
    Alone (the prior found nothing), the judge credits partial only from `judge_partial` expected credit:
    its middle readings are its least reliable ones, and the best of several spans is read, not one; and
    it credits no sentence about another point (`about_the_point`) and no span whose embedding cosine to
    the point is under `judge_alone_cosine` (it reads short answers on the question's topic as stating a
    point they do not: "they are initialized to 0" for
    "objects are initialized by constructors", 0.93). In a short answer (`short_answer`: at most
    `judge_alone_words`, 80, the length up to which the engine also reads an answer whole) it credits
    nothing alone and raises no *partial* the prior proposed to *met* (it still confirms, caps, vetoes and
    contradicts): on exams graded against rubrics written from their questions (C++, networking) what it
    credited there did not follow the human grades, while in interview-length answers it finds the
    paraphrases similarity misses. An interview follow-up counts the words of the question's earlier
    turns (`GradingTarget.earlier_words`): it continues the candidate's answer.
    A *partial* the prior proposes from a sentence about another point (`about_the_point`) is left to
    the judge alone, as if the prior had found nothing. Outside a short answer the judge's credit comes
    only from texts about the point (`credit_about_the_point`).
    A point whose closest span negates it (the prior withdrew) is contradicted unless the judge finds it
    stated somewhere (partly, from `judge_partial`; in an answer read against the rubric, `against`, only
    *met* saves it; read so on two points or more, `misread`, nothing does: `negations_misread`).
    `doubted`: see `_contradiction`. A *met* the prior proposes and the judge does not find stated (under
    `met`) needs `recall` (the point's token recall in the answer) of at least `met_recall`, else it is
    partial: similar words and a key term or two are what half of a point looks like too."""
    judged = credit_about_the_point(reading, t, short_answer)
    best = int(np.argmax(judged))
    support = float(judged[best])
    if (contradiction := _contradiction(reading, support, t, against, doubted)) is not None:
        return contradiction
    if misread and prior.negated:  # the judge reads "X is not Y" as stating "X is Y"
        why = f"states the point's words negated, as much of the rubric (judge {support:.2f})"
        return Decision(Verdict.CONTRADICTED, spans.texts[prior.span], why)
    if (
        prior.verdict is Verdict.PARTIAL
        and not prior.negated
        and _proposed_from_another_point(prior, spans, reading, t)
    ):
        decided = hybrid_decide(
            replace(prior, verdict=Verdict.MISSED), spans, reading, t, against, short_answer, recall
        )
        if decided.verdict is Verdict.MISSED:
            return Decision(
                Verdict.MISSED,
                None,
                f"similar words, but in a sentence about another point (judge {reading.judged.max():.2f})",
            )
        return decided
    if (
        prior.verdict is Verdict.MISSED
        and not prior.negated
        and (alone := _judge_alone_refused(reading, best, t, short_answer, reading.texts[best] in spans.texts))
    ):
        return Decision(Verdict.MISSED, None, alone)
    evidence = spans.texts[prior.span]
    if support >= t.met and short_answer and prior.verdict is Verdict.PARTIAL:
        why = f"similar (strength {prior.strength:.2f}); in a short answer the judge ({support:.2f}) raises no credit"
        return Decision(Verdict.PARTIAL, evidence, why)
    if support >= t.met:
        return Decision(Verdict.MET, reading.texts[best], f"the judge finds it stated ({support:.2f})")
    if prior.verdict is not Verdict.MISSED and support < t.judge_floor:
        if (elsewhere := float(reading.judged.max())) >= t.judge_floor:
            why = f"similar words, but the judge credits it only in texts about other points ({elsewhere:.2f})"
            return Decision(Verdict.MISSED, None, why)
        return Decision(Verdict.MISSED, None, f"similar words, but the judge finds no support ({support:.2f})")
    if prior.verdict is Verdict.MET and support < t.partial:
        return Decision(
            Verdict.PARTIAL, evidence, f"similar, but the judge finds it only partly stated ({support:.2f})"
        )
    if prior.verdict is Verdict.MET and recall < t.met_recall:
        why = (
            f"similar, but the answer expresses only part of the point (token recall {recall:.2f}; judge {support:.2f})"
        )
        return Decision(Verdict.PARTIAL, evidence, why)
    if prior.verdict is not Verdict.MISSED:
        return Decision(prior.verdict, evidence, f"similar (strength {prior.strength:.2f}); judge {support:.2f}")
    if support >= t.judge_partial and not (against and prior.negated):
        return Decision(Verdict.PARTIAL, reading.texts[best], f"the judge finds it partly stated ({support:.2f})")
    if prior.negated:
        found = (
            f"as much of the rubric (judge {support:.2f})" if against else f"the judge finds no support ({support:.2f})"
        )
        return Decision(Verdict.CONTRADICTED, evidence, f"states the point's words negated; {found}")
    return Decision(Verdict.MISSED, None, f"not found in the answer (judge {support:.2f})")


def _proposed_from_another_point(prior: Prior, spans: EvidenceSpans, reading: Reading, t: Thresholds) -> bool:
    """The sentence the similarity prior proposes as evidence is one the judge read, and it is about another
    point of the rubric (`about_the_point`): similar words and a key term are what a sentence on a
    neighbouring point looks like too."""
    proposed = spans.texts[prior.span]
    if proposed not in reading.texts:
        return False
    return not bool(about_the_point(reading, t.about_margin)[reading.texts.index(proposed)])


def negation_about_the_point(prior: Prior, spans: EvidenceSpans, reading: Reading, t: Thresholds) -> Prior:
    """Pure: the negation screen's finding (the point's closest sentence says its words negated: the prior
    withdrew) counts only where that sentence is about the point (`about_the_point`), as a contradiction
    does. A sentence on another point that holds a negation says nothing against this one: an answer
    stating only the hardware fit of fp16 and int8 had its one long sentence ("fp16 ... needs nothing but
    a cast ..., many CPUs have no fast fp16 path at all") read as negating three other points, was read
    against the rubric, and scored 0 where 11-31 is fair.
    Without the finding the prior proposes nothing there, and the judge decides alone."""
    if prior.negated and _proposed_from_another_point(prior, spans, reading, t):
        return replace(prior, negated=False)
    return prior


def _judge_alone_refused(reading: Reading, best: int, t: Thresholds, short_answer: bool, sentence: bool) -> str | None:
    """Why the judge alone (similarity proposed nothing) may not credit this point, or None. A `sentence`
    (or sentence pair) must be about the point (`about_the_point`); a paragraph or the whole answer is
    about several points, and is not asked."""
    if short_answer:
        support = float(reading.judged[best])
        return f"not found: similarity finds nothing, and in a short answer the judge alone credits nothing ({support:.2f})"
    if (cosine := float(reading.similarity[best])) < t.judge_alone_cosine:
        return f"not found: the span the judge credits is unrelated ({cosine:.2f})"
    if sentence and not about_the_point(reading, t.about_margin)[best]:
        return f"not found: the span the judge credits is about another point ({cosine:.2f} to this one)"
    return None

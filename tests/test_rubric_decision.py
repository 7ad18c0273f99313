"""An answer that contradicts most of the rubric sentence by sentence (every claim of a good answer negated,
or a wrong version of each) is judged on its sentences alone, where a contradicting sentence outweighs any
support short of *met*; a good answer, written or spoken, is never read that way."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import yaml

from interviewer.bank.models import Question
from interviewer.grading.answer_readings import (
    AGAINST_RUBRIC_NOTE,
    DOUBTED_NOTE,
    WORDS_NOTE,
    against_rubric,
    misread_negations,
    negations_misread,
    rubric_decisions,
    words_without_meaning,
)
from interviewer.grading.calibration import Thresholds
from interviewer.grading.evidence_spans import EvidenceSpans
from interviewer.grading.grader import Grader
from interviewer.grading.offline import OfflineEngine
from interviewer.grading.readings import Reading
from interviewer.grading.rubric_decision import (
    about_the_point,
    contradicted_unsupported,
    credit_about_the_point,
    hybrid_decide,
    negation_about_the_point,
)
from interviewer.grading.similarity import Prior
from interviewer.grading.target import target_from_question
from interviewer.grading.types import Verdict
from interviewer.judge.train.written_pairs import FOLDER as WRITTEN
from interviewer.judge.train.written_pairs import spoken
from interviewer.store.embeddings import Embedder

BANK = Thresholds(met=0.75, partial=0.25, contradicted=0.85, judge_floor=0.2, judge_partial=0.5, against_rubric=0.5)
CONTRADICTED = (0.05, 0.02, 0.03, 0.9)  # met, partial, missed, contradicted
SUPPORTED = (0.6, 0.3, 0.05, 0.05)
SPANS = EvidenceSpans(
    ("a sentence", "a paragraph"), np.zeros((2, 4), dtype=np.float32), (), ("a sentence", "a paragraph")
)


def reading(*rows: tuple[float, float, float, float]) -> Reading:
    texts = ("a sentence", "a paragraph", "another")[: len(rows)]
    return Reading(texts, np.array(rows, dtype=np.float32), np.zeros(len(rows)))


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([CONTRADICTED], True),
        ([CONTRADICTED, SUPPORTED], False),  # some text supports the point
        ([(0.1, 0.1, 0.1, 0.7)], False),  # the judge is not sure enough of the contradiction
    ],
)
def test_a_point_is_contradicted_and_unsupported_only_with_a_sure_contradiction_and_no_support(rows, expected) -> None:  # type: ignore[no-untyped-def]
    assert contradicted_unsupported(reading(*rows), BANK) is expected


@pytest.mark.parametrize(
    ("contradicted", "screened", "points", "expected"),
    [(3, 0, 6, True), (2, 0, 6, False), (2, 0, 4, True), (0, 0, 0, False), (2, 1, 6, True), (0, 2, 6, False)],
)
def test_an_answer_is_read_against_the_rubric_from_half_its_points_contradicted(  # type: ignore[no-untyped-def]
    contradicted, screened, points, expected
) -> None:
    """A point counts when the judge finds it contradicted and unsupported, or the negation screen finds its
    closest sentence saying its words negated."""
    readings = [reading(CONTRADICTED)] * contradicted + [reading(SUPPORTED)] * (points - contradicted)
    negated = [False] * contradicted + [True] * screened + [False] * (points - contradicted - screened)
    assert against_rubric(readings, negated, BANK) is expected


def test_read_against_the_rubric_a_negated_point_is_contradicted_unless_the_judge_finds_it_stated() -> None:
    negated = Prior(Verdict.MISSED, 0, 1.3, negated=True)
    middle = reading((0.5, 0.3, 0.1, 0.1))  # expected credit 0.65: partial from the judge alone
    sure = reading((0.8, 0.1, 0.1, 0.0))
    assert hybrid_decide(negated, SPANS, middle, BANK).verdict is Verdict.PARTIAL
    assert hybrid_decide(negated, SPANS, middle, BANK, against=True).verdict is Verdict.CONTRADICTED
    assert hybrid_decide(negated, SPANS, sure, BANK, against=True).verdict is Verdict.MET


def test_read_against_the_rubric_on_two_points_a_negated_point_is_contradicted_whatever_the_judge_reads() -> None:
    """The judge reads "X is not Y" as stating "X is Y": where the answer contradicts at least two points
    and half the rubric, its *met* on a negated point is that misreading."""
    negated = Prior(Verdict.MISSED, 0, 1.3, negated=True)
    sure = reading((0.8, 0.1, 0.1, 0.0))
    assert hybrid_decide(negated, SPANS, sure, BANK, against=True, misread=True).verdict is Verdict.CONTRADICTED


@pytest.mark.parametrize(("contradicted", "points", "expected"), [(1, 2, False), (2, 4, True), (2, 6, False)])
def test_negations_are_read_as_misread_from_two_contradicted_points_and_half_the_rubric(
    contradicted: int, points: int, expected: bool
) -> None:
    """One contradicted point of a two-point exam rubric is no pattern ("its not created and initialized
    each time the function is called, and is not destroyed": a correct answer)."""
    readings = [reading(CONTRADICTED)] * contradicted + [reading(SUPPORTED)] * (points - contradicted)
    assert negations_misread(readings, [False] * points, BANK) is expected


@pytest.mark.parametrize(
    ("credited", "claim", "negated"),
    [
        (
            "Stages 1 and 2 don't keep DDP's volume, and they don't use reduce-scatter.",
            "Stages 1-2 keep DDP's volume.",
            True,
        ),
        (
            "A burn-in doesn't add anything; you either launch or you don't.",
            "Offer a burn-in instead of a binary launch.",
            True,
        ),
        (
            "You don't store every activation; you recompute them.",
            "Recompute activations instead of storing them.",
            False,
        ),
        ("Stage 3 does not fit, so it is not the default.", "Not by default: stage 3 when weights do not fit.", False),
    ],
    ids=["negated-twice", "claim-with-instead-of", "one-negation", "as-many-as-the-claim"],
)
def test_read_against_the_rubric_a_credited_text_negating_more_than_the_point_negates_it(
    credited: str, claim: str, negated: bool
) -> None:
    """The negation screen reads the point's closest sentence and skips claims holding any negation; in an
    answer read against the rubric the text the judge credits is read too, by count of negations."""
    readings = [Reading((credited,), np.array([(0.85, 0.05, 0.05, 0.05)], dtype=np.float32), np.zeros(1))]
    (prior,) = misread_negations([Prior(Verdict.MET, 0, 2.0)], readings, [claim])
    assert prior.negated is negated


WRONG_BUT_NEAR = (0.1, 0.6, 0.2, 0.1)  # a wrong statement on the point's subject: P(met) 0.1, expected credit 0.4


def doubted_answer(points: int, doubted: int) -> tuple[list[Prior], list[Reading]]:
    """Each doubted point: similarity proposes it partial, and the judge reads one text contradicting it
    and another as half-stating its subject; the other points are stated."""
    readings = [reading(CONTRADICTED, WRONG_BUT_NEAR)] * doubted + [reading(SUPPORTED)] * (points - doubted)
    return [Prior(Verdict.PARTIAL, 0, 1.0)] * points, readings


@pytest.mark.parametrize(("doubted", "contradicted"), [(3, 3), (2, 0)], ids=["half-the-points", "a-third"])
def test_an_answer_contradicting_most_points_where_it_states_none_of_them_is_contradicted_on_each(
    doubted: int, contradicted: int
) -> None:
    """A confident wrong answer in the rubric's vocabulary: middling readings (P(met) under `judge_floor`)
    kept every point from its contradiction. When that holds for at least half the points, they count as no
    support; on fewer (a good answer with a point or two misread) the readings stand."""
    priors, readings = doubted_answer(6, doubted)
    decisions, notes = rubric_decisions(priors, SPANS, readings, BANK, False, False, [1.0] * 6, [None] * 6)
    assert sum(d.verdict is Verdict.CONTRADICTED for d in decisions) == contradicted
    assert (DOUBTED_NOTE in notes) is (contradicted > 0)
    assert all(d.verdict is Verdict.MET for d in decisions[doubted:])  # the stated points keep their credit


@pytest.mark.parametrize(
    ("proposed", "rejected", "expected"),
    [
        ([True] * 6, [True] * 3 + [False] * 3, True),
        ([True] * 6, [True] * 2 + [False] * 4, False),
        ([True] * 3 + [False] * 3, [True] * 2 + [False] * 4, False),  # two of three proposals, a third of the rubric
        ([True, True, False], [True, True, False], True),
        ([True, False], [True, False], False),  # one rejection is no pattern
    ],
)
def test_the_rubrics_words_without_its_meaning_is_half_the_rubric_rejected(
    proposed: list[bool], rejected: list[bool], expected: bool
) -> None:
    assert words_without_meaning(proposed, rejected, 0.5) is expected


def test_where_the_judge_rejects_most_of_what_similar_words_propose_the_rest_needs_its_partial_reading() -> None:
    """Key terms woven into nonsense: the judge finds no support for four of six proposed points; the two
    similarity would still credit on its strength (judge 0.4) are set aside, a point it reads 0.6 stays."""
    vetoed = reading((0.05, 0.05, 0.85, 0.05))
    doubtful = reading((0.3, 0.2, 0.45, 0.05))  # expected credit 0.4
    read = reading((0.5, 0.2, 0.25, 0.05))  # expected credit 0.6
    priors = [Prior(Verdict.MET, 0, 2.0)] * 6
    decisions, notes = rubric_decisions(
        priors, SPANS, [vetoed] * 4 + [doubtful, read], BANK, False, False, [1.0] * 6, [None] * 6
    )
    assert [d.verdict for d in decisions] == [Verdict.MISSED] * 5 + [Verdict.MET]
    assert notes == [WORDS_NOTE]
    alone, none = rubric_decisions(priors[:2], SPANS, [vetoed, doubtful], BANK, False, False, [1.0] * 2, [None] * 2)
    assert [d.verdict for d in alone] == [Verdict.MISSED, Verdict.MET] and none == []  # one rejection: no pattern


def test_read_against_the_rubric_a_contradicting_sentence_outweighs_partial_support() -> None:
    half_supported = reading(CONTRADICTED, (0.3, 0.4, 0.2, 0.1))  # best expected credit 0.5: not met
    prior = Prior(Verdict.MET, 0, 2.0)
    assert hybrid_decide(prior, SPANS, half_supported, BANK).verdict is Verdict.MET  # the prior's, as before
    decision = hybrid_decide(prior, SPANS, half_supported, BANK, against=True)
    assert (decision.verdict, decision.evidence) == (Verdict.CONTRADICTED, "a sentence")
    stated = reading(CONTRADICTED, (0.85, 0.1, 0.05, 0.0))
    assert hybrid_decide(prior, SPANS, stated, BANK, against=True).verdict is Verdict.MET


def test_a_reading_restricted_to_the_sentences_keeps_their_rows() -> None:
    full = reading(CONTRADICTED, SUPPORTED, (0.0, 0.0, 1.0, 0.0))
    only = full.only(("a sentence", "another"))
    assert only.texts == ("a sentence", "another")
    assert np.array_equal(only.probabilities, full.probabilities[[0, 2]])
    assert full.only(("elsewhere",)) is full  # nothing to restrict to: the reading as it was


@pytest.mark.parametrize(
    ("nearest", "expected"),
    [(None, True), (0.3, True), (0.35, True), (0.45, False), (0.9, False)],
    ids=["no-cosines-to-other-points", "closest-to-this-point", "within-margin", "beyond-margin", "about-another"],
)
def test_a_text_contradicts_only_a_point_it_is_about(nearest: float | None, expected: bool) -> None:
    """The text's cosine to this point is 0.3; `nearest` is its cosine to the rubric's closest point."""
    row = np.array([CONTRADICTED], dtype=np.float32)
    closest = None if nearest is None else np.array([nearest])
    contradicting = Reading(("a sentence",), row, np.array([0.3]), closest)
    assert bool(about_the_point(contradicting, BANK.about_margin)[0]) is expected
    assert contradicted_unsupported(contradicting, BANK) is expected


def test_a_reading_restricted_to_the_sentences_keeps_their_cosines_to_other_points() -> None:
    full = Reading(
        ("a", "b", "c"), np.array([CONTRADICTED] * 3, dtype=np.float32), np.zeros(3), np.array([0.1, 0.2, 0.3])
    )
    assert np.array_equal(full.only(("a", "c")).nearest, np.array([0.1, 0.3]))


@pytest.mark.parametrize(
    ("question_id", "point_id"),
    [
        ("bf16-vs-fp16-loss-scaling", "hardware-support"),
        ("pipeline-bubble-microbatch-schedules", "bubble-formula"),
        ("pipeline-bubble-microbatch-schedules", "more-microbatches-cost"),
    ],
)
def test_a_true_sentence_on_one_point_contradicts_none_of_its_neighbours(
    embedder: Embedder, bank_questions: dict[str, Question], question_id: str, point_id: str
) -> None:
    """Real judge, questions it never trained on: one point's hand-written plain paraphrase as the whole
    answer. Each of these was read as contradicting a neighbouring point (P >= 0.85) before a
    contradiction had to come from a text about the point (`about_the_point`)."""
    question = bank_questions[question_id]
    written = yaml.safe_load((WRITTEN / f"{question.id}.yaml").read_text(encoding="utf-8"))["points"]
    grade = Grader(OfflineEngine(embedder), embedder).grade(
        target_from_question(question), written[point_id]["paraphrases"][0]
    )
    contradicted = [j.point_id for j in grade.judgments if j.verdict is Verdict.CONTRADICTED]
    assert contradicted == [], contradicted


NEGATED = """fp16 is not close to lossless for inference: casting fp32 weights to fp16 loses a lot of accuracy, \
and overflow is never a concern because fp16 has a huge range. int8 does not need calibration data, and per-channel \
scales do not matter; outliers in activations are not a problem, so SmoothQuant and mixed precision are unnecessary.

int8 does not save memory or bandwidth compared with fp16, and its kernels are not faster on any hardware. Tensor \
Cores do not support fp16 well, so fp16 is not the default on GPUs, and CPUs with VNNI or AMX do not run int8 faster.

You do not need to validate either format against an fp32 baseline on held-out data, and latency does not have to \
be measured at the real batch size: the speed-up on paper is what you get."""


def test_every_claim_negated_in_paragraphs_is_read_against_the_rubric(
    embedder: Embedder, bank_questions: dict[str, Question]
) -> None:
    """Real judge: the sentences contradict point after point, so the answer is read against the rubric."""
    grade = Grader(OfflineEngine(embedder), embedder).grade(
        target_from_question(bank_questions["fp16-vs-int8-inference"]), NEGATED
    )
    assert AGAINST_RUBRIC_NOTE in grade.notes
    assert grade.score is not None and grade.score <= 15
    assert sum(j.verdict is Verdict.CONTRADICTED for j in grade.judgments) >= len(grade.judgments) / 2


@pytest.mark.parametrize("as_spoken", [False, True], ids=["written", "spoken"])
def test_a_good_answer_written_or_spoken_is_not_read_against_the_rubric(
    embedder: Embedder, bank_questions: dict[str, Question], as_spoken: bool
) -> None:
    question = bank_questions["fp16-vs-int8-inference"]
    answer = spoken(question.reference_answer) if as_spoken else question.reference_answer
    grade = Grader(OfflineEngine(embedder), embedder).grade(target_from_question(question), answer)
    assert AGAINST_RUBRIC_NOTE not in grade.notes
    assert grade.score is not None and grade.score >= 70


def test_a_confidently_wrong_answer_earns_nothing_for_its_vocabulary(
    embedder: Embedder, bank_questions: dict[str, Question]
) -> None:
    """Real judge, a question it never trained on: a wrong statement for each point, in the point's own
    vocabulary (the hand-written dev texts). Similarity proposed four points as met and the judge's middle
    readings let them stand (50.0); read against the rubric, its sentences contradict them."""
    question = bank_questions["activation-checkpointing-trade-off"]
    written = yaml.safe_load((WRITTEN / f"{question.id}.yaml").read_text(encoding="utf-8"))
    answer = " ".join(written["points"][p.id]["wrong"][0] for p in question.rubric)
    grade = Grader(OfflineEngine(embedder), embedder).grade(target_from_question(question), answer)
    assert AGAINST_RUBRIC_NOTE in grade.notes
    assert grade.score is not None and grade.score <= 15


@pytest.mark.parametrize(("cosine", "expected"), [(0.1, Verdict.MISSED), (0.24, Verdict.MISSED), (0.4, Verdict.MET)])
def test_the_judge_alone_credits_no_span_unrelated_to_the_point(cosine: float, expected: Verdict) -> None:
    """Short answers on the question's topic read as stating a point they do not ("they are initialized to
    0" for "objects are initialized by constructors": 0.93); where similarity found nothing, a span less
    similar to the point than most sentences about other questions earns nothing from the judge alone."""
    nothing = Prior(Verdict.MISSED, 0, 0.2)
    sure = Reading(("a sentence",), np.array([(0.9, 0.05, 0.05, 0.0)], dtype=np.float32), np.array([cosine]))
    assert hybrid_decide(nothing, SPANS, sure, BANK).verdict is expected
    proposed = Prior(Verdict.PARTIAL, 0, 0.8)  # similarity proposed it: the judge confirms as before
    assert hybrid_decide(proposed, SPANS, sure, BANK).verdict is Verdict.MET


@pytest.mark.parametrize(
    ("nearest", "expected"), [(0.4, Verdict.PARTIAL), (0.45, Verdict.PARTIAL), (0.6, Verdict.MISSED)]
)
def test_the_judge_alone_credits_no_span_about_another_point(nearest: float, expected: Verdict) -> None:
    """Where similarity found nothing, a span whose cosine to this point (0.4) is more than `about_margin`
    under its cosine to another point of the rubric (`nearest`) earns this point nothing from the judge
    alone: the judge reads a sentence on a neighbouring point as half-stating this one."""
    nothing = Prior(Verdict.MISSED, 0, 0.2)
    half = np.array([(0.4, 0.4, 0.2, 0.0)], dtype=np.float32)  # expected credit 0.6: partial from the judge alone
    decision = hybrid_decide(nothing, SPANS, Reading(("a sentence",), half, np.array([0.4]), np.array([nearest])), BANK)
    assert decision.verdict is expected, decision.why


@pytest.mark.parametrize("text", ["a sentence", "two paragraphs"])
def test_outside_a_short_answer_the_judge_credits_a_point_only_from_a_text_about_it(text: str) -> None:
    """The judge reads a sentence or a paragraph on a neighbouring point as stating this one (a paragraph on
    ZeRO's memory bill, 0.89 for the stage definitions): outside a short answer a text whose cosine to
    this point (0.4) is more than `about_margin` under its cosine to another point earns it nothing, even
    where similarity proposed the point as met; in a short answer its reading stands."""
    sure = np.array([(0.9, 0.0, 0.1, 0.0)], dtype=np.float32)
    about_another = Reading((text,), sure, np.array([0.4]), np.array([0.9]))
    proposed = Prior(Verdict.MET, 0, 1.5)
    decision = hybrid_decide(proposed, SPANS, about_another, BANK)
    assert decision.verdict is Verdict.MISSED and "about other points (0.90)" in decision.why
    assert hybrid_decide(proposed, SPANS, about_another, BANK, short_answer=True).verdict is Verdict.MET
    about_it = Reading((text,), sure, np.array([0.85]), np.array([0.9]))
    assert hybrid_decide(proposed, SPANS, about_it, BANK).verdict is Verdict.MET
    assert list(credit_about_the_point(about_another, BANK, short_answer=False)) == [0.0]


@pytest.mark.parametrize(("nearest", "expected"), [(0.4, Verdict.PARTIAL), (0.6, Verdict.MISSED)])
def test_a_partial_similarity_proposes_from_a_sentence_about_another_point_is_left_to_the_judge(
    nearest: float, expected: Verdict
) -> None:
    """Similar words and a key term are what a sentence on a neighbouring point looks like too: the prior's
    *partial* from a sentence whose cosine to this point (0.4) is more than `about_margin` under its
    cosine to another point (`nearest`) stands only where the judge alone would credit it."""
    proposed = Prior(Verdict.PARTIAL, 0, 0.8)  # SPANS.texts[0] == "a sentence"
    unsure = np.array([(0.2, 0.3, 0.5, 0.0)], dtype=np.float32)  # expected credit 0.35: not enough alone
    decision = hybrid_decide(
        proposed, SPANS, Reading(("a sentence",), unsure, np.array([0.4]), np.array([nearest])), BANK
    )
    assert decision.verdict is expected, decision.why
    half = np.array([(0.4, 0.4, 0.2, 0.0)], dtype=np.float32)  # expected credit 0.6: partial from the judge alone
    elsewhere = Reading(
        ("a sentence", "another"), np.vstack([unsure, half]), np.array([0.4, 0.5]), np.array([0.6, 0.5])
    )
    assert hybrid_decide(proposed, SPANS, elsewhere, BANK).verdict is Verdict.PARTIAL


@pytest.mark.parametrize(("nearest", "negated"), [(0.45, True), (0.6, False)])
def test_the_negation_screen_reads_only_a_sentence_about_the_point(nearest: float, negated: bool) -> None:
    """The prior's closest sentence says the point's words negated: that counts only where the sentence is
    about the point (its cosine 0.4 within `about_margin` of its cosine to the rubric's closest point); a
    negation in a sentence on another point leaves the point to the judge alone."""
    withdrawn = Prior(Verdict.MISSED, 0, 0.8, negated=True)  # SPANS.texts[0] == "a sentence"
    unsure = np.array([(0.2, 0.3, 0.5, 0.0)], dtype=np.float32)
    read = Reading(("a sentence",), unsure, np.array([0.4]), np.array([nearest]))
    assert negation_about_the_point(withdrawn, SPANS, read, BANK).negated is negated
    plain = Prior(Verdict.PARTIAL, 0, 0.8)
    assert negation_about_the_point(plain, SPANS, read, BANK) == plain


def test_a_short_paraphrase_earns_the_judges_credit_only_as_part_of_a_longer_answer(
    embedder: Embedder, bank_questions: dict[str, Question]
) -> None:
    """Real judge, a question it never trained on: a jargon-free paraphrase of one point (49 words) that
    similarity misses. Alone it is a short answer, where the judge's lone credit is refused; as an
    interview follow-up after a 120-word first answer it is credited."""
    question = bank_questions["zero-sharding-stages"]
    written = yaml.safe_load((WRITTEN / f"{question.id}.yaml").read_text(encoding="utf-8"))
    paraphrase = written["points"]["memory-breakdown"]["paraphrases"][1]
    grader = Grader(OfflineEngine(embedder), embedder)
    target = target_from_question(question)
    alone = grader.grade(target, paraphrase).verdicts()["memory-breakdown"]
    continued = grader.grade(dataclasses.replace(target, earlier_words=120), paraphrase).verdicts()["memory-breakdown"]
    assert (alone, continued) == (Verdict.MISSED, Verdict.MET)


@pytest.mark.parametrize(("short", "expected"), [(False, Verdict.MET), (True, Verdict.MISSED)])
def test_in_a_short_answer_the_judge_alone_credits_nothing(short: bool, expected: Verdict) -> None:
    """Exam answers of a sentence or two, graded against rubrics written from the question alone: the points
    the judge credited where similarity found nothing did not follow the human grades (C++, networking).
    What similarity proposed, the judge still confirms (without raising it: the test below) or vetoes, and a
    sure contradiction still counts."""
    nothing = Prior(Verdict.MISSED, 0, 0.2)
    sure = Reading(("a sentence",), np.array([(0.9, 0.05, 0.05, 0.0)], dtype=np.float32), np.array([0.6]))
    assert hybrid_decide(nothing, SPANS, sure, BANK, short_answer=short).verdict is expected
    proposed = Prior(Verdict.PARTIAL, 0, 0.8)
    assert hybrid_decide(proposed, SPANS, sure, BANK, short_answer=True).verdict is Verdict.PARTIAL
    contradicting = Reading(("a sentence",), np.array([CONTRADICTED], dtype=np.float32), np.array([0.6]))
    assert hybrid_decide(nothing, SPANS, contradicting, BANK, short_answer=True).verdict is Verdict.CONTRADICTED


@pytest.mark.parametrize(("short", "expected"), [(False, Verdict.MET), (True, Verdict.PARTIAL)])
def test_in_a_short_answer_the_judge_raises_no_partial_similarity_proposed(short: bool, expected: Verdict) -> None:
    """On exams graded against rubrics written from their questions, the judge's *met* on a short answer
    did not follow the human grades: there a *partial* similarity proposes stays partial, with its own
    evidence, however sure the judge is; in a longer answer the judge raises it."""
    proposed = Prior(Verdict.PARTIAL, 0, 0.8)
    sure = Reading(("a paragraph",), np.array([(0.9, 0.05, 0.05, 0.0)], dtype=np.float32), np.array([0.6]))
    decision = hybrid_decide(proposed, SPANS, sure, BANK, short_answer=short)
    assert decision.verdict is expected, decision.why
    assert decision.evidence == ("a sentence" if short else "a paragraph")
    met = hybrid_decide(Prior(Verdict.MET, 0, 1.5), SPANS, sure, BANK, short_answer=short)
    assert met.verdict is Verdict.MET  # a met similarity proposes the judge still confirms


def test_a_proposed_met_the_judge_does_not_find_stated_needs_the_points_token_recall() -> None:
    """Half a point in the rubric's words looks similar enough for the prior to propose met; the judge
    reads it as half stated and the answer expresses only part of the point's word pieces: partial."""
    proposed = Prior(Verdict.MET, 0, 1.2)
    half = reading((0.1, 0.8, 0.1, 0.0))  # expected credit 0.5: under met, over the veto
    t = dataclasses.replace(BANK, met_recall=0.6)
    capped = hybrid_decide(proposed, SPANS, half, t, recall=0.4)
    assert capped.verdict is Verdict.PARTIAL and capped.evidence == "a sentence" and "token recall 0.40" in capped.why
    assert hybrid_decide(proposed, SPANS, half, t, recall=0.7).verdict is Verdict.MET
    assert hybrid_decide(proposed, SPANS, half, BANK, recall=0.4).verdict is Verdict.MET  # no check at 0
    stated = reading((0.9, 0.1, 0.0, 0.0))  # the judge finds it stated: the wording does not matter
    assert hybrid_decide(proposed, SPANS, stated, t, recall=0.2).verdict is Verdict.MET


def test_half_claims_in_the_rubrics_words_are_partial_and_paraphrases_stay_met(
    bank_questions: dict[str, Question], embedder: Embedder
) -> None:
    """The hand-written half-claims and plain paraphrases of a question the judge never trained on, each
    point's text graded against that point as the follow-up of an interview-length answer; as a short
    answer of its own (exam-length: the check is not made) two half-claims stay met."""
    question = bank_questions["zero-sharding-stages"]
    written = yaml.safe_load((WRITTEN / f"{question.id}.yaml").read_text(encoding="utf-8"))["points"]
    grader = Grader(OfflineEngine(embedder), embedder)
    verdicts: dict[str, list[Verdict]] = {"partial": [], "paraphrases": [], "short": []}
    for point in question.rubric:
        target = dataclasses.replace(target_from_question(question), points=(point,))
        follow_up = dataclasses.replace(target, earlier_words=150)
        for kind in ("partial", "paraphrases"):
            verdicts[kind].append(grader.grade(follow_up, written[point.id][kind][0]).judgments[0].verdict)
        verdicts["short"].append(grader.grade(target, written[point.id]["partial"][0]).judgments[0].verdict)
    assert Verdict.MET not in verdicts["partial"], verdicts["partial"]
    assert set(verdicts["paraphrases"]) == {Verdict.MET}, verdicts["paraphrases"]
    assert verdicts["short"].count(Verdict.MET) == 2, verdicts["short"]


def test_read_against_the_rubric_a_met_from_similar_words_needs_the_judges_met() -> None:
    """A negated answer leaves a point or two its words still carry (similarity proposes met, the judge reads
    0.6): with at least two points contradicted, that met is partial; one the judge finds stated stays met.
    One contradicted point of a two-point exam rubric is no pattern (a correct answer with a misread point)."""
    half_read = reading((0.5, 0.2, 0.25, 0.05))  # expected credit 0.6: under met
    stated = reading((0.85, 0.1, 0.05, 0.0))
    priors = [Prior(Verdict.MET, 0, 2.0)] * 4
    readings = [reading(CONTRADICTED)] * 2 + [half_read, stated]
    decisions, _ = rubric_decisions(priors, SPANS, readings, BANK, True, False, [1.0] * 4, [None] * 4)
    assert [d.verdict for d in decisions] == [Verdict.CONTRADICTED] * 2 + [Verdict.PARTIAL, Verdict.MET]
    assert "against the rubric" in decisions[2].why
    exam, _ = rubric_decisions(
        priors[:2], SPANS, [reading(CONTRADICTED), half_read], BANK, True, False, [1.0] * 2, [None] * 2
    )
    assert [d.verdict for d in exam] == [Verdict.CONTRADICTED, Verdict.MET]

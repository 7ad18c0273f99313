"""The offline engine: a trained judge (a MiniLM cross-encoder on onnxruntime) reads each rubric point
against the answer's most related spans and says met / partial / missed / contradicted.

The answer's sentences (and adjacent pairs, and the whole answer when it is short) are candidates;
embedding similarity picks the top-k per point (a prefilter, not a verdict); the judge scores those
(point, span) pairs; the span with the highest expected credit is the evidence. It charges no red flag
(`OfflineEngine`). One span is evidence for several points only where the judge finds each stated in
it. In both modes a point that a text read for it restates with its sense reversed, a negation put in or
a word swapped for its opposite (`mirrors`), is contradicted whatever the judge reads, and one offered
beside its opposite as an alternative is missed. Screens kept from the old engine: spans that echo the
question or instruct the grader are never evidence (nor are sentences the candidate took back), and
a bare list of terms earns nothing against a bank rubric (against a drafted reference, short telegraphic
answers are often right: the judge reads them); against a bank rubric a span that negates a point's
words (`cues.negates_claim`) is not similarity's to credit. Bank rubrics: the similarity prior
proposes, the judge decides (`rubric_decision`); an answer that contradicts half the rubric or more
sentence by sentence is judged on its sentences alone (`answer_readings`).
Reference-only grading: a fitted combiner of cosine, coverage, token recall and the judge times the token
recall (`reference_decision.decide`), read by the reference judge (the one trained with the red-flag
texts: it reads whether a text says what the reference says, and agrees better with people there).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict

import numpy as np

from interviewer.grading.answer_readings import (
    AGAINST_RUBRIC_NOTE,
    against_rubric,
    misread_negations,
    negations_misread,
    rubric_decisions,
)
from interviewer.grading.calibration import Thresholds
from interviewer.grading.claim_reading import read_claims
from interviewer.grading.cues import function_word_ratio
from interviewer.grading.engine import Judged
from interviewer.grading.evidence_spans import EvidenceSpans, evidence_spans
from interviewer.grading.mirror_rulings import hedged_by, reversed_by
from interviewer.grading.readings import Decision, Reading, StatementRead, strongest
from interviewer.grading.reference_credit import (
    FEATURES,
    claim_coverage,
    states_word_for_word,
)
from interviewer.grading.reference_decision import decide
from interviewer.grading.rubric_decision import negation_about_the_point
from interviewer.grading.shared_evidence import check_shared_evidence, judged_credit
from interviewer.grading.similarity import Prior, StrengthWeights, point_prior
from interviewer.grading.target import GradingTarget
from interviewer.grading.token_recall import CHUNK_WORDS, TokenRecallReader, token_reader_for
from interviewer.grading.types import PointJudgment, Verdict
from interviewer.judge.model import (
    JUDGING,
    REFERENCE_CARD,
    Judge,
    JudgeCard,
    shipped_judge,
    shipped_reference_judge,
)
from interviewer.store.embeddings import Embedder

READING = (  # in the version
    "top-k sentences and sentence pairs, the closest paragraph, a short answer whole; "
    "fillers out, self-repairs applied, spoken number formats written; sentences the candidate takes back out; "
    "no red flags; "
    "a point offered beside its opposite is missed; "
    "a point restated with a negation put in or a word swapped for its opposite is contradicted; "
    "the negation screen reads only a sentence about the point; "
    "an abbreviation's period ends no sentence; "
    "a text contradicts, and a sentence earns the judge's lone credit or the similarity prior's partial for, "
    "only a point it is about; "
    "outside a short answer the judge credits a point only from a text about it; "
    "in a short answer the judge raises no partial the similarity prior proposed; "
    "a short span may be met; "
    "a claim holding any negation is not screened as negated; "
    "a word of absence or error (missing, absent, incorrect, wrong) is a negation in a claim; "
    "opposites 46 pairs (positive/negative, same/different, connected/disconnected, ...), and a negated "
    "opposite standing for the point's word restates it; "
    "key terms found singular or plural, and misspelt one letter off outside the vocabulary; "
    "the judge reads the similarity prior's evidence for each point; "
    "the term-list screen reads an answer of one line only; "
    "outside a short answer a fragment (a heading, a line's scrap) is not read for a point; "
    "read against the rubric on two points or more, a point is negated where its credited text negates more "
    "than it does, and nothing saves a negated point; "
    "read against the rubric with two points or more contradicted, a met needs the judge's met; "
    "an answer contradicting most points where the judge finds them stated nowhere is read so on every point; "
    "where the judge rejects most of the points similar words propose, the rest need its partial reading; "
    "reference-only: a contradiction of a text or a claim of several clauses is read clause against clause; "
    "reference-only: a point's words negated contradict it only in a span restating its words; "
    "reference-only: a question's setting restated is graded, its ask restated is the question repeated"
)


class OfflineEngine:
    """Bank rubrics and reference-only grading with the trained judge. It charges no red flag: its judge
    cannot tell a misconception stated from the same misconception corrected. On hand-written texts for
    the 26 red flags of the 12 bank questions it never trained on (`benchmarks/red_flags.py`) it charged a
    flag for 4 of 104 texts stating it and 5 of 78 rejecting it (sentences and sentence pairs, P(met) of
    the misconception >= 0.7); reading paragraphs too, as it did until 2026-12-04, 26 of 104 and 21 of 78,
    and a flag in 11 of 26 correct answers. On the eval, 29 of the 32 flags it charged on sentences and
    pairs were in answers that state no misconception. The llm engine judges red flags."""

    name = "offline"
    token_budget = None  # the whole answer is graded, however long
    english_only = True  # answers in other languages are unscored, with that reason

    def __init__(
        self,
        embedder: Embedder,
        judge: Judge | None = None,
        thresholds: Thresholds | None = None,
        reference_thresholds: Thresholds | None = None,
        reference_judge: Judge | None = None,
    ) -> None:
        """`judge` reads bank rubrics, `reference_judge` drafted points (reference-only grading); a
        `judge` given alone reads both."""
        self.embedder = embedder
        self.token_reader: TokenRecallReader | None = None  # loaded when reference-only grading first runs
        self.cross_encoder = judge or shipped_judge()
        self._reference_judge = reference_judge or judge  # None: the shipped one, loaded on first use
        card = self.cross_encoder.card
        reference_card = self._reference_judge.card if self._reference_judge else JudgeCard.read(REFERENCE_CARD)
        self.thresholds = thresholds or Thresholds().updated(card.thresholds)
        self.reference_thresholds = reference_thresholds or Thresholds().updated(reference_card.reference_thresholds)
        self.combiner = reference_card.reference_combiner
        self._reference_card = reference_card
        self.weights = StrengthWeights()
        self.model = (
            card.version if card.version == reference_card.version else f"{card.version}+{reference_card.version}"
        )

    @property
    def reference_judge(self) -> Judge:
        """The judge for drafted points; the shipped one is loaded only when reference-only grading runs."""
        return self._reference_judge or shipped_reference_judge()

    @property
    def version(self) -> str:
        """What its grades depend on: the judges' files, the embedder, and every cut-off and weight."""
        return f"{self.model}:{self.embedder.name}:cuts-{self._cuts_digest()}"

    def _cuts_digest(self) -> str:
        cuts = {
            "judging": JUDGING,
            "reading": READING,
            "bank": asdict(self.thresholds),
            "reference": asdict(self.reference_thresholds),
            "combiner": asdict(self.combiner),
            "combiner_features": FEATURES,
            "token_recall_chunk_words": CHUNK_WORDS,
            "max_length": [self.cross_encoder.card.max_length, self._reference_card.max_length],
        }
        return hashlib.sha256(json.dumps(cuts, sort_keys=True).encode()).hexdigest()[:8]

    def judge(self, target: GradingTarget, answer: str) -> Judged:
        spans = evidence_spans(answer, target.asked(), self.embedder, target.written_key_terms())
        if not spans.texts or (not target.drafted and self._is_keyword_list(spans, answer)):
            why = (
                "key terms listed without explanation: no credit for bare terms" if spans.texts else "no gradable text"
            )
            return Judged([_missed(p.id, why) for p in target.points], [], [*spans.notes, why])
        notes = list(spans.notes)
        if target.drafted:
            judgments = [
                self._reference_decision(read.reading, read.statement, spans.stood_by(answer), read.recall).judgment(
                    p.id
                )
                for read, p in zip(self.read_statements(target, spans, answer), target.points, strict=True)
            ]
        else:
            priors = [point_prior(p, spans, self.embedder, self.weights) for p in target.points]
            claims = [p.claim for p in target.points]
            points = self.read_claims(claims, spans, answer, also=[prior.span for prior in priors])
            short = target.answer_words(answer) <= self.thresholds.judge_alone_words
            judgments, read_whole = self._bank_judgments(target, spans, points, priors, short)
            notes += read_whole
        return Judged(judgments, [], notes)  # no red flags (class docstring)

    def read_statements(self, target: GradingTarget, spans: EvidenceSpans, answer: str) -> list[StatementRead]:
        """Reference-only grading: per point, its statement the answer states most (the claim, or one of
        its alternatives: `GradingTarget.statements`), with the judge's reading and the token recall (in
        what the candidate stood by: `EvidenceSpans.stood_by`)."""
        groups = target.statements()
        flat = [statement for group in groups for statement in group]
        readings = self.read_claims(flat, spans, answer, reference=True)
        recalls = self.token_recalls(flat, spans.stood_by(answer), target.question_text)
        reads = [StatementRead(s, r, recall) for s, r, recall in zip(flat, readings, recalls, strict=True)]
        bounds = np.cumsum([0] + [len(group) for group in groups])
        return [strongest(reads[bounds[n] : bounds[n + 1]]) for n in range(len(groups))]

    def _bank_judgments(
        self, target: GradingTarget, spans: EvidenceSpans, readings: list[Reading], priors: list[Prior], short: bool
    ) -> tuple[list[PointJudgment], list[str]]:
        """Each point's verdict (a sentence offered for several points keeps each only where the judge finds
        each in it; in a `short` answer the judge alone credits nothing; a point restated with its sense
        reversed is contradicted, `reversed_by`, and one offered beside its opposite missed, `hedged_by`; in
        a longer answer a met the prior proposes needs the point's token recall, `met_recall`: exam-length
        answers put points in their own few words, and against rubrics written from Mohler's question texts
        the check cost 0.426 -> 0.394), and a note for each reading of the answer as a whole that was made:
        against the rubric (`answer_readings`; reversed points count as negated there, and so do points
        whose credited text negates more than they do, `misread_negations`), and the two of
        `rubric_decisions`. Outside a short answer the judge's
        readings of fragments are set aside (`Reading.claims_only`): a heading that names a point states
        none of it, while in an exam answer a phrase can be the whole answer."""
        if not short:  # a heading or a line's scrap states no point: the judge read "Fourth, telemetry." as met
            readings = [r.claims_only() for r in readings]
        sentence_readings = [r.only(spans.texts) for r in readings]
        priors = [negation_about_the_point(p, spans, r, self.thresholds) for p, r in zip(priors, readings, strict=True)]
        reversals = [reversed_by(r, p.claim) for r, p in zip(readings, target.points, strict=True)]
        hedges = [hedged_by(r, p.claim) for r, p in zip(readings, target.points, strict=True)]
        negated = [prior.negated or reversal is not None for prior, reversal in zip(priors, reversals, strict=True)]
        against = against_rubric(sentence_readings, negated, self.thresholds)
        read = sentence_readings if against else readings
        misread = negations_misread(sentence_readings, negated, self.thresholds)
        if misread:
            priors = misread_negations(priors, read, [p.claim for p in target.points])
        recalls = [1.0] * len(priors) if short else self._met_recalls(target, spans, priors, read)
        ruled = [reversal or hedge for reversal, hedge in zip(reversals, hedges, strict=True)]
        decisions, notes = rubric_decisions(
            priors, spans, read, self.thresholds, against, short, recalls, ruled, misread
        )
        judgments = [d.judgment(p.id) for d, p in zip(decisions, target.points, strict=True)]
        credits = [judged_credit(r.texts, r.judged, j.evidence or "") for j, r in zip(judgments, read, strict=True)]
        read_whole = [AGAINST_RUBRIC_NOTE] if against else []
        return check_shared_evidence(judgments, credits, self.thresholds.partial), read_whole + notes

    def _met_recalls(
        self, target: GradingTarget, spans: EvidenceSpans, priors: list[Prior], readings: list[Reading]
    ) -> list[float]:
        """Each point's token recall in the answer's evidence sentences, where `hybrid_decide` asks for it
        (a met the prior proposes that the judge reads under `met`); 1.0 elsewhere, nothing computed. Not
        asked in a short answer (see `_bank_judgments`)."""
        asks = [
            i
            for i, (prior, reading) in enumerate(zip(priors, readings, strict=True))
            if self.thresholds.met_recall > 0
            and prior.verdict is Verdict.MET
            and float(reading.judged.max()) < self.thresholds.met
        ]
        recalls = [1.0] * len(priors)
        if asks:
            claims = [target.points[i].claim for i in asks]
            found = self.token_recalls(claims, " ".join(spans.sentence_texts()), target.question_text)
            for i, recall in zip(asks, found, strict=True):
                recalls[i] = recall
        return recalls

    def token_recalls(self, claims: list[str], answer: str, question: str) -> list[float]:
        """Each claim's token recall in the answer, past what the question already says (`token_recall`)."""
        if self.token_reader is None:
            self.token_reader = token_reader_for(self.embedder)
        return self.token_reader.recalls(claims, answer, question)

    def _reference_decision(self, reading: Reading, claim: str, answer: str, recall: float) -> Decision:
        coverage = claim_coverage(claim, answer)
        verbatim = states_word_for_word(claim, answer)
        return decide(reading, claim, (coverage, recall), self.combiner, self.reference_thresholds, verbatim)

    def _is_keyword_list(self, spans: EvidenceSpans, answer: str) -> bool:
        """A line of terms without explanation (6 words or more, under `keyword_list_ratio` of them function
        words): keyword stuffing. An answer of one line only: over several lines a list is the answer's
        structure (the items a question asks for, a calculation, addresses), and the judge reads it;
        against rubrics of our own for SAF's questions the screen had zeroed 55 such answers the graders
        gave 0.75 of the points on average (and 5 of one line, 0.48, which it still zeroes)."""
        if "\n" in answer.strip():
            return False
        text = " ".join(spans.texts)
        return len(text.split()) >= 6 and function_word_ratio(text) < self.thresholds.keyword_list_ratio

    def read_claims(
        self,
        claims: list[str],
        spans: EvidenceSpans,
        answer: str,
        reference: bool = False,
        also: Sequence[int] | None = None,
    ) -> list[Reading]:
        """`claim_reading.read_claims` with this engine's embedder, and the bank judge or (`reference`) the
        reference judge with its own top-k and its contradictions read clause against clause."""
        judge, cuts = (
            (self.reference_judge, self.reference_thresholds) if reference else (self.cross_encoder, self.thresholds)
        )
        floor = self.reference_thresholds.contradicted if reference else None
        return read_claims(
            self.embedder, judge, claims, spans, answer, cuts.top_k, self.thresholds.whole_answer_words, floor, also
        )


def _missed(point_id: str, why: str) -> PointJudgment:
    return PointJudgment(point_id=point_id, verdict=Verdict.MISSED, rationale=why)

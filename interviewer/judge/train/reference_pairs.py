"""Pairs altered from the SemEval and SAF data themselves (`--reference-alterations`): what the bank pairs
teach on bank claims, in the reference judge's own domain. Each reference answer, and each answer the
graders found correct, with every sentence negated or with an antonym swapped into every sentence
(contradicted), and the reference's content words woven into sentences that say nothing (missed), each
paired with the reference. Each pair keeps its question's group, so held-out questions stay held out."""

from __future__ import annotations

from interviewer.evals.alterations import antonym_swapped, every_sentence, negated, words_in_nonsense
from interviewer.grading.cues import negation_count
from interviewer.judge.labels import CONTRADICTED, MET, MISSED
from interviewer.judge.train.pairs import Pair

ALTERATIONS = (
    ("negated", every_sentence(negated), CONTRADICTED),
    ("antonym", every_sentence(antonym_swapped), CONTRADICTED),
    ("nonsense", words_in_nonsense, MISSED),
)


def reference_alteration_pairs(pairs: list[Pair]) -> list[Pair]:
    """For each distinct (question, reference answer) among the data sets' pairs, its altered versions;
    for each correct answer, its negated and antonym-swapped versions."""
    references = dict.fromkeys((p.group, p.point, p.source) for p in pairs)
    altered = [
        Pair(reference, text, label, f"{source}-{kind}", group)
        for group, reference, source in references
        for kind, alter, label in ALTERATIONS
        if not (kind == "negated" and negation_count(reference)) and (text := alter(reference))
    ]
    return (
        altered
        + [
            Pair(p.point, text, label, f"{p.source}-answer-{kind}", p.group)
            for p in pairs
            if p.label == MET and not negation_count(p.answer)  # "not not" would still be correct
            for kind, alter, label in ALTERATIONS[:2]
            if (text := alter(p.answer))
        ]
    )

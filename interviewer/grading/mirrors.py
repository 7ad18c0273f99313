"""A span that restates a sentence of a point with its sense reversed: a negation put in ("it is not the
bulb that is damaged" against "the bulb is damaged") or a word swapped for its opposite ("int8 makes
inference slower" against "int8 makes inference faster"). Both judges read such a restatement as stating
the point (P(met) about 0.7 on negated reference answers), so the engine decides it by these rules.

The restatement must mirror the sentence: negations aside and opposites counted as the word they
replace, at least three quarters of the clause's content words are the sentence's, and three quarters
of the sentence's are the clause's. Both ways, so that a correct answer whose clause adds words of its
own and negates something else ("the sun does not move and the earth rotates") is left to the judges.
Every word of the sentence that has an opposite must be in the clause, as it is or as its opposite, and
reversals are counted by parity: two opposites ("the longer the string, the lower the pitch" against "the
shorter the string, the higher the pitch") state the same thing, and so does a comparison turned round
("int8 is slower than fp16" against "fp16 is faster than int8"). An opposite in a clause that compares
with `than` restates only a sentence that does too ("the cache is 8x smaller than with multi-head
attention" against "with multi-head attention the cache would be 8x larger" is no reversal).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from interviewer.grading.cues import (
    CLAUSE_BREAK,
    IMPLICIT_NEGATION,
    NEGATIONS,
    content_stems,
    content_words,
    negates_claim,
    negation_count,
)
from interviewer.grading.self_repair import repaired
from interviewer.grading.sentences import words
from interviewer.grading.vocabulary import STEM

MIRROR_SHARE = 0.75  # of a clause's content words and of a point sentence's, both ways
# Claims are cut at every ". ", an abbreviation's period included ("e.g. Young/Daly ..."), unlike answers
# (`sentences.split_spans`): a reversal is read on a share of the claim sentence's words, and the shorter
# pieces are what a reversed clause can mirror. Read through abbreviations (measured 2026-12-06 with
# `benchmarks/reversed_claim.py --all`), checkpoint-interval negated and short-long-term with "wins" swapped
# for "loses" went from contradicted to met, alone and after the claim stated; no eval case moved.
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
_HEDGE = re.compile(
    r"\beither\b|\b(?:not sure|unsure|(?:do not|don't|can't|cannot) (?:remember|recall|tell)) (?:which|whether)\b"
    r"|\bor (?:maybe |perhaps |possibly )?(?:it'?s |it is )?(?:the other way (?:a)?round|vice versa|the opposite)\b",
    re.IGNORECASE,
)
_ALTERNATIVE = re.compile(r",?\s+or\s+", re.IGNORECASE)
_EITHER = re.compile(r"^\s*either\s+", re.IGNORECASE)
_NOT_REVERSING = re.compile(r"^\s*no\s*[,.!]|\bno (?:more|less|fewer) than\b|\bnot only\b", re.IGNORECASE)
# Word stems (their first STEM letters) with opposite senses, in claims about systems and numbers. Kept apart
# from `evals.alterations`' antonyms on purpose: those generate the gaming answers the rule is measured on.
_PAIRS = (
    ("incre", "decre"),
    ("incre", "reduc"),
    ("incre", "lower"),
    ("raise", "lower"),
    ("highe", "lower"),
    ("highe", "lowes"),
    ("high", "low"),
    ("more", "less"),
    ("more", "fewer"),
    ("most", "least"),
    ("faste", "slowe"),
    ("fast", "slow"),
    ("large", "small"),
    ("bigge", "small"),
    ("cheap", "expen"),
    ("bette", "worse"),
    ("best", "worst"),
    ("impro", "degra"),
    ("impro", "worse"),
    ("befor", "after"),
    ("early", "late"),
    ("early", "later"),
    ("short", "longe"),
    ("short", "long"),
    ("lossl", "lossy"),
    ("minim", "maxim"),
    ("enabl", "disab"),
    ("stati", "dynam"),
    ("synch", "async"),
    ("seque", "paral"),
    ("first", "last"),
    ("true", "false"),
    ("corre", "wrong"),
    ("corre", "incor"),
    ("accur", "inacc"),
    ("stabl", "unsta"),
    ("safe", "unsaf"),
    ("gain", "loss"),
    ("wins", "loses"),
    ("posit", "negat"),
    ("same", "diffe"),
    ("conne", "disco"),
    ("open", "close"),
    ("insid", "outsi"),
    ("inclu", "exclu"),
    ("above", "below"),
)
OPPOSITES: dict[str, frozenset[str]] = {
    stem: frozenset(b if a == stem else a for a, b in _PAIRS if stem in (a, b)) for pair in _PAIRS for stem in pair
}


def _stems(text: str) -> set[str]:
    """Every word of the text (function words too: `more`, `before`) cut to its first STEM letters."""
    return {word[:STEM] for word in words(text)}


def _reversals(clause: str, sentence: str) -> dict[str, str] | None:
    """The clause's words that replace one of the sentence's by its opposite (clause stem: sentence stem),
    or None when a word of the sentence that has an opposite is in the clause neither as it is nor as its
    opposite: such a clause does not mirror the sentence."""
    stated, every = _stems(clause), _stems(sentence)
    reversed_words = {}
    for stem in every & OPPOSITES.keys():
        if stem in stated:
            continue
        opposite = sorted(OPPOSITES[stem] & stated - every)  # a word the sentence holds is its own
        if not opposite:
            return None
        reversed_words[opposite[0]] = stem
    return reversed_words


def _negations(clause: str, sentence: str) -> int:
    """The clause's negations that reverse what it says: not an answer's opening "No," nor "no more than"
    or "not only", nor a negation of an opposite of a word the sentence and the clause both hold ("higher,
    not lower"). A negated opposite standing in for the sentence's word reverses it ("no difference" for
    "the same"), and with the opposite the two cancel."""
    text = _NOT_REVERSING.sub(" ", clause)
    tokens, every = words(text), _stems(sentence) & _stems(text)
    contrasts = sum(
        1
        for negation, word in pairwise(tokens)
        if (negation in NEGATIONS or negation.endswith("n't"))
        and any(word[:STEM] in OPPOSITES.get(s, ()) for s in every)
    )
    return negation_count(text) - contrasts


def _sides(text: str, renamed: dict[str, str]) -> tuple[set[str], set[str]]:
    """The content stems before and after the text's first `than` (`renamed`: reversed words as the
    word they replace), words with an opposite left out."""
    tokens, content = words(text), set(content_words(text))
    cut = tokens.index("than") if "than" in tokens else len(tokens)

    def stems(part: list[str]) -> set[str]:
        return {renamed.get(w[:STEM], w[:STEM]) for w in part if w in content} - OPPOSITES.keys()

    return stems(tokens[:cut]), stems(tokens[cut:])


def _comparison_turns(clause: str, sentence: str, reversed_words: dict[str, str]) -> int | None:
    """1 when the clause compares the sentence's two sides the other way round ("int8 is slower than fp16"
    against "fp16 is faster than int8": one more reversal, which cancels the opposite), 0 when the same
    way round or nothing is compared; None when an opposite stands in a clause that compares with `than`
    and a sentence that does not, or the other way: the two are not stated the same way."""
    compares = ("than" in words(clause), "than" in words(sentence))
    if not reversed_words or compares == (False, False):
        return 0
    if compares != (True, True):
        return None
    (clause_before, _), (sentence_before, sentence_after) = _sides(clause, reversed_words), _sides(sentence, {})
    return int(len(clause_before & sentence_after) > len(clause_before & sentence_before))


def _mirrors(clause: str, sentence: str) -> bool:
    """The clause restates the sentence with its sense reversed an odd number of times."""
    reversed_words = _reversals(clause, sentence)
    if reversed_words is None or (turns := _comparison_turns(clause, sentence, reversed_words)) is None:
        return False
    if (_negations(clause, sentence) + len(reversed_words) + turns) % 2 == 0:
        return False
    return _restates(_stated(clause, reversed_words), sentence)


def _stated(text: str, renamed: dict[str, str]) -> set[str]:
    """The text's content stems, negations left out (`renamed`: reversed words as the word they replace)."""
    return {
        renamed.get(w[:STEM], w[:STEM]) for w in content_words(text) if w not in NEGATIONS and not w.endswith("n't")
    }


def _restates(stated: set[str], sentence: str) -> bool:
    """Pure: at least `MIRROR_SHARE` of `stated` are the sentence's content stems, and of those `stated` holds."""
    wanted = content_stems(sentence)
    shared = len(wanted & stated)
    return bool(stated) and bool(wanted) and min(shared / len(wanted), shared / len(stated)) >= MIRROR_SHARE


def _point_sentences(claim: str) -> list[str]:
    """The claim's sentences a reversal can be read against: no negation of any kind, two content words."""
    return [
        s
        for s in _SENTENCE_END.split(claim)
        if not negation_count(s) and not IMPLICIT_NEGATION.search(s) and len(content_stems(s)) >= 2
    ]


@lru_cache(maxsize=16_384)
def states_opposite(span: str, claim: str) -> bool:
    """A clause of the span mirrors a sentence of the claim (one with no negation of any kind and at least
    two content words) with its sense reversed (module docstring); the span read as the candidate
    finished it (`self_repair`)."""
    clauses = [c for c in CLAUSE_BREAK.split(repaired(span)) if c.strip()]
    return any(_mirrors(clause, sentence) for sentence in _point_sentences(claim) for clause in clauses)


def restates_negated(span: str, claim: str) -> bool:
    """The span negates the claim's words (`cues.negates_claim`) and restates a sentence of the claim:
    negations aside, at least `MIRROR_SHARE` of the span's content words are the sentence's and of the
    sentence's are the span's ("A static variable does not live for the whole run and is not initialized
    only once", two negations, which the reversal rule reads by parity as none). A span that shares only
    some of the claim's words and negates something of its own ("it is not created and initialized each
    time the function is called" for "it lives for the whole run and is initialized only once") is not."""
    if not negates_claim(span, claim):
        return False
    stated = _stated(repaired(span), {})
    return any(_restates(stated, sentence) for sentence in _SENTENCE_END.split(claim))


def hedges_with_opposite(span: str, claim: str) -> bool:
    """The span offers the claim with its sense reversed as an alternative ("either stage 2 shards the
    gradients, or stage 2 does not shard the gradients; I'm not sure which"): it opens one with "either",
    or says it cannot choose
    ("... or the other way round", "not sure which"), and one alternative, a part between "or"s, mirrors
    a sentence of the claim reversed. A sentence that holds both words of a pair is no reversal to
    `states_opposite`; cut at its alternatives, the hedge is."""
    span = repaired(span)
    if not _HEDGE.search(span):
        return False
    alternatives = [_EITHER.sub("", a) for c in CLAUSE_BREAK.split(span) for a in _ALTERNATIVE.split(c) if a.strip()]
    return any(_mirrors(a, sentence) for sentence in _point_sentences(claim) for a in alternatives)

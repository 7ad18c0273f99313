"""Lexical cues the offline engine reads from text: key terms, negation, explanation, echo, injection."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from interviewer.grading.function_words import FUNCTION_WORDS
from interviewer.grading.self_repair import repaired
from interviewer.grading.sentences import words
from interviewer.grading.term_forms import MIN_LETTERS, phrase_found, text_forms
from interviewer.grading.vocabulary import STEM

# Sentential negations; `without` is not one: paraphrases use it without reversing a claim.
NEGATIONS = frozenset({"not", "no", "never", "cannot", "neither", "nor", "none", "nothing"})
INJECTION_PATTERNS = [
    r"ignore (all |any )?(the )?(previous|prior|above|earlier) (instructions|prompts?|rules)",
    r"disregard (all |the )?(previous|prior|above|rubric|instructions)",
    r"(give|award|assign|grade)( this| me| the)?( answer)? (full|maximum|max|perfect|100)",
    r"(score|mark|rate) (this|me|it)( answer)? (as )?(100|10/10|full|perfect|excellent|5/5)",
    r"\byou are now\b",
    r"\b(system|developer) (prompt|message|instruction)",
    r"all rubric points (are|as) met",
    r"ignore (the |this |your )?(rubric|grading|marking) (instructions|rules|criteria)?",
    r"(mark|grade|treat|count) (every|each|all)( of the| the)?( rubric)? points?( as)? (met|correct|covered|full)",
    r"\bdeveloper mode\b",
    r"\b(rubric|instructions?|grading criteria)( above)? (is|are) (deprecated|outdated|void|obsolete|cancelled)",
    r"</?(answer|system|instructions?)>",
]
_INJECTION = re.compile("|".join(INJECTION_PATTERNS), re.IGNORECASE)


NUMBER_WORDS = {
    "zero": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "twelve": "12",
    "sixteen": "16",
    "thirty two": "32",
    "thirty-two": "32",
    "fifty": "50",
    "sixty four": "64",
    "ninety": "90",
    "ninety five": "95",
    "ninety nine": "99",
}
_SPOKEN_NUMBER = re.compile(r"\b(" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\b")
_PREFIX_NUMBER = re.compile(r"\b(fp|bf|int|tf|e4m|e5m|h)\s+(\d+)\b")


def spoken_forms(text: str) -> str:
    """Speech-recognition spellings of technical terms as written: 'FP sixteen' -> 'fp16', 'int eight' -> 'int8'."""
    lowered = _SPOKEN_NUMBER.sub(lambda m: NUMBER_WORDS[m.group(1)], text.lower())
    return _PREFIX_NUMBER.sub(r"\1\2", lowered)


_NUMBER_ALTERNATION = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_SPOKEN_TERM = re.compile(r"\b(fp|bf|int|p)\s+(" + _NUMBER_ALTERNATION + r")\b", re.IGNORECASE)


def spoken_terms_written(text: str) -> str:
    """A number format or a percentile said aloud, as written ('FP sixteen' -> 'FP16', 'P ninety nine' ->
    'P99'), case kept; other number words stay words (a written 'two stages' is left alone)."""
    return _SPOKEN_TERM.sub(lambda m: m.group(1) + NUMBER_WORDS[m.group(2).lower()], text)


@lru_cache(maxsize=8192)  # a rubric's points read the same spans again
def normalise(text: str) -> str:
    """Lower case, spoken numbers as digits, hyphens and slashes as spaces: 'ZeRO-3', 'zero three' match."""
    return " " + re.sub(r"\s+", " ", re.sub(r"[-_/(),:;\"]", " ", spoken_forms(text))).strip() + " "


@lru_cache(maxsize=4096)
def _group_pattern(group: str) -> re.Pattern[str] | None:
    """One pattern for all of a group's alternatives, each as whole words (None: no alternative)."""
    alternatives = [re.escape(normalise(alt).strip()) for alt in group.split("|") if alt.strip()]
    if not alternatives:
        return None
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(alternatives) + r")(?![a-z0-9])")


def term_group_found(group: str, normalised_text: str) -> bool:
    """`group` is 'term|synonym|…'; true when any alternative occurs as whole words, as written or in
    another form of its words (`term_forms`: "problem" for "problems", "bandwith" for "bandwidth")."""
    pattern = _group_pattern(group)
    if pattern is None:
        return False
    return pattern.search(normalised_text) is not None or _found_in_other_forms(group, normalised_text)


@lru_cache(maxsize=4096)
def _alternative_words(group: str) -> tuple[tuple[str, ...], ...]:
    """The group's alternatives as their normalised words, those with a word that takes other forms."""
    split = (tuple(normalise(alt).split()) for alt in group.split("|") if alt.strip())
    return tuple(alt for alt in split if alt and any(len(w) >= MIN_LETTERS and w.isalpha() for w in alt))


def _found_in_other_forms(group: str, normalised_text: str) -> bool:
    alternatives = _alternative_words(group)
    if not alternatives:
        return False
    text = text_forms(normalised_text)
    return any(phrase_found(alt, text) for alt in alternatives)


def term_coverage(groups: Sequence[str], text: str) -> float:
    """Share of the term groups found in `text`."""
    return _term_coverage(tuple(groups), text) if groups else 0.0


@lru_cache(maxsize=65_536)
def _term_coverage(groups: tuple[str, ...], text: str) -> float:
    """Remembered: every grade reads each rubric point's groups against the same spans several times."""
    normalised_text = normalise(text)
    return sum(term_group_found(g, normalised_text) for g in groups) / len(groups)


def function_word_ratio(text: str) -> float:
    tokens = words(text)
    return sum(t in FUNCTION_WORDS for t in tokens) / len(tokens) if tokens else 0.0


# words that state an absence or an error: a claim holding one ("a missing base case") is often restated
# with a plain negation ("no base case"), which agrees with it
IMPLICIT_NEGATION = re.compile(
    r"\b(?:without|instead|rather than|unlike|avoids?|fails?|lacks?|lacking|missing|absen(?:t|ce)|omit(?:s|ted)?"
    r"|incorrect(?:ly)?|wrong(?:ly)?|neither|nor)\b",
    re.I,
)
CLAUSE_BREAK = re.compile(r"(?<=[.!?;:])\s+|\s+(?:but|while|whereas|although|though|yet)\s+", re.IGNORECASE)


def clauses_about(text: str, claim: str) -> tuple[str, str] | None:
    """The clause of `claim` and the clause of `text` that share most content words, when either holds
    two clauses or more ("X, while Y"; sentences count as clauses); None when both hold one, or when no
    two clauses share a content word."""
    text_clauses = [c for c in CLAUSE_BREAK.split(text) if c.strip()]
    claim_clauses = [c for c in CLAUSE_BREAK.split(claim) if c.strip()]
    if len(text_clauses) < 2 and len(claim_clauses) < 2:
        return None
    shared, best = max(
        ((len(content_stems(a) & content_stems(b)), (a, b)) for a in claim_clauses for b in text_clauses),
        key=lambda found: found[0],
    )
    return best if shared else None


def negation_count(text: str) -> int:
    """Sentential negations (`not`, `n't`, `never`, `no`, …)."""
    return sum(t in NEGATIONS for t in words(text)) + len(re.findall(r"n't\b", text.lower()))


def negates_claim(span: str, claim: str) -> bool:
    """The span negates a claim's words: its clause (a sentence, or a part of one cut at `;`, `:`,
    `but`, `while`, …; a negation reaches over a list) that shares most content words with the claim
    holds a negation, the span negates more than once ("fp16 is not near-lossless, and int8 does not lose
    accuracy": a gamer negating every claim of a good answer), and the claim holds no negation of any
    kind (not even `without`, `instead of`: such claims are often restated positively). One negation
    alone is left to the judge: correct answers use one often ("you don't store every activation"). The
    span is read as the candidate finished it (`self_repair`)."""
    span = repaired(span)
    if negation_count(span) < 2 or negation_count(claim) > 0 or IMPLICIT_NEGATION.search(claim):
        return False
    claim_words = set(content_words(claim))
    clauses = [c for c in CLAUSE_BREAK.split(span) if c.strip()]
    if not clauses or not claim_words:
        return False
    closest = max(clauses, key=lambda c: len(claim_words & set(content_words(c))))
    return bool(claim_words & set(content_words(closest))) and negation_count(closest) > 0


def negates_more(span: str, claim: str) -> bool:
    """Pure: the span negates at least twice, and more often than the claim does."""
    count = negation_count(span)
    return count >= 2 and count > negation_count(claim)


def content_stems(text: str) -> set[str]:
    """The text's content words, each cut to its first STEM letters."""
    return {word[:STEM] for word in content_words(text)}


@lru_cache(maxsize=16_384)
def is_injection(text: str) -> bool:
    return bool(_INJECTION.search(text))


def trigram_overlap(span: str, reference: str) -> float:
    """Share of the span's word trigrams that also occur in `reference` (echo detection)."""
    span_words, ref_words = words(span), words(reference)
    grams = {tuple(span_words[i : i + 3]) for i in range(len(span_words) - 2)}
    if not grams:
        return 0.0
    ref_grams = {tuple(ref_words[i : i + 3]) for i in range(len(ref_words) - 2)}
    return len(grams & ref_grams) / len(grams)


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in FUNCTION_WORDS and len(w) > 2]


def is_fragment(text: str) -> bool:
    """A term or a heading, not a claim: fewer than 3 content words."""
    return len(content_words(text)) < 3


def content_overlap(span: str, reference: str) -> float:
    """Share of the span's content words that also occur in `reference`, words joined by a hyphen or a
    slash read apart ("state/model" holds "state" and "model")."""
    span_words = _content_parts(span)
    if len(span_words) < 4:
        return 0.0
    reference_words = set(_content_parts(reference))
    return sum(w in reference_words for w in span_words) / len(span_words)


def _content_parts(text: str) -> list[str]:
    """Content words, a word of letters joined by hyphens or slashes read as its parts; a value ("1/10",
    "100Mb/s", "fp16") stays whole."""
    parts = (part for word in content_words(text) for part in _parts(word))
    return [p for p in parts if p not in FUNCTION_WORDS and len(p) > 2]


def _parts(word: str) -> list[str]:
    pieces = re.split(r"[-/]", word)
    return pieces if all(piece.isalpha() for piece in pieces) else [word]


def echoes(span: str, question: str, key_terms: Sequence[str] = ()) -> bool:
    """The span restates the question (its phrases, or nothing but its words) and names none of
    `key_terms` (groups a person wrote for the rubric) that the question does not: "iteration is the
    alternative way to solve a problem" restates "What is the alternative way to solve a problem that could
    be solved through recursive functions?" and answers it."""
    restates = trigram_overlap(span, question) >= 0.6 or content_overlap(span, question) >= 0.8
    return restates and not names_term_beyond(span, question, key_terms)


def names_term_beyond(span: str, question: str, key_terms: Sequence[str]) -> bool:
    """Whether the span names a term of one of the `key_terms` groups that the question does not name."""
    text, asked = normalise(span), normalise(question)
    return any(term_group_found(g, text) and not term_group_found(g, asked) for g in key_terms)

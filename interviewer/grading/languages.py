"""Which language an answer is written in, as far as the offline grader needs to know: English, or
another language it cannot read (named when its script or its most common words give it away)."""

from __future__ import annotations

import unicodedata

from interviewer.grading.sentences import words

_STOPWORDS = {
    "German": "der die das und ist nicht ein eine mit für auf dem den des wird werden sich auch als bei oder aber wenn weil sind",
    "French": "le la les et est une des pour dans pas que qui sur avec sont par plus au du ce cette mais ou",
    "Spanish": "el los las es una con para por que del se su más pero como son está muy también",
    "Italian": "il gli della che è con per una sono del della non più anche come questo nel alla",
    "Portuguese": "os uma com para que não por mais dos das como mas são também ao pelo",
    "Dutch": "de het een en van is dat niet met voor op zijn ook maar als bij door wordt",
}
_ENGLISH = set(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "is",
        "are",
        "was",
        "were",
        "be",
        "it",
        "that",
        "this",
        "with",
        "for",
        "on",
        "as",
        "by",
        "not",
        "but",
        "if",
        "so",
    ]
)
_SETS = {language: set(text.split()) - _ENGLISH for language, text in _STOPWORDS.items()}
_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "CYRILLIC", "ARABIC", "HEBREW", "GREEK", "DEVANAGARI", "THAI")


def _script(text: str) -> str | None:
    """The non-Latin script that most letters are in, if more than a third of them are."""
    if text.isascii():
        return None
    letters = [c for c in text if c.isalpha()]
    counts: dict[str, int] = {}
    for char in letters:
        name = unicodedata.name(char, "")
        script = next((s for s in _SCRIPTS if name.startswith(s)), None)
        if script:
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return None
    script, count = max(counts.items(), key=lambda item: item[1])
    return script.title() if count * 3 > len(letters) else None


def _latin_language(text: str) -> str | None:
    tokens = [w for w in words(text) if w.isalpha()] or text.lower().split()
    if len(tokens) < 8:
        return None
    english = sum(t in _ENGLISH for t in tokens) / len(tokens)
    shares = {language: sum(t in vocabulary for t in tokens) / len(tokens) for language, vocabulary in _SETS.items()}
    language, share = max(shares.items(), key=lambda item: item[1])
    return language if share >= 0.12 and share > 2 * english else None


def foreign_language(text: str) -> str | None:
    """The name of the language (or script) the text is written in when it is not English, else None."""
    script = _script(text)
    if script is not None:
        return f"{script} script"
    return _latin_language(text)

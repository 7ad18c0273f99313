"""Which language an answer is written in, as far as the offline grader needs to know: English, or
another language it cannot read (named when its script or its most common words give it away)."""

from __future__ import annotations

import re
import unicodedata

_STOPWORDS = {  # each language's commonest function words, accents kept
    "German": "der die das und ist nicht ein eine mit für auf dem den des wird werden sich auch als bei oder "
    "aber wenn weil sind ich wir sie es zu von im zum zur nur noch dann dass wie man kann muss würde",
    "French": "le la les et est une des pour dans pas que qui sur avec sont par plus au du ce cette mais ou "
    "je nous vous il elle ne se sa son ses leur aux être très donc car comme",
    "Spanish": "el los las es una con para por que del se su más pero como son está muy también "
    "la de en y lo al un no sus esto esta este entre sin sobre cuando porque hay ya",
    "Italian": "il gli della che è con per una sono del non più anche come questo nel alla "
    "la di le un lo da dei delle degli si ma se sul nella questa perché ogni tra quando",
    "Portuguese": "os uma com para que não por mais dos das como mas são também ao pelo "
    "o a de do da em um no na se isso eu ou nos nas pela seu sua quando porque muito",
    "Dutch": "de het een en van is dat niet met voor op zijn ook maar als bij door wordt "
    "ik we je er te naar om dan nog wel kan moet zou deze",
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
_ENGLISH_TOO = {  # other languages' function words that are English words too: "do", "no", "o" in O(n)
    *("a", "i", "o", "do", "no", "so", "in", "on", "me", "he", "we", "be", "am", "at", "to", "us"),
    *("an", "or", "if", "it", "die", "come", "son", "den", "men", "war", "also"),
}
_SETS = {language: set(text.split()) - _ENGLISH - _ENGLISH_TOO for language, text in _STOPWORDS.items()}
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


_LETTERS = re.compile(r"[^\W\d_]+")
_FOREIGN = set().union(*_SETS.values())


def _latin_language(text: str) -> str | None:
    """The language whose function words the text uses, when it uses another language's function words
    (`_STOPWORDS`, accented words whole, less those that are English words too) more than twice as often
    as English ones, at least one word in eight and three in all; else None. The languages' words are
    pooled for that test (Romance languages share many of theirs: a Portuguese answer reads as partly
    Spanish), and the commonest names the language."""
    tokens = _LETTERS.findall(text.lower())
    if len(tokens) < 8:
        return None
    english = sum(t in _ENGLISH for t in tokens) / len(tokens)
    hits = sum(t in _FOREIGN for t in tokens)
    foreign = hits / len(tokens)
    if hits < 3 or foreign < 0.12 or foreign <= 2 * english:
        return None
    shares = {language: sum(t in vocabulary for t in tokens) for language, vocabulary in _SETS.items()}
    return max(shares.items(), key=lambda item: item[1])[0]


def foreign_language(text: str) -> str | None:
    """The name of the language (or script) the text is written in when it is not English, else None."""
    script = _script(text)
    if script is not None:
        return f"{script} script"
    return _latin_language(text)

"""Hand-written hard cases for the bank's rubric points (`written/<question-id>.yaml`): per point, correct
paraphrases that avoid the rubric's wording (met), half the claim (partial), confident wrong statements
in the claim's own vocabulary (contradicted) and the key terms in meaningless sentences (missed).

These teach what generated pairs cannot: that a claim can be stated without its words, and that its
words can state something false. The eval cases (`evals/cases`) were not read to write them.

The engine also reads passages of several sentences, so each text is also joined with another point's
text of a random kind, in random order (the label stays the text's own: a point stated, half-stated or
contradicted beside something else is still that), and two other points' texts joined are *missed*
(their vocabulary, true or false, says nothing of this point). Half of all these come again as
unpunctuated lower-case speech, and a quarter with filler sentences around them (same labels).
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import yaml

from interviewer.bank.models import Question
from interviewer.grading.sentences import split_spans
from interviewer.judge.labels import CONTRADICTED, MET, MISSED, PARTIAL
from interviewer.judge.train.pairs import Pair
from interviewer.store.embeddings import Embedder

FOLDER = Path(__file__).resolve().parent / "written"
PASSAGE_WORDS = 85  # a joined passage stays whole within the judge's 160 word pieces beside its claim
KINDS = {"paraphrases": MET, "partial": PARTIAL, "wrong": CONTRADICTED, "nonsense": MISSED}


def _texts(path: Path, point_id: str, kind: str, value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(t, str) and t.strip() for t in value):
        raise ValueError(f"{path}: points.{point_id}.{kind} must be a list of non-empty strings")
    return [t.strip() for t in value]


def question_written_pairs(path: Path, question: Question) -> list[Pair]:
    """The pairs one file holds; a point id the question does not have is an error naming it."""
    return _single_pairs(written_texts(path, question), f"bank:{question.id}")


def _single_pairs(texts: list[tuple[str, str, str]], group: str) -> list[Pair]:
    return [Pair(claim, text, KINDS[kind], f"written-{kind}", group) for claim, kind, text in texts]


def written_texts(path: Path, question: Question) -> list[tuple[str, str, str]]:
    """(claim, kind, text) for every text of the file, in file order."""
    return point_texts(path, question, KINDS)


def point_texts(
    path: Path, question: Question, kinds: Iterable[str], required: bool = False
) -> list[tuple[str, str, str]]:
    """(claim, kind, text) for every text of the given kinds in a file of hand-written texts per point
    (`points: {point-id: {kind: [text, ...]}}`), in file order; a point id the question lacks, or a kind
    that is not a list of non-empty strings (or is absent, when `required`), is an error naming the file
    and the point."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    claims = {p.id: p.claim for p in question.rubric}
    found = []
    for point_id, texts in (data.get("points") or {}).items():
        if point_id not in claims:
            raise ValueError(f"{path}: point {point_id!r} is not in question {question.id}'s rubric")
        for kind in kinds:
            value = (texts or {}).get(kind, None if required else [])
            found += [(claims[point_id], kind, t) for t in _texts(path, point_id, kind, value)]
    return found


def _words(text: str) -> int:
    return len(text.split())


def passage_pairs(path: Path, question: Question, rng: random.Random) -> list[Pair]:
    """Each text joined with another point's text (its own label), and two other points' texts (missed)."""
    return _passage_pairs(written_texts(path, question), f"bank:{question.id}", rng)


def _passage_pairs(texts: list[tuple[str, str, str]], group: str, rng: random.Random) -> list[Pair]:
    pairs = []
    for claim, kind, text in texts:
        others = [t for c, _, t in texts if c != claim and _words(text) + _words(t) <= PASSAGE_WORDS]
        if not others:
            continue
        joined = [text, rng.choice(others)]
        rng.shuffle(joined)
        pairs.append(Pair(claim, " ".join(joined), KINDS[kind], f"written-{kind}-passage", group))
    for claim in dict.fromkeys(c for c, _, _ in texts):
        others = [t for c, _, t in texts if c != claim and 2 * _words(t) <= PASSAGE_WORDS]
        if len(others) >= 2:
            pairs.append(Pair(claim, " ".join(rng.sample(others, 2)), MISSED, "written-other-points", group))
    return pairs


def unrelated_pairs(texts: dict[str, list[tuple[str, str, str]]], rng: random.Random) -> list[Pair]:
    """Per point, a correct paraphrase of another of its question's points, and one of another question's
    point: related, fluent, correct content that does not state this point (missed)."""
    pairs = []
    for question_id, found in texts.items():
        paraphrases = [(c, t) for c, kind, t in found if kind == "paraphrases"]
        elsewhere = [
            t for other, f in texts.items() if other != question_id for _, kind, t in f if kind == "paraphrases"
        ]
        for claim in dict.fromkeys(c for c, _, _ in found):
            same = [t for c, t in paraphrases if c != claim]
            group = f"bank:{question_id}"
            if same:
                pairs.append(Pair(claim, rng.choice(same), MISSED, "written-other-point", group))
            if elsewhere:
                pairs.append(Pair(claim, rng.choice(elsewhere), MISSED, "written-other-question", group))
    return pairs


NEAREST_OTHERS = 3  # per point, the other points' texts closest to it, as missed


def nearest_other_pairs(texts: dict[str, list[tuple[str, str, str]]], embedder: Embedder) -> list[Pair]:
    """Per point, the sentences written for its question's other points (correct paraphrases and
    half-claims) that embedding cosine puts closest to it: the sentences the engine's prefilter will hand
    the judge in an answer that leaves the point out. They are on the topic and true, and state another
    point (missed)."""
    pairs = []
    for question_id, found in texts.items():
        candidates = list(
            dict.fromkeys(
                (c, s.text) for c, kind, t in found if kind in ("paraphrases", "partial") for s in split_spans(t, False)
            )
        )
        claims = list(dict.fromkeys(c for c, _, _ in found))
        if not candidates or not claims:
            continue
        similarity = embedder.embed(claims) @ embedder.embed([t for _, t in candidates]).T
        for row, claim in zip(similarity, claims, strict=True):
            ranked = [int(i) for i in np.argsort(-row, kind="stable") if candidates[int(i)][0] != claim]
            pairs += [
                Pair(claim, candidates[i][1], MISSED, "written-nearest-other-point", f"bank:{question_id}")
                for i in ranked[:NEAREST_OTHERS]
            ]
    return pairs


FILLER = (
    "That is a really good question and one I have thought about quite a lot over the years.",
    "Honestly, this is something every team I have worked with has had to deal with at some point.",
    "I think it is important to keep the bigger picture in mind here.",
    "There are many ways to look at it, and context always matters.",
    "In my experience the details really make the difference in practice.",
    "Let me think about how to put this clearly.",
)


def spoken(text: str) -> str:
    """What speech recognition without punctuation makes of a text: lower case, no punctuation."""
    return " ".join(re.sub(r"[^\w\s']|_", " ", text.lower()).split())


def noisy_copies(pairs: list[Pair], rng: random.Random) -> list[Pair]:
    """Half the pairs again as unpunctuated speech, and some with content-free filler around the text:
    neither changes what the text states (so the label stays)."""
    copies = [
        Pair(p.point, spoken(p.answer), p.label, f"{p.source}-spoken", p.group) for p in pairs if rng.random() < 0.5
    ]
    for p in pairs:
        if rng.random() < 0.25:
            padded = f"{rng.choice(FILLER)} {p.answer} {rng.choice(FILLER)}"
            copies.append(Pair(p.point, padded, p.label, f"{p.source}-padded", p.group))
    return copies


def written_pairs(
    questions: list[Question], folder: Path = FOLDER, seed: int = 13, embedder: Embedder | None = None
) -> list[Pair]:
    """Every written file whose question is in the bank (files for other banks' questions are skipped),
    as single texts, as passages, and as other points' and other questions' paraphrases (missed); with
    an embedder, also each point's nearest other points' texts (missed)."""
    by_id, rng = {q.id: q for q in questions}, random.Random(seed)
    pairs, texts = [], {}
    for path in sorted(folder.glob("*.yaml")):
        if path.stem in by_id:  # each file read once
            found = texts[path.stem] = written_texts(path, by_id[path.stem])
            pairs += _single_pairs(found, f"bank:{path.stem}") + _passage_pairs(found, f"bank:{path.stem}", rng)
    pairs += unrelated_pairs(texts, rng)
    if embedder is not None:
        pairs += nearest_other_pairs(texts, embedder)
    return pairs + noisy_copies(pairs, rng)


def joined(claim: str, text: str, others: list[tuple[str, str, str]], rng: random.Random) -> str | None:
    """The text beside another point's written text, in random order; None when none fits."""
    fitting = [t for c, _, t in others if c != claim and len(text.split()) + len(t.split()) <= PASSAGE_WORDS]
    if not fitting:
        return None
    joined = [text, rng.choice(fitting)]
    rng.shuffle(joined)
    return " ".join(joined)


def files_beside_written(
    questions: list[Question], folder: Path, written: Path
) -> Iterator[tuple[Path, Question, list[tuple[str, str, str]]]]:
    """Each file of `folder` whose question is in the bank, with its question and that question's
    hand-written texts (`written/`), which its texts are joined with into passages."""
    by_id = {q.id: q for q in questions}
    for path in sorted(folder.glob("*.yaml")):
        question = by_id.get(path.stem)
        if question is not None:
            written_file = written / path.name
            yield path, question, written_texts(written_file, question) if written_file.is_file() else []


def beside_written_pairs(
    questions: list[Question], folder: Path, written: Path, kinds: dict[str, int], source: str, rng: random.Random
) -> list[Pair]:
    """Every file of `folder` whose question is in the bank (per point, texts of the given `kinds`, each
    required), as single texts and as passages beside another point's hand-written text (`joined`; the
    label stays the text's own), with their noisy copies (`noisy_copies`). Sources read
    `{source}-{kind}` (`-passage` for passages)."""
    pairs = []
    for path, question, others in files_beside_written(questions, folder, written):
        group = f"bank:{question.id}"
        for claim, kind, text in point_texts(path, question, kinds, required=True):
            pairs.append(Pair(claim, text, kinds[kind], f"{source}-{kind}", group))
            passage = joined(claim, text, others, rng)
            if passage is not None:
                pairs.append(Pair(claim, passage, kinds[kind], f"{source}-{kind}-passage", group))
    return pairs + noisy_copies(pairs, rng)

"""Long sentences for the judge (`train --clause-joins`): each hand-written text that states, half-states
or contradicts a point, joined into one sentence with a sentence of another point's correct paraphrase
("…, and …", "…, so …"), in either order, keeping the text's own label.

Users type long sentences that chain several points; the written texts and the bank's pairs are short,
so the judge has seen a point stated beside another point only as two sentences. It reads some long
correct sentences as contradicting a point they state ("A sequence that hits its stop token leaves right
away, and a waiting request is admitted on the next iteration, so the batch stays full…",
docs/offline-grading.md, *Answers typed without line wraps*).
"""

from __future__ import annotations

import random
from pathlib import Path

from interviewer.bank.models import Question
from interviewer.grading.sentences import split_spans
from interviewer.judge.train.pairs import Pair
from interviewer.judge.train.written_pairs import FOLDER, KINDS, PASSAGE_WORDS, written_texts

CONNECTIVES = (", and ", ", so ", "; ", ", while ", ", and also ", ", which means ")
JOINED_KINDS = ("paraphrases", "partial", "wrong")  # what a text states survives a clause beside it


def _clause(text: str) -> str:
    """A sentence as a clause to follow a connective: no final stop, its first letter lower case unless
    it starts with "I", an acronym or a name with capitals inside (FP16, vLLM)."""
    body = text.strip().rstrip(".!")
    first = body.split(" ", 1)[0]
    keep = first == "I" or first.startswith("I'") or any(c.isupper() or c.isdigit() for c in first[1:])
    return body if keep else body[:1].lower() + body[1:]


def join_as_one_sentence(first: str, second: str, connective: str) -> str:
    return first.strip().rstrip(".!") + connective + _clause(second) + "."


def _question_clause_pairs(texts: list[tuple[str, str, str]], group: str, rng: random.Random) -> list[Pair]:
    paraphrases = [(c, s.text) for c, kind, t in texts if kind == "paraphrases" for s in split_spans(t)]
    pairs = []
    for claim, kind, text in texts:
        if kind not in JOINED_KINDS:
            continue
        others = [t for c, t in paraphrases if c != claim and len(text.split()) + len(t.split()) <= PASSAGE_WORDS]
        if not others:
            continue
        other, connective = rng.choice(others), rng.choice(CONNECTIVES)
        first, second = (text, other) if rng.random() < 0.5 else (other, text)
        joined = join_as_one_sentence(first, second, connective)
        pairs.append(Pair(claim, joined, KINDS[kind], f"written-{kind}-clause", group))
    return pairs


def clause_pairs(questions: list[Question], folder: Path = FOLDER, seed: int = 13) -> list[Pair]:
    """One joined sentence per written text of the kinds above, for every written file in the bank (its
    own random stream: the default pairs do not move)."""
    by_id, rng = {q.id: q for q in questions}, random.Random(f"clauses:{seed}")
    pairs = []
    for path in sorted(folder.glob("*.yaml")):
        if path.stem in by_id:
            pairs += _question_clause_pairs(written_texts(path, by_id[path.stem]), f"bank:{path.stem}", rng)
    return pairs

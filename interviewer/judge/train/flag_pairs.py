"""Pairs that teach the judge to read a red flag: does the answer *state* a misconception?

Every other pair has a true claim on the point side, so the judge learned whether a claim is true, and
it read a misconception restated word for word as *partial*. Here the point side is the misconception
(`RedFlag.statement`), as the engine asks it:
- generated from the bank: the statement itself (met), word for word inside a frame that states it
  ("In my experience, …": met) or one that denies it ("It is not true that …": contradicted), its
  opposite (contradicted), and the question's points other than the one it contradicts (missed; that
  one is left out: the bank's `contradicts` is loose, and its claim need not reject this misconception);
- hand-written (`written_flags/<question-id>.yaml`): per flag, texts that state the misconception (met)
  and texts that reject or correct it in its own words (contradicted), alone, and beside a correct
  paraphrase of another point of the question (same label); the correct paraphrases of the point it
  contradicts (`written/`) are contradicted, other flags' texts missed.
Half of the written pairs come again as unpunctuated speech or with filler around them (same labels).
`point_contradiction_pairs` uses the stating texts the other way round: as *contradicted* for the
rubric point the flag contradicts (`train --flags points`).
None of these is in the shipped judge's training (`--flags none`): see the model card.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from interviewer.bank.models import Question
from interviewer.judge.labels import CONTRADICTED, MET, MISSED
from interviewer.judge.train.alter import opposites
from interviewer.judge.train.pairs import Pair
from interviewer.judge.train.written_pairs import FOLDER as WRITTEN
from interviewer.judge.train.written_pairs import noisy_copies

FOLDER = Path(__file__).resolve().parent / "written_flags"
KINDS = {"states": MET, "rejects": CONTRADICTED}
STATING = (  # the misconception word for word, framed as the candidate's own view: it is stated (met)
    "I'm fairly confident about this one: {s}",
    "In my experience, {s}",
    "{S} That is why I would go with it.",
    "The key thing to know is this. {S}",
    "As far as I know, {s}",
    "{S} So that is what I would tell the team.",
)
REJECTING = (  # the misconception word for word, framed as what the candidate denies: rejected (contradicted)
    "A common misconception is that {s} That is wrong.",
    "Some people claim that {s} I disagree; it does not hold.",
    "It is not true that {s}",
    "You will hear that {s} In practice that is a myth.",
    "I used to believe that {s} I was wrong about that.",
    "My teammate argued that {s} I pushed back, because that is false.",
)


def generated_flag_pairs(question: Question, rng: random.Random) -> list[Pair]:
    """The pairs generated from the question's own red flags and rubric (module docstring)."""
    group, claims = f"bank:{question.id}", {p.id: p.claim for p in question.rubric}
    pairs = []
    for flag in question.red_flags:
        statement = flag.statement
        pairs.append(Pair(statement, statement, MET, "flag-restated", group))
        pairs += [
            Pair(statement, _framed(frame, statement), MET, "flag-framed-stating", group)
            for frame in rng.sample(STATING, 2)
        ]
        pairs += [
            Pair(statement, _framed(frame, statement), CONTRADICTED, "flag-framed-rejecting", group)
            for frame in rng.sample(REJECTING, 2)
        ]
        pairs += [Pair(statement, text, CONTRADICTED, "flag-opposite", group) for text in opposites(statement)]
        others = [c for pid, c in claims.items() if pid != flag.contradicts]
        pairs += [
            Pair(statement, text, MISSED, "flag-other-point", group) for text in rng.sample(others, min(2, len(others)))
        ]
    return pairs


def _framed(frame: str, statement: str) -> str:
    """`statement` inside `frame`: `{S}` as it is, `{s}` with its first letter lower-cased."""
    lowered = statement[:1].lower() + statement[1:] if statement[1:2].islower() else statement
    return frame.format(S=statement, s=lowered)


def flag_texts(path: Path, question: Question) -> dict[str, dict[str, list[str]]]:
    """flag id -> kind -> texts; a flag the question does not have, or a kind without texts, is an error
    naming the file and the field."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    known = {f.id for f in question.red_flags}
    found: dict[str, dict[str, list[str]]] = {}
    for flag_id, kinds in (data.get("flags") or {}).items():
        if flag_id not in known:
            raise ValueError(f"{path}: flag {flag_id!r} is not a red flag of question {question.id}")
        found[flag_id] = {}
        for kind in KINDS:
            texts = (kinds or {}).get(kind)
            if not isinstance(texts, list) or not texts or not all(isinstance(t, str) and t.strip() for t in texts):
                raise ValueError(f"{path}: flags.{flag_id}.{kind} must be a non-empty list of non-empty strings")
            found[flag_id][kind] = [t.strip() for t in texts]
    return found


def _paraphrases(question: Question) -> dict[str, list[str]]:
    """Point id -> the hand-written correct paraphrases of that point (`written/`)."""
    path = WRITTEN / f"{question.id}.yaml"
    if not path.is_file():
        return {}
    points = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("points") or {}
    return {pid: list((kinds or {}).get("paraphrases", [])) for pid, kinds in points.items()}


def _question_written(question: Question, texts: dict[str, dict[str, list[str]]], rng: random.Random) -> list[Pair]:
    group, pairs = f"bank:{question.id}", []
    flags, paraphrases = {f.id: f for f in question.red_flags}, _paraphrases(question)
    for flag_id, kinds in texts.items():
        flag = flags[flag_id]
        statement = flag.statement
        beside = [t for pid, found in paraphrases.items() if pid != flag.contradicts for t in found]
        truth = paraphrases.get(flag.contradicts or "", [])
        pairs += [Pair(statement, t, CONTRADICTED, "written-flag-truth", group) for t in truth]
        for kind, label in KINDS.items():
            for text in kinds[kind]:
                pairs.append(Pair(statement, text, label, f"written-flag-{kind}", group))
                if beside:
                    joined = [text, rng.choice(beside)]
                    rng.shuffle(joined)
                    pairs.append(Pair(statement, " ".join(joined), label, f"written-flag-{kind}-passage", group))
        others = [t for other, k in texts.items() if other != flag_id for kind in KINDS for t in k[kind]]
        pairs += [
            Pair(statement, t, MISSED, "written-flag-other", group) for t in rng.sample(others, min(2, len(others)))
        ]
    return pairs


def flag_pairs(questions: list[Question], folder: Path | None = FOLDER, seed: int = 13) -> list[Pair]:
    """The generated pairs for every question's red flags, and the written ones for every file in
    `folder` whose question is in the bank (None: generated only)."""
    rng = random.Random(seed)
    pairs = [pair for question in questions for pair in generated_flag_pairs(question, rng)]
    if folder is None:
        return pairs
    by_id, written = {q.id: q for q in questions}, []
    for path in sorted(folder.glob("*.yaml")):
        if path.stem in by_id:
            written += _question_written(by_id[path.stem], flag_texts(path, by_id[path.stem]), rng)
    return pairs + written + noisy_copies(written, rng)


def point_contradiction_pairs(questions: list[Question], folder: Path = FOLDER, seed: int = 13) -> list[Pair]:
    """The written texts that state a misconception, as *contradicted* for the rubric point the flag
    contradicts (its claim on the point side, as the engine asks about points), and again as speech or
    padded: wrong statements in the point's own vocabulary."""
    rng, by_id, pairs = random.Random(seed), {q.id: q for q in questions}, []
    for path in sorted(folder.glob("*.yaml")):
        if (question := by_id.get(path.stem)) is None:
            continue
        claims, flags = {p.id: p.claim for p in question.rubric}, {f.id: f for f in question.red_flags}
        for flag_id, kinds in flag_texts(path, question).items():
            if (claim := claims.get(flags[flag_id].contradicts or "")) is not None:
                group = f"bank:{question.id}"
                pairs += [Pair(claim, t, CONTRADICTED, "written-flag-states-as-point", group) for t in kinds["states"]]
    return pairs + noisy_copies(pairs, rng)

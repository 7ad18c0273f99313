"""The pairs that teach the judge to read red flags: every written file matches the bank's red flags, a
bad file is an error naming the file and the field, and the misconception is always on the point side."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from interviewer.bank.models import Question
from interviewer.judge.labels import CONTRADICTED, MET, MISSED
from interviewer.judge.train.flag_pairs import (
    FOLDER,
    flag_pairs,
    flag_texts,
    generated_flag_pairs,
    point_contradiction_pairs,
)
from interviewer.judge.train.pairs import held_out


def test_every_written_flag_file_covers_its_questions_red_flags_and_no_held_out_question(
    bank_questions: dict[str, Question],
) -> None:
    files = sorted(FOLDER.glob("*.yaml"))
    trained = sorted(q.id for q in bank_questions.values() if not held_out(f"bank:{q.id}") and q.red_flags)
    assert [f.stem for f in files] == trained  # the held-out questions' texts are dev data (benchmarks/)
    for path in files:
        question = bank_questions[path.stem]
        texts = flag_texts(path, question)
        assert set(texts) == {f.id for f in question.red_flags}, path.name
        assert all(len(kinds["states"]) >= 3 and len(kinds["rejects"]) >= 3 for kinds in texts.values()), path.name


def test_the_misconception_is_the_point_restated_is_met_and_negated_is_contradicted(
    bank_questions: dict[str, Question],
) -> None:
    question = bank_questions["canary-rollout-strategy"]
    pairs = generated_flag_pairs(question, random.Random(0))
    statements = {f.statement for f in question.red_flags}
    assert {p.point for p in pairs} == statements
    labels = Counter((p.source, p.label) for p in pairs)
    assert labels[("flag-restated", MET)] == len(statements)
    assert labels[("flag-opposite", CONTRADICTED)] >= 1 and labels[("flag-other-point", MISSED)] >= 1
    for pair in pairs:
        if pair.source == "flag-other-point":
            flag = next(f for f in question.red_flags if f.statement == pair.point)
            assert pair.answer != next(p.claim for p in question.rubric if p.id == flag.contradicts)


def test_written_texts_keep_their_label_alone_beside_a_correct_point_and_spoken(
    bank_questions: dict[str, Question],
) -> None:
    questions = [bank_questions["canary-rollout-strategy"]]
    pairs = flag_pairs(questions, FOLDER, seed=3)
    texts = flag_texts(FOLDER / "canary-rollout-strategy.yaml", questions[0])
    stated = {t for kinds in texts.values() for t in kinds["states"]}
    rejected = {t for kinds in texts.values() for t in kinds["rejects"]}
    for pair in pairs:
        if pair.source == "written-flag-states":
            assert pair.answer in stated and pair.label == MET
        if pair.source == "written-flag-rejects-passage":
            assert pair.label == CONTRADICTED and any(t in pair.answer for t in rejected)
    sources = {p.source for p in pairs}
    assert {"written-flag-other", "written-flag-states-spoken"} <= sources or "written-flag-states-padded" in sources


def test_a_flag_the_question_does_not_have_is_an_error_naming_file_and_flag(
    tmp_path: Path, bank_questions: dict[str, Question]
) -> None:
    path = tmp_path / "canary-rollout-strategy.yaml"
    path.write_text(
        'question: canary-rollout-strategy\nflags:\n  no-such-flag:\n    states: ["x"]\n    rejects: ["y"]\n'
    )
    with pytest.raises(ValueError, match=r"canary-rollout-strategy\.yaml: flag 'no-such-flag'"):
        flag_texts(path, bank_questions["canary-rollout-strategy"])
    flag_id = bank_questions["canary-rollout-strategy"].red_flags[0].id
    path.write_text(f'question: canary-rollout-strategy\nflags:\n  {flag_id}:\n    states: ["x"]\n')
    with pytest.raises(ValueError, match=rf"flags\.{flag_id}\.rejects must be"):
        flag_texts(path, bank_questions["canary-rollout-strategy"])


def test_texts_stating_a_misconception_are_contradicted_for_the_point_it_contradicts(
    bank_questions: dict[str, Question],
) -> None:
    question = bank_questions["canary-rollout-strategy"]
    pairs = point_contradiction_pairs([question], FOLDER, seed=1)
    texts = flag_texts(FOLDER / f"{question.id}.yaml", question)
    claims = {p.id: p.claim for p in question.rubric}
    expected = {(claims[f.contradicts], t) for f in question.red_flags if f.contradicts for t in texts[f.id]["states"]}
    plain = {(p.point, p.answer) for p in pairs if p.source == "written-flag-states-as-point"}
    assert plain == expected and {p.label for p in pairs} == {CONTRADICTED}

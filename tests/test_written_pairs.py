"""The hand-written hard cases the judge is trained on: every file matches the bank, and a bad file is
an error that names the file and the point (the vague texts' files too); the files written beside them
(vague texts, swapped facts, wrong ways) make their pairs the same way."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from interviewer.bank.models import Question
from interviewer.judge.labels import CONTRADICTED, MET, MISSED, PARTIAL
from interviewer.judge.train import salad_pairs, swap_pairs, vague_pairs, wrong_way_pairs
from interviewer.judge.train.pairs import Pair
from interviewer.judge.train.reference_pairs import reference_alteration_pairs
from interviewer.judge.train.vague_pairs import vague_texts
from interviewer.judge.train.written_pairs import (
    FOLDER,
    NEAREST_OTHERS,
    PASSAGE_WORDS,
    nearest_other_pairs,
    noisy_copies,
    passage_pairs,
    point_texts,
    question_written_pairs,
    written_pairs,
    written_texts,
)
from interviewer.store.embeddings import Embedder


def test_every_written_file_is_for_a_bank_question_and_covers_each_point(
    bank_questions: dict[str, Question],
) -> None:
    files = sorted(FOLDER.glob("*.yaml"))
    assert files, "no written hard cases"
    for path in files:
        question = bank_questions[path.stem]
        pairs = question_written_pairs(path, question)
        counts = Counter((p.point, p.label) for p in pairs)
        for point in question.rubric:
            for label in (MET, PARTIAL, CONTRADICTED, MISSED):
                assert counts[(point.claim, label)] >= 1, f"{path.name}: {point.id} has no {label} text"


def test_written_pairs_are_grouped_by_their_question_so_splits_never_cut_one(
    bank_questions: dict[str, Question],
) -> None:
    pairs = written_pairs(list(bank_questions.values()))
    assert {p.group for p in pairs} == {f"bank:{path.stem}" for path in FOLDER.glob("*.yaml")}
    kinds = {"written-paraphrases", "written-partial", "written-wrong", "written-nonsense"}
    unrelated = {"written-other-points", "written-other-point", "written-other-question"}
    plain = kinds | {f"{k}-passage" for k in kinds} | unrelated
    assert {p.source for p in pairs} == plain | {f"{s}-{noise}" for s in plain for noise in ("spoken", "padded")}


def test_spoken_and_padded_copies_keep_the_label_and_what_the_text_says() -> None:
    pair = Pair(
        "int8 needs calibration.", "Int8 (W8A8) needs calibration; fp16 doesn't.", PARTIAL, "written-partial", "g"
    )
    copies = noisy_copies([pair] * 40, random.Random(1))
    assert {c.label for c in copies} == {PARTIAL} and {c.point for c in copies} == {pair.point}
    assert "int8 w8a8 needs calibration fp16 doesn't" in {c.answer for c in copies}
    assert any(c.source.endswith("-padded") and pair.answer in c.answer for c in copies)


def test_another_points_or_another_questions_paraphrase_is_missed(bank_questions: dict[str, Question]) -> None:
    pairs = written_pairs(list(bank_questions.values()))
    paraphrases = {p.answer: p.point for p in pairs if p.source == "written-paraphrases"}
    unrelated = [p for p in pairs if p.source in ("written-other-point", "written-other-question")]
    assert len(unrelated) == 2 * sum(len(q.rubric) for q in bank_questions.values())
    for pair in unrelated:
        assert pair.label == MISSED and paraphrases[pair.answer] != pair.point


def test_a_passage_keeps_its_own_texts_label_and_two_other_points_texts_are_missed(
    bank_questions: dict[str, Question],
) -> None:
    question = bank_questions["fp16-vs-int8-inference"]
    path = FOLDER / f"{question.id}.yaml"
    single = {(p.point, p.answer): p.label for p in question_written_pairs(path, question)}
    passages = passage_pairs(path, question, random.Random(0))
    assert passages
    for pair in passages:
        own = [label for (claim, text), label in single.items() if claim == pair.point and text in pair.answer]
        if pair.source == "written-other-points":
            assert pair.label == MISSED and not own
        else:
            assert own == [pair.label] and len(pair.answer.split()) <= PASSAGE_WORDS


READERS = pytest.mark.parametrize(
    ("read", "kind"),
    [(question_written_pairs, "paraphrases"), (question_written_pairs, "wrong"), (vague_texts, "vague")],
    ids=["written", "written-wrong", "vague"],
)


@READERS
def test_a_point_the_question_does_not_have_is_an_error_naming_file_and_point(
    tmp_path: Path, bank_questions: dict[str, Question], read: Callable[[Path, Question], object], kind: str
) -> None:
    question = bank_questions["fp16-vs-int8-inference"]
    path = tmp_path / f"{question.id}.yaml"
    path.write_text(f"question: {question.id}\npoints:\n  no-such-point:\n    {kind}: [x]\n")
    with pytest.raises(ValueError, match=r"fp16-vs-int8-inference\.yaml: point 'no-such-point'"):
        read(path, question)


@READERS
def test_a_kind_that_is_not_a_list_of_texts_is_an_error_naming_the_field(
    tmp_path: Path, bank_questions: dict[str, Question], read: Callable[[Path, Question], object], kind: str
) -> None:
    question = bank_questions["fp16-vs-int8-inference"]
    point = question.rubric[0].id
    path = tmp_path / f"{question.id}.yaml"
    path.write_text(f"question: {question.id}\npoints:\n  {point}:\n    {kind}: just one string\n")
    with pytest.raises(ValueError, match=rf"points\.{point}\.{kind} must be a list"):
        read(path, question)


@pytest.mark.parametrize(
    ("kinds", "missing"),
    [
        (vague_pairs.KINDS, "vague"),
        (swap_pairs.KINDS, "reordered"),
        (wrong_way_pairs.KINDS, "wrong"),
        (salad_pairs.KINDS, "name_drop"),
    ],
    ids=["vague", "swaps", "wrong-ways", "salad"],
)
def test_a_point_without_a_kind_its_folder_requires_is_an_error_naming_the_field(
    tmp_path: Path, bank_questions: dict[str, Question], kinds: dict[str, int], missing: str
) -> None:
    question = bank_questions["fp16-vs-int8-inference"]
    point = question.rubric[0].id
    present = "".join(f"    {kind}: [x, y]\n" for kind in kinds if kind != missing)
    path = tmp_path / f"{question.id}.yaml"
    path.write_text(f"question: {question.id}\npoints:\n  {point}:\n    paraphrases: [x]\n{present}")
    with pytest.raises(ValueError, match=rf"points\.{point}\.{missing} must be a list"):
        point_texts(path, question, kinds, required=True)


def test_the_nearest_other_points_sentences_are_missed_and_never_the_points_own(
    bank_questions: dict[str, Question], embedder: Embedder
) -> None:
    question = bank_questions["fp16-vs-int8-inference"]
    texts = {question.id: written_texts(FOLDER / f"{question.id}.yaml", question)}
    pairs = nearest_other_pairs(texts, embedder)
    assert len(pairs) == NEAREST_OTHERS * len(question.rubric)
    for pair in pairs:
        own = " ".join(t for claim, _, t in texts[question.id] if claim == pair.point)
        others = " ".join(t for claim, _, t in texts[question.id] if claim != pair.point)
        assert pair.label == MISSED and pair.group == f"bank:{question.id}"
        assert pair.answer in others and pair.answer not in own


def test_nearest_other_points_pairs_join_only_when_an_embedder_is_given(
    bank_questions: dict[str, Question], embedder: Embedder
) -> None:
    questions = [bank_questions["fp16-vs-int8-inference"]]
    plain = written_pairs(questions)
    nearest = written_pairs(questions, embedder=embedder)
    assert not any(p.source.startswith("written-nearest-other-point") for p in plain)
    assert sum(p.source == "written-nearest-other-point" for p in nearest) == NEAREST_OTHERS * len(questions[0].rubric)


def test_reference_alterations_pair_the_reference_with_its_negated_swapped_and_nonsense_versions() -> None:
    reference = "The pitch is higher when the string is shorter."
    pairs = [
        Pair(reference, "A shorter string is higher.", MET, "scientsbank_train", "q1"),
        Pair(reference, "It is not lower.", MET, "scientsbank_train", "q1"),  # a negation already: left alone
        Pair(reference, "It is a loop.", MISSED, "scientsbank_train", "q1"),  # not correct: left alone
    ]
    altered = {(p.answer, p.label, p.source) for p in reference_alteration_pairs(pairs)}
    assert ("The pitch is not higher when the string is shorter.", CONTRADICTED, "scientsbank_train-negated") in altered
    assert ("The pitch is lower when the string is shorter.", CONTRADICTED, "scientsbank_train-antonym") in altered
    assert ("A shorter string is not higher.", CONTRADICTED, "scientsbank_train-answer-negated") in altered
    assert ("A longer string is higher.", CONTRADICTED, "scientsbank_train-answer-antonym") in altered
    assert [label for _, label, source in altered if source.endswith("nonsense")] == [MISSED]
    assert not any("not lower" in answer or "loop" in answer for answer, _, _ in altered)
    assert {p.group for p in reference_alteration_pairs(pairs)} == {"q1"}  # held-out questions stay held out


@pytest.mark.parametrize(
    ("make", "kinds", "folder"),
    [
        (vague_pairs.vague_pairs, vague_pairs.KINDS, vague_pairs.FOLDER),
        (swap_pairs.swap_pairs, swap_pairs.KINDS, swap_pairs.FOLDER),
        (wrong_way_pairs.wrong_way_pairs, wrong_way_pairs.KINDS, wrong_way_pairs.FOLDER),
    ],
)
def test_texts_written_beside_the_hard_cases_keep_their_labels_alone_in_passages_and_noisy_copies(
    make: Callable[[list[Question]], list[Pair]],
    kinds: dict[str, int],
    folder: Path,
    bank_questions: dict[str, Question],
) -> None:
    """`beside_written_pairs`: each text alone with its kind's label, grouped by its question; joined with
    another point's hand-written text within the judge's length, its own label kept; spoken and padded
    copies; and the option leaves every other training pair as it was."""
    question = bank_questions[next(folder.glob("*.yaml")).stem]
    before = written_pairs([question])
    pairs = make([question])
    assert written_pairs([question]) == before
    own = {
        (claim, text): kinds[kind] for claim, kind, text in point_texts(folder / f"{question.id}.yaml", question, kinds)
    }
    assert {p.group for p in pairs} == {f"bank:{question.id}"}
    singles = [p for p in pairs if not p.source.endswith(("-passage", "-spoken", "-padded"))]
    assert {(p.point, p.answer): p.label for p in singles} == own
    passages = [p for p in pairs if p.source.endswith("-passage")]
    assert passages and all(len(p.answer.split()) <= PASSAGE_WORDS for p in passages)
    for pair in passages:
        assert any(c == pair.point and t in pair.answer and label == pair.label for (c, t), label in own.items())
    assert any(p.source.endswith("-spoken") for p in pairs) and any(p.source.endswith("-padded") for p in pairs)

"""Long sentences for the judge (`train --clause-joins`): a written text joined with another point's
paraphrase into one sentence keeps its own label and what it says."""

from __future__ import annotations

from collections import Counter

from interviewer.bank.models import Question
from interviewer.grading.sentences import split_spans
from interviewer.judge.labels import CONTRADICTED, MET, PARTIAL
from interviewer.judge.train.clause_pairs import clause_pairs, join_as_one_sentence
from interviewer.judge.train.written_pairs import FOLDER, PASSAGE_WORDS, written_texts


def test_two_sentences_join_into_one_keeping_acronyms_and_i() -> None:
    joined = join_as_one_sentence("Decode is memory-bound.", "FP8 halves the bytes read.", ", so ")
    assert joined == "Decode is memory-bound, so FP8 halves the bytes read."
    assert join_as_one_sentence("It helps.", "I'd keep it.", "; ") == "It helps; I'd keep it."
    assert join_as_one_sentence("It helps.", "The batch stays full.", ", and ") == "It helps, and the batch stays full."
    assert len(split_spans(joined)) == 1


def test_each_joined_sentence_keeps_its_texts_label_and_holds_the_text(bank_questions: dict[str, Question]) -> None:
    question = bank_questions["fp16-vs-int8-inference"]
    texts = written_texts(FOLDER / f"{question.id}.yaml", question)
    pairs = clause_pairs([question])
    kinds = Counter(p.source for p in pairs)
    assert set(kinds) == {"written-paraphrases-clause", "written-partial-clause", "written-wrong-clause"}
    expected = {
        "written-paraphrases-clause": MET,
        "written-partial-clause": PARTIAL,
        "written-wrong-clause": CONTRADICTED,
    }
    by_claim = {}
    for claim, kind, text in texts:
        by_claim.setdefault((claim, kind), []).append(text.rstrip(".").split(" ", 1)[1])
    for pair in pairs:
        kind = pair.source.removeprefix("written-").removesuffix("-clause")
        assert pair.label == expected[pair.source] and pair.group == f"bank:{question.id}"
        assert any(tail in pair.answer for tail in by_claim[(pair.point, kind)])  # the text itself is in it
        assert len(pair.answer.split()) <= PASSAGE_WORDS + 1
    assert clause_pairs([question]) == pairs  # the same seed joins the same way

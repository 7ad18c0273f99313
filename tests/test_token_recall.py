"""Token recall (reference-only grading's fourth reading): the pure arithmetic on hand-made vectors, the
answer read whole in chunks, and MiniLM's word-piece vectors on real text."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from interviewer.grading.sentences import words
from interviewer.grading.token_recall import (
    CHUNK_WORDS,
    TokenEncoder,
    TokenRecallReader,
    answer_chunks,
    content_pieces,
    recalled_pieces,
    token_reader_for,
    token_recall,
)
from interviewer.store.embeddings import CachedEmbedder, Embedder
from interviewer.store.minilm import TokenStates


def _states(tokens: list[str], vectors: list[list[float]]) -> TokenStates:
    array = np.array(vectors, dtype=np.float32).reshape(len(tokens), 2)
    return TokenStates(tuple(tokens), array / np.linalg.norm(array, axis=1, keepdims=True))


def test_content_pieces_leave_out_function_words_and_punctuation() -> None:
    assert content_pieces(["the", "gradient", "##s", ",", "of", "int8"]).tolist() == [
        False,
        True,
        True,
        False,
        False,
        True,
    ]


def test_token_recall_averages_each_content_pieces_best_match() -> None:
    point = _states(["weights", "the", "shrink"], [[1, 0], [0, 1], [0, 1]])
    answer = [_states(["weights", "are", "kept"], [[1, 0], [1, 0], [1, 0]])]
    assert token_recall(point, answer) == pytest.approx(0.5)  # "weights" found (1), "shrink" not (0); "the" skipped
    assert token_recall(point, [*answer, _states(["shrunk"], [[0, 1]])]) == pytest.approx(1.0)


def test_token_recall_of_nothing_is_zero_and_a_point_of_function_words_counts_them_all() -> None:
    point = _states(["it", "is"], [[1, 0], [0, 1]])
    assert token_recall(point, []) == 0.0
    assert token_recall(_states([], []), [point]) == 0.0
    assert token_recall(point, [_states(["it"], [[1, 0]])]) == pytest.approx(0.5)


def test_word_pieces_the_question_already_says_earn_no_recall() -> None:
    point = _states(["bulb", "closed", "path"], [[1, 0], [0, 1], [0, 1]])
    echo = [_states(["the", "bulb"], [[1, 0], [1, 0]])]  # repeats the question's word, says nothing new
    assert token_recall(point, echo) == pytest.approx(1 / 3)
    assert token_recall(point, echo, given=frozenset({"why", "bulb", "light"})) == pytest.approx(0.0)
    assert recalled_pieces(["the", "bulb"], frozenset({"bulb"})).tolist() == [False, True]  # all given: kept


def test_a_long_answer_is_read_whole_in_chunks_of_whole_sentences() -> None:
    sentence = "Gradient checkpointing recomputes activations during the backward pass to save memory."
    answer = " ".join([sentence] * 40)
    chunks = answer_chunks(answer)
    assert len(chunks) > 1
    assert all(len(words(chunk)) <= CHUNK_WORDS for chunk in chunks)
    assert " ".join(chunks) == answer
    assert answer_chunks("  short answer.  ") == ["short answer."]
    assert answer_chunks("   ") == []


def test_a_run_on_sentence_longer_than_a_chunk_is_read_whole_in_windows() -> None:
    run_on = " ".join(f"word{n}" for n in range(CHUNK_WORDS + 20)) + "."
    chunks = answer_chunks(f"First point here. {run_on} Last point here.")
    assert all(len(words(chunk)) <= CHUNK_WORDS for chunk in chunks)
    assert words(" ".join(chunks)) == words(f"First point here. {run_on} Last point here.")


def test_minilm_word_pieces_leave_out_the_special_tokens_and_are_unit_vectors(embedder: Embedder) -> None:
    reader = token_reader_for(embedder)
    assert isinstance(embedder, CachedEmbedder) and reader.encoder is embedder.inner  # the same MiniLM
    (states,) = reader.encoder.token_states(["Quantisation shrinks weights."])
    assert "[CLS]" not in states.tokens and "[SEP]" not in states.tokens
    np.testing.assert_allclose(np.linalg.norm(states.vectors, axis=1), 1.0, rtol=1e-5)


def test_a_paraphrase_recalls_the_point_better_than_an_unrelated_answer(embedder: Embedder) -> None:
    reader = TokenRecallReader(token_reader_for(embedder).encoder)
    point = "Opening the switch breaks the circuit, so no current flows."
    paraphrase, unrelated = "Current stops because the open switch breaks the circuit.", "Bulbs are made of glass."
    stated, other = reader.recalls([point], paraphrase)[0], reader.recalls([point], unrelated)[0]
    assert stated > other + 0.1
    padded = " ".join(["I will talk about many unrelated things first, like the weather today."] * 30)
    assert reader.recalls([point], f"{padded} {paraphrase}")[0] == pytest.approx(stated, abs=0.1)


def test_repeating_the_question_recalls_less_of_the_point_than_answering_it(embedder: Embedder) -> None:
    reader = TokenRecallReader(token_reader_for(embedder).encoder)
    question = "Why does the bulb light when the switch is closed?"
    point = "The closed switch completes the circuit, so current flows through the bulb."
    echo = "The bulb lights when the switch is closed."
    plain, demoted = reader.recalls([point], echo)[0], reader.recalls([point], echo, question)[0]
    assert demoted < plain - 0.05
    answered = reader.recalls([point], "Closing it completes the circuit and current flows.", question)[0]
    assert answered > demoted + 0.05
    assert reader.question_pieces(question) >= {"bulb", "switch", "closed"}


class CountingEncoder:
    """The MiniLM encoder, noting every text it runs a forward pass over in `encoded`."""

    def __init__(self, encoder: TokenEncoder, encoded: list[str]) -> None:
        self.encoder, self.encoded = encoder, encoded

    def token_states(self, texts: Sequence[str]) -> list[TokenStates]:
        self.encoded.extend(texts)
        return self.encoder.token_states(texts)

    def word_pieces(self, texts: Sequence[str]) -> list[tuple[str, ...]]:
        return self.encoder.word_pieces(texts)


def test_an_answer_read_again_is_not_encoded_again_and_recalls_the_same(embedder: Embedder) -> None:
    encoder = token_reader_for(embedder).encoder
    encoded: list[str] = []

    reader = TokenRecallReader(CountingEncoder(encoder, encoded))
    answer = "Int8 halves the memory of the weights. The speed-up needs int8 kernels."
    first = reader.recalls(["Int8 halves weight memory."], answer)
    again = reader.recalls(["Int8 halves weight memory.", "The speed-up needs kernels."], answer)
    assert encoded.count(answer) == 1 and again[0] == first[0]
    assert again[1] > 0.5


def test_a_questions_word_pieces_are_read_without_running_the_encoder(embedder: Embedder) -> None:
    encoder = token_reader_for(embedder).encoder
    encoded: list[str] = []

    question = "Why does ZeRO-3 shard the parameters across data-parallel ranks?"
    (states,) = encoder.token_states([question])
    assert TokenRecallReader(CountingEncoder(encoder, encoded)).question_pieces(question) == {
        t.lower() for t in states.tokens
    }
    assert encoded == []

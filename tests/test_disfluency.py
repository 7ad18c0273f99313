"""Spoken fillers are left out of what the models read; the evidence stays verbatim."""

from __future__ import annotations

import pytest

from interviewer.grading.disfluency import readable, without_fillers
from interviewer.grading.sentences import MAX_SPAN_WORDS, split_spans


@pytest.mark.parametrize(
    ("spoken", "read"),
    [
        ("so um the kv cache uh stores you know the keys", "so the kv cache stores the keys"),
        ("Hmm, I think erm fp16 is fine", "I think fp16 is fine"),
        ("uhh the you know, master weights", "the master weights"),
    ],
)
def test_fillers_are_taken_out(spoken: str, read: str) -> None:
    assert without_fillers(spoken) == read


@pytest.mark.parametrize(
    "written",
    [
        "if you know the output length up front, allocate exactly that",
        "Umbrella terms such as humility and summary stay",
        "do you know what the p99 is",
    ],
)
def test_words_that_only_look_like_fillers_stay(written: str) -> None:
    assert without_fillers(written) == written


def test_a_text_of_fillers_alone_is_kept_as_it_is() -> None:
    assert without_fillers("um uh") == "um uh"


def test_run_on_speech_is_cut_into_verbatim_windows() -> None:
    answer = " ".join(f"word{n}" for n in range(3 * MAX_SPAN_WORDS))
    spans = split_spans(answer)
    assert all(answer[s.start : s.end] == s.text for s in spans)
    assert max(len(s.text.split()) for s in spans) == MAX_SPAN_WORDS
    assert spans[0].text.split()[0] == "word0" and spans[-1].text.split()[-1] == f"word{3 * MAX_SPAN_WORDS - 1}"


@pytest.mark.parametrize(
    ("spoken", "read"),
    [
        ("um FP sixteen halves the memory of fp thirty two", "FP16 halves the memory of fp32"),
        ("uh the P ninety nine latency and int eight kernels", "the P99 latency and int8 kernels"),
        ("bf sixteen keeps the range", "bf16 keeps the range"),
    ],
)
def test_number_formats_said_aloud_are_read_as_written(spoken: str, read: str) -> None:
    assert readable(spoken) == read


def test_other_number_words_stay_words() -> None:
    assert readable("the two stages and one of eight GPUs") == "the two stages and one of eight GPUs"

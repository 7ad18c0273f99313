"""tiktoken works offline from the BPE data bundled in quicktok-v1, and agrees with quicktok."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import quicktok

from interviewer.errors import ConfigError
from interviewer.llm.tokens import PINNED_SHA256, count_tokens, seed_tiktoken_cache, truncate_to_tokens

TEXTS = ["hello world", "ZeRO-3 all-gathers parameters in forward and backward.", "fp16 vs int8: 漢字 and émoji 🚀", ""]


@pytest.mark.parametrize("name", sorted(PINNED_SHA256))
def test_counts_match_an_independent_tokenizer(name: str) -> None:
    reference = quicktok.get_encoding(name)
    for text in TEXTS:
        assert count_tokens(text, name) == len(reference.encode(text))


def test_seeded_files_match_tiktokens_pinned_hashes(tmp_path: Path) -> None:
    seed_tiktoken_cache(tmp_path)
    digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.iterdir()}
    assert digests == {sha for _, sha in PINNED_SHA256.values()}


def test_langchain_token_counting_works_offline() -> None:
    from langchain_core.messages import HumanMessage
    from langchain_openai import ChatOpenAI

    model = ChatOpenAI(model="gpt-4o-mini", api_key="unused")  # type: ignore[arg-type]
    assert model.get_num_tokens_from_messages([HumanMessage("hello world")]) > 2


def test_truncation_and_unknown_encoding() -> None:
    text, cut = truncate_to_tokens("one two three four five six", 3)
    assert cut and count_tokens(text) == 3
    assert truncate_to_tokens("short", 10) == ("short", False)
    with pytest.raises(ConfigError):
        count_tokens("x", "p50k_base")

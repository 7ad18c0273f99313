"""Ingest and retrieval, against embedded Chroma and a real `chroma run` server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from interviewer.bank.models import Question
from interviewer.errors import StoreError
from interviewer.store.chroma import open_client
from interviewer.store.embeddings import Embedder
from interviewer.store.ingest import ingest
from interviewer.store.knowledge import KnowledgeStore

SEED_PARAPHRASES = {
    "fp16-vs-int8-inference": "Should I deploy my model in half precision or 8-bit integers, and how do I check which is better?",
    "zero-sharding-stages": "Walk me through ZeRO stage 1, 2 and 3 sharding of optimizer state, gradients and weights: memory savings versus communication cost, and when to use each stage.",
    "spot-fault-tolerant-training": "How would you build a training system on preemptible VMs that loses little progress when nodes disappear?",
    "canary-rollout-strategy": "How would you roll out new model versions with canaries and A/B splits, statistical tests, rollback rules, shadow traffic and the metrics that justify full promotion?",
    "training-vs-latency-prioritization": "How would you split a small team between making training cheaper and making serving faster?",
}


@pytest.fixture(params=["embedded", "server"])
def store(request: pytest.FixtureRequest, tmp_path: Path, embedder: Embedder) -> Iterator[KnowledgeStore]:
    if request.param == "embedded":
        client = open_client(tmp_path / "chroma")
    else:
        client = open_client(tmp_path, request.getfixturevalue("chroma_server"))
        for collection in client.list_collections():
            client.delete_collection(collection.name)
    yield KnowledgeStore(client, embedder)


def test_ingest_is_idempotent_and_incremental(store: KnowledgeStore, bank_questions: dict[str, Question]) -> None:
    questions = list(bank_questions.values())
    first = ingest(store, questions)
    assert (first.added, first.unchanged) == (len(questions), 0) and first.embedded_texts > len(questions)
    again = ingest(store, questions)
    assert (again.added, again.updated, again.removed, again.embedded_texts) == (0, 0, 0, 0)
    changed = questions[0].model_copy(update={"text": questions[0].text + " Be specific."})
    update = ingest(store, [changed, *questions[2:]])
    assert (update.updated, update.removed, update.added, update.unchanged) == (1, 1, 0, len(questions) - 2)
    assert update.embedded_texts == 1 + len(changed.rubric) + len(
        store.search_passages("x", k=500, question_id=changed.id)
    )
    assert questions[1].id not in store.stored_hashes()
    assert store.search_passages("anything", question_id=questions[1].id) == []


def test_paraphrases_retrieve_their_seed_question_first(
    store: KnowledgeStore, bank_questions: dict[str, Question]
) -> None:
    ingest(store, list(bank_questions.values()))
    for question_id, paraphrase in SEED_PARAPHRASES.items():
        hits = store.search_questions(paraphrase, k=3)
        assert hits[0].question_id == question_id, [(h.question_id, round(h.similarity, 3)) for h in hits]
        assert 0.0 < hits[0].similarity <= 1.0


def test_filters_and_rubric_points(store: KnowledgeStore, bank_questions: dict[str, Question]) -> None:
    ingest(store, list(bank_questions.values()))
    hard = store.search_questions("training", k=50, difficulty="Hard")
    assert hard and all(h.metadata["difficulty"] == "Hard" for h in hard)
    in_subtopic = store.search_questions("memory", k=50, subtopic="distributed-training")
    assert all("distributed-training" in bank_questions[h.question_id].subtopics for h in in_subtopic)
    seed = bank_questions["zero-sharding-stages"]
    points = store.rubric_points(seed.id)
    assert [p.metadata["point_id"] for p in points] == [p.id for p in seed.rubric]
    passages = store.search_passages("communication volume of stage 3", k=2, question_id=seed.id)
    assert passages and all(p.question_id == seed.id for p in passages)


class OtherEmbedder:
    name = "other-model"
    dimension = 384

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner

    def embed(self, texts: list[str]):  # type: ignore[no-untyped-def]
        return self.inner.embed(texts)


def test_a_store_built_with_another_model_is_embedded_again(
    store: KnowledgeStore, bank_questions: dict[str, Question]
) -> None:
    """Its vectors could not be compared with the new model's: they are dropped, and the next ingest
    embeds the bank again and says so, once."""
    questions = list(bank_questions.values())[:3]
    ingest(store, questions)
    reopened = KnowledgeStore(store.client, OtherEmbedder(store.embedder))
    assert reopened.stored_hashes() == {}
    report = ingest(reopened, questions)
    assert (report.added, report.rebuilt_from) == (3, store.embedder.name)
    assert report.summary().startswith(f"vectors of {store.embedder.name!r} dropped")
    assert {c.metadata["embedding_model"] for c in reopened.collections.values()} == {"other-model"}
    assert reopened.search_questions(questions[1].text, k=1)[0].question_id == questions[1].id
    again = ingest(reopened, questions)
    assert (again.rebuilt_from, again.embedded_texts) == (None, 0)


def test_unreachable_server_is_a_clear_error() -> None:
    from conftest import free_port

    with pytest.raises(StoreError, match="cannot reach the Chroma server"):
        open_client(Path("unused"), f"http://127.0.0.1:{free_port()}")


def test_chroma_default_embedding_function_is_never_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, embedder: Embedder, bank_questions: dict[str, Question]
) -> None:
    from chromadb.utils import embedding_functions

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("Chroma's default embedding function (which downloads a model) was called")

    monkeypatch.setattr(embedding_functions.DefaultEmbeddingFunction, "__call__", refuse)
    store = KnowledgeStore(open_client(tmp_path), embedder)
    ingest(store, list(bank_questions.values())[:3])
    assert store.search_questions("quantization", k=1)

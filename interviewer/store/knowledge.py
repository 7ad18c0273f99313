"""The knowledge store: questions, rubric points and reference passages as Chroma collections."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from interviewer.bank.models import Question
from interviewer.store.documents import Record, passage_records, question_records, rubric_records
from interviewer.store.embeddings import Embedder, Vectors

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

COLLECTIONS = {
    "questions": question_records,
    "rubric-points": rubric_records,
    "passages": passage_records,
}
CANDIDATES = 30  # questions re-ranked by a question search (at least k)
POINT_WEIGHT = 0.4  # share of the best rubric-point similarity in a question's ranking score
MAX_RUBRIC_POINTS = 8  # the schema's maximum per question


@dataclass(frozen=True)
class Hit:
    id: str
    question_id: str
    text: str
    similarity: float
    metadata: dict[str, Any]


def where_clause(filters: dict[str, str | None]) -> dict[str, Any] | None:
    """Chroma `where` for metadata filters; `subtopic` matches any of a question's subtopics."""
    terms: list[dict[str, Any]] = []
    for key, value in filters.items():
        if value:
            terms.append({f"sub_{value}": True} if key == "subtopic" else {key: value})
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else {"$and": terms}


class KnowledgeStore:
    """Chroma collections built with one embedding model, which every query must also use."""

    def __init__(self, client: ClientAPI, embedder: Embedder) -> None:
        self.client = client
        self.embedder = embedder
        self.rebuilt_from: str | None = None  # the embedding model of vectors dropped on opening, if any
        self.collections = {name: self._collection(name) for name in COLLECTIONS}

    def _collection(self, name: str) -> Collection:
        """The collection, emptied when its vectors came from another embedding model: it holds only what
        ingest derives from the bank, which the next ingest embeds again (`Workspace.ready_store`, the app's
        start, `interviewer ingest`)."""
        collection = self._open(name)
        built_with = (collection.metadata or {}).get("embedding_model")
        if built_with != self.embedder.name:
            self.client.delete_collection(collection.name)
            self.rebuilt_from = str(built_with)
            collection = self._open(name)
        return collection

    def _open(self, name: str) -> Collection:
        return self.client.get_or_create_collection(
            f"interviewer-{name}",
            embedding_function=None,  # never Chroma's default, which downloads a model
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"embedding_model": self.embedder.name, "dimension": self.embedder.dimension},
        )

    def reset(self) -> None:
        for name in COLLECTIONS:
            self.client.delete_collection(f"interviewer-{name}")
        self.collections = {name: self._collection(name) for name in COLLECTIONS}

    def stored_hashes(self) -> dict[str, str]:
        got = self.collections["questions"].get(include=["metadatas"])
        return {str(m["question_id"]): str(m["content_hash"]) for m in got["metadatas"] or []}

    def remove(self, question_ids: Iterable[str]) -> None:
        ids = list(question_ids)
        if ids:
            for collection in self.collections.values():
                collection.delete(where={"question_id": {"$in": ids}})  # type: ignore[dict-item]

    def add(self, questions: Sequence[Question]) -> int:
        """Embed and store the records of `questions`; return how many texts were embedded."""
        embedded = 0
        for name, to_records in COLLECTIONS.items():
            records = [r for q in questions for r in to_records(q)]
            if records:
                self._upsert(self.collections[name], records)
                embedded += len(records)
        return embedded

    def _upsert(self, collection: Collection, records: list[Record]) -> None:
        vectors = self.embedder.embed([r.text for r in records])
        for start in range(0, len(records), 1000):
            chunk = records[start : start + 1000]
            collection.upsert(
                ids=[r.id for r in chunk],
                embeddings=vectors[start : start + 1000],
                documents=[r.text for r in chunk],
                metadatas=[dict(r.metadata) for r in chunk],
            )

    def _query(self, name: str, text: str, k: int, where: dict[str, Any] | None) -> list[Hit]:
        return self._query_vector(name, self.embedder.embed([text]), k, where)

    def _query_vector(self, name: str, vector: Vectors, k: int, where: dict[str, Any] | None) -> list[Hit]:
        collection = self.collections[name]
        count = collection.count()
        if count == 0:
            return []
        result = collection.query(
            query_embeddings=vector,
            n_results=min(k, count),
            where=where,
            include=["documents", "metadatas", "distances"],
        )
        documents, metadatas = result["documents"] or [[]], result["metadatas"] or [[]]
        distances = result["distances"] or [[]]
        rows = zip(result["ids"][0], documents[0], metadatas[0], distances[0], strict=True)
        return [Hit(i, str(m["question_id"]), d, 1.0 - float(dist), dict(m)) for i, d, m, dist in rows]

    def search_questions(self, text: str, k: int = 5, **filters: str | None) -> list[Hit]:
        """Nearest bank questions to free text, best first.

        The nearest CANDIDATES questions by text are re-ranked by a blend of that similarity and the best
        similarity among each one's rubric points (POINT_WEIGHT): a short query often names what an answer
        covers rather than how the question is worded. `similarity` stays the cosine similarity of the
        question text, on which thresholds are calibrated; `metadata["score"]` is the ranking score.
        """
        vector = self.embedder.embed([text])
        candidates = self._query_vector("questions", vector, max(k, CANDIDATES), where_clause(filters))
        best = self._best_point_similarity(vector, [h.question_id for h in candidates])
        scored = [_ranked(h, best.get(h.question_id, h.similarity)) for h in candidates]
        return sorted(scored, key=lambda h: -float(h.metadata["score"]))[:k]

    def _best_point_similarity(self, vector: Vectors, question_ids: list[str]) -> dict[str, float]:
        if not question_ids:
            return {}
        where = {"question_id": {"$in": question_ids}}
        best: dict[str, float] = {}
        for hit in self._query_vector("rubric-points", vector, MAX_RUBRIC_POINTS * len(question_ids), where):
            best[hit.question_id] = max(best.get(hit.question_id, -1.0), hit.similarity)
        return best

    def search_passages(self, text: str, k: int = 5, question_id: str | None = None) -> list[Hit]:
        return self._query("passages", text, k, where_clause({"question_id": question_id}))

    def search_rubric_points(self, text: str, k: int = 5, **filters: str | None) -> list[Hit]:
        return self._query("rubric-points", text, k, where_clause(filters))

    def rubric_points(self, question_id: str) -> list[Hit]:
        got = self.collections["rubric-points"].get(
            where={"question_id": question_id}, include=["documents", "metadatas"]
        )
        rows = zip(got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True)
        hits = [Hit(i, question_id, d, 1.0, dict(m)) for i, d, m in rows]
        return sorted(hits, key=lambda h: int(h.metadata["position"]))


def _ranked(hit: Hit, point_similarity: float) -> Hit:
    """The hit with its ranking score: question-text similarity blended with its best rubric point's."""
    score = (1 - POINT_WEIGHT) * hit.similarity + POINT_WEIGHT * point_similarity
    return replace(hit, metadata={**hit.metadata, "score": score, "point_similarity": point_similarity})

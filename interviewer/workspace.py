"""Wires settings to the shared, read-only resources: banks, embedder, knowledge store."""

from __future__ import annotations

from functools import cached_property

from interviewer.bank.loader import LoadedBank, all_questions, load_banks
from interviewer.bank.models import Question
from interviewer.config import Settings, load_settings
from interviewer.errors import QuestionNotFound
from interviewer.store.chroma import open_client
from interviewer.store.embeddings import Embedder, make_embedder
from interviewer.store.ingest import IngestReport, ingest
from interviewer.store.knowledge import KnowledgeStore


class Workspace:
    """Loads each resource on first use; holds no per-user state."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()

    @cached_property
    def banks(self) -> list[LoadedBank]:
        return load_banks(self.settings.knowledge_dir)

    @cached_property
    def questions(self) -> dict[str, Question]:
        return {q.id: q for q in all_questions(self.banks)}

    @cached_property
    def embedder(self) -> Embedder:
        s = self.settings
        return make_embedder(s.embedding_model, s.api_key, s.openai_base_url)

    @cached_property
    def store(self) -> KnowledgeStore:
        client = open_client(self.settings.chroma_dir, self.settings.chroma_url)
        return KnowledgeStore(client, self.embedder)

    def question(self, question_id: str) -> Question:
        try:
            return self.questions[question_id]
        except KeyError:
            raise QuestionNotFound(f"unknown question id {question_id!r} (see `interviewer bank search`)") from None

    def ingest(self, rebuild: bool = False) -> IngestReport:
        return ingest(self.store, list(self.questions.values()), rebuild=rebuild)

    def ready_store(self) -> KnowledgeStore:
        """The store, ingested first if it is empty or stale (a no-op when up to date)."""
        self.ingest()
        return self.store

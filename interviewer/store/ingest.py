"""Idempotent, incremental ingest: content hashes decide what is embedded again."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from interviewer.bank.models import Question
from interviewer.store.documents import content_hash
from interviewer.store.knowledge import KnowledgeStore


@dataclass(frozen=True)
class IngestReport:
    added: int
    updated: int
    removed: int
    unchanged: int
    embedded_texts: int
    rebuilt_from: str | None = None  # the embedding model whose vectors were dropped, if the store held another's

    def summary(self) -> str:
        rebuilt = f"vectors of {self.rebuilt_from!r} dropped, the bank embedded again: " if self.rebuilt_from else ""
        return (
            f"{rebuilt}{self.added} added, {self.updated} updated, {self.removed} removed, "
            f"{self.unchanged} unchanged; {self.embedded_texts} texts embedded"
        )


def ingest(store: KnowledgeStore, questions: Sequence[Question], rebuild: bool = False) -> IngestReport:
    """Bring the store in line with `questions`: embed new and changed ones, drop removed ones."""
    if rebuild:
        store.reset()
    rebuilt_from, store.rebuilt_from = store.rebuilt_from, None  # told once
    stored = store.stored_hashes()
    current = {q.id: q for q in questions}
    changed = [q for q in questions if stored.get(q.id) != content_hash(q)]
    removed = [qid for qid in stored if qid not in current]
    updated = [q.id for q in changed if q.id in stored]
    store.remove(removed + updated)
    embedded = store.add(changed)
    return IngestReport(
        added=len(changed) - len(updated),
        updated=len(updated),
        removed=len(removed),
        unchanged=len(questions) - len(changed),
        embedded_texts=embedded,
        rebuilt_from=rebuilt_from,
    )

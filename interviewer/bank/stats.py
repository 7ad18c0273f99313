"""Coverage of a bank: questions per subtopic × difficulty (by primary subtopic) and per type (pure counting)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from interviewer.bank.loader import LoadedBank
from interviewer.bank.models import Difficulty, QuestionType

DIFFICULTIES = tuple(Difficulty)


@dataclass(frozen=True)
class Coverage:
    """Counts of one bank; `subtopics` in bank.yaml order, then any primary subtopic it does not list."""

    bank_id: str
    title: str
    subtopics: tuple[str, ...]
    cells: Mapping[tuple[str, Difficulty], int]
    types: Mapping[QuestionType, int]
    total: int

    def count(self, subtopic: str, difficulty: Difficulty) -> int:
        return self.cells.get((subtopic, difficulty), 0)

    def subtopic_total(self, subtopic: str) -> int:
        return sum(self.count(subtopic, d) for d in DIFFICULTIES)

    def difficulty_total(self, difficulty: Difficulty) -> int:
        return sum(self.count(s, difficulty) for s in self.subtopics)

    @property
    def empty_cells(self) -> list[tuple[str, Difficulty]]:
        return [(s, d) for s in self.subtopics for d in DIFFICULTIES if not self.count(s, d)]


def coverage(loaded: LoadedBank) -> Coverage:
    """Count each question once, under its primary (first) subtopic; every type appears, zeros included."""
    cells = Counter((q.subtopics[0], q.difficulty) for q in loaded.questions)
    listed = [s.id for s in loaded.bank.subtopics]
    unlisted = sorted({q.subtopics[0] for q in loaded.questions} - set(listed))
    types = Counter(q.type for q in loaded.questions)
    return Coverage(
        bank_id=loaded.bank.id,
        title=loaded.bank.title,
        subtopics=(*listed, *unlisted),
        cells=dict(cells),
        types={t: types[t] for t in QuestionType},
        total=len(loaded.questions),
    )

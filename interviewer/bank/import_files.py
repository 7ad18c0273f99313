"""Writing imported questions into a bank folder: the questions and bank.yaml (new, or its subtopics
extended), all or nothing (`staging`)."""

from __future__ import annotations

from pathlib import Path

from interviewer.bank.loader import BANK_FILE
from interviewer.bank.models import Bank, Question, Subtopic
from interviewer.bank.staging import commit_files, to_yaml


def _new_subtopics(bank: Bank | None, questions: list[Question], source: Path) -> list[Subtopic]:
    known = {s.id for s in bank.subtopics} if bank else set()
    new = [s for s in dict.fromkeys(s for q in questions for s in q.subtopics) if s not in known]
    return [
        Subtopic(id=s, title=s.replace("-", " ").capitalize(), description=f"Added by import from {source.name}.")
        for s in new
    ]


def _bank_with(bank: Bank | None, bank_id: str, added: list[Subtopic], title: str | None, source: Path) -> Bank:
    """The bank with `added` subtopics appended, or a new bank when there was none."""
    if bank is not None:
        return bank.model_copy(update={"subtopics": [*bank.subtopics, *added]})
    return Bank(
        id=bank_id,
        title=title or bank_id.replace("-", " ").capitalize(),
        description=f"Questions imported from {source.name}.",
        subtopics=added,
    )


def write_imported(
    folder: Path, before: Bank | None, questions: list[Question], title: str | None, source: Path, own: set[str]
) -> tuple[str, ...]:
    """Write bank.yaml (when new or given new subtopics) and the questions, all or nothing; return the
    subtopics added. Of the existing files, only bank.yaml (its subtopics extended) and the questions
    whose ids are in `own` (replaced with --overwrite) may be replaced."""
    added = _new_subtopics(before, questions, source)
    files = {f"{q.id}.yaml": to_yaml(q) for q in questions}
    if added:
        files[BANK_FILE] = to_yaml(_bank_with(before, folder.name, added, title, source))
    replaceable = {f"{i}.yaml" for i in own} | ({BANK_FILE} if before is not None else set())
    commit_files(folder, files, may_replace=replaceable)
    return tuple(s.id for s in added)

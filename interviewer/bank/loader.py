"""Load and validate question banks from YAML, reporting every problem with file and field."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from interviewer.bank.models import Bank, Question
from interviewer.errors import BankError

BANK_FILE = "bank.yaml"
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class LoadedBank:
    bank: Bank
    questions: tuple[Question, ...]
    folder: Path

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)


def field_path(location: Iterable[int | str]) -> str:
    """Render a pydantic error location as `rubric[2].weight`."""
    rendered = ""
    for part in location:
        rendered += f"[{part}]" if isinstance(part, int) else f".{part}" if rendered else str(part)
    return rendered or "(file)"


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice in one mapping (YAML says keys are unique; PyYAML
    would silently keep the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, Hashable) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r} in one mapping", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _yaml_problem(path: Path, exc: yaml.YAMLError) -> str:
    """`file:line:column: cannot read YAML: what` (line and column counted from 1)."""
    mark = getattr(exc, "problem_mark", None)
    what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if mark is None:
        return f"{path}: cannot read YAML: {what}"
    return f"{path}:{mark.line + 1}:{mark.column + 1}: cannot read YAML: {what}"


def read_yaml(text: str) -> Any:
    """YAML as the banks are read: safe, and a duplicate key is an error."""
    return yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass: safe


def _read_yaml(path: Path, problems: list[str]) -> Any:
    try:
        return read_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path}: cannot read YAML: {str(exc).splitlines()[0]}")
    except yaml.YAMLError as exc:
        problems.append(_yaml_problem(path, exc))
    return None


def _parse(model: type[M], path: Path, problems: list[str]) -> M | None:
    data = _read_yaml(path, problems)
    if data is None:
        if not problems or not problems[-1].startswith(str(path)):
            problems.append(f"{path}: file is empty")
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            problems.append(f"{path}: {field_path(error['loc'])}: {error['msg']}")
        return None


def _question_problems(question: Question, path: Path, bank: Bank | None) -> list[str]:
    problems: list[str] = []
    if question.id != path.stem:
        problems.append(f"{path}: id: '{question.id}' must match the file name '{path.stem}'")
    if bank is not None and question.bank != bank.id:
        problems.append(f"{path}: bank: '{question.bank}' is not this folder's bank '{bank.id}'")
    known_subtopics = {s.id for s in bank.subtopics} if bank else None
    for i, subtopic in enumerate(question.subtopics):
        if known_subtopics is not None and subtopic not in known_subtopics:
            problems.append(f"{path}: subtopics[{i}]: unknown subtopic '{subtopic}'")
    point_ids = [p.id for p in question.rubric]
    for i, point_id in enumerate(point_ids):
        if point_ids.index(point_id) != i:
            problems.append(f"{path}: rubric[{i}].id: duplicate rubric point id '{point_id}'")
    for i, follow_up in enumerate(question.follow_ups):
        for j, probe in enumerate(follow_up.probes):
            if probe not in point_ids:
                problems.append(f"{path}: follow_ups[{i}].probes[{j}]: unknown rubric point '{probe}'")
    for i, flag in enumerate(question.red_flags):
        if flag.contradicts is not None and flag.contradicts not in point_ids:
            problems.append(f"{path}: red_flags[{i}].contradicts: unknown rubric point '{flag.contradicts}'")
    return problems


def _load_folder(folder: Path, problems: list[str]) -> LoadedBank | None:
    bank = _parse(Bank, folder / BANK_FILE, problems)
    if bank is not None and bank.id != folder.name:
        problems.append(f"{folder / BANK_FILE}: id: '{bank.id}' must match the folder name '{folder.name}'")
    questions: list[Question] = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name == BANK_FILE:
            continue
        question = _parse(Question, path, problems)
        if question is not None:
            problems.extend(_question_problems(question, path, bank))
            questions.append(question)
    if bank is None:
        return None
    return LoadedBank(bank=bank, questions=tuple(questions), folder=folder)


def bank_folders(path: Path) -> list[Path]:
    """A bank folder itself, or every bank folder under a knowledge root."""
    if not path.exists():
        raise BankError([f"{path}: no such file or directory"])
    if (path / BANK_FILE).is_file():
        return [path]
    folders = sorted(p.parent for p in path.glob(f"*/{BANK_FILE}"))
    if not folders:
        raise BankError([f"{path}: no bank found (a bank is a folder with a {BANK_FILE})"])
    return folders


def collect_banks(path: Path) -> tuple[list[LoadedBank], list[str]]:
    """Load every bank under `path`; return them with every problem found (never stops early)."""
    problems: list[str] = []
    banks = [b for folder in bank_folders(path) if (b := _load_folder(folder, problems))]
    seen: dict[str, Path] = {}
    for loaded in banks:
        for question in loaded.questions:
            where = loaded.folder / f"{question.id}.yaml"
            if question.id in seen and seen[question.id] != where:
                problems.append(f"{where}: id: duplicate question id '{question.id}' (also in {seen[question.id]})")
            seen.setdefault(question.id, where)
    return banks, problems


def load_banks(path: Path) -> list[LoadedBank]:
    """Load banks, raising BankError listing every problem if any file is invalid."""
    banks, problems = collect_banks(path)
    if problems:
        raise BankError(problems)
    return banks


def all_questions(banks: Iterable[LoadedBank]) -> list[Question]:
    return [q for loaded in banks for q in loaded.questions]

"""Writing a bank: models as YAML in the bank's own style, and files into a bank folder all-or-nothing.

The new files are staged in a temporary folder beside the bank, together with a copy of the bank as it
is; the whole resulting bank is validated there; only then do the files move into place, one atomic
rename each, `bank.yaml` first (a bank with a subtopic no question uses yet is still valid), so the
folder is a loadable bank at every moment and a refused import leaves it exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Collection, Mapping
from pathlib import Path

import yaml
from pydantic import BaseModel

from interviewer.bank.loader import BANK_FILE, collect_banks
from interviewer.errors import BankError


def commit_files(folder: Path, files: Mapping[str, str], may_replace: Collection[str] = ()) -> None:
    """Write `files` (name → text) into the bank `folder`, or nothing at all.

    An existing file is replaced only when its name is in `may_replace`; any other clash, and any
    problem the written files would add to the bank, raises BankError before anything is moved."""
    clashes = sorted(name for name in files if (folder / name).exists() and name not in may_replace)
    if clashes:
        raise BankError([f"{folder / name}: already exists; not replaced (use --overwrite)" for name in clashes])
    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".import-", dir=folder.parent) as scratch:
        staged = Path(scratch) / folder.name
        if folder.is_dir():
            shutil.copytree(folder, staged)
        else:
            staged.mkdir()
        for name, text in files.items():
            _write_synced(staged / name, text)
        _validate(staged, folder)
        _move_into_place(staged, folder, files)


def _write_synced(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _problems(folder: Path, shown_as: Path) -> list[str]:
    if not (folder / BANK_FILE).is_file():
        return []
    _, problems = collect_banks(folder)
    return [p.replace(str(folder), str(shown_as), 1) for p in problems]


def _validate(staged: Path, folder: Path) -> None:
    """The staged bank loads with no problem the bank did not already have."""
    before = set(_problems(folder, folder))
    added = [p for p in _problems(staged, folder) if p not in before]
    if not (staged / BANK_FILE).is_file():
        added.insert(0, f"{folder / BANK_FILE}: missing")
    if added:
        raise BankError(["nothing was written: the bank would not load afterwards:", *added])


def _move_into_place(staged: Path, folder: Path, files: Mapping[str, str]) -> None:
    if not folder.exists():
        staged.rename(folder)  # a new bank appears in one step
        return
    for name in sorted(files, key=lambda n: n != BANK_FILE):
        os.replace(staged / name, folder / name)


class _Dumper(yaml.SafeDumper):
    """Multi-line text as `|` blocks; lists and mappings of scalars on one line, the rest as blocks."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _represent_str)


def to_yaml(model: BaseModel) -> str:
    """A bank model as YAML in the bank's own style; fields left at their defaults are omitted."""
    data = model.model_dump(mode="json", exclude_defaults=True)
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110, default_flow_style=None)

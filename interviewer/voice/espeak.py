"""Offline text to speech with espeak-ng: a Debian package, no model download, same bytes every time."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from interviewer.voice.types import VoiceError

ESPEAK_HINT = "spoken questions need espeak-ng: apt-get install espeak-ng (scripts/test.sh does as root)"


def espeak_binary(name: str = "espeak-ng") -> str:
    found = shutil.which(name)
    if found is None:
        raise VoiceError(f"{name} is not installed; {ESPEAK_HINT}")
    return found


class EspeakSpeaker:
    """Speaks text to a 22.05 kHz mono WAV with espeak-ng."""

    engine = "espeak-ng"

    def __init__(self, voice: str = "en-us", words_per_minute: int = 160, binary: str = "espeak-ng") -> None:
        self.voice = voice
        self.words_per_minute = words_per_minute
        self.binary = binary

    @property
    def model(self) -> str:
        return self.voice

    def synthesize(self, text: str) -> bytes:
        """The WAV bytes of `text` spoken; the text goes in on stdin, so it is never read as an option."""
        command = [espeak_binary(self.binary), "-v", self.voice, "-s", str(self.words_per_minute), "--stdin"]
        with tempfile.TemporaryDirectory(prefix="interviewer-tts-") as folder:
            out = Path(folder) / "speech.wav"
            try:
                subprocess.run(
                    [*command, "-w", str(out)], input=text.encode("utf-8"), capture_output=True, check=True, timeout=120
                )
                return out.read_bytes()
            except subprocess.CalledProcessError as exc:
                detail = exc.stderr.decode("utf-8", "replace").strip()
                raise VoiceError(f"espeak-ng failed ({exc.returncode}): {detail}") from exc
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise VoiceError(f"espeak-ng failed: {exc}") from exc

"""The interview tab's voice: a spoken answer becomes editable text plus delivery metrics, and prompts can be
spoken aloud. Plain functions of their inputs and the browser session's `VoiceState`; `VoiceService` holds
only the speech engines, shared read-only by every session and each built once, on first use.

A recording is kept only with the user's consent, as `<data_dir>/recordings/<session_id>/<turn><ext>`;
either way the temporary upload is deleted once it has been transcribed. Delivery is shown beside the
feedback and in the report, never inside the grade.
"""

from __future__ import annotations

import re
import shutil
import threading
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from interviewer.config import Settings
from interviewer.interview.session import Prompt, SessionError
from interviewer.ui.interview_flow import InterviewService, InterviewState
from interviewer.ui.render import escape
from interviewer.voice import (
    DeliveryMetrics,
    Speaker,
    SpokenAnswer,
    Transcriber,
    VoiceError,
    VoiceOptions,
    make_speaker,
    make_transcriber,
    speak_question,
    transcribe_answer,
    wav_samples,
)

SpokenAudio = tuple[int, npt.NDArray[np.int16]]
_SUFFIX = re.compile(r"\.[a-z0-9]{1,5}")


@dataclass(frozen=True)
class SpokenTurn:
    """The delivery of one spoken answer, and the kept copy of its recording (None without consent)."""

    turn: int
    delivery: DeliveryMetrics
    recording: Path | None = None


@dataclass(frozen=True)
class VoiceState:
    """Per browser session: the transcribed answer not sent yet, and the spoken answers that were sent."""

    session_id: str | None = None
    draft: SpokenTurn | None = None
    sent: tuple[SpokenTurn, ...] = ()


@dataclass(frozen=True)
class Transcribed:
    text: str
    delivery_markdown: str
    voice: VoiceState
    note: str


class VoiceService:
    """The speech-to-text and text-to-speech engines (offline, or OpenAI's when configured), built lazily once."""

    def __init__(
        self,
        settings: Settings,
        options: VoiceOptions | None = None,
        *,
        transcriber: Transcriber | None = None,
        speaker: Speaker | None = None,
    ) -> None:
        self.recordings = settings.data_dir / "recordings"
        self._settings = settings
        self._options = replace(options or VoiceOptions(), speak_questions=True)  # each user's checkbox decides
        self._transcriber = transcriber
        self._speaker = speaker
        self._lock = threading.Lock()

    def transcriber(self) -> Transcriber:
        with self._lock:
            if self._transcriber is None:
                self._transcriber = make_transcriber(self._settings, self._options)
            return self._transcriber

    def speaker(self) -> Speaker | None:
        with self._lock:
            if self._speaker is None:
                self._speaker = make_speaker(self._settings, self._options)
            return self._speaker


def keep_recording(source: Path, folder: Path, turn: int) -> Path:
    """Copy `source` to `folder/<turn><its extension>` (.wav when it has none), replacing an earlier take."""
    suffix = source.suffix.lower() if _SUFFIX.fullmatch(source.suffix.lower()) else ".wav"
    folder.mkdir(parents=True, exist_ok=True)
    for earlier in folder.glob(f"{turn}.*"):
        earlier.unlink()
    target = folder / f"{turn}{suffix}"
    shutil.copyfile(source, target)
    return target


UNREADABLE = "this file is not audio we can read: record again, or upload a WAV, MP3, M4A, OGG or WebM file"


def _transcribed(voice: VoiceService, source: Path, question: str) -> SpokenAnswer:
    """The recording transcribed; a file the decoder cannot read is one plain message, never its traceback."""
    transcriber = voice.transcriber()
    try:
        return transcribe_answer(transcriber, source, question)
    except VoiceError as exc:  # the decoder's error wrapped ("cannot transcribe the audio: [Errno …] Invalid data")
        if isinstance(exc.__cause__, OSError | ValueError) or "read" in str(exc):
            raise VoiceError(UNREADABLE) from exc
        raise
    except Exception as exc:  # the decoder's own errors (PyAV's InvalidDataError, wave.Error, …) differ by format
        raise VoiceError(UNREADABLE) from exc


def answer_from_recording(
    service: InterviewService, voice: VoiceService, state: InterviewState, spoken: VoiceState, audio: str, keep: bool
) -> Transcribed:
    """Transcribe the answer to the pending prompt; keep a copy only when `keep`, and delete the upload."""
    source = Path(audio)
    try:
        session = service.load(state)
        if state.ended or session.pending is None:
            raise SessionError("this interview has ended: start a new one")
        answer = _transcribed(voice, source, session.pending.text)
        turn = len(session.turns) + 1
        kept = keep_recording(source, voice.recordings / session.id, turn) if keep else None
    finally:
        source.unlink(missing_ok=True)
    draft = SpokenTurn(turn, answer.delivery, kept)
    note = f"Recording kept as `{kept}`." if kept else "Recording transcribed, then deleted."
    if not answer.transcript.text:
        note = "No speech was heard in the recording. " + note
    edit = " Check the text in the answer box, correct it if needed, then press Send."
    spoken = VoiceState(session.id, draft, spoken.sent if spoken.session_id == session.id else ())
    return Transcribed(answer.transcript.text, delivery_markdown(draft), spoken, note + edit)


def after_answer(spoken: VoiceState, before: InterviewState, after: InterviewState, skipped: bool) -> VoiceState:
    """The draft becomes a sent spoken answer when the turn it was made for has just been answered (not skipped)."""
    if after.answered == before.answered or spoken.session_id != before.session_id:
        return spoken  # no new turn (a repeated click), or a state from another interview
    draft = spoken.draft
    if draft is None or skipped or draft.turn != after.answered:
        return replace(spoken, draft=None)
    return replace(spoken, draft=None, sent=(*spoken.sent, draft))


def last_delivery_markdown(spoken: VoiceState, state: InterviewState) -> str:
    """The delivery of the answer just sent, when it was spoken; else nothing."""
    last = spoken.sent[-1] if spoken.sent else None
    return delivery_markdown(last) if last is not None and last.turn == state.answered else ""


def _counted(items: tuple[str, ...]) -> str:
    return ", ".join(f"{name} ×{n}" if n > 1 else name for name, n in Counter(items).items())


def delivery_lines(delivery: DeliveryMetrics) -> list[str]:
    d = delivery
    pauses = f"{d.long_pauses}, longest {d.longest_pause:.1f} s" if d.long_pauses else "none"
    return [
        f"pace: {d.words_per_minute:g} words per minute ({d.words} words in {d.duration:.1f} s)",
        f"fillers: {d.fillers_per_100_words:g} per 100 words" + (f" ({_counted(d.fillers)})" if d.fillers else ""),
        f"long pauses (1 s or more): {pauses}",
        f"hedges: {len(d.hedges)}" + (f" ({_counted(d.hedges)})" if d.hedges else ""),
    ]


def delivery_markdown(spoken: SpokenTurn) -> str:
    """How the answer was spoken, for the panel beside the feedback; marked approximate when Whisper was unsure."""
    unsure = " — approximate: the recogniser was unsure of some words" if spoken.delivery.approximate else ""
    head = f"**Delivery of your spoken answer (turn {spoken.turn})**{unsure}"
    lines = [head, "", "*How you spoke, not what you said: never part of the grade.*", ""]
    return "\n".join([*lines, *(f"- {line}" for line in delivery_lines(spoken.delivery))])


def recordings_of(voice: VoiceService, session_id: str) -> list[Path]:
    """The recordings kept with a session, by turn."""
    folder = voice.recordings / session_id
    found = [p for p in folder.glob("*.*") if p.stem.isdigit()] if folder.is_dir() else []
    return sorted(found, key=lambda p: int(p.stem))


def voice_report_html(spoken: VoiceState, recordings: list[Path]) -> str:
    """The report's section on spoken answers: delivery per turn and the recordings kept (empty without either)."""
    if not spoken.sent and not recordings:
        return ""
    rows = []
    for s in spoken.sent:
        approximate = " (approximate)" if s.delivery.approximate else ""
        cells = "".join(f"<li>{escape(line)}</li>" for line in delivery_lines(s.delivery))
        rows.append(f"<li>Turn {s.turn}{approximate}<ul>{cells}</ul></li>")
    kept = "".join(f"<li>Turn {p.stem}: <code>{escape(str(p))}</code></li>" for p in recordings)
    return (
        '<div class="voice-report"><h3>Spoken answers: delivery (not part of the grade)</h3>'
        + (f"<ul>{''.join(rows)}</ul>" if rows else "")
        + (f"<p><b>Recordings kept with this session</b></p><ul>{kept}</ul>" if kept else "")
        + "</div>"
    )


def spoken_prompt(voice: VoiceService, prompt: Prompt | None, speak: bool) -> SpokenAudio | None:
    """The pending prompt spoken, as (rate, samples) for an autoplaying gr.Audio; None (no voice work) when off."""
    if not speak or prompt is None:
        return None
    lead = "Follow-up." if prompt.kind == "follow_up" else f"Question {prompt.question_index + 1}."
    wav = speak_question(voice.speaker(), f"{lead} {prompt.text}")
    return None if wav is None else wav_samples(wav)


def pending_prompt(service: InterviewService, state: InterviewState) -> Prompt | None:
    """The prompt waiting for an answer, or None before the interview starts and after it ends."""
    if state.session_id is None or state.ended:
        return None
    return service.load(state).pending

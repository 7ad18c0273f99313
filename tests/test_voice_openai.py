"""The OpenAI audio path against a real HTTP server on 127.0.0.1 that answers like OpenAI's (no client mocks)."""

from __future__ import annotations

import copy
import email.parser
import email.policy
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from interviewer.config import load_settings
from interviewer.voice import (
    EspeakSpeaker,
    OpenAISpeaker,
    OpenAITranscriber,
    VoiceError,
    VoiceOptions,
    WhisperTranscriber,
    make_speaker,
    make_transcriber,
    speak_question,
    transcribe_answer,
    wav_from_samples,
)
from interviewer.voice.openai_audio import openai_client

VERBOSE_JSON: dict[str, Any] = {
    "task": "transcribe",
    "language": "english",
    "duration": 6.5,
    "text": "Um, I think int8 halves the memory, you know, of fp16.",
    "words": [
        {"word": "Um", "start": 0.0, "end": 0.3},
        {"word": "I", "start": 0.5, "end": 0.6},
        {"word": "think", "start": 0.6, "end": 0.9},
        {"word": "int8", "start": 2.4, "end": 2.9},
        {"word": "halves", "start": 2.9, "end": 3.3},
        {"word": "the", "start": 3.3, "end": 3.4},
        {"word": "memory", "start": 3.4, "end": 3.9},
        {"word": "you", "start": 4.0, "end": 4.1},
        {"word": "know", "start": 4.1, "end": 4.3},
        {"word": "of", "start": 4.4, "end": 4.5},
        {"word": "fp16", "start": 4.5, "end": 5.2},
    ],
}
WAV = wav_from_samples(16000, np.zeros(1600, dtype=np.int16))


@dataclass
class Recorded:
    requests: list[tuple[str, dict[str, str], bytes]] = field(default_factory=list)
    transcription: dict[str, Any] = field(default_factory=lambda: copy.deepcopy(VERBOSE_JSON))
    fail: bool = False


class AudioHandler(BaseHTTPRequestHandler):
    recorded: Recorded

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.recorded.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
        if self.recorded.fail:
            self._send(500, "application/json", b'{"error": {"message": "boom", "type": "server_error"}}')
        elif self.path == "/v1/audio/transcriptions":
            self._send(200, "application/json", json.dumps(self.recorded.transcription).encode())
        elif self.path == "/v1/audio/speech":
            self._send(200, "audio/wav", WAV)
        else:
            self._send(404, "application/json", b'{"error": {"message": "no such route"}}')

    def _send(self, status: int, content_type: str, payload: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, Recorded]]:
    recorded = Recorded()
    handler = type("Handler", (AudioHandler,), {"recorded": recorded})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1", recorded
    finally:
        httpd.shutdown()
        httpd.server_close()


def form_fields(headers: dict[str, str], body: bytes) -> dict[str, list[str | bytes]]:
    """The multipart form the client sent: field name → values (file parts as bytes)."""
    head = f"Content-Type: {headers['content-type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.default).parsebytes(head + body)
    fields: dict[str, list[str | bytes]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        value = payload if part.get_filename() else payload.decode()
        fields.setdefault(str(name), []).append(value)
    return fields


def test_transcription_asks_for_word_timestamps_and_reads_verbose_json(server: tuple[str, Recorded]) -> None:
    url, recorded = server
    transcriber = OpenAITranscriber(openai_client("sk-test", url, max_retries=0))
    transcript = transcriber.transcribe(WAV, hint="Compare fp16 and int8.")
    path, headers, body = recorded.requests[0]
    fields = form_fields(headers, body)
    assert path == "/v1/audio/transcriptions" and headers["authorization"] == "Bearer sk-test"
    assert fields["model"] == ["whisper-1"] and fields["response_format"] == ["verbose_json"]
    assert fields["timestamp_granularities[]"] == ["word"] and fields["file"] == [WAV]
    assert "um" in str(fields["prompt"][0]).lower() and "Compare fp16 and int8." in str(fields["prompt"][0])
    assert transcript.text == VERBOSE_JSON["text"] and (transcript.engine, transcript.model) == ("openai", "whisper-1")
    assert transcript.words[3].text == "int8" and (transcript.words[3].start, transcript.words[3].end) == (2.4, 2.9)
    assert all(w.probability is None for w in transcript.words) and transcript.duration == 6.5


def test_spoken_answer_metrics_come_from_the_servers_timings(server: tuple[str, Recorded], tmp_path: Path) -> None:
    url, _ = server
    audio = tmp_path / "answer.wav"
    audio.write_bytes(WAV)
    answer = transcribe_answer(OpenAITranscriber(openai_client("", url, max_retries=0)), audio, "a question")
    delivery = answer.delivery
    assert (delivery.words, delivery.duration, delivery.long_pauses, delivery.longest_pause) == (11, 5.2, 1, 1.5)
    assert delivery.fillers == ("um",)  # words come without commas, so "you know" is not counted
    assert delivery.hedges == ("i think",) and delivery.approximate is False


def test_probability_is_kept_when_the_server_sends_it(server: tuple[str, Recorded]) -> None:
    url, recorded = server
    recorded.transcription["words"][0]["probability"] = 0.25
    transcript = OpenAITranscriber(openai_client("", url, max_retries=0)).transcribe(WAV)
    assert transcript.words[0].probability == 0.25 and transcript.words[1].probability is None


def test_speech_comes_back_as_wav(server: tuple[str, Recorded]) -> None:
    url, recorded = server
    speaker = OpenAISpeaker(openai_client("sk-test", url, max_retries=0), voice="nova")
    assert speaker.synthesize("Why does the KV cache grow?") == WAV
    path, _, body = recorded.requests[0]
    sent = json.loads(body)
    assert path == "/v1/audio/speech"
    assert sent == {"model": "tts-1", "voice": "nova", "input": "Why does the KV cache grow?", "response_format": "wav"}


def test_server_errors_become_voice_errors(server: tuple[str, Recorded]) -> None:
    url, recorded = server
    recorded.fail = True
    client = openai_client("sk-test", url, max_retries=0)
    with pytest.raises(VoiceError, match="transcription server failed"):
        OpenAITranscriber(client).transcribe(WAV)
    with pytest.raises(VoiceError, match="speech server failed"):
        OpenAISpeaker(client).synthesize("hello")


def test_unreachable_server_is_a_voice_error() -> None:
    client = openai_client("", "http://127.0.0.1:9/v1", timeout=2, max_retries=0)
    with pytest.raises(VoiceError):
        OpenAITranscriber(client).transcribe(WAV)


def test_engines_follow_the_configuration(monkeypatch: pytest.MonkeyPatch, server: tuple[str, Recorded]) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    offline, remote = load_settings(), load_settings(openai_base_url=server[0])
    assert isinstance(make_transcriber(offline), WhisperTranscriber)
    assert isinstance(make_speaker(offline), EspeakSpeaker)
    assert isinstance(make_transcriber(remote), OpenAITranscriber)
    assert isinstance(make_speaker(remote), OpenAISpeaker)
    assert isinstance(make_transcriber(remote, VoiceOptions(stt="offline")), WhisperTranscriber)
    assert isinstance(make_transcriber(load_settings(openai_api_key="sk-x")), OpenAITranscriber)


def test_voice_can_be_turned_off(server: tuple[str, Recorded]) -> None:
    url, recorded = server
    speaker = make_speaker(load_settings(openai_base_url=url), VoiceOptions(speak_questions=False))
    assert speaker is None and speak_question(speaker, "Any question?") is None
    assert recorded.requests == []


def test_openai_without_key_or_url_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(VoiceError, match="OPENAI_API_KEY"):
        make_transcriber(load_settings(), VoiceOptions(stt="openai"))

"""The Chroma client: embedded under the data directory, or a `chroma run` server by URL."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import chromadb
from chromadb.api import ClientAPI
from chromadb.config import Settings as ChromaSettings

from interviewer.errors import StoreError


def open_client(chroma_dir: Path, url: str = "") -> ClientAPI:
    settings = ChromaSettings(anonymized_telemetry=False)
    if not url:
        chroma_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(chroma_dir), settings=settings)
    parsed = urlparse(url)
    if not parsed.hostname:
        raise StoreError(f"invalid Chroma server URL {url!r}: expected http://host:port")
    try:
        client = chromadb.HttpClient(
            host=parsed.hostname,
            port=parsed.port or 8000,
            ssl=parsed.scheme == "https",
            settings=settings,
        )
        client.heartbeat()
    except Exception as exc:  # chromadb raises several unrelated types for an unreachable server
        raise StoreError(f"cannot reach the Chroma server at {url}: {exc}") from exc
    return client

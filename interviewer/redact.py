"""Secrets never reach a stored or displayed error: one function, used wherever an error string is
kept (batch outputs, the session and coach stores) or shown (the CLI, the engine's model errors).

What is removed: every configured secret (the settings' secret fields and the database URL's password,
from the TOML file or the environment, and any environment variable named like a key, token, secret or
password), `sk-…` keys, `Bearer …` tokens and `api_key=…`-style pairs, whatever the provider echoed back."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from pydantic import SecretStr

from interviewer.grading.types import Grade

REDACTED = "[redacted]"
MIN_SECRET = 6  # shorter configured values would blank out ordinary words
_SECRET_NAME = re.compile(r"(API_?KEY|TOKEN|SECRET|PASSWORD|PASSWD)$", re.IGNORECASE)
_PATTERNS = (
    re.compile(r"\bsk-[A-Za-z0-9_\-]{8,}"),
    re.compile(r"(?i)\bbearer\s+[A-Za-z0-9._~+/=\-]{8,}"),
)
_PAIR = re.compile(
    r"(?i)\b((?:api[_-]?key|access[_-]?token|auth[_-]?token|password|secret)[\"']?\s*[:=]\s*[\"']?)"
    r"([^\s\"',;}]{6,})"
)


def configured_secrets() -> list[str]:
    """The secret values this process knows of: environment variables named like secrets, and the
    settings' secret fields (a configuration that does not load has none to give)."""
    from interviewer.config import load_settings
    from interviewer.errors import InterviewerError

    found = [value for name, value in os.environ.items() if _SECRET_NAME.search(name)]
    try:
        settings = load_settings()
    except InterviewerError:
        settings = None
    if settings is not None:
        values = (getattr(settings, name) for name in type(settings).model_fields)
        found += [v.get_secret_value() for v in values if isinstance(v, SecretStr)] + [settings.database_password]
    return sorted({s for s in found if len(s) >= MIN_SECRET}, key=len, reverse=True)


def redact(text: str, secrets: Iterable[str] | None = None) -> str:
    """`text` with every secret replaced by [redacted]; `secrets` defaults to the configured ones."""
    if not text:
        return text
    for secret in configured_secrets() if secrets is None else secrets:
        if len(secret) >= MIN_SECRET:
            text = text.replace(secret, REDACTED)
    for pattern in _PATTERNS:
        text = pattern.sub(REDACTED, text)
    return _PAIR.sub(lambda m: m.group(1) + REDACTED, text)


def redact_grade(grade: Grade) -> Grade:
    """The grade with its reason and notes (where a model error is kept) redacted."""
    secrets = configured_secrets()
    reason = redact(grade.reason, secrets)
    notes = [redact(note, secrets) for note in grade.notes]
    if reason == grade.reason and notes == grade.notes:
        return grade
    return grade.model_copy(update={"reason": reason, "notes": notes})

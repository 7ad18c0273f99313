"""Where coach reviews live: a small protocol, and SQLAlchemy tables beside the sessions (same database).

Reviews are append-only: saving a review inserts a row, it never updates or deletes one, and nothing
here writes to the session tables, so the AI grade of a session is never overwritten. The latest
review of an item by a coach is the current one; the earlier ones stay as its history. Uploaded
transcripts are stored whole (as JSON), keyed by a hash of their content. What is read back comes from
that JSON; the plain columns beside it (for queries) hold the same text without NUL characters, which
PostgreSQL's text cannot hold.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from interviewer.coach.types import CoachError, CoachReview, ReviewTranscript, TranscriptSummary
from interviewer.config import shown_url
from interviewer.interview.session import now
from interviewer.interview.store import default_url, open_engine
from interviewer.redact import configured_secrets, redact

METADATA = sa.MetaData()
TRANSCRIPTS = sa.Table(
    "coach_transcripts",
    METADATA,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("candidate", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("record", sa.Text, nullable=False),
)
REVIEWS = sa.Table(
    "coach_reviews",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("transcript_id", sa.Text, nullable=False, index=True),
    sa.Column("item_index", sa.Integer, nullable=False),
    sa.Column("question_id", sa.Text, nullable=False),
    sa.Column("coach", sa.String(100), nullable=False, index=True),
    sa.Column("blind", sa.Boolean, nullable=False),
    sa.Column("record", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
)


class CoachStore(Protocol):
    def add_transcript(self, transcript: ReviewTranscript) -> None: ...

    def transcript(self, transcript_id: str) -> ReviewTranscript | None: ...

    def list_transcripts(self) -> list[TranscriptSummary]: ...

    def add_review(self, review: CoachReview) -> CoachReview: ...

    def reviews(self, transcript_id: str | None = None) -> list[CoachReview]: ...


class SqlCoachStore:
    """Coach reviews and uploaded transcripts in any SQLAlchemy database; tables created on first use."""

    def __init__(self, url: str) -> None:
        try:
            self.engine = open_engine(url, METADATA)
        except (SQLAlchemyError, ImportError) as exc:
            raise CoachError(f"cannot open the coach store {shown_url(url)}: {exc}") from exc

    def add_transcript(self, transcript: ReviewTranscript) -> None:
        """Store an uploaded transcript; the same content uploaded again (even at the same time) is kept once."""
        row = {
            "id": transcript.id,
            "title": _plain(transcript.title),
            "candidate": _plain(transcript.candidate),
            "created_at": transcript.created_at,
            "record": _redacted(transcript).model_dump_json(),
        }
        try:
            with self.engine.begin() as conn:
                if conn.execute(sa.select(TRANSCRIPTS.c.id).where(TRANSCRIPTS.c.id == transcript.id)).first() is None:
                    conn.execute(TRANSCRIPTS.insert().values(**row))
        except IntegrityError:
            if self.transcript(transcript.id) is None:  # not the same upload stored meanwhile by another process
                raise

    def transcript(self, transcript_id: str) -> ReviewTranscript | None:
        with self.engine.connect() as conn:
            record = conn.execute(sa.select(TRANSCRIPTS.c.record).where(TRANSCRIPTS.c.id == transcript_id)).scalar()
        return ReviewTranscript.model_validate_json(record) if record else None

    def list_transcripts(self) -> list[TranscriptSummary]:
        with self.engine.connect() as conn:
            records = conn.execute(sa.select(TRANSCRIPTS.c.record).order_by(TRANSCRIPTS.c.created_at)).scalars()
            transcripts = [ReviewTranscript.model_validate_json(r) for r in records]
        return [
            TranscriptSummary(
                id=t.id,
                title=t.title,
                candidate=t.candidate,
                source=t.source,
                status="uploaded",
                items=len(t.items),
                created_at=t.created_at,
            )
            for t in transcripts
        ]

    def add_review(self, review: CoachReview) -> CoachReview:
        """Insert the review (never an update); returns it with its id and timestamp."""
        stamped = review.model_copy(update={"created_at": review.created_at or now()})
        row = _review_row(stamped)
        with self.engine.begin() as conn:
            new_id = conn.execute(REVIEWS.insert().values(**row)).inserted_primary_key
        return stamped.model_copy(update={"id": int(new_id[0]) if new_id else None})

    def reviews(self, transcript_id: str | None = None) -> list[CoachReview]:
        """Every review, oldest first (of one transcript when given)."""
        query = sa.select(REVIEWS.c.id, REVIEWS.c.record).order_by(REVIEWS.c.id)
        if transcript_id is not None:
            query = query.where(REVIEWS.c.transcript_id == transcript_id)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [CoachReview.model_validate_json(r.record).model_copy(update={"id": r.id}) for r in rows]

    def close(self) -> None:
        self.engine.dispose()


def _redacted(transcript: ReviewTranscript) -> ReviewTranscript:
    """The transcript with its items' unscored reasons (where a model error is kept) redacted."""
    secrets = configured_secrets()
    items = [item.model_copy(update={"reason": redact(item.reason, secrets)}) for item in transcript.items]
    return transcript.model_copy(update={"items": items})


def _plain(text: str) -> str:
    """`text` for a plain column: without NUL characters (the JSON record keeps them, escaped)."""
    return text.replace("\x00", "")


def _review_row(review: CoachReview) -> dict[str, Any]:
    return {
        "transcript_id": review.transcript_id,
        "item_index": review.item_index,
        "question_id": _plain(review.question_id),
        "coach": _plain(review.coach),
        "blind": review.blind,
        "record": json.dumps(review.model_dump(mode="json", exclude={"id"})),
        "created_at": review.created_at,
    }


def latest_reviews(reviews: list[CoachReview]) -> list[CoachReview]:
    """The current review per (coach, transcript, item): the last one saved."""
    latest: dict[tuple[str, str, int], CoachReview] = {}
    for review in reviews:
        latest[review.key] = review
    return list(latest.values())


def open_coach_store(data_dir: Path, url: str | None = None) -> SqlCoachStore:
    """The coach store at `url`, by default the sessions database `<data_dir>/sessions.db`."""
    return SqlCoachStore(url or default_url(data_dir))

"""Where sessions live: a small protocol, and a SQLAlchemy store (SQLite in WAL mode by default).

Each answered turn is written in one committed transaction together with the prompt that follows it,
so a killed process loses at most the turn in flight, and resuming re-asks the stored pending prompt.
A turn's number is part of its primary key: the same turn cannot be recorded twice. Recording a turn
first updates its session's row, which holds that row (PostgreSQL) or the database (SQLite) until the
commit, so concurrent turns of one session, from threads or processes, are recorded one after the
other and none is lost. SQLite and PostgreSQL (`postgresql+psycopg://…`) are tested; only JSON text
and plain columns are used.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from interviewer.config import shown_url
from interviewer.interview.plan import InterviewPlan
from interviewer.interview.session import Prompt, Session, SessionError, SessionStatus, SessionSummary, Turn, now
from interviewer.redact import redact_grade

SCHEMA_ATTEMPTS = 3
SCHEMA_LOCK = 0x696E_7465_7276  # PostgreSQL advisory lock held while tables are created ("interv")
WAL_ATTEMPTS = 100  # a new SQLite file: processes switching it to WAL at once may collide
WAL_RETRY_SECONDS = 0.05
METADATA = sa.MetaData()
SESSIONS = sa.Table(
    "interview_sessions",
    METADATA,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("candidate", sa.String(100), nullable=False, index=True),
    sa.Column("plan", sa.Text, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("pending", sa.Text, nullable=True),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("updated_at", sa.String(40), nullable=False),
)
TURNS = sa.Table(
    "interview_turns",
    METADATA,
    sa.Column("session_id", sa.String(32), sa.ForeignKey("interview_sessions.id"), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("question_id", sa.String(80), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("record", sa.Text, nullable=False),
)


class SessionStore(Protocol):
    def create(self, session: Session) -> None: ...

    def record_turn(self, session_id: str, turn: Turn, pending: Prompt | None, status: SessionStatus) -> None: ...

    def end(self, session_id: str) -> None: ...

    def load(self, session_id: str) -> Session: ...

    def list_sessions(self, candidate: str | None = None) -> list[SessionSummary]: ...

    def sessions_of(self, candidate: str) -> list[Session]: ...


def default_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'sessions.db'}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=10000")
    _switch_to_wal(cursor)
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _switch_to_wal(cursor: Any) -> None:
    """Put the file in WAL mode. Two processes doing this at once on a new file can get "database is
    locked" at once, without the busy timeout (SQLite refuses to wait where waiting could deadlock), so
    the switch is retried for a few seconds."""
    for attempt in range(WAL_ATTEMPTS):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == WAL_ATTEMPTS - 1:
                raise
            time.sleep(WAL_RETRY_SECONDS)


def make_db_engine(url: str) -> Engine:
    """An engine for `url`; a server's pooled connections are checked before use (it may have restarted)."""
    server = sa.make_url(url).get_backend_name() != "sqlite"
    engine = sa.create_engine(url, pool_pre_ping=server)
    if engine.dialect.name == "sqlite":
        database = engine.url.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def open_engine(url: str, metadata: sa.MetaData) -> Engine:
    """The engine for `url`, with `metadata`'s tables created where missing. On PostgreSQL the tables are
    created under an advisory lock, so processes starting at once on a new database do not collide; on
    SQLite (no such lock) a table another process created meanwhile is found on the next attempt."""
    engine = make_db_engine(url)
    for attempt in range(SCHEMA_ATTEMPTS):
        try:
            with engine.begin() as conn:
                if conn.dialect.name == "postgresql":
                    conn.execute(sa.select(sa.func.pg_advisory_xact_lock(SCHEMA_LOCK)))
                metadata.create_all(conn)
            return engine
        except OperationalError as exc:  # SQLite: another process created a table between check and create
            if "already exists" not in str(exc) or attempt == SCHEMA_ATTEMPTS - 1:
                raise
    return engine


class SqlSessionStore:
    """Sessions in any SQLAlchemy database; tables are created on first use."""

    def __init__(self, url: str) -> None:
        try:
            self.engine = open_engine(url, METADATA)
        except (SQLAlchemyError, ImportError) as exc:
            raise SessionError(f"cannot open the session store {shown_url(url)}: {exc}") from exc

    def create(self, session: Session) -> None:
        row = {
            "id": session.id,
            "candidate": session.plan.candidate,
            "plan": session.plan.model_dump_json(),
            "status": session.status.value,
            "pending": session.pending.model_dump_json() if session.pending else None,
            "created_at": session.created_at,
            "updated_at": session.updated_at,
        }
        with self.engine.begin() as conn:
            conn.execute(SESSIONS.insert().values(**row))

    def record_turn(self, session_id: str, turn: Turn, pending: Prompt | None, status: SessionStatus) -> None:
        """The turn and the prompt after it, in one transaction; turns must come in order, once each.
        The session's row is updated first: until the commit, no other turn of it can be recorded."""
        values = {
            "pending": pending.model_dump_json() if pending else None,
            "status": status.value,
            "updated_at": now(),
        }
        active = (SESSIONS.c.id == session_id) & (SESSIONS.c.status == SessionStatus.ACTIVE.value)
        try:
            with self.engine.begin() as conn:
                if conn.execute(SESSIONS.update().where(active).values(**values)).rowcount != 1:
                    raise _not_active(conn, session_id)
                count = conn.execute(sa.select(sa.func.count()).where(TURNS.c.session_id == session_id)).scalar_one()
                if turn.seq <= count:
                    raise SessionError(f"session {session_id}: turn {turn.seq} is already recorded")
                if turn.seq != count + 1:
                    raise SessionError(f"session {session_id}: turn {turn.seq} does not follow turn {count}")
                conn.execute(TURNS.insert().values(**_turn_row(session_id, turn)))
        except IntegrityError as exc:
            raise SessionError(f"session {session_id}: turn {turn.seq} is already recorded") from exc

    def end(self, session_id: str) -> None:
        """Stop an active session early: it becomes `ended` and takes no more answers (a no-op otherwise)."""
        values = {"status": SessionStatus.ENDED.value, "pending": None, "updated_at": now()}
        active = (SESSIONS.c.id == session_id) & (SESSIONS.c.status == SessionStatus.ACTIVE.value)
        with self.engine.begin() as conn:
            conn.execute(SESSIONS.update().where(active).values(**values))

    def load(self, session_id: str) -> Session:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(SESSIONS).where(SESSIONS.c.id == session_id)).first()
            if row is None:
                raise SessionError(f"unknown session {session_id!r} (see `interviewer sessions list`)")
            records = conn.execute(
                sa.select(TURNS.c.record).where(TURNS.c.session_id == session_id).order_by(TURNS.c.seq)
            ).scalars()
            turns = tuple(Turn.model_validate_json(r) for r in records)
        return _session(row, turns)

    def list_sessions(self, candidate: str | None = None) -> list[SessionSummary]:
        count = sa.select(sa.func.count()).where(TURNS.c.session_id == SESSIONS.c.id).scalar_subquery()
        query = sa.select(SESSIONS, count.label("turns")).order_by(SESSIONS.c.created_at, SESSIONS.c.id)
        if candidate is not None:
            query = query.where(SESSIONS.c.candidate == candidate)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [
            SessionSummary(r.id, r.candidate, SessionStatus(r.status), r.turns, r.created_at, r.updated_at)
            for r in rows
        ]

    def sessions_of(self, candidate: str) -> list[Session]:
        return [self.load(s.id) for s in self.list_sessions(candidate)]

    def close(self) -> None:
        self.engine.dispose()


def _not_active(conn: Connection, session_id: str) -> SessionError:
    status = conn.execute(sa.select(SESSIONS.c.status).where(SESSIONS.c.id == session_id)).scalar()
    if status is None:
        return SessionError(f"unknown session {session_id!r} (see `interviewer sessions list`)")
    return SessionError(f"session {session_id} is {status}: it takes no more answers")


def _turn_row(session_id: str, turn: Turn) -> dict[str, Any]:
    turn = turn.model_copy(update={"grade": redact_grade(turn.grade)})  # a model error may echo a key
    return {
        "session_id": session_id,
        "seq": turn.seq,
        "question_id": turn.prompt.question_id,
        "kind": turn.prompt.kind,
        "record": turn.model_dump_json(),
    }


def _session(row: Any, turns: tuple[Turn, ...]) -> Session:
    pending = Prompt.model_validate_json(row.pending) if row.pending else None
    plan = InterviewPlan.model_validate_json(row.plan)
    return Session(row.id, plan, SessionStatus(row.status), turns, pending, row.created_at, row.updated_at)


def open_store(data_dir: Path, url: str | None = None) -> SqlSessionStore:
    """The store at `url`, by default SQLite at `<data_dir>/sessions.db`."""
    return SqlSessionStore(url or default_url(data_dir))

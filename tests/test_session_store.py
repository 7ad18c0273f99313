"""The session and coach stores on each backend (a SQLite file, a PostgreSQL database): what they keep,
what they refuse, and concurrent writers from threads that lose nothing."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from conftest import free_port
from pydantic import ValidationError

from interviewer.cli.main import main
from interviewer.coach.store import SqlCoachStore
from interviewer.coach.types import CoachReview, ReviewItem, ReviewTranscript
from interviewer.config import describe, load_settings
from interviewer.grading.types import Grade, GradeStatus, Provenance, Verdict
from interviewer.interview.plan import InterviewPlan
from interviewer.interview.session import Prompt, Session, SessionError, SessionStatus, Turn, now
from interviewer.interview.store import SqlSessionStore, _switch_to_wal, open_engine
from interviewer.redact import configured_secrets

THREADS = 6
TURNS_EACH = 8
OPENING_ROUNDS = 30


@pytest.fixture
def store(store_on_each_backend: SqlSessionStore) -> SqlSessionStore:
    return store_on_each_backend


@pytest.fixture
def coach(database_url: str) -> Iterator[SqlCoachStore]:
    coach = SqlCoachStore(database_url)
    yield coach
    coach.close()


def prompt(index: int = 0) -> Prompt:
    return Prompt(kind="question", question_id="q", question_index=index, text=f"Question {index + 1}?")


def turn(seq: int, answer: str = "an answer") -> Turn:
    grade = Grade(question_id="q", status=GradeStatus.UNSCORED, reason="not graded", provenance=Provenance(engine="t"))
    return Turn(seq=seq, prompt=prompt(), answer=answer, grade=grade)


def new_session(store: SqlSessionStore, session_id: str, candidate: str = "ada") -> Session:
    session = Session(session_id, InterviewPlan(candidate=candidate), SessionStatus.ACTIVE, (), prompt(), now(), now())
    store.create(session)
    return session


def test_turns_are_kept_in_order_once_each(store: SqlSessionStore) -> None:
    new_session(store, "s1")
    store.record_turn("s1", turn(1, "first"), prompt(1), SessionStatus.ACTIVE)
    with pytest.raises(SessionError, match="turn 1 is already recorded"):
        store.record_turn("s1", turn(1, "again"), prompt(1), SessionStatus.ACTIVE)
    with pytest.raises(SessionError, match="turn 3 does not follow turn 1"):
        store.record_turn("s1", turn(3), None, SessionStatus.ACTIVE)
    store.record_turn("s1", turn(2, "second"), None, SessionStatus.FINISHED)
    loaded = store.load("s1")
    assert [(t.seq, t.answer) for t in loaded.turns] == [(1, "first"), (2, "second")]
    assert loaded.status is SessionStatus.FINISHED and loaded.pending is None
    with pytest.raises(SessionError, match="s1 is finished: it takes no more answers"):
        store.record_turn("s1", turn(3), None, SessionStatus.ACTIVE)
    with pytest.raises(SessionError, match="unknown session 'nope'"):
        store.record_turn("nope", turn(1), None, SessionStatus.ACTIVE)
    with pytest.raises(SessionError, match="unknown session 'nope'"):
        store.load("nope")


def test_an_ended_session_keeps_its_turns_and_takes_no_more(store: SqlSessionStore) -> None:
    new_session(store, "s1")
    store.record_turn("s1", turn(1), prompt(1), SessionStatus.ACTIVE)
    store.end("s1")
    store.end("s1")  # a no-op the second time
    ended = store.load("s1")
    assert ended.status is SessionStatus.ENDED and ended.pending is None and len(ended.turns) == 1
    with pytest.raises(SessionError, match="is ended"):
        store.record_turn("s1", turn(2), None, SessionStatus.ACTIVE)


def test_sessions_are_listed_with_their_turns_and_by_candidate(store: SqlSessionStore) -> None:
    new_session(store, "s1", "ada")
    new_session(store, "s2", "bo")
    new_session(store, "s3", "ada")
    store.record_turn("s3", turn(1), prompt(1), SessionStatus.ACTIVE)
    assert {(s.id, s.candidate, s.turns) for s in store.list_sessions()} == {
        ("s1", "ada", 0),
        ("s2", "bo", 0),
        ("s3", "ada", 1),
    }
    assert [s.id for s in store.sessions_of("ada")] == ["s1", "s3"]
    assert store.list_sessions("nobody") == []


def test_a_candidate_name_with_a_nul_is_refused_on_every_backend() -> None:
    """PostgreSQL's text cannot hold NUL: refused in the plan, so both backends behave alike."""
    with pytest.raises(ValidationError, match="candidate"):
        InterviewPlan(candidate="ada\x00")


def run_threads(count: int, work: Callable[[int], None]) -> None:
    """`work(i)` for i in range(count), each on its own thread, all started together; re-raises a failure."""
    barrier, failures = threading.Barrier(count), []

    def run(i: int) -> None:
        barrier.wait()
        try:
            work(i)
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures


def append_turns(store: SqlSessionStore, session_id: str, tag: str, n: int) -> int:
    """n turns, each numbered after the last one stored; renumbered when another writer took the number.
    Returns how many times that happened."""
    conflicts = 0
    for i in range(n):
        while True:
            count = len(store.load(session_id).turns)
            try:
                store.record_turn(session_id, turn(count + 1, f"{tag}-{i}"), prompt(1), SessionStatus.ACTIVE)
                break
            except SessionError as exc:
                if "already recorded" not in str(exc):
                    raise
                conflicts += 1
    return conflicts


def test_concurrent_turns_of_one_session_are_all_kept_in_order(store: SqlSessionStore) -> None:
    new_session(store, "shared")
    run_threads(THREADS, lambda i: append_turns(store, "shared", f"t{i}", TURNS_EACH))
    turns = store.load("shared").turns
    assert [t.seq for t in turns] == list(range(1, THREADS * TURNS_EACH + 1))
    for i in range(THREADS):  # every writer's turns, each once and in the order it wrote them
        assert [t.answer for t in turns if t.answer.startswith(f"t{i}-")] == [f"t{i}-{j}" for j in range(TURNS_EACH)]


def test_concurrent_sessions_lose_no_turn(store: SqlSessionStore) -> None:
    for i in range(THREADS):
        new_session(store, f"s{i}", f"c{i}")
    run_threads(THREADS, lambda i: append_turns(store, f"s{i}", "a", TURNS_EACH))
    assert sorted((s.id, s.turns) for s in store.list_sessions()) == [(f"s{i}", TURNS_EACH) for i in range(THREADS)]
    for i in range(THREADS):
        assert [t.answer for t in store.load(f"s{i}").turns] == [f"a-{j}" for j in range(TURNS_EACH)]


def test_ending_a_session_while_turns_arrive_is_never_undone(store: SqlSessionStore) -> None:
    """A turn recorded while the session is being ended must not write the session back to active."""
    for attempt in range(5):
        session_id = f"s{attempt}"
        new_session(store, session_id)

        def work(i: int, session_id: str = session_id) -> None:
            if i == 0:
                store.end(session_id)
                return
            try:
                append_turns(store, session_id, f"t{i}", 4)
            except SessionError as exc:
                assert "is ended" in str(exc)

        run_threads(4, work)
        ended = store.load(session_id)
        assert ended.status is SessionStatus.ENDED and ended.pending is None
        assert [t.seq for t in ended.turns] == list(range(1, len(ended.turns) + 1))


def review(transcript_id: str, coach: str, n: int) -> CoachReview:
    return CoachReview(
        transcript_id=transcript_id,
        item_index=0,
        question_id="q",
        coach=coach,
        blind=False,
        verdicts={"p1": Verdict.MET},
        ai_verdicts={"p1": Verdict.MISSED},
        comment=f"review {n}",
    )


def test_concurrent_reviews_are_all_kept(coach: SqlCoachStore) -> None:
    run_threads(THREADS, lambda i: [coach.add_review(review("s1", f"coach{i}", n)) for n in range(TURNS_EACH)])
    saved = coach.reviews("s1")
    assert len(saved) == THREADS * TURNS_EACH and len({r.id for r in saved}) == len(saved)
    for i in range(THREADS):
        assert [r.comment for r in saved if r.coach == f"coach{i}"] == [f"review {n}" for n in range(TURNS_EACH)]


def upload(candidate: str, title: str, question_id: str) -> ReviewTranscript:
    item = ReviewItem(
        index=0,
        question_id=question_id,
        question="Q?",
        turns=[],
        points=[],
        status=GradeStatus.GRADED,
        score=None,
        band=None,
    )
    return ReviewTranscript(
        id="upload-abc", title=title, candidate=candidate, source="upload", created_at=now(), items=[item]
    )


def test_the_same_upload_at_the_same_time_is_kept_once(coach: SqlCoachStore) -> None:
    uploads = [upload("ada", "ada.json", "q").model_copy(update={"id": f"upload-{n}"}) for n in range(10)]
    for transcript in uploads:  # a few rounds: the writers must meet between one's check and its insert
        run_threads(THREADS, lambda i, transcript=transcript: coach.add_transcript(transcript))
    assert sorted(t.id for t in coach.list_transcripts()) == sorted(t.id for t in uploads)


def test_long_or_nul_text_from_an_upload_is_kept_as_uploaded(coach: SqlCoachStore) -> None:
    """An uploaded export can carry any text: longer than a column's usual size, or with NUL characters
    (which PostgreSQL's text cannot hold); what is read back is what was uploaded."""
    transcript = upload("a" * 150 + "\x00", "f" * 300 + ".json", "q" * 120)
    coach.add_transcript(transcript)
    assert coach.transcript(transcript.id) == transcript
    saved = coach.add_review(review(transcript.id, "bo\x00", 1).model_copy(update={"question_id": "q" * 120}))
    assert coach.reviews(transcript.id) == [saved]


def test_a_database_that_cannot_be_opened_is_one_error_without_its_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"postgresql+psycopg://team:hunter2-secret@127.0.0.1:{free_port()}/interviews"
    with pytest.raises(SessionError, match=r"cannot open the session store postgresql\+psycopg://team:\*\*\*@127"):
        SqlSessionStore(url)
    with pytest.raises(SessionError, match="cannot open the session store"):
        SqlSessionStore("no-such-database://")
    monkeypatch.setenv("INTERVIEWER_DATABASE_URL", url)
    assert main(["sessions", "list"]) == 2
    printed = capsys.readouterr()
    assert "cannot open the session store" in printed.err and "hunter2-secret" not in printed.out + printed.err
    assert describe(load_settings())["database_url"] == url.replace("hunter2-secret", "***")
    assert "hunter2-secret" in configured_secrets()  # redacted from every stored or shown error


def test_a_table_another_process_creates_meanwhile_is_found_not_an_error(tmp_path: Path) -> None:
    """Two processes opening a new SQLite file at once: the other one creates a table between this
    one's check and its CREATE (simulated by creating it from a second engine at that moment)."""
    url = f"sqlite:///{tmp_path / 'sessions.db'}"
    metadata = sa.MetaData()
    table = sa.Table("race", metadata, sa.Column("id", sa.Integer, primary_key=True))
    other = sa.create_engine(url)
    created: list[bool] = []

    def the_other_process_wins(*_args: object, **_kwargs: object) -> None:
        if not created:
            created.append(True)
            with other.begin() as conn:
                conn.execute(sa.text("CREATE TABLE race (id INTEGER PRIMARY KEY)"))

    sa.event.listen(table, "before_create", the_other_process_wins)
    engine = open_engine(url, metadata)
    with engine.connect() as conn:
        assert sa.inspect(conn).has_table("race")
    assert created == [True]
    engine.dispose()
    other.dispose()


def _open_store_when_told(url: str, start: Any, results: Any) -> None:
    start.wait()
    try:
        SqlSessionStore(url).engine.dispose()
        results.put("opened")
    except SessionError as exc:
        results.put(str(exc))


def test_processes_opening_a_new_sqlite_file_at_once_all_open_it(tmp_path: Path) -> None:
    """Six processes opening one new file at the same instant once collided switching it to WAL
    ("database is locked", about one round in sixty); each round here is a new file."""
    context = multiprocessing.get_context("fork")
    for round_no in range(OPENING_ROUNDS):
        url = f"sqlite:///{tmp_path / f'round{round_no}.db'}"
        start, results = context.Event(), context.Queue()
        workers = [context.Process(target=_open_store_when_told, args=(url, start, results)) for _ in range(THREADS)]
        for worker in workers:
            worker.start()
        start.set()
        outcomes = [results.get(timeout=60) for _ in workers]
        for worker in workers:
            worker.join(timeout=60)
        assert outcomes == ["opened"] * THREADS, f"round {round_no}: {outcomes}"


class _LockedTwiceCursor:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def execute(self, statement: str) -> None:
        self.statements.append(statement)
        if len(self.statements) <= 2:
            raise sqlite3.OperationalError("database is locked")


def test_a_locked_switch_to_wal_is_retried_not_fatal() -> None:
    cursor = _LockedTwiceCursor()
    _switch_to_wal(cursor)
    assert cursor.statements == ["PRAGMA journal_mode=WAL"] * 3

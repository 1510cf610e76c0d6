"""The event store: foreign and damaged files are refused; a killed writer loses nothing."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from deterrence.wargame import Session, SQLiteStore, StoreError
from deterrence.wargame.events import EventRecord
from deterrence.wargame.store import APPLICATION_ID

MakeSession = Callable[..., Session]


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such session file"):
        Session.open(tmp_path / "nope.db")
    with pytest.raises(StoreError, match="is a folder"):
        Session.open(tmp_path)


@pytest.mark.parametrize("content", [b"", b"hello, world\n" * 100, os.urandom(4096),
                                     b"SQLite format 2\x00" + bytes(100)])
def test_non_sqlite_files_are_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="not a session file"):
        Session.open(path)
    assert path.read_bytes() == content


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE events (x)")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a deterrence wargame session"):
        Session.open(path)
    assert path.read_bytes() == before


def _fresh(make: MakeSession, name: str = "g.db") -> Path:
    s = make(name)
    path = Path(s._store.path)  # type: ignore[attr-defined]
    s.move("a", "a_up")
    s.close()
    return path


def test_newer_format_and_wrong_schema_are_refused(make: MakeSession, tmp_path: Path) -> None:
    path = _fresh(make)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="newer version"):
        Session.open(path)
    bare = tmp_path / "bare.db"
    with sqlite3.connect(bare) as db:
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute("PRAGMA user_version = 1")
        db.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    with pytest.raises(StoreError, match="'events' table is missing"):
        Session.open(bare)


def test_damaged_files_are_refused(make: MakeSession) -> None:
    path = _fresh(make)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] + os.urandom(len(data) // 2))
    with pytest.raises(StoreError, match=r"damaged|not a session|malformed"), Session.open(path):
        pass


def test_hand_edited_logs_are_refused(make: MakeSession) -> None:
    path = _fresh(make)
    with sqlite3.connect(path) as db:
        n = db.execute("SELECT MAX(seq) FROM events").fetchone()[0]
        db.execute("INSERT INTO events VALUES (?, 'adjudicated', 1, 'a', '{\"x\": 1}', 'now')",
                   (n + 1,))
    with pytest.raises(StoreError, match=f"event {n + 1} \\(adjudicated\\) is malformed"):
        Session.open(path)


def test_events_are_append_only(make: MakeSession) -> None:
    path = _fresh(make)
    with sqlite3.connect(path) as db:
        for sql in ("UPDATE events SET turn = 5", "DELETE FROM events"):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                db.execute(sql)


def test_appends_are_atomic_and_refuse_stale_writers(make: MakeSession) -> None:
    path = _fresh(make)
    with SQLiteStore.open(path) as one, SQLiteStore.open(path) as two:
        last = one.last_seq()
        rec = EventRecord(last + 1, "turn", 2, None, '{"changes": {}}')
        gap = EventRecord(last + 3, "turn", 3, None, '{"changes": {}}')
        with pytest.raises(StoreError, match="out of sequence"):
            one.append([rec, gap], expected_last=last)
        assert one.last_seq() == last
        one.append([rec], expected_last=last)
        with pytest.raises(StoreError, match="changed while you were working"):
            two.append([rec], expected_last=last)
        assert two.last_seq() == last + 1


def test_new_never_overwrites(make: MakeSession) -> None:
    path = _fresh(make)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="already exists"):
        make(path.name)
    assert path.read_bytes() == before


WORKER = """
import sys
from deterrence.scenario import load_scenario
from deterrence.wargame import Session
s = Session.new(load_scenario(sys.argv[1]), sys.argv[2], seed=1)
print("ready", flush=True)
note = "x" * 1500
while True:
    s.move("a", "a_gamble", note=note)
    s.adjudicate()
    s.next()
"""


@pytest.mark.parametrize("delay", [0.0, 0.013, 0.031])
def test_a_writer_killed_mid_move_loses_no_committed_event(
        game: Callable[..., str], tmp_path: Path, delay: float) -> None:
    scenario = tmp_path / "long.yaml"
    scenario.write_text(game(turns=200, end=None), encoding="utf-8")
    db = tmp_path / "killed.db"
    proc = subprocess.Popen([sys.executable, "-c", WORKER, str(scenario), str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
        deadline = time.monotonic() + 30
        while _count(db) < 40 and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
        proc.stdout.close()  # type: ignore[union-attr]
        proc.stderr.close()  # type: ignore[union-attr]
    assert proc.returncode == -signal.SIGKILL
    committed = _count(db)
    assert committed >= 40
    with Session.open(db) as s:
        assert s.state.last_seq == committed == len(s.events)
        report = s.replay()
        assert report.identical and report.events == committed
        s.move("b", "b_block") if s.state.value("s") >= 1 and not s.state.pending else None


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM events").fetchone()[0])
    except sqlite3.Error:
        return 0

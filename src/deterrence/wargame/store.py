"""The durable event log of a session: an append-only SQLite file behind a small interface.

:class:`EventStore` is all the rest of the package needs: append a batch of events in
one transaction, read them back, say how many there are. :class:`SQLiteStore` keeps
them in one SQLite file with the standard library's :mod:`sqlite3`:

- ``PRAGMA application_id`` marks the file as a deterrence session and
  ``PRAGMA user_version`` gives its format, so a foreign or newer file is refused with a
  clear message rather than misread;
- each append is one ``BEGIN IMMEDIATE`` ... ``COMMIT`` transaction (write-ahead log,
  ``synchronous=FULL``): a process killed mid-write loses that write and nothing else;
- triggers refuse ``UPDATE`` and ``DELETE`` on the events table (append-only);
- an append states the last sequence number it expects, so two writers racing on stale
  state cannot both succeed (optimistic concurrency).

A server database could serve the same interface later (one table, same columns).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Protocol

from .errors import StoreError
from .events import EventRecord

__all__ = ["APPLICATION_ID", "FORMAT", "EventStore", "SQLiteStore"]

APPLICATION_ID = 0x44545747
"""``PRAGMA application_id`` of session files: the bytes ``DTWG``."""
FORMAT = 1
"""``PRAGMA user_version`` of the session file format this version writes."""

_SCHEMA = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
CREATE TABLE events (
    seq         INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    turn        INTEGER NOT NULL,
    side        TEXT,
    payload     TEXT NOT NULL CHECK (json_valid(payload)),
    recorded_at TEXT NOT NULL
) STRICT;
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
"""
_COLUMNS = {"meta": ["key", "value"],
            "events": ["seq", "kind", "turn", "side", "payload", "recorded_at"]}
_HEADER = b"SQLite format 3\x00"
_INSERT = ("INSERT INTO events (seq, kind, turn, side, payload, recorded_at) "
           "VALUES (?, ?, ?, ?, ?, ?)")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class EventStore(Protocol):
    """Where a session's events live. Implementations must append atomically."""

    def append(self, records: Sequence[EventRecord], *, expected_last: int) -> str:
        """Append ``records`` (numbered from ``expected_last + 1``) in one transaction;
        return the time recorded with them."""
        ...

    def read(self, *, after: int = 0) -> list[EventRecord]:
        """Every record with a sequence number above ``after``, in order."""
        ...

    def last_seq(self) -> int:
        """Sequence number of the last record (0 when empty)."""
        ...

    def meta(self) -> Mapping[str, str]:
        """Small facts about the store (format, session id, scenario id)."""
        ...

    def close(self) -> None:
        """Release the store."""
        ...


class SQLiteStore:
    """An :class:`EventStore` in one SQLite file. Use :meth:`create` or :meth:`open`."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db = connection

    # ----------------------------------------------------------- construction

    @classmethod
    def create(cls, path: str | Path, meta: Mapping[str, str],
               records: Sequence[EventRecord] = ()) -> SQLiteStore:
        """Create a new session file at ``path`` holding ``records`` (one transaction: a
        process killed meanwhile leaves an empty file or a whole one).

        Raises
        ------
        StoreError
            If ``path`` exists (a session is never overwritten) or cannot be written.
        """
        path = Path(path)
        if path.exists():
            raise StoreError(f"{path} already exists; choose another file (a session is "
                             "never overwritten)")
        try:
            db = sqlite3.connect(f"{_uri(path)}?mode=rwc", uri=True, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot create the file ({exc})") from None
        try:
            _configure(db)
            db.execute("BEGIN IMMEDIATE")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {FORMAT}")
            for statement in _SCHEMA.split(";\n"):
                if statement.strip():
                    db.execute(statement)
            db.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                           [("format", str(FORMAT)), *sorted(meta.items())])
            now = _now()
            db.executemany(_INSERT, [(r.seq, r.kind, r.turn, r.side, r.payload, now)
                                     for r in records])
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            db.close()
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)  # we made it; leave no half-made file
            raise StoreError(f"{path}: cannot create the session file ({exc})") from None
        return cls(path, db)

    @classmethod
    def open(cls, path: str | Path) -> SQLiteStore:
        """Open an existing session file, checking that it is one and is intact.

        Raises
        ------
        StoreError
            If the file is missing, is not SQLite, is a SQLite file of another kind, was
            written by a newer version, or is damaged.
        """
        path = Path(path)
        _check_header(path)
        try:
            db = sqlite3.connect(f"{_uri(path)}?mode=rw", uri=True, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open the file ({exc})") from None
        try:
            db.execute("PRAGMA busy_timeout = 5000")
            _check_schema(db, path)  # before anything that could write to a foreign file
            _configure(db)
        except sqlite3.Error as exc:
            db.close()
            raise StoreError(f"{path}: the file is damaged or not a session file ({exc})") \
                from None
        except StoreError:
            db.close()
            raise
        return cls(path, db)

    # ------------------------------------------------------------- interface

    def append(self, records: Sequence[EventRecord], *, expected_last: int) -> str:
        """Append ``records`` atomically, if the log still ends at ``expected_last``.

        Returns the time (UTC, ISO 8601) recorded with them.

        Raises
        ------
        StoreError
            If another writer appended first (nothing is written; reload and retry), or
            the write fails.
        """
        now = _now()
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                last = self._last()
                if last != expected_last:
                    raise StoreError(f"{self.path}: the session changed while you were "
                                     f"working (event {last} was written by someone else); "
                                     "nothing was written; look again and retry")
                for i, r in enumerate(records, start=1):
                    if r.seq != expected_last + i:
                        raise StoreError(f"event {r.seq} is out of sequence")
                self._db.executemany(
                    _INSERT, [(r.seq, r.kind, r.turn, r.side, r.payload, now) for r in records])
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot write ({exc}); nothing was written") \
                from None
        return now

    def read(self, *, after: int = 0) -> list[EventRecord]:
        """Every record after sequence number ``after``, in order."""
        try:
            rows = self._db.execute(
                "SELECT seq, kind, turn, side, payload, recorded_at FROM events "
                "WHERE seq > ? ORDER BY seq", (after,)).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot read the events ({exc})") from None
        return [EventRecord(*row) for row in rows]

    def last_seq(self) -> int:
        """Sequence number of the last event (0 when empty)."""
        try:
            return self._last()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot read the events ({exc})") from None

    def meta(self) -> dict[str, str]:
        """The ``meta`` table as a dict."""
        rows = self._db.execute("SELECT key, value FROM meta ORDER BY key").fetchall()
        return {str(k): str(v) for k, v in rows}

    def close(self) -> None:
        """Close the connection (committed events are already on disk)."""
        self._db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def _last(self) -> int:
        row = self._db.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()
        return int(row[0])


def _uri(path: Path) -> str:
    """A ``file:`` URI of ``path``, percent-encoded (so ``?`` or ``#`` in names are safe)."""
    return path.resolve().as_uri()


def _configure(db: sqlite3.Connection) -> None:
    db.execute("PRAGMA busy_timeout = 5000")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")


def _check_header(path: Path) -> None:
    if not path.exists():
        raise StoreError(f"{path}: no such session file (create one with `deterrence "
                         "wargame new SCENARIO --db FILE`)")
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a session file")
    try:
        with path.open("rb") as fh:
            head = fh.read(len(_HEADER))
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    if head != _HEADER:
        raise StoreError(f"{path} is not a session file (not an SQLite database; "
                         "is this the right file?)")


def _check_schema(db: sqlite3.Connection, path: Path) -> None:
    app = db.execute("PRAGMA application_id").fetchone()[0]
    if app != APPLICATION_ID:
        raise StoreError(f"{path} is an SQLite database but not a deterrence wargame session "
                         f"(application id {app:#x}, expected {APPLICATION_ID:#x})")
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > FORMAT:
        raise StoreError(f"{path} was written by a newer version of deterrence (session "
                         f"format {version}; this version reads up to {FORMAT}); upgrade")
    if version < 1:
        raise StoreError(f"{path}: unknown session format {version}")
    for table, columns in _COLUMNS.items():
        found = [r[1] for r in db.execute(f"PRAGMA table_info({table})").fetchall()]
        if found != columns:
            raise StoreError(f"{path}: the {table!r} table is missing or has the wrong "
                             f"columns ({', '.join(found) or 'none'}); the file is damaged")
    check = db.execute("PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        raise StoreError(f"{path}: the database is damaged ({check})")

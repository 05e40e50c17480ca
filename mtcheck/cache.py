"""The persistent cache: what a rerun over unchanged content need not compute again.

One SQLite file in WAL mode (readers and one writer at a time, across
processes), one table of entries keyed by a content hash within a kind
("embedding", "statistics", "document-checks", ...), and a small table of
when each entry was last used, for pruning. Every value carries a
digest of its key and bytes, so a damaged page reads as a miss, never as a
wrong value; a file SQLite cannot read at all is set aside and rebuilt with a
warning. The cache never fails a run: when it cannot be used, the run goes on
without it.

Only the process that runs the pipeline (the client) reads and writes the
cache; whatever computes for it is handed content and returns values.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .sizes import DEFAULT_MAX_SIZE, format_size, parse_size  # noqa: F401 (the cache's limit, read from here too)
ENV_VARIABLE = "MTCHECK_CACHE_DIR"
FILE_NAME = "mtcheck-cache.sqlite3"
SCHEMA_VERSION = "2"
# Pruning goes below the limit, so a run that adds a little does not prune again at once.
PRUNE_TO = 0.9
# How long a run waits for another run's write to finish before it skips the cache.
BUSY_TIMEOUT_SECONDS = 30
SETUP_ATTEMPTS = 100
# How finely the last use of an entry is recorded (see Cache.record_uses).
USE_RESOLUTION_SECONDS = 3600
T = TypeVar("T")  # what a value is computed for (a text, a pair, a document)
V = TypeVar("V")
# SQLite limits the number of parameters per statement.
_CHUNK = 500


def default_cache_dir() -> Path:
    """The platform's user cache folder for mtcheck (~/.cache/mtcheck on Linux)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mtcheck", appauthor=False))


def content_key(*parts: str | bytes) -> bytes:
    """A hash of the parts, each length-prefixed so ("ab", "c") and ("a", "bc") differ."""
    chunks = []
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        chunks += (len(data).to_bytes(8, "little"), data)
    # One update of the whole: the same hash as an update a chunk, a third of the time for short texts.
    return hashlib.blake2b(b"".join(chunks), digest_size=20).digest()


def code_fingerprint() -> str:
    """mtcheck's version, a hash of its own source and data files and the versions of the libraries checks rely on.

    Part of every check result's key: a development checkout that changes a
    check without a new version number must not be served the old findings.
    """
    global _CODE_FINGERPRINT
    if _CODE_FINGERPRINT is None:
        from importlib import metadata

        from . import __version__

        package = Path(__file__).parent
        parts: list[str | bytes] = [__version__]
        # Data files decide findings too (the exonym table, the probability model).
        for path in sorted([*package.rglob("*.py"), *package.glob("data/*.gz"), *package.glob("probability/*.json")]):
            parts += [path.relative_to(package).as_posix(), path.read_bytes()]
        for library in ("sacrebleu", "rapidfuzz", "jellyfish", "pysbd", "anyascii", "wordfreq", "nameparser", "pypinyin", "jieba", "regex"):
            try:
                parts.append(f"{library}=={metadata.version(library)}")
            except metadata.PackageNotFoundError:
                parts.append(f"{library} missing")
        _CODE_FINGERPRINT = content_key(*parts).hex()
    return _CODE_FINGERPRINT


_CODE_FINGERPRINT: str | None = None


def _check_digest(key: bytes, value: bytes) -> bytes:
    return hashlib.blake2b(key + value, digest_size=8).digest()


@dataclass(frozen=True)
class CacheInfo:
    path: Path
    exists: bool
    file_size: int  # bytes on disk, with the write-ahead log
    entries: Mapping[str, tuple[int, int]]  # kind -> (entries, bytes)
    max_size: int


class Cache:
    """Entries of the cache folder's SQLite file; every method survives a broken file."""

    def __init__(self, folder: Path, max_size: int | None = None, warn: Callable[[str], None] | None = None):
        self.folder = Path(folder)
        self.path = self.folder / FILE_NAME
        self.max_size = parse_size(DEFAULT_MAX_SIZE) if max_size is None else max_size
        self.warnings: list[str] = []
        self._warn_callback = warn
        self._connection: sqlite3.Connection | None = None
        self._disabled = False
        self.hits = 0
        self.misses = 0
        # Entries read this run whose use mark is older than USE_RESOLUTION_SECONDS, by kind:
        # marked used in one transaction when the run ends (`record_uses`).
        self._used: dict[str, set[bytes]] = {}
        # Whether this run wrote anything: a run that did not leaves nothing to fold back or prune.
        self._wrote = False

    # ------------------------------------------------------------ connection

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)
            if self._warn_callback:
                self._warn_callback(message)

    def _connect(self) -> sqlite3.Connection:
        if self._connection is not None:
            return self._connection
        self.folder.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        # Two runs opening a new cache at once race for the switch to WAL, which SQLite answers
        # with "locked" at once rather than waiting: the race is over in moments, so try again.
        for _ in range(SETUP_ATTEMPTS):
            try:
                self._set_up(connection)
                break
            except sqlite3.OperationalError as error:
                if not ("locked" in str(error) or "busy" in str(error)):
                    connection.close()
                    raise
                time.sleep(0.05)
            except BaseException:
                connection.close()
                raise
        else:
            connection.close()
            raise sqlite3.OperationalError("database is locked")
        self._connection = connection
        return connection

    @staticmethod
    def _set_up(connection: sqlite3.Connection) -> None:
        """Create the tables (or drop entries an older schema wrote) and switch to WAL."""
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        # Set before the first table exists; lets pruning give pages back to the disk.
        connection.execute("PRAGMA auto_vacuum=INCREMENTAL")
        connection.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        row = connection.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is not None and row[0] != SCHEMA_VERSION:
            # Written by another mtcheck version: its entries mean something else.
            connection.execute("DROP TABLE IF EXISTS entries")
            connection.execute("DROP TABLE IF EXISTS uses")
        connection.execute(
            "CREATE TABLE IF NOT EXISTS entries (kind TEXT NOT NULL, key BLOB NOT NULL, value BLOB NOT NULL,"
            " digest BLOB NOT NULL, size INTEGER NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID"
        )
        # The use times live apart from the values: marking 20,000 entries used then rewrites
        # rows of a few bytes, not the pages of their vectors (a warm rerun's largest write).
        connection.execute(
            "CREATE TABLE IF NOT EXISTS uses (kind TEXT NOT NULL, key BLOB NOT NULL, used REAL NOT NULL,"
            " PRIMARY KEY (kind, key)) WITHOUT ROWID"
        )
        connection.execute("CREATE INDEX IF NOT EXISTS uses_by_time ON uses (used)")
        if row is None or row[0] != SCHEMA_VERSION:  # written once: a run that finds everything cached writes nothing
            connection.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?)", (SCHEMA_VERSION,))

    def _guarded(self, operation: Callable[[sqlite3.Connection], object], fallback: object) -> object:
        """Run `operation`; a broken file is rebuilt once, a busy or unwritable one is skipped."""
        if self._disabled:
            return fallback
        for attempt in (1, 2):
            try:
                return operation(self._connect())
            except sqlite3.OperationalError as error:
                if "locked" in str(error) or "busy" in str(error):
                    self._warn(f"cache {self.path} is busy (another run is writing); this step goes without it")
                    return fallback
                if attempt == 1 and _looks_corrupt(error):
                    self._rebuild(error)
                    continue
                self._disable(error)
                return fallback
            except sqlite3.DatabaseError as error:  # "file is not a database", "malformed"
                if attempt == 1:
                    self._rebuild(error)
                    continue
                self._disable(error)
                return fallback
            except OSError as error:
                self._disable(error)
                return fallback
        return fallback

    def _rebuild(self, error: Exception) -> None:
        self._warn(f"cache {self.path} is damaged ({error}); it was set aside and is rebuilt")
        self.close()
        for suffix in ("", "-wal", "-shm"):
            try:
                os.replace(f"{self.path}{suffix}", f"{self.path}.damaged{suffix}")
            except OSError:
                pass

    def _disable(self, error: Exception) -> None:
        self._warn(f"cache {self.path} cannot be used ({error}); this run goes without it")
        self._disabled = True
        self.close()

    def close(self) -> None:
        self.record_uses()
        if self._connection is not None:
            try:
                self._connection.close()
            except sqlite3.Error:
                pass
            self._connection = None

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --------------------------------------------------------------- entries

    def get_many(self, kind: str, keys: Iterable[bytes]) -> dict[bytes, bytes]:
        """The stored values of those `keys` that are present and intact; marks them used."""
        wanted = list(dict.fromkeys(keys))
        if not wanted:
            return {}
        # Entries marked used since then keep their mark (record_uses).
        recent = time.time() - USE_RESOLUTION_SECONDS
        stale: set[bytes] = set()

        def read(connection: sqlite3.Connection) -> dict[bytes, bytes]:
            found: dict[bytes, bytes] = {}
            damaged: list[bytes] = []
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = connection.execute(
                    "SELECT entries.key, value, digest, used FROM entries LEFT JOIN uses USING (kind, key)"
                    f" WHERE entries.kind = ? AND entries.key IN ({marks})",
                    (kind, *chunk),
                ).fetchall()
                for key, value, digest, used in rows:
                    if _check_digest(key, value) == digest:
                        found[key] = value
                        if used is None or used < recent:
                            stale.add(key)
                    else:
                        damaged.append(key)
            if damaged:
                self._warn(f"cache {self.path}: {len(damaged)} damaged entries were dropped and recomputed")
                self._wrote = True
                connection.executemany("DELETE FROM entries WHERE kind = ? AND key = ?", [(kind, key) for key in damaged])
            return found

        found = self._guarded(read, {})
        if stale:
            self._used.setdefault(kind, set()).update(stale)
        self.hits += len(found)
        self.misses += len(wanted) - len(found)
        return found

    def record_uses(self) -> None:
        """Mark the entries read so far as used now, for least-recently-used pruning.

        One transaction for the run, not one per read, and an entry marked
        within the last USE_RESOLUTION_SECONDS keeps its mark: pruning needs
        the order of use to the hour, and a rerun soon after writes nothing.
        A run busy writing elsewhere may skip it: the values read were good,
        only their use time is not updated.
        """
        used, self._used = self._used, {}
        if not any(used.values()) or self._disabled or self._connection is None:
            return
        now = time.time()
        rows = [(now, kind, key, now - USE_RESOLUTION_SECONDS) for kind, keys in used.items() for key in keys]

        def mark(connection: sqlite3.Connection) -> None:
            try:
                connection.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                if "locked" in str(error) or "busy" in str(error):
                    return
                raise
            try:
                connection.executemany("UPDATE uses SET used = ? WHERE kind = ? AND key = ? AND used < ?", rows)
                connection.execute("COMMIT")
                self._wrote = True
            except BaseException:
                connection.execute("ROLLBACK")
                raise

        self._guarded(mark, None)

    def read_through(
        self,
        kind: str,
        keys: Mapping[T, bytes],
        compute: Callable[[list[T]], Mapping[T, V]],
        encode: Callable[[V], bytes],
        decode: Callable[[bytes], V],
    ) -> dict[T, V]:
        """Each item's value: read where the cache has it, else computed (all missing items in one call) and stored."""
        stored = self.get_many(kind, keys.values())
        values = {item: decode(stored[key]) for item, key in keys.items() if key in stored}
        missing = [item for item in keys if item not in values]
        if missing:
            computed = compute(missing)
            self.put_many(kind, {keys[item]: encode(computed[item]) for item in missing})
            values.update(computed)
        return values

    def read_through_one(self, kind: str, key: bytes, compute: Callable[[], V], encode: Callable[[V], bytes], decode: Callable[[bytes], V]) -> V:
        """`read_through` of a single value."""
        return self.read_through(kind, {key: key}, lambda _: {key: compute()}, encode, decode)[key]

    def get(self, kind: str, key: bytes) -> bytes | None:
        return self.get_many(kind, [key]).get(key)

    def put_many(self, kind: str, items: Mapping[bytes, bytes]) -> None:
        if not items:
            return
        now = time.time()
        rows = [(kind, key, value, _check_digest(key, value), len(key) + len(value)) for key, value in items.items()]

        def write(connection: sqlite3.Connection) -> None:
            self._wrote = True
            connection.execute("BEGIN IMMEDIATE")
            try:
                connection.executemany("INSERT OR REPLACE INTO entries (kind, key, value, digest, size) VALUES (?, ?, ?, ?, ?)", rows)
                connection.executemany("INSERT OR REPLACE INTO uses (kind, key, used) VALUES (?, ?, ?)", [(kind, key, now) for key in items])
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise

        self._guarded(write, None)

    def put(self, kind: str, key: bytes, value: bytes) -> None:
        self.put_many(kind, {key: value})

    def prune(self) -> int:
        """Drop the least recently used entries while the cache is above its size; returns how many."""

        self.record_uses()

        def prune(connection: sqlite3.Connection) -> int:
            if self._wrote:
                # Fold the write-ahead log back into the file, so the folder holds one compact file between runs.
                connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
            # The entries cannot hold more than the file's pages in use: while those fit, so do they,
            # and the sum (a scan of every entry) is not needed.
            pages = connection.execute("PRAGMA page_count").fetchone()[0] - connection.execute("PRAGMA freelist_count").fetchone()[0]
            if pages * connection.execute("PRAGMA page_size").fetchone()[0] <= self.max_size:
                return 0
            total = connection.execute("SELECT COALESCE(SUM(size), 0) FROM entries").fetchone()[0]
            if total <= self.max_size:
                return 0
            target = self.max_size * PRUNE_TO
            dropped = 0
            connection.execute("BEGIN IMMEDIATE")
            try:
                rows = connection.execute(
                    "SELECT entries.kind, entries.key, size FROM entries LEFT JOIN uses USING (kind, key)"
                    " ORDER BY COALESCE(used, 0), entries.kind, entries.key"
                ).fetchall()
                doomed = []
                for kind, key, size in rows:
                    if total <= target:
                        break
                    doomed.append((kind, key))
                    total -= size
                connection.executemany("DELETE FROM entries WHERE kind = ? AND key = ?", doomed)
                connection.executemany("DELETE FROM uses WHERE kind = ? AND key = ?", doomed)
                dropped = len(doomed)
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("PRAGMA incremental_vacuum")
            return dropped

        return self._guarded(prune, 0)

    def clear(self) -> None:
        def clear(connection: sqlite3.Connection) -> None:
            connection.execute("DELETE FROM entries")
            connection.execute("DELETE FROM uses")
            connection.execute("VACUUM")

        self._guarded(clear, None)

    def info(self) -> CacheInfo:
        exists = self.path.exists()

        def count(connection: sqlite3.Connection) -> dict[str, tuple[int, int]]:
            rows = connection.execute("SELECT kind, COUNT(*), SUM(size) FROM entries GROUP BY kind ORDER BY kind").fetchall()
            return {kind: (entries, size) for kind, entries, size in rows}

        entries = self._guarded(count, {}) if exists else {}
        file_size = sum(
            os.path.getsize(f"{self.path}{suffix}") for suffix in ("", "-wal") if os.path.exists(f"{self.path}{suffix}")
        )
        return CacheInfo(self.path, exists, file_size, entries, self.max_size)


def _looks_corrupt(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return "malformed" in text or "not a database" in text or "disk image" in text

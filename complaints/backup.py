"""Backups of the whole database and restoring them, each checked against a manifest.

SQLite: SQLite's online backup API copies every page in one step inside a read transaction, so
the copy is one consistent moment while the app goes on writing (WAL lets it). PostgreSQL:
`pg_dump --format=custom` run on a snapshot exported from a REPEATABLE READ transaction, the same
one the manifest's row counts are read in, so the counts describe exactly what the dump holds.

Next to each backup `PATH` sits `PATH.manifest.json`: when it was taken, the database kind, the
Alembic revision, the row count of every table and the file's SHA-256. Restore refuses a file
whose manifest is missing, of the other database kind, or whose bytes no longer match it.
Nothing here prints or logs a row: messages hold counts, hashes and paths only.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
from collections.abc import Callable
from contextlib import closing
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

FORMAT = "complaints-backup/1"
PG_DUMP = "/usr/bin/pg_dump"
PG_RESTORE = "/usr/bin/pg_restore"
MAGIC = {"sqlite": b"SQLite format 3\x00", "postgresql": b"PGDMP"}
# A restore waits this long for a lock held by a running app before it gives up, not forever.
PG_LOCK_TIMEOUT = "-c lock_timeout=60s"


class BackupError(Exception):
    """The backup or restore cannot go ahead; the message is safe to show (no personal data)."""


@dataclass(frozen=True)
class Manifest:
    created_at: str
    database: str  # "sqlite" or "postgresql"
    alembic_revision: str | None
    row_counts: dict[str, int]
    sha256: str
    size: int
    format: str = FORMAT

    @property
    def rows(self) -> int:
        return sum(self.row_counts.values())


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".manifest.json")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def database_kind(engine: sa.Engine) -> str:
    kind = engine.dialect.name
    if kind not in MAGIC:
        raise BackupError(f"Backups of {kind} databases are not supported.")
    return kind


def create_backup(engine: sa.Engine, path: Path) -> Manifest:
    """Write a consistent backup of the whole database to `path` and its manifest beside it.

    Raises BackupError if `path` exists already or the copy fails.
    """
    kind = database_kind(engine)
    if path.exists() or manifest_path(path).exists():
        raise BackupError(f"{path} exists already; choose a new file name.")
    path.parent.mkdir(parents=True, exist_ok=True)
    # The backup holds every person's data: readable by the owner only, from its first byte.
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        if kind == "sqlite":
            _sqlite_copy(_sqlite_file(engine), path)
            revision, counts = _sqlite_describe(path)
        else:
            revision, counts = _pg_dump(engine, path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    manifest = Manifest(
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        database=kind,
        alembic_revision=revision,
        row_counts=counts,
        sha256=file_sha256(path),
        size=path.stat().st_size,
    )
    manifest_path(path).write_text(json.dumps(asdict(manifest), indent=2, sort_keys=True) + "\n")
    return manifest


def check_backup(engine: sa.Engine, path: Path) -> Manifest:
    """The backup's manifest, once the file is known to be whole and of this database's kind.

    Raises BackupError naming what is wrong; changes nothing.
    """
    kind = database_kind(engine)
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    try:
        raw = json.loads(manifest_path(path).read_text())
        manifest = Manifest(**raw)
    except (OSError, ValueError, TypeError) as error:
        raise BackupError(f"{manifest_path(path)} is missing or unreadable.") from error
    if manifest.format != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.format!r}.")
    if manifest.database != kind:
        raise BackupError(
            f"This is a backup of a {manifest.database} database; this app uses {kind}."
        )
    with path.open("rb") as file:
        if not file.read(len(MAGIC[kind])) == MAGIC[kind]:
            raise BackupError(f"{path} is not a {kind} backup.")
    if path.stat().st_size != manifest.size or file_sha256(path) != manifest.sha256:
        raise BackupError(f"{path} does not match its manifest: it was changed or is incomplete.")
    return manifest


def restore_backup(engine: sa.Engine, path: Path) -> tuple[Manifest, dict[str, int]]:
    """Replace everything in the database with the backup; return its manifest and the row
    counts found afterwards (equal to the manifest's when the restore is whole).

    Raises BackupError before changing anything if the backup fails `check_backup`.
    """
    manifest = check_backup(engine, path)
    engine.dispose()  # no pooled connection keeps a view of the old data, or a lock on it
    if manifest.database == "sqlite":
        target = _sqlite_file(engine)
        if target.exists() and target.samefile(path):
            raise BackupError("The backup is the database itself.")
        _sqlite_restore(path, target)
    else:
        _pg_restore(engine, path)
    engine.dispose()
    with engine.connect() as connection:
        counts = _counts(lambda sql: connection.execute(sa.text(sql)).scalar_one(),
                         sa.inspect(connection).get_table_names())  # fmt: skip
    return manifest, counts


# SQLite ------------------------------------------------------------------------------------


def _sqlite_file(engine: sa.Engine) -> Path:
    name = engine.url.database
    if not name or name == ":memory:" or name.startswith("file:"):
        raise BackupError("Only a SQLite database in a file can be backed up or restored.")
    return Path(name)


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy every page in one step, so the copy is one moment even while others write."""
    with (
        closing(sqlite3.connect(source, timeout=30)) as src,
        closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)
        # A self-contained file: no -wal beside it that reading the backup could touch.
        dst.execute("PRAGMA journal_mode=DELETE")


def _sqlite_describe(path: Path) -> tuple[str | None, dict[str, int]]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as copy:
        if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError(f"{path} failed SQLite's integrity check.")
        tables = [row[0] for row in copy.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )]  # fmt: skip
        counts = _counts(lambda sql: copy.execute(sql).fetchone()[0], tables)
        revision = (
            copy.execute("SELECT version_num FROM alembic_version").fetchone()
            if "alembic_version" in tables
            else None
        )
    return (revision[0] if revision else None), counts


def _sqlite_restore(backup: Path, target: Path) -> None:
    with closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as src:
        if src.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError(f"{backup} failed SQLite's integrity check.")
        # The copy takes the target's write lock and replaces every page in one transaction.
        with closing(sqlite3.connect(target, timeout=60)) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")


# PostgreSQL --------------------------------------------------------------------------------


def libpq_arguments(url: sa.URL) -> tuple[str, dict[str, str]]:
    """A libpq connection URL from SQLAlchemy's `postgresql+psycopg://` one, and the environment
    for pg_dump and pg_restore: the password goes in PGPASSWORD, never on a command line."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = sa.URL.create("postgresql", url.username, None, url.host, url.port, url.database,
                          url.query)  # fmt: skip
    return plain.render_as_string(hide_password=False), env


def _pg_dump(engine: sa.Engine, path: Path) -> tuple[str | None, dict[str, int]]:
    conninfo, env = libpq_arguments(engine.url)
    connect = engine.connect().execution_options(isolation_level="REPEATABLE READ")
    with connect as connection, connection.begin():
        snapshot = connection.execute(sa.text("SELECT pg_export_snapshot()")).scalar_one()
        tables = sa.inspect(connection).get_table_names()
        counts = _counts(lambda sql: connection.execute(sa.text(sql)).scalar_one(), tables)
        revision = (
            connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
            if "alembic_version" in tables
            else None
        )
        # The dump reads the same snapshot, which lives as long as this transaction.
        _run([PG_DUMP, "--format=custom", f"--snapshot={snapshot}", f"--file={path}",
              "--no-password", f"--dbname={conninfo}"], env)  # fmt: skip
    return revision, counts


def _pg_restore(engine: sa.Engine, path: Path) -> None:
    conninfo, env = libpq_arguments(engine.url)
    env["PGOPTIONS"] = f"{env.get('PGOPTIONS', '')} {PG_LOCK_TIMEOUT}".strip()
    # One transaction: a restore that fails leaves the database as it was.
    _run([PG_RESTORE, "--clean", "--if-exists", "--no-owner", "--single-transaction",
          "--exit-on-error", "--no-password", f"--dbname={conninfo}", str(path)], env)  # fmt: skip


def _run(command: list[str], env: dict[str, str]) -> None:
    """Run pg_dump or pg_restore; on failure raise with its error lines, cut before the first
    double quote, where PostgreSQL puts the values (and so the personal data) it complains of."""
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        errors = [line.split('"', 1)[0].rstrip() for line in done.stderr.splitlines()
                  if line.startswith(f"{Path(command[0]).name}: error:")]  # fmt: skip
        raise BackupError(
            f"{Path(command[0]).name} failed (exit status {done.returncode})"
            + (": " + " | ".join(errors[:3]) if errors else ".")
        )


# Both --------------------------------------------------------------------------------------


def _counts(scalar: Callable[[str], int], tables: list[str]) -> dict[str, int]:
    """Row count of every table; names come from the database's own catalogue, quoted."""
    quoted = {name: '"' + name.replace('"', '""') + '"' for name in tables}
    return {name: int(scalar(f"SELECT count(*) FROM {quoted[name]}")) for name in sorted(tables)}

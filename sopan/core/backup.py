"""Backup and restore of the embedded tier — SQLite database, media folder, key files, audit anchors (issue 13 §9).

`manage.py backup` and `scripts/restore_drill.py` use these functions; docs/operations.md gives the same restore
procedure as commands for the operator. Reads the databases with the `sqlite3` module, not the ORM: the drill
compares two installations (the backup and its restored copy) from one process.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

DATABASE = "sopan.sqlite3"
MEDIA = "media"
ANCHORS = "audit-anchors"
KEY_FILES = ("secret_key", "audit_key")  # the embedded tier's keys (production passes them in the environment)


@dataclass(frozen=True)
class FileColumns:
    """A table whose rows name a stored file and keep the SHA-256 of its content."""

    table: str
    pk: str
    file: str
    sha256: str


@dataclass
class Snapshot:
    counts: dict[str, int] = field(default_factory=dict)  # rows per table
    documents: dict[str, tuple[str, str]] = field(default_factory=dict)  # "table#pk.column" -> (file name, SHA-256)
    heads: dict[str, tuple[int, str]] = field(default_factory=dict)  # audit chain key -> (last sequence, last hash)


def file_columns() -> list[FileColumns]:
    """Every file field with its stored SHA-256, found in the models: a sibling `<field>_sha256`, or `sha256` when the
    model has only the one file (vendors' Document and ArchivedFile, SOP step outputs, helpdesk attachments …). Found,
    not listed, so a module added later is checked without anyone remembering to add it here."""
    from django.apps import apps
    from django.db import models

    found = []
    for model in apps.get_models():
        fields = {f.name: f for f in model._meta.concrete_fields}
        files = [f for f in fields.values() if isinstance(f, models.FileField)]
        for file_field in files:
            sha = fields.get(f"{file_field.name}_sha256") or (fields.get("sha256") if len(files) == 1 else None)
            if sha is not None:
                found.append(FileColumns(model._meta.db_table, model._meta.pk.column, file_field.column, sha.column))
    return found


def sqlite_online_backup(source: Path, destination: Path) -> None:
    """Copy a live SQLite database with SQLite's online backup API: a consistent snapshot (the WAL included) while
    the server keeps writing, which copying the file is not. In one step: a backup in several steps starts over
    whenever another connection writes, and on a busy installation might never finish."""
    source_connection = sqlite3.connect(source, timeout=30)
    target = sqlite3.connect(destination)
    try:
        source_connection.backup(target)
        # The copy is one self-contained file: no -wal beside it to lose. Sopan turns WAL on again when it opens it.
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
        source_connection.close()


def backup_installation(*, database: Path, media: Path, var_dir: Path, anchors: Path, destination: Path) -> None:
    """The database first, then the media: files are written when their transaction commits, so a media copy taken
    after the database holds every file the database names (and perhaps a few newer ones, which do no harm)."""
    destination.mkdir(parents=True)
    sqlite_online_backup(database, destination / DATABASE)
    _copy_tree(media, destination / MEDIA)
    for name in KEY_FILES:
        if (var_dir / name).exists():
            shutil.copy2(var_dir / name, destination / name)
    _copy_tree(anchors, destination / ANCHORS)


def restore_installation(*, backup: Path, var_dir: Path, media: Path, anchors: Path) -> None:
    """The restore procedure of docs/operations.md, step by step; the server must be stopped."""
    var_dir.mkdir(parents=True, exist_ok=True)
    database = var_dir / DATABASE
    # A -wal or -shm left by the database being replaced belongs to it: SQLite would replay that WAL's pages into the
    # restored file and corrupt it. Remove them before the restored file takes the name.
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    shutil.copy2(backup / DATABASE, database)
    for name in KEY_FILES:
        if (backup / name).exists():
            shutil.copy2(backup / name, var_dir / name)
    # The media after the database: the database decides which files must exist.
    if media.exists():
        shutil.rmtree(media)
    _copy_tree(backup / MEDIA, media)
    # The anchors file only grows: an anchors folder that survived is newer than the backup's and is kept.
    if not (anchors / "anchors.jsonl").exists():
        _copy_tree(backup / ANCHORS, anchors, merge=True)


def _copy_tree(source: Path, destination: Path, *, merge: bool = False) -> None:
    if source.exists():
        shutil.copytree(source, destination, dirs_exist_ok=merge)
    else:
        destination.mkdir(parents=True, exist_ok=True)


def read_snapshot(database: Path, columns: Iterable[FileColumns]) -> Snapshot:
    """Row counts of every table, the stored file names with their SHA-256, and the audit chains' heads."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        snapshot = Snapshot()
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        # Table and column names come from the database's own catalogue and the models, never from input.
        for table in tables:
            snapshot.counts[table] = connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
        for c in columns:
            if c.table not in snapshot.counts:
                continue
            query = f'SELECT "{c.pk}", "{c.file}", "{c.sha256}" FROM "{c.table}" WHERE "{c.file}" <> \'\''  # noqa: S608
            rows = connection.execute(query)
            for pk, name, sha in rows:
                snapshot.documents[f"{c.table}#{pk}.{c.file}"] = (name, sha)
        if "core_auditchain" in snapshot.counts:
            for key, sequence, head in connection.execute("SELECT key, last_sequence, last_hash FROM core_auditchain"):
                snapshot.heads[key] = (sequence, head)
        return snapshot
    finally:
        connection.close()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as content:
        for block in iter(lambda: content.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def compare(expected: Snapshot, database: Path, media: Path, columns: Iterable[FileColumns]) -> list[str]:
    """Every difference between the backup and the restored installation, in words; empty when they are equal.

    Rows: the count of every table. Documents: every file a row names exists under `media` and its content has the
    SHA-256 the row stores. Audit: every chain's head."""
    actual = read_snapshot(database, columns)
    differences = []
    for table in sorted(expected.counts.keys() | actual.counts.keys()):
        backed_up, restored = expected.counts.get(table), actual.counts.get(table)
        if backed_up != restored:
            differences.append(f"table {table}: {backed_up} rows in the backup, {restored} restored")
    for key, (name, sha) in sorted(expected.documents.items()):
        if key not in actual.documents:
            differences.append(f"{key}: the row naming {name} was not restored")
            continue
        if actual.documents[key] != (name, sha):
            differences.append(f"{key}: the row names {actual.documents[key]}, the backup {(name, sha)}")
    for key, (name, sha) in sorted(actual.documents.items()):
        path = media / name
        if not path.is_file():
            differences.append(f"{key}: file {name} is missing")
        elif (found := sha256_of(path)) != sha:
            differences.append(f"{key}: file {name} has SHA-256 {found}, the row stores {sha}")
    for key in sorted(expected.heads.keys() | actual.heads.keys()):
        if expected.heads.get(key) != actual.heads.get(key):
            differences.append(
                f"audit chain {key}: head {expected.heads.get(key)} backed up, {actual.heads.get(key)} restored"
            )
    return differences

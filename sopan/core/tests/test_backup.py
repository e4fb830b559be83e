"""Backup and restore of the embedded tier (issue 13 §9): the drill's comparison must see every difference."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from sopan.core import backup

COLUMNS = [backup.FileColumns("doc", "id", "file", "sha256")]


def _installation(root: Path) -> tuple[Path, Path]:
    """A small live installation: a WAL-mode database naming two files with their SHA-256, and an audit chain."""
    media = root / "media"
    (media / "docs").mkdir(parents=True)
    database = root / backup.DATABASE
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE doc (id INTEGER PRIMARY KEY, file TEXT, sha256 TEXT)")
    connection.execute(
        "CREATE TABLE core_auditchain (id INTEGER PRIMARY KEY, key TEXT, last_sequence INT, last_hash TEXT)"
    )
    for n in (1, 2):
        content = f"dokumen {n}".encode()
        (media / "docs" / f"{n}.pdf").write_bytes(content)
        connection.execute(
            "INSERT INTO doc (id, file, sha256) VALUES (?, ?, ?)",
            (n, f"docs/{n}.pdf", hashlib.sha256(content).hexdigest()),
        )
    connection.execute("INSERT INTO core_auditchain (key, last_sequence, last_hash) VALUES ('org:1', 7, 'abc')")
    connection.commit()
    connection.close()
    return database, media


@pytest.fixture
def restored(tmp_path):
    """Back up a live installation and restore it elsewhere; the snapshot is what the backup holds."""
    database, media = _installation(tmp_path / "live")
    backup.backup_installation(
        database=database,
        media=media,
        var_dir=tmp_path / "live",
        anchors=tmp_path / "live" / "none",
        destination=tmp_path / "backup",
    )
    expected = backup.read_snapshot(tmp_path / "backup" / backup.DATABASE, COLUMNS)
    target = tmp_path / "restored"
    backup.restore_installation(
        backup=tmp_path / "backup", var_dir=target, media=target / "media", anchors=target / "audit-anchors"
    )
    return expected, target / backup.DATABASE, target / "media"


def test_a_faithful_restore_shows_no_difference(restored):
    expected, database, media = restored
    assert expected.counts == {"core_auditchain": 1, "doc": 2}
    assert backup.compare(expected, database, media, COLUMNS) == []


def test_a_missing_file_is_reported(restored):
    expected, database, media = restored
    (media / "docs" / "2.pdf").unlink()
    assert backup.compare(expected, database, media, COLUMNS) == ["doc#2.file: file docs/2.pdf is missing"]


def test_a_changed_file_is_reported_with_both_hashes(restored):
    expected, database, media = restored
    (media / "docs" / "1.pdf").write_bytes(b"dokumen palsu")
    (difference,) = backup.compare(expected, database, media, COLUMNS)
    assert difference.startswith(
        "doc#1.file: file docs/1.pdf has SHA-256 " + hashlib.sha256(b"dokumen palsu").hexdigest()
    )


def test_a_missing_row_is_reported(restored):
    expected, database, media = restored
    with sqlite3.connect(database) as connection:
        connection.execute("DELETE FROM doc WHERE id = 2")
    differences = backup.compare(expected, database, media, COLUMNS)
    assert "table doc: 2 rows in the backup, 1 restored" in differences
    assert "doc#2.file: the row naming docs/2.pdf was not restored" in differences


def test_a_different_audit_head_is_reported(restored):
    expected, database, media = restored
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE core_auditchain SET last_sequence = 6")
    assert backup.compare(expected, database, media, COLUMNS) == [
        "audit chain org:1: head (7, 'abc') backed up, (6, 'abc') restored"
    ]


def test_restore_removes_the_replaced_databases_wal_and_shm(tmp_path):
    database, media = _installation(tmp_path / "live")
    backup.backup_installation(
        database=database, media=media, var_dir=tmp_path / "live", anchors=tmp_path / "x", destination=tmp_path / "b"
    )
    target = tmp_path / "restored"
    target.mkdir()
    for suffix in ("-wal", "-shm"):
        (target / f"{backup.DATABASE}{suffix}").write_bytes(b"left by the database being replaced")
    backup.restore_installation(backup=tmp_path / "b", var_dir=target, media=target / "media", anchors=target / "a")
    assert sorted(p.name for p in target.iterdir()) == ["a", "media", backup.DATABASE]


def test_every_model_keeping_a_files_sha256_is_checked():
    tables = {(c.table, c.file) for c in backup.file_columns()}
    assert {
        ("vendors_document", "file"),
        ("vendors_archivedfile", "file"),
        ("vendors_accountaction", "evidence"),
        ("vendors_changerequest", "evidence"),
        ("sop_stepoutput", "file"),
        ("helpdesk_attachment", "file"),
    } <= tables

"""The database-level guard that makes audit events append-only (installed by migration core 0002).

Kept in one place so the migration and the test harness (which must lift it to empty the database between
transactional tests) use the same statements.
"""

from __future__ import annotations

INSTALL = {
    "sqlite": [
        """CREATE TRIGGER IF NOT EXISTS core_auditevent_no_update BEFORE UPDATE ON core_auditevent
           BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
        """CREATE TRIGGER IF NOT EXISTS core_auditevent_no_delete BEFORE DELETE ON core_auditevent
           BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
    ],
    "postgresql": [
        """CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger AS $$
           BEGIN RAISE EXCEPTION 'audit events are append-only'; END; $$ LANGUAGE plpgsql""",
        "DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent",
        """CREATE TRIGGER core_auditevent_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON core_auditevent
           FOR EACH STATEMENT EXECUTE FUNCTION core_auditevent_append_only()""",
    ],
}
REMOVE = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS core_auditevent_no_update",
        "DROP TRIGGER IF EXISTS core_auditevent_no_delete",
    ],
    "postgresql": ["DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent"],
}


def _execute(connection, statements) -> None:
    with connection.cursor() as cursor:
        for statement in statements.get(connection.vendor, []):
            cursor.execute(statement)


def install(connection) -> None:
    _execute(connection, INSTALL)


def remove(connection) -> None:
    _execute(connection, REMOVE)

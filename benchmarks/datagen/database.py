"""The benchmark database: made anew for each run, loaded without its indexes and foreign keys, then given them back
exactly as the migrations defined them (their definitions are read from the catalogue before they are dropped).

Building an index once over loaded rows is much faster than keeping it up to date row by row, and a foreign key added
to a loaded table is checked by one join instead of a trigger per row. Both are measured and reported per table.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import psycopg
from psycopg import sql

PREFIX = "sopan_bench"


def check_name(name: str) -> None:
    if not name.startswith(PREFIX) or not name.replace("_", "").isalnum():
        raise SystemExit(f"refusing database {name!r}: benchmark databases are named {PREFIX}… (letters, digits, _)")


def recreate(server: str, name: str) -> None:
    """Drop and create the database `name` on `server` (postgres://user@host:port)."""
    check_name(name)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def exists(server: str, name: str) -> bool:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def drop(server: str, name: str) -> None:
    check_name(name)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


@dataclass(frozen=True)
class Definition:
    table: str
    name: str
    kind: str  # "index", "unique", "foreign key"
    statement: str


_INDEXES = """
    SELECT t.relname, i.relname, pg_get_indexdef(i.oid)
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
    WHERE t.relname = ANY(%s) AND NOT x.indisprimary
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
"""
_CONSTRAINTS = """
    SELECT t.relname, c.conname, c.contype, pg_get_constraintdef(c.oid)
    FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid LEFT JOIN pg_class r ON r.oid = c.confrelid
    WHERE (c.contype = 'u' AND t.relname = ANY(%s))
       OR (c.contype = 'f' AND (t.relname = ANY(%s) OR r.relname = ANY(%s)))
"""


def take_apart(conninfo: str, tables: list[str]) -> list[Definition]:
    """Drop the secondary indexes, unique constraints and foreign keys of `tables` (and the foreign keys pointing at
    them); return their definitions for `put_back`. Primary keys and check constraints stay."""
    found: list[Definition] = []
    with psycopg.connect(conninfo, autocommit=True) as connection:
        for table, name, statement in connection.execute(_INDEXES, (tables,)).fetchall():
            found.append(Definition(table, name, "index", statement))
        for table, name, kind, body in connection.execute(_CONSTRAINTS, (tables, tables, tables)).fetchall():
            statement = sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} ").format(sql.Identifier(table), sql.Identifier(name))
            found.append(
                Definition(
                    table, name, "unique" if kind == "u" else "foreign key", statement.as_string(connection) + body
                )
            )
        with connection.transaction():
            for item in sorted(found, key=lambda d: d.kind != "foreign key"):  # foreign keys first
                if item.kind == "index":
                    connection.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(item.name)))
                else:
                    connection.execute(
                        sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(
                            sql.Identifier(item.table), sql.Identifier(item.name)
                        )
                    )
    return found


def put_back(conninfo: str, definitions: list[Definition], *, workers: int = 2) -> dict[str, dict[str, float]]:
    """Recreate what `take_apart` dropped: indexes and unique constraints first (two at a time, largest tables
    first), then foreign keys. Returns the seconds spent per table and kind."""
    spent: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    lock = threading.Lock()
    local = threading.local()

    def connection() -> psycopg.Connection:
        if not hasattr(local, "connection"):
            local.connection = psycopg.connect(conninfo, autocommit=True)
            local.connection.execute("SET maintenance_work_mem = '512MB'")
            local.connection.execute("SET max_parallel_maintenance_workers = 0")
        return local.connection

    def run(item: Definition) -> None:
        start = time.perf_counter()
        connection().execute(item.statement)
        with lock:
            spent[item.table][item.kind] += time.perf_counter() - start

    with psycopg.connect(conninfo) as probe:
        sizes = dict(probe.execute("SELECT relname, pg_relation_size(oid) FROM pg_class WHERE relkind = 'r'"))
    structure = sorted((d for d in definitions if d.kind != "foreign key"), key=lambda d: -sizes.get(d.table, 0))
    keys = sorted((d for d in definitions if d.kind == "foreign key"), key=lambda d: -sizes.get(d.table, 0))
    connections = []
    with ThreadPoolExecutor(workers, initializer=lambda: connections.append(connection())) as pool:
        list(pool.map(run, structure))
        list(pool.map(run, keys))
    for each in connections:
        each.close()
    return {table: dict(kinds) for table, kinds in spent.items()}


def all_tables(conninfo: str) -> list[str]:
    """Every table of the database's public schema with an `id` column."""
    with psycopg.connect(conninfo) as connection:
        rows = connection.execute(
            "SELECT table_name FROM information_schema.columns"
            " WHERE table_schema = 'public' AND column_name = 'id' ORDER BY table_name"
        ).fetchall()
    return [row[0] for row in rows]


def reset_sequences(conninfo: str, tables: list[str]) -> None:
    """After rows were copied with their ids: the next id of each table follows the largest one. Give it every table
    (`all_tables`): the per-organisation copies of the setup rows also carry their ids."""
    with psycopg.connect(conninfo, autocommit=True) as connection:
        for table in tables:
            sequence = connection.execute("SELECT pg_get_serial_sequence(%s, 'id')", (table,)).fetchone()[0]
            if sequence:
                connection.execute(
                    sql.SQL("SELECT setval(%s, GREATEST((SELECT max(id) FROM {}), 1))").format(sql.Identifier(table)),
                    (sequence,),
                )


def vacuum_analyze(conninfo: str, tables: list[str], *, workers: int = 2) -> dict[str, float]:
    """VACUUM (ANALYZE) the loaded tables, so the load test starts from the state autovacuum would reach anyway
    (statistics, visibility map) instead of autovacuum starting during it."""
    spent: dict[str, float] = {}
    local = threading.local()

    def run(table: str) -> None:
        if not hasattr(local, "connection"):
            local.connection = psycopg.connect(conninfo, autocommit=True)
        start = time.perf_counter()
        local.connection.execute(sql.SQL("VACUUM (ANALYZE) {}").format(sql.Identifier(table)))
        spent[table] = time.perf_counter() - start

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(run, tables))
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute("ANALYZE")  # the small tables too
    return spent


def sizes(conninfo: str, tables: list[str]) -> tuple[int, dict[str, dict[str, int]]]:
    """The database's size and, per table, its heap and index bytes."""
    with psycopg.connect(conninfo) as connection:
        total = connection.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        per_table = {
            table: {"table_bytes": heap, "index_bytes": index}
            for table, heap, index in connection.execute(
                "SELECT relname, pg_table_size(oid), pg_indexes_size(oid) FROM pg_class WHERE relname = ANY(%s)",
                (tables,),
            )
        }
    return total, per_table

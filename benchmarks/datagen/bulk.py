"""Bulk loading with PostgreSQL COPY (psycopg 3), table and column names from the models' `_meta`.

A `Table` names the fields the generator gives (by attname: `organization_id`, not `organization`); every other
concrete field gets its model default, so a field added later with a default needs no change here, and one without a
default stops the generator with its name. A `Stream` is one `COPY … FROM STDIN` on its own connection and
transaction, written from a background thread (psycopg's `QueuedLibpqWriter`), so PostgreSQL parses rows while
Python makes the next ones; several streams run at once, one per table.

With `freeze`, the stream empties the table in its own transaction first and copies WITH (FREEZE): the rows arrive
frozen and all-visible, as after a VACUUM, so the first reads of the benchmark do not rewrite every page (hint bits).
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence

import psycopg
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from psycopg import sql
from psycopg.copy import QueuedLibpqWriter


class Table:
    def __init__(self, model: type[models.Model], fields: Sequence[str]):
        self.model = model
        self.name = model._meta.db_table
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [name for name in fields if name not in by_attname]
        if unknown:
            raise ImproperlyConfigured(f"{model._meta.label} has no field(s) {', '.join(unknown)}")
        rest = [f for f in model._meta.concrete_fields if f.attname not in fields]
        defaults = []
        for field in rest:
            value = field.get_default()
            if value is None and not field.null:
                raise ImproperlyConfigured(
                    f"{model._meta.label}.{field.name} needs a value: it has no default and may not be empty"
                )
            defaults.append(json.dumps(value) if isinstance(field, models.JSONField) else value)
        self.fields = tuple(fields)
        self.columns = [by_attname[name].column for name in fields] + [f.column for f in rest]
        self.defaults = tuple(defaults)


class Stream:
    """One table's COPY. `add(values)` takes the values of `table.fields`, in that order."""

    def __init__(self, conninfo: str, table: Table, *, freeze: bool = False):
        self.table = table
        self.rows = 0
        self.started = time.perf_counter()
        self.seconds = 0.0
        self._connection = psycopg.connect(conninfo)
        self._connection.execute("SET synchronous_commit = off")
        if freeze:
            self._connection.execute(sql.SQL("TRUNCATE {}").format(sql.Identifier(table.name)))
        statement = sql.SQL("COPY {} ({}) FROM STDIN{}").format(
            sql.Identifier(table.name),
            sql.SQL(", ").join(map(sql.Identifier, table.columns)),
            sql.SQL(" WITH (FREEZE)" if freeze else ""),
        )
        cursor = self._connection.cursor()
        self._context = cursor.copy(statement, writer=QueuedLibpqWriter(cursor))
        self._copy = self._context.__enter__()
        self._write = self._copy.write_row
        self._defaults = table.defaults

    def add(self, values: tuple) -> None:
        self._write(values + self._defaults)
        self.rows += 1

    def close(self) -> None:
        self._context.__exit__(None, None, None)
        self._connection.commit()
        self._connection.close()
        self.seconds = time.perf_counter() - self.started

    def abort(self) -> None:
        try:
            self._connection.cancel_safe()
        finally:
            self._connection.close()


class Streams:
    """The open streams of one load, by model."""

    def __init__(self, conninfo: str):
        self.conninfo = conninfo
        self.open: dict[type[models.Model], Stream] = {}
        self.done: list[Stream] = []

    def start(self, model: type[models.Model], fields: Sequence[str], *, freeze: bool = False) -> Stream:
        stream = Stream(self.conninfo, Table(model, fields), freeze=freeze)
        self.open[model] = stream
        return stream

    def __getitem__(self, model: type[models.Model]) -> Stream:
        return self.open[model]

    def close_all(self) -> None:
        for model in list(self.open):
            stream = self.open.pop(model)
            stream.close()
            self.done.append(stream)

    def abort_all(self) -> None:
        for stream in self.open.values():
            stream.abort()
        self.open.clear()


def load(conninfo: str, model: type[models.Model], fields: Sequence[str], rows) -> Stream:
    """Copy an iterable of rows into one table in one go (small tables: the organisations' setup)."""
    stream = Stream(conninfo, Table(model, fields))
    try:
        for row in rows:
            stream.add(row)
    except BaseException:
        stream.abort()
        raise
    stream.close()
    return stream

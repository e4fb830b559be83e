"""What a run reports: elapsed time per phase and per table, row counts, sizes — printed and written as JSON."""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path


def _size(value: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.1f} {unit}" if unit != "B" else f"{value} B"
        value /= 1024
    return str(value)


class Report:
    def __init__(self, **facts):
        self.started = time.perf_counter()
        self.facts = dict(facts)
        self.phases: dict[str, float] = {}
        self.tables: dict[str, dict] = {}

    @contextlib.contextmanager
    def phase(self, name: str):
        print(f"… {name}", flush=True)
        start = time.perf_counter()
        yield
        self.phases[name] = round(time.perf_counter() - start, 2)
        print(f"  {name}: {self.phases[name]:.1f} s", flush=True)

    def table(self, name: str, **values) -> None:
        self.tables.setdefault(name, {}).update(values)

    def rows(self, name: str, rows: int, **values) -> None:
        entry = self.tables.setdefault(name, {})
        entry["rows"] = entry.get("rows", 0) + rows
        for key, value in values.items():
            entry[key] = round(entry.get(key, 0) + value, 2)

    def note(self, **facts) -> None:
        self.facts.update(facts)

    def as_data(self) -> dict:
        return {
            **self.facts,
            "total_seconds": round(time.perf_counter() - self.started, 1),
            "database_size": _size(self.facts.get("database_bytes", 0)),
            "phases_seconds": self.phases,
            "tables": dict(sorted(self.tables.items())),
        }

    def write(self, path: Path, *, merge: bool = False, summed: tuple[str, ...] = ()) -> dict:
        """Write the report; with `merge` (one phase run alone on an existing data set), into the data set's report:
        its phases and facts updated, the rows of its tables and the figures of the facts named in `summed` added to
        the earlier ones, the rest kept."""
        data = self.as_data()
        if merge and path.exists():
            data = _merged(json.loads(path.read_text()), data, summed)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        print()
        print(f"{'table':<28} {'rows':>11} {'load s':>8} {'index s':>8} {'fk s':>7} {'vacuum s':>9} {'size':>10}")
        for name, entry in data["tables"].items():
            if "rows" not in entry:
                continue
            size = entry.get("table_bytes", 0) + entry.get("index_bytes", 0)
            print(
                f"{name:<28} {entry['rows']:>11,} {entry.get('load_seconds', 0):>8.1f} "
                f"{entry.get('index_seconds', 0) + entry.get('unique_seconds', 0):>8.1f} "
                f"{entry.get('foreign_key_seconds', 0):>7.1f} {entry.get('vacuum_seconds', 0):>9.1f} {_size(size):>10}"
            )
        print(f"\ntotal {data['total_seconds']:.1f} s, database {data['database_size']} → {path}")
        return data


def _added(old, new):
    if isinstance(new, dict):
        return {k: _added(old.get(k, 0) if isinstance(old, dict) else 0, v) for k, v in new.items()}
    return (old if isinstance(old, int | float) else 0) + new


def _merged(old: dict, new: dict, summed: tuple[str, ...]) -> dict:
    old.setdefault("phases_seconds", {}).update(new["phases_seconds"])
    tables = old.setdefault("tables", {})
    for table, values in new["tables"].items():
        entry = tables.setdefault(table, {})
        rows = entry.get("rows", 0) + values.get("rows", 0)
        entry.update(values)
        if "rows" in values:
            entry["rows"] = rows
    old["tables"] = dict(sorted(tables.items()))
    kept = ("phases_seconds", "tables", "total_seconds", "database_size", "database_bytes")
    for key, value in new.items():
        if key in summed:
            old[key] = _added(old.get(key, {}), value)
        elif key not in kept:
            old[key] = value
    old["last_phase_seconds"] = new["total_seconds"]
    return old

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

    def write(self, path: Path) -> dict:
        data = self.as_data()
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

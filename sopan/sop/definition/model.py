"""The SOP as dataclasses (identity block, lanes, steps with their mutu baku), the time standard (`Waktu`,
`parse_time`), the canonical data form and YAML (`as_data`, `to_yaml`), and `diff` between two revisions."""

from __future__ import annotations

import dataclasses
import datetime
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

# The time standard lives in waktu.py; re-exported here, where it lived before.
from .waktu import NO_TIME_TEXTS, Period, TimeUnit, Waktu, parse_time  # noqa: F401

FORMAT = "sopan-sop/1"
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class Symbol:
    START = "start"  # terminator: Mulai
    END = "end"  # terminator: Selesai
    PROCESS = "process"  # rectangle: an activity
    DECISION = "decision"  # diamond: a choice with labelled exits
    CONNECTOR = "connector"  # off-page connector (pentagon): the flow continues on another page or SOP
    ALL = (START, END, PROCESS, DECISION, CONNECTOR)


class DefinitionError(ValueError):
    """One or more problems in a definition; each names where it is (file, step, field)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.describe() for p in problems))


class Severity:
    ERROR = "error"  # the SOP cannot be submitted for approval or run until it is mended
    WARNING = "warning"  # it loads and runs; the reader should look (e.g. a Waktu kept as printed, with no due time)


@dataclass(frozen=True)
class Problem:
    source: str  # file name, or "import"
    where: str  # "identity", "lane 'x'", "step 3 (key)"
    field: str
    message: str
    severity: str = Severity.ERROR

    def describe(self) -> str:
        parts = [self.source, self.where, self.field]
        return ": ".join(p for p in parts if p) + f": {self.message}"


@dataclass(frozen=True)
class Person:
    """A signatory of the SOP as printed: position (jabatan), name and NIP (any of them may be blank)."""

    position: str = ""
    name: str = ""
    nip: str = ""

    def __bool__(self) -> bool:
        return bool(self.position or self.name or self.nip)


@dataclass(frozen=True)
class Related:
    """A Keterkaitan entry: the printed title, and the key of the SOP it means when that SOP is in Sopan."""

    title: str
    sop: str = ""


@dataclass(frozen=True)
class Identity:
    title: str  # Nama SOP
    number: str = ""  # Nomor SOP
    organization: str = ""  # header: PEMERINTAH KOTA …
    unit: str = ""  # header: BAGIAN PENGADAAN BARANG DAN JASA / LPSE …
    created_on: datetime.date | None = None  # Tanggal Pembuatan
    revised_on: datetime.date | None = None  # Tanggal Revisi
    revision: int = 0
    effective_on: datetime.date | None = None  # Tanggal Efektif
    approved_by: Person = field(default_factory=Person)  # Disahkan Oleh (Disetujui Oleh on some approval sheets)
    prepared_by: Person = field(default_factory=Person)  # Dibuat Oleh (Lembar Pengesahan)
    reviewed_by: Person = field(default_factory=Person)  # Dikaji Oleh (Lembar Pengesahan)
    legal_basis: tuple[str, ...] = ()  # Dasar Hukum
    qualifications: tuple[str, ...] = ()  # Kualifikasi Pelaksana
    related: tuple[Related, ...] = ()  # Keterkaitan
    equipment: tuple[str, ...] = ()  # Peralatan/Perlengkapan
    warnings: tuple[str, ...] = ()  # Peringatan
    records: tuple[str, ...] = ()  # Pencatatan dan Pendataan
    summary: tuple[str, ...] = ()  # Penjelasan Singkat (optional)
    purpose: tuple[str, ...] = ()  # Tujuan (optional)
    definitions: tuple[str, ...] = ()  # Definisi (optional)


@dataclass(frozen=True)
class Lane:
    """A Pelaksana column. `roles` (the catalogue's or the organisation's own) may execute its steps; `recorded_by`
    may record them on behalf of an executor who does not use Sopan (a caller on the telephone, an official of another
    agency). A lane with no roles is an outside party (Helpdesk LKPP, another LPSE, an emergency team): its steps are
    recorded by `recorded_by`, or when that is empty too by whoever holds the case (policies.py)."""

    key: str
    name: str
    roles: tuple[str, ...] = ()
    recorded_by: tuple[str, ...] = ()

    @property
    def is_outside_party(self) -> bool:
        return not self.roles


@dataclass(frozen=True)
class Exit:
    """A decision's outcome: its printed label and the step it leads to; none (`to` empty) where the source leaves
    the outcome without a target ({label: Tidak}): the procedure ends there."""

    label: str
    to: str = ""


@dataclass(frozen=True)
class Step:
    key: str
    number: str
    text: str
    symbol: str
    lanes: tuple[str, ...]
    requirements: tuple[str, ...] = ()  # Kelengkapan / Persyaratan / Perlengkapan
    time: Waktu = field(default_factory=lambda: Waktu(text=""))
    output: str = ""
    notes: str = ""  # Keterangan
    next: tuple[str, ...] = ()
    exits: tuple[Exit, ...] = ()
    join: bool = False
    doubt: str = ""  # a transcription note: where the source is garbled or unclear
    # `next: {sop: <key>}`: the flow continues in another SOP (off-page connector); this case ends here and a linked
    # case of that SOP starts (services/cases.py).
    handover: str = ""

    @property
    def is_decision(self) -> bool:
        return self.symbol == Symbol.DECISION

    @property
    def successors(self) -> tuple[str, ...]:
        return tuple(e.to for e in self.exits if e.to) if self.is_decision else self.next

    @property
    def ends_here(self) -> bool:
        """A decision with an exit that leads to no step: the procedure ends when that exit is taken."""
        return self.is_decision and any(not e.to for e in self.exits)

    @property
    def label(self) -> str:
        return f"{self.number} ({self.key})" if self.number else self.key


@dataclass(frozen=True)
class Definition:
    key: str
    identity: Identity
    lanes: tuple[Lane, ...]
    steps: tuple[Step, ...]
    source: str = ""  # where it was transcribed from
    doubts: tuple[str, ...] = ()
    # What the loader warned about (Severity.WARNING problems): kept with the definition, not part of its data.
    warnings: tuple[Problem, ...] = field(default=(), compare=False)

    # --- lookups ------------------------------------------------------------------------------------------------
    def step(self, key: str) -> Step:
        for step in self.steps:
            if step.key == key:
                return step
        raise KeyError(key)

    def lane(self, key: str) -> Lane:
        for lane in self.lanes:
            if lane.key == key:
                return lane
        raise KeyError(key)

    @property
    def step_keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.steps)

    @property
    def start_steps(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.symbol == Symbol.START)

    def predecessors(self, key: str) -> tuple[str, ...]:
        return tuple(s.key for s in self.steps if key in s.successors)

    # --- serialisation --------------------------------------------------------------------------------------------
    def as_data(self) -> dict[str, Any]:
        """The canonical data form (what the YAML file holds and what a version stores): plain, ordered, no Nones."""
        identity = self.identity
        data_identity: dict[str, Any] = {"title": identity.title}
        for name in ("number", "organization", "unit"):
            if value := getattr(identity, name):
                data_identity[name] = value
        for name in ("created_on", "revised_on", "effective_on"):
            if value := getattr(identity, name):
                data_identity[name] = value.isoformat()
        if identity.revision:
            data_identity["revision"] = identity.revision
        for name in ("prepared_by", "reviewed_by", "approved_by"):  # as the Lembar Pengesahan prints them
            if person := {k: v for k, v in dataclasses.asdict(getattr(identity, name)).items() if v}:
                data_identity[name] = person
        for name in LIST_FIELDS:
            if values := getattr(identity, name):
                data_identity[name] = list(values)
        if identity.related:
            data_identity["related"] = [
                {"title": r.title, "sop": r.sop} if r.sop else {"title": r.title} for r in identity.related
            ]
        data: dict[str, Any] = {"format": FORMAT, "key": self.key}
        if self.source:
            data["source"] = self.source
        if self.doubts:
            data["doubts"] = list(self.doubts)
        data["identity"] = data_identity
        data["lanes"] = [_lane_data(lane) for lane in self.lanes]
        data["steps"] = [_step_data(step) for step in self.steps]
        return data

    def to_yaml(self) -> str:
        """The definition as its YAML file. Written once per definition (it is immutable, tuples all the way down):
        PyYAML writes a seed SOP in about 20 ms, and the catalogue's definitions are written again for each adoption."""
        written = self.__dict__.get("_yaml")
        if written is None:
            written = yaml.dump(self.as_data(), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110)
            object.__setattr__(self, "_yaml", written)
        return written


LIST_FIELDS = (
    "legal_basis",
    "qualifications",
    "equipment",
    "warnings",
    "records",
    "summary",
    "purpose",
    "definitions",
)


def _lane_data(lane: Lane) -> dict[str, Any]:
    data: dict[str, Any] = {"key": lane.key, "name": lane.name}
    if lane.roles:  # none: an outside party
        data["roles"] = list(lane.roles)
    if lane.recorded_by:
        data["recorded_by"] = list(lane.recorded_by)
    return data


def _step_data(step: Step) -> dict[str, Any]:
    data: dict[str, Any] = {"key": step.key, "number": step.number, "text": step.text, "symbol": step.symbol}
    data["lanes"] = list(step.lanes)
    if step.requirements:
        data["requirements"] = list(step.requirements)
    if step.time.text or step.time.value is not None:
        data["time"] = step.time.as_data()
    if step.output:
        data["output"] = step.output
    if step.notes:
        data["notes"] = step.notes
    if step.exits:
        data["exits"] = [{"label": e.label, "to": e.to} if e.to else {"label": e.label} for e in step.exits]
    elif step.handover:
        data["next"] = {"sop": step.handover}
    elif len(step.next) == 1:
        data["next"] = step.next[0]
    elif step.next:
        data["next"] = list(step.next)
    if step.join:
        data["join"] = True
    if step.doubt:
        data["doubt"] = step.doubt
    return data


class _Dumper(yaml.SafeDumper):
    pass


_TOP_ORDER = ("format", "key", "source", "doubts", "identity", "lanes", "steps")
_ITEM_ORDER = ("key", "number", "name", "text", "symbol", "lanes", "roles", "recorded_by", "requirements", "time")


def _ordered(data: Any, order: tuple[str, ...]) -> Any:
    if not isinstance(data, dict):
        return data
    rank = {name: i for i, name in enumerate(order)}
    return dict(sorted(data.items(), key=lambda item: rank.get(item[0], len(rank))))


def raw_yaml(data: Any) -> str:
    """Data as written (a draft kept with its errors) back as YAML, its fields in the order of the format (the
    database need not keep the order they were written in)."""
    data = _ordered(data, _TOP_ORDER)
    if isinstance(data, dict):
        for part in ("lanes", "steps"):
            if isinstance(data.get(part), list):
                data[part] = [_ordered(item, _ITEM_ORDER) for item in data[part]]
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110)


def json_safe(data: Any) -> Any:
    """YAML data made storable as JSON: dates as ISO text, mapping keys as text, anything else unusual as text."""
    if isinstance(data, dict):
        return {str(k): json_safe(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [json_safe(v) for v in data]
    if isinstance(data, datetime.date):
        return data.isoformat()
    if data is None or isinstance(data, str | int | float | bool):
        return data
    return str(data)


def _str_presenter(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def diff(old: Definition, new: Definition) -> list[tuple[str, str, Any, Any]]:
    """What changed between two revisions, as (where, field, old, new): identity fields, lanes and steps by key."""
    changes: list[tuple[str, str, Any, Any]] = []
    old_data, new_data = old.as_data(), new.as_data()
    for name in sorted(set(old_data["identity"]) | set(new_data["identity"])):
        a, b = old_data["identity"].get(name), new_data["identity"].get(name)
        if a != b:
            changes.append(("identity", name, a, b))
    for kind in ("lanes", "steps"):
        before = {item["key"]: item for item in old_data[kind]}
        after = {item["key"]: item for item in new_data[kind]}
        for key in [*before, *(k for k in after if k not in before)]:
            a, b = before.get(key), after.get(key)
            label = kind[:-1]
            if a is None:
                changes.append((f"{label} {key}", "", None, b))
            elif b is None:
                changes.append((f"{label} {key}", "", a, None))
            else:
                for name in sorted(set(a) | set(b)):
                    if a.get(name) != b.get(name):
                        changes.append((f"{label} {key}", name, a.get(name), b.get(name)))
    return changes

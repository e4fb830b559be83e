"""Loading and validation: a definition from YAML or its data form, with every problem named by where it is
(file, step, field), and the checks of the flow (successors, decisions, start and end, reachability)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _

from . import bounded_yaml, waktu_loading
from .bounded_yaml import MAX_TEXT_CHARS, TooComplex
from .dates import parse_date
from .flow import check_flow, step_where
from .model import (
    FORMAT,
    KEY_RE,
    LIST_FIELDS,
    Definition,
    DefinitionError,
    Exit,
    Identity,
    Lane,
    Person,
    Problem,
    Related,
    Severity,
    Step,
    Symbol,
)
from .waktu import Waktu

IDENTITY_FIELDS = {
    "title",
    "number",
    "organization",
    "unit",
    "created_on",
    "revised_on",
    "revision",
    "effective_on",
    "prepared_by",
    "reviewed_by",
    "approved_by",
    "related",
    *LIST_FIELDS,
}
TOP_FIELDS = {"format", "key", "source", "doubts", "identity", "lanes", "steps"}
LANE_FIELDS = {"key", "name", "roles", "recorded_by"}
STEP_FIELDS = {
    "key",
    "number",
    "text",
    "symbol",
    "lanes",
    "requirements",
    "time",
    "output",
    "notes",
    "next",
    "exits",
    "join",
    "doubt",
}


class _Collector:
    def __init__(self, source: str):
        self.source = source
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def add(self, where: str, field_name: str, message: str) -> None:
        self.problems.append(Problem(self.source, where, field_name, message))

    def warn(self, where: str, field_name: str, message: str) -> None:
        """A problem that does not stop the SOP from loading or running (kept in `Definition.warnings`)."""
        self.warnings.append(Problem(self.source, where, field_name, message, Severity.WARNING))


def _line(mark) -> str:
    return _("line %(n)s") % {"n": mark.line + 1} if mark is not None else ""


def check_yaml(
    text: str, *, source: str = "import", known_roles: Iterable[str] | None = None
) -> tuple[Definition | None, list[Problem]]:
    """Read a YAML definition as far as it can be read: the best definition that could be built (None only when
    the text is not YAML or not a mapping) and every problem found, errors and warnings, all at once."""
    if len(text) > MAX_TEXT_CHARS:
        message = _("larger than %(limit)s characters; an SOP definition is much smaller") % {"limit": MAX_TEXT_CHARS}
        return None, [Problem(source, "", "", message)]
    try:
        data = bounded_yaml.parse(text)
    except TooComplex as error:
        return None, [Problem(source, _line(error.mark), "", error.message)]
    except yaml.YAMLError as error:
        where = _line(getattr(error, "problem_mark", None))
        problem = getattr(error, "problem", error)
        return None, [Problem(source, where, "", _("not valid YAML (%(problem)s)") % {"problem": problem})]
    return check_data(data, source=source, known_roles=known_roles)


def load_yaml(text: str, *, source: str = "import", known_roles: Iterable[str] | None = None) -> Definition:
    """Parse and validate a YAML definition. Raises `DefinitionError` listing every problem found."""
    return _valid(*check_yaml(text, source=source, known_roles=known_roles))


def _valid(definition: Definition | None, problems: list[Problem]) -> Definition:
    errors = [p for p in problems if p.severity == Severity.ERROR]
    if errors or definition is None:
        raise DefinitionError(errors)
    return definition


def load_file(path: Path, *, known_roles: Iterable[str] | None = None) -> Definition:
    return load_yaml(path.read_text(encoding="utf-8"), source=path.name, known_roles=known_roles)


class _AnyRole:
    """Every code is known: for definitions already checked against their organisation's roles (stored versions)."""

    def __contains__(self, code) -> bool:
        return True


ANY_ROLE = _AnyRole()


def from_data(data: Any, *, source: str = "import", known_roles: Iterable[str] | None = None) -> Definition:
    """Build a `Definition` from its data form, checking everything; raises `DefinitionError`. Lanes may name the
    roles in `known_roles` (the catalogue's by default; an organisation's own too when given, or ANY_ROLE)."""
    return _valid(*check_data(data, source=source, known_roles=known_roles))


def check_data(
    data: Any, *, source: str = "import", known_roles: Iterable[str] | None = None
) -> tuple[Definition | None, list[Problem]]:
    """The data form read as far as it can be read (`check_yaml`): structural and flow problems together, the flow
    checked on whatever steps could be read. The definition is None only when the data is not a mapping."""
    if known_roles is None:
        from sopan.accounts import roles

        known_roles = roles.ROLES
    if known_roles is not ANY_ROLE:
        known_roles = set(known_roles)
    out = _Collector(source)
    if not isinstance(data, Mapping):
        out.add("", "", _("the file must hold a mapping (format, key, identity, lanes, steps)"))
        return None, out.problems
    _unknown(out, "", data, TOP_FIELDS)
    if data.get("format") != FORMAT:
        out.add("", "format", _("must be %(format)s") % {"format": FORMAT})
    key = _text(out, "", "key", data.get("key"), required=True)
    if key and not KEY_RE.match(key):
        out.add("", "key", _("use lowercase letters, digits and dashes (e.g. registrasi-verifikasi)"))
    identity = _identity(out, data.get("identity"))
    lanes = _lanes(out, data.get("lanes"), known_roles)
    steps = _steps(out, data.get("steps"), {lane.key for lane in lanes})
    steps = _resolve_times(out, steps)  # issue 16 §4 (helper B): relative Waktu, `from`
    definition = Definition(
        key=key,
        identity=identity,
        lanes=tuple(lanes),
        steps=tuple(steps),
        source=_text(out, "", "source", data.get("source")),
        doubts=_texts(out, "", "doubts", data.get("doubts")),
    )
    check_flow(out, definition)
    return replace(definition, warnings=tuple(out.warnings)), [*out.problems, *out.warnings]


def _unknown(out: _Collector, where: str, data: Mapping, allowed: set[str]) -> None:
    for name in data:
        if name not in allowed:
            out.add(
                where,
                str(name),
                _("unknown field (expected one of: %(fields)s)") % {"fields": ", ".join(sorted(allowed))},
            )


def _text(out: _Collector, where: str, name: str, value: Any, *, required: bool = False) -> str:
    if value is None:
        if required:
            out.add(where, name, _("is required"))
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        out.add(where, name, _("must be text"))
        return ""
    text = str(value).strip()
    if required and not text:
        out.add(where, name, _("must not be empty"))
    return text


def _texts(out: _Collector, where: str, name: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        out.add(where, name, _("must be a list of texts"))
        return ()
    return tuple(str(v).strip() for v in value if str(v).strip())


def _date(out: _Collector, where: str, name: str, value: Any) -> datetime.date | None:
    """A date as printed ("17 Januari 2024", "30-Nov-12", "02/01/2013", "2017-01-08"; see `dates`)."""
    parsed = parse_date(value) if value not in (None, "") else None
    if parsed is None and value not in (None, ""):
        message = _(
            "%(value)r is not a date that can be read: write the day, the month and the year, e.g. "
            "'17 Januari 2024', '17-Jan-24', '17/01/2024' (day first) or '2024-01-17'"
        )
        out.add(where, name, message % {"value": value})
    return parsed


# The identity block's signatories, in the order the Lembar Pengesahan prints them (Dibuat, Dikaji, Disahkan oleh).
PERSON_FIELDS = ("prepared_by", "reviewed_by", "approved_by")
MAX_NUMBER_CHARS = 255  # SopVersion.number
MAX_TITLE_CHARS = 300  # SopVersion.title


def _person(out: _Collector, where: str, name: str, value: Any) -> Person:
    """Dibuat / Dikaji / Disahkan oleh: {position, name, nip}; a text alone is the position."""
    value = {"position": value} if isinstance(value, str) else {} if value is None else value
    if not isinstance(value, Mapping):
        out.add(where, name, _("must be a mapping (position, name, nip)"))
        value = {}
    _unknown(out, f"{where} {name}", value, {"position", "name", "nip"})
    return Person(
        position=_text(out, where, f"{name}.position", value.get("position")),
        name=_text(out, where, f"{name}.name", value.get("name")),
        nip=_text(out, where, f"{name}.nip", value.get("nip")),
    )


def _number(out: _Collector, where: str, value: Any) -> str:
    """Nomor SOP, kept as printed (slashes, dots, spaces); YAML turns an unquoted 017 or 1.10 into a number."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        message = _(
            "YAML reads this SOP number as the number %(value)s; put it in quotes exactly as printed, e.g. '017'"
        )
        out.warn(where, "number", message % {"value": value})
    number = _text(out, where, "number", value)
    if len(number) > MAX_NUMBER_CHARS:
        out.add(where, "number", _("at most %(limit)s characters") % {"limit": MAX_NUMBER_CHARS})
    return number


def _related(out: _Collector, where: str, data: Any) -> tuple[Related, ...]:
    related = []
    for i, entry in enumerate(data or []):
        if isinstance(entry, str):
            entry = {"title": entry}
        if not isinstance(entry, Mapping) or not entry.get("title"):
            out.add(where, f"related[{i}]", _("needs a title (and optionally the sop key it refers to)"))
            continue
        _unknown(out, f"{where} related[{i}]", entry, {"title", "sop"})
        related.append(Related(title=str(entry["title"]).strip(), sop=str(entry.get("sop") or "").strip()))
    return tuple(related)


def _identity(out: _Collector, data: Any) -> Identity:
    where = "identity"
    if not isinstance(data, Mapping):
        out.add(where, "", _("is required and must be a mapping"))
        return Identity(title="")
    _unknown(out, where, data, IDENTITY_FIELDS)
    revision = data.get("revision", 0)
    if not isinstance(revision, int) or isinstance(revision, bool) or revision < 0:
        out.add(where, "revision", _("must be a whole number (0 for the first edition)"))
        revision = 0
    title = _text(out, where, "title", data.get("title"), required=True)
    if len(title) > MAX_TITLE_CHARS:
        out.add(where, "title", _("at most %(limit)s characters") % {"limit": MAX_TITLE_CHARS})
    return Identity(
        title=title,
        number=_number(out, where, data.get("number")),
        organization=_text(out, where, "organization", data.get("organization")),
        unit=_text(out, where, "unit", data.get("unit")),
        created_on=_date(out, where, "created_on", data.get("created_on")),
        revised_on=_date(out, where, "revised_on", data.get("revised_on")),
        revision=revision,
        effective_on=_date(out, where, "effective_on", data.get("effective_on")),
        **{name: _person(out, where, name, data.get(name)) for name in PERSON_FIELDS},
        related=_related(out, where, data.get("related")),
        **{name: _texts(out, where, name, data.get(name)) for name in LIST_FIELDS},
    )


def _lanes(out: _Collector, data: Any, known_roles: set[str]) -> list[Lane]:
    if not isinstance(data, list) or not data:
        out.add("lanes", "", _("at least one lane (Pelaksana) is required"))
        return []
    lanes, seen = [], set()
    for i, entry in enumerate(data):
        where = _("lane #%(n)s") % {"n": i + 1}
        if not isinstance(entry, Mapping):
            out.add(where, "", _("must be a mapping (key, name, roles)"))
            continue
        key = _text(out, where, "key", entry.get("key"), required=True)
        where = _("lane %(key)r") % {"key": key} if key else where
        _unknown(out, where, entry, LANE_FIELDS)
        if key and not KEY_RE.match(key):
            out.add(where, "key", _("use lowercase letters, digits and dashes"))
        if key in seen:
            out.add(where, "key", _("is used by another lane"))
        seen.add(key)
        lane_roles = _texts(out, where, "roles", entry.get("roles"))
        recorded_by = _texts(out, where, "recorded_by", entry.get("recorded_by"))
        # No roles: an outside party (Helpdesk LKPP, another LPSE), recorded by `recorded_by` or the case's holder.
        for name, codes in (("roles", lane_roles), ("recorded_by", recorded_by)):
            for role in codes:
                if role not in known_roles:
                    out.add(
                        where,
                        name,
                        _(
                            "%(role)r is not a role of the catalogue nor of the organisation: write the code of one "
                            "(Own roles and teams lists the organisation's), or leave roles empty for an outside party"
                        )
                        % {"role": role},
                    )
        lanes.append(
            Lane(
                key=key,
                name=_text(out, where, "name", entry.get("name"), required=True),
                roles=lane_roles,
                recorded_by=recorded_by,
            )
        )
    return lanes


def _steps(out: _Collector, data: Any, lane_keys: set[str]) -> list[Step]:
    if not isinstance(data, list) or not data:
        out.add("steps", "", _("at least one step is required"))
        return []
    steps, seen = [], set()
    for i, entry in enumerate(data):
        where = _("step #%(n)s") % {"n": i + 1}
        if not isinstance(entry, Mapping):
            out.add(where, "", _("must be a mapping"))
            continue
        key = _text(out, where, "key", entry.get("key"), required=True)
        number = _text(out, where, "number", entry.get("number"))
        where = step_where(number, key)
        _unknown(out, where, entry, STEP_FIELDS)
        if key and not KEY_RE.match(key):
            out.add(where, "key", _("use lowercase letters, digits and dashes"))
        if key in seen:
            out.add(where, "key", _("is used by another step"))
        seen.add(key)
        symbol = _text(out, where, "symbol", entry.get("symbol"), required=True)
        if symbol and symbol not in Symbol.ALL:
            out.add(
                where,
                "symbol",
                _("%(symbol)r is not one of %(choices)s") % {"symbol": symbol, "choices": ", ".join(Symbol.ALL)},
            )
        step_lanes = _step_lanes(out, where, entry, lane_keys)
        time = _time(out, where, entry.get("time"))
        next_keys, handover = _next(out, where, entry.get("next"))
        exits = _exits(out, where, entry)
        join = entry.get("join", False)
        if not isinstance(join, bool):
            out.add(where, "join", _("must be true or false"))
            join = False
        steps.append(
            Step(
                key=key,
                number=number,
                text=_text(out, where, "text", entry.get("text"), required=True),
                symbol=symbol,
                lanes=step_lanes,
                requirements=_texts(out, where, "requirements", entry.get("requirements")),
                time=time,
                output=_text(out, where, "output", entry.get("output")),
                notes=_text(out, where, "notes", entry.get("notes")),
                next=tuple(next_keys),
                exits=tuple(exits),
                join=join,
                doubt=_text(out, where, "doubt", entry.get("doubt")),
                handover=handover,
            )
        )
    return steps


def _next(out: _Collector, where: str, raw: Any) -> tuple[tuple[str, ...], str]:
    """`next`: a step key, a list of them (parallel branches), or `{sop: <key>}`: a hand-over to another SOP."""
    if isinstance(raw, str):
        return (raw,), ""
    if isinstance(raw, Mapping):
        _unknown(out, f"{where} next", raw, {"sop"})
        key = _text(out, where, "next.sop", raw.get("sop"), required=True)
        if key and not KEY_RE.match(key):
            out.add(where, "next.sop", _("write the key of the other SOP (e.g. {sop: pengarsipan-berkas})"))
        return (), key
    return _texts(out, where, "next", raw), ""


def _step_lanes(out: _Collector, where: str, entry: Mapping, lane_keys: set[str]) -> tuple[str, ...]:
    step_lanes = _texts(out, where, "lanes", entry.get("lanes"))
    if not step_lanes:
        out.add(where, "lanes", _("name the lane (Pelaksana) that executes this step"))
    for lane in step_lanes:
        if lane not in lane_keys:
            out.add(where, "lanes", _("lane %(lane)r does not exist") % {"lane": lane})
    return step_lanes


def _exits(out: _Collector, where: str, entry: Mapping) -> list[Exit]:
    """A decision's exits. One with a label and no target (`{label: Tidak}`, as real SOP tables leave it) means the
    procedure ends there: it is kept, printed as an end and recorded as a doubt (a warning; the case ends there)."""
    raw = entry.get("exits")
    if raw is not None and not isinstance(raw, list):
        out.add(where, "exits", _("must be a list of exits, each {label: Ya, to: <step key>}"))
        return []
    exits = []
    for j, exit_data in enumerate(raw or []):
        if not isinstance(exit_data, Mapping) or not (exit_data.get("to") or exit_data.get("label")):
            out.add(where, f"exits[{j}]", _("needs a label and the step it leads to (to)"))
            continue
        _unknown(out, f"{where} exits[{j}]", exit_data, {"label", "to"})
        if isinstance(exit_data.get("to"), Mapping):  # {sop: <key>}: drawn as an off-page connector, so written as one
            message = _("lead the exit to a step drawn as the connector (symbol: connector, next: {sop: <key>})")
            out.add(where, f"exits[{j}].to", message)
            continue
        label = _text(out, where, f"exits[{j}].label", exit_data.get("label"))
        target = _text(out, where, f"exits[{j}].to", exit_data.get("to"))
        if not target:
            out.warn(
                where,
                f"exits[{j}]",
                _(
                    "the exit %(label)r leads to no step: the procedure ends there, and it is printed as an end. "
                    "If the source means another step, write it as to: <step key>."
                )
                % {"label": label},
            )
        exits.append(Exit(label=label, to=target))
    return exits


def _time(out: _Collector, where: str, value: Any) -> Waktu:
    """A step's Waktu, printed or as a mapping (waktu_loading.py); unreadable text is kept and warned about."""
    return waktu_loading.load_time(out, where, value, _unknown)


def _resolve_times(out: _Collector, steps: list[Step]) -> list[Step]:
    """Relative times: `from` names a step, or the printed text names one by its text (waktu_loading.py)."""
    return waktu_loading.resolve_relative(out, steps, step_where)

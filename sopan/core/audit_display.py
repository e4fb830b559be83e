"""The audit trail as people read it (issue 14 §5): event names in words, field labels, formatted values.

Only the display: how events are written and chained is `audit.py`, untouched by this module.

Each app names its own events in a module `<app>/audit_events.py`, found through INSTALLED_APPS (core imports no
domain app):

    EVENTS = {"helpdesk.ticket.take": _("Ticket taken"), ...}
    FACTS = {
        "sha256": Fact(_("Checksum (SHA-256)"), kind="hash"),                # any event of any app
        "vendors.signup.requested:kind": Fact(field="vendors.Registration.applicant_kind"),  # one event only
    }

A key of an event's `changes` is shown, in this order, by the fact declared for that event, by the field of that name
on the event's object (its verbose_name, choices, type), by a fact declared for every event, or else as its name made
readable. Values: booleans as Ya/Tidak, choices by their label, instants in the organisation's zone
(6 Desember 2026 14.05 WIB), money as Rupiah, lists as comma lists, empty as "—", foreign keys by their object's name
(one query per model for a whole page). Personal numbers arrive masked (the services mask them); a fact of kind
"personal" is masked again here in case one did not.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.dateformat import format as date_format
from django.utils.dateparse import parse_date, parse_datetime, parse_time
from django.utils.formats import get_format, number_format
from django.utils.functional import Promise
from django.utils.module_loading import module_has_submodule
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from sopan.core import ids

EMPTY = "—"
MODULE = "audit_events"


@dataclass(frozen=True)
class Fact:
    """How one key of an event's `changes` is shown, when it is not (only) a field of the event's object.

    label: the words; field: "app_label.Model.field" whose label, choices and type are used; ref: "app_label.Model"
    whose key the value is (shown by the object's name); of: "app_label.Model" whose field changes the value maps
    (`{field: [old, new]}`); choices: (value, label) pairs; kind: "money", "bytes", "hash" (shortened), "personal"
    (masked), "list" (a list, never an `[old, new]` pair), "code" (shown as is), "id" (a row's number: #12).
    Declared as "<action>:*" with `of`, every key of that event is a field of that model (e.g. a settings row written
    with the organisation as the event's object).
    """

    label: Any = ""
    field: str = ""
    ref: str = ""
    of: str = ""
    kind: str = ""
    choices: Any = ()  # (value, label) pairs, for a value with choices that is no model field
    show: str = ""  # with ref (or a foreign key field): the field of the referred object to show, formatted
    by: str = ""  # with ref: the value is this field of the referred object (a code), in the event's organisation


@dataclass(frozen=True)
class Row:
    """One line of an event's changes: `label: old → new` (a change) or `label: new` (a fact)."""

    label: str
    new: str
    old: str = ""
    is_change: bool = False


# --- the apps' declarations -------------------------------------------------------------------------------------------
@functools.cache
def declarations() -> tuple[dict[str, Any], dict[str, Fact]]:
    """Every app's EVENTS and FACTS, from `<app>/audit_events.py` of each installed app."""
    events: dict[str, Any] = {}
    facts: dict[str, Fact] = {}
    for config in apps.get_app_configs():
        if config.module is None or not module_has_submodule(config.module, MODULE):
            continue
        module = import_module(f"{config.name}.{MODULE}")
        events.update(getattr(module, "EVENTS", {}))
        facts.update(getattr(module, "FACTS", {}))
    return events, facts


def _readable(code: str) -> str:
    """A name nobody declared, made readable: "vendors.account_action.re_opened" -> "Account action re opened"."""
    parts = [part for part in str(code).split(".") if part]
    words = " ".join(parts[1:] if len(parts) > 1 else parts).replace("_", " ").strip()
    return capfirst(words) or EMPTY


def event_label(code: str, changes: Any = None) -> str:
    """The event's name in words, in the active language; an undeclared (old) code made readable.

    An event that moves a status may be named per outcome: "vendors.company.status_changed:active" ("Vendor account
    activated") before "vendors.company.status_changed" ("Vendor account status changed")."""
    events = declarations()[0]
    status = changes.get("status") if isinstance(changes, dict) else None
    outcome = status[1] if isinstance(status, list) and len(status) == 2 and isinstance(status[1], str) else None
    if outcome and (label := events.get(f"{code}:{outcome}")) is not None:
        return str(label)
    label = events.get(code)
    return str(label) if label is not None else _readable(code)


def is_declared(code: str) -> bool:
    return code in declarations()[0]


def event_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The declared events as (app, [(code, name)]) groups sorted by name in the active language, for a filter."""
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for code, label in declarations()[0].items():
        if ":" in code:
            continue  # a name per outcome of the same event
        try:
            app = str(apps.get_app_config(code.split(".", 1)[0]).verbose_name)
        except LookupError:
            app = code.split(".", 1)[0]
        groups[app].append((code, str(label)))
    return [(app, sorted(items, key=lambda item: item[1].lower())) for app, items in sorted(groups.items())]


# --- how one key is shown ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Spec:
    label: Any
    field: models.Field | None = None
    ref: type[models.Model] | None = None
    of: type[models.Model] | None = None
    kind: str = ""
    choices: tuple = ()
    show: str = ""
    by: str = ""


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None  # reverse relations are not stored values


def _from_field(field: models.Field, label: Any = "", kind: str = "", show: str = "") -> _Spec:
    ref = field.related_model if field.many_to_one or field.one_to_one else None
    return _Spec(label or field.verbose_name, field=field, ref=ref, kind=kind, show=show)


def _from_fact(fact: Fact, name: str) -> _Spec:
    if fact.field:
        model_label, _dot, field_name = fact.field.rpartition(".")
        field = _field(_model(model_label), field_name)
        if field is not None:
            return _from_field(field, fact.label, fact.kind, fact.show)
    return _Spec(
        fact.label or _readable(f"x.{name}"),
        ref=_model(fact.ref) if fact.ref else None,
        of=_model(fact.of) if fact.of else None,
        kind=fact.kind,
        choices=tuple(fact.choices),
        show=fact.show,
        by=fact.by,
    )


@functools.lru_cache(maxsize=2048)
def _spec(action: str, model: type[models.Model] | None, name: str) -> _Spec:
    facts = declarations()[1]
    if (fact := facts.get(f"{action}:{name}")) is not None:
        return _from_fact(fact, name)
    general = facts.get(name)
    whole = facts.get(f"{action}:*")  # an event whose keys are fields of another model than its object's
    if whole is not None and whole.of and (field := _field(_model(whole.of), name)) is not None:
        return _from_field(field, kind=general.kind if general else "")
    if (field := _field(model, name)) is not None:
        # a field without a verbose_name of its own has an English label made from its name: the fact's words win
        label = general.label if general and general.label and not isinstance(field.verbose_name, Promise) else ""
        return _from_field(field, label, kind=general.kind if general else "")
    if general is not None:
        return _from_fact(general, name)
    return _Spec(_readable(f"x.{name}"))


# --- values -----------------------------------------------------------------------------------------------------------
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_HEX_DIGEST = re.compile(r"^[0-9a-f]{40,}$")  # a checksum: its start is enough to compare by eye
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_TIME = re.compile(r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")


def _is_pair(spec: _Spec, value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2 and spec.kind != "list" and not _holds_list(spec)


def _holds_list(spec: _Spec) -> bool:
    return spec.field is not None and isinstance(spec.field, models.JSONField)


def _instant(value: Any) -> str | None:
    from sopan.core.templatetags.sopan import local_datetime  # the one place instants get their zone

    moment = value if isinstance(value, datetime.datetime) else None
    if moment is None and isinstance(value, str) and _ISO_DATETIME.match(value):
        moment = parse_datetime(value)
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return local_datetime(moment)


def _date(value: Any) -> str | None:
    day = value if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime) else None
    if day is None and isinstance(value, str) and _ISO_DATE.match(value):
        day = parse_date(value)
    return date_format(day, get_format("DATE_FORMAT")) if day else None


def _time(value: Any) -> str | None:
    moment = parse_time(value) if isinstance(value, str) and _ISO_TIME.match(value) else None
    return date_format(moment, get_format("TIME_FORMAT")) if moment else None


def _mask(text: str) -> str:
    from sopan.core.templatetags.sopan import mask

    return text if ("•" in text or "*" in text or "x" in text.lower()) else mask(text)


Key = tuple[type[models.Model], str, Any, str]  # model, field looked up ("" for the key), organisation, value


class _Formatter:
    """Formats the values of a page of events; `objects` holds the objects the values refer to, fetched in bulk."""

    def __init__(self, objects: dict[Key, models.Model]):
        self.objects = objects
        self.organization_id: Any = None  # of the event being formatted

    def value(self, spec: _Spec, value: Any) -> str:
        if value is None or value == "" or value == [] or value == {}:
            return EMPTY
        if isinstance(value, list):
            return ", ".join(self.item(spec, item) for item in value)
        if isinstance(value, dict):
            return self.mapping(spec, value)
        return self.scalar(spec, value)

    def item(self, spec: _Spec, value: Any) -> str:
        if isinstance(value, list):  # e.g. [file name, checksum]
            return " ".join(self.scalar(_Spec(""), part) for part in value)
        return self.value(spec, value)

    def mapping(self, spec: _Spec, value: dict) -> str:
        rows = [self.row(("", spec.of) if spec.of else None, key, item) for key, item in value.items()]
        parts = [f"{row.label}: {row.old} → {row.new}" if row.is_change else f"{row.label}: {row.new}" for row in rows]
        return "; ".join(parts)

    def row(self, where: tuple[str, type[models.Model] | None] | None, key: str, value: Any) -> Row:
        action, model = where or ("", None)
        spec = _spec(action, model, key)
        label = capfirst(str(spec.label))
        if _is_pair(spec, value):
            if value[0] in (None, "") and action.endswith("created"):  # a new object has no old values to show
                return Row(label, new=self.value(spec, value[1]))
            return Row(label, new=self.value(spec, value[1]), old=self.value(spec, value[0]), is_change=True)
        return Row(label, new=self.value(spec, value))

    def scalar(self, spec: _Spec, value: Any) -> str:
        field = spec.field
        if isinstance(value, bool) or isinstance(field, models.BooleanField):
            return _("Yes") if value in (True, "True", "true", 1) else _("No")
        if field is not None and field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if spec.choices:
            return str(dict(spec.choices).get(value, value))
        if spec.ref is not None:
            obj = self.objects.get(_key(spec, self.organization_id, value))
            if obj is None:  # deleted since: its number; a name written instead of a key (a code): as it is
                return f"#{value}" if str(value).isdigit() else str(value)
            if spec.show and (shown := _field(spec.ref, spec.show)) is not None:
                return self.value(_Spec("", field=shown), getattr(obj, shown.attname))
            return str(obj)
        if spec.kind == "money" or isinstance(field, models.DecimalField):
            from sopan.core.templatetags.sopan import rupiah

            try:
                return rupiah(value)
            except (InvalidOperation, TypeError, ValueError):
                return str(value)
        if spec.kind == "bytes" and isinstance(value, int | float):
            return filesizeformat(value)
        if spec.kind == "hash" or (isinstance(value, str) and _HEX_DIGEST.match(value)):
            text = str(value)
            return f"{text[:12]}…" if len(text) > 16 else text
        if spec.kind == "personal":
            return _mask(str(value))
        if spec.kind == "code":
            return str(value)
        if spec.kind == "id":
            return f"#{value}"
        for formatted in (_instant(value), _date(value), _time(value)):
            if formatted:
                return formatted
        if isinstance(value, float | Decimal):
            return number_format(value, use_l10n=True)
        return str(value)


def _key(spec: _Spec, organization_id: Any, value: Any) -> Key:
    assert spec.ref is not None
    return (spec.ref, spec.by, organization_id if spec.by else None, str(value))


def _references(spec: _Spec, value: Any, organization_id: Any) -> Iterable[Key]:
    """The objects a value refers to, to fetch them for the whole page at once (also inside `of` mappings)."""
    if isinstance(value, dict) and spec.of is not None:
        for name, item in value.items():
            inner = _spec("", spec.of, str(name))
            for one in item if _is_pair(inner, item) else [item]:
                yield from _references(inner, one, organization_id)
        return
    if spec.ref is None or value in (None, ""):
        return
    for item in value if isinstance(value, list) else [value]:
        if item not in (None, "") and not isinstance(item, list | dict | bool):
            yield _key(spec, organization_id, item)


def _fetch(wanted: set[Key]) -> dict[Key, models.Model]:
    """The referred objects: one query per model and way of looking up. Objects deleted since are missing (shown
    as their number). Looked up by another field than the key (a code), only the event's organisation's count."""
    groups: dict[tuple[type[models.Model], str], set[tuple[Any, str]]] = defaultdict(set)
    for model, by, organization_id, value in wanted:
        groups[(model, by)].add((organization_id, value))
    objects: dict[Key, models.Model] = {}
    for (model, by), wanted_values in groups.items():
        field = model._meta.get_field(by) if by else model._meta.pk
        valid = []
        for _organization, text in wanted_values:
            try:  # an old row's odd value is shown as it is, never a crash
                value = field.to_python(text)
            except (ValidationError, ValueError, TypeError):
                continue
            if not isinstance(value, int) or ids.fits(value):
                valid.append(value)
        rows = model._default_manager.filter(**{f"{field.attname}__in": valid})
        scoped = by and _field(model, "organization") is not None
        if scoped:
            rows = rows.filter(organization_id__in={organization for organization, _text in wanted_values})
        for obj in rows:
            organization_id = obj.organization_id if scoped else None
            objects[(model, by, organization_id, str(getattr(obj, field.attname)))] = obj
    return objects


def present(events: Iterable[Any]) -> list[Any]:
    """Give each event `label` (its name in words), `target_kind` (what its object is, in words) and `rows` (its
    changes, formatted); returns the events.

    A page of events costs one query per model its values refer to, whatever the number of events."""
    events = list(events)
    wanted: set[Key] = set()
    for event in events:
        model = event.target_type.model_class() if event.target_type_id else None
        organization_id = getattr(event, "organization_id", None)
        for key, value in (event.changes or {}).items() if isinstance(event.changes, dict) else ():
            spec = _spec(event.action, model, key)
            for one in value if _is_pair(spec, value) else [value]:
                wanted.update(_references(spec, one, organization_id))
    formatter = _Formatter(_fetch(wanted))
    for event in events:
        model = event.target_type.model_class() if event.target_type_id else None
        formatter.organization_id = getattr(event, "organization_id", None)
        event.label = event_label(event.action, event.changes)
        event.target_kind = capfirst(str(model._meta.verbose_name)) if model is not None else ""
        changes = event.changes if isinstance(event.changes, dict) else {"": event.changes}
        keys = sorted(changes, key=lambda key: _position(event.action, model, str(key)))
        rows = [formatter.row((event.action, model), str(key), changes[key]) for key in keys]
        # an empty fact says nothing ("note: —"); a change to or from empty does
        event.rows = [row for row in rows if row.is_change or row.new != EMPTY]
    return events


@functools.lru_cache(maxsize=2048)
def _position(action: str, model: type[models.Model] | None, key: str) -> tuple[int, int]:
    """Rows in the order the app declared that event's facts, then in the order of the model's fields, then the rest
    (the stored changes are sorted by name, which is no order for a reader)."""
    declared = [name for name in declarations()[1] if name.startswith(f"{action}:")]
    if f"{action}:{key}" in declared:
        return (0, declared.index(f"{action}:{key}"))
    if model is not None:
        names = [field.name for field in model._meta.concrete_fields]
        attnames = [field.attname for field in model._meta.concrete_fields]
        for listing in (names, attnames):
            if key in listing:
                return (1, listing.index(key))
    return (2, 0)

"""The names of the core's audit events, and of facts many apps write (sopan.core.audit_display reads them)."""

from django.utils.translation import gettext_lazy as _

from sopan.core.audit_display import Fact
from sopan.core.models import Weekday

EVENTS = {
    "core.working_hours.updated": _("Office hours changed"),
    "core.calendar_day.created": _("Calendar day set"),
    "core.calendar_day.removed": _("Calendar day removed"),
    "core.ramadan_period.updated": _("Ramadan hours changed"),
    "core.ramadan_period.removed": _("Ramadan hours returned to the default"),
    "core.audit_chain.rekeyed": _("Audit trail resealed with the audit key"),
}

# Keys written by events of several apps; a field of the event's object with the same name comes first.
FACTS = {
    "name": Fact(_("name")),
    "reason": Fact(_("reason")),
    "note": Fact(_("note")),
    "number": Fact(_("number"), kind="code"),
    "sha256": Fact(_("checksum (SHA-256)"), kind="hash"),
    "size": Fact(_("size"), kind="bytes"),
    "replaced": Fact(_("replaces an earlier file")),
    "events": Fact(_("events")),
    "legacy_head": Fact(_("earlier head of the chain"), kind="list"),
    "core.calendar_day.created:national_holiday": Fact(_("national holiday")),
    # the office hours per weekday, "07.30–16.00" before and after
    **{f"core.working_hours.updated:{day.name.lower()}": Fact(day.label) for day in Weekday},
    # a year's Ramadan: its Hijri year, dates, and the hours per weekday as above
    **{f"core.ramadan_period.updated:{day.name.lower()}": Fact(day.label) for day in Weekday},
    **{f"core.ramadan_period.{verb}:hijri_year": Fact(_("Hijri year")) for verb in ("updated", "removed")},
    **{f"core.ramadan_period.{verb}:dates": Fact(_("dates")) for verb in ("updated", "removed")},
}

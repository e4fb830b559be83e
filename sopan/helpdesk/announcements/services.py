"""Announcements of outages (gangguan) and planned maintenance (pemeliharaan) of the LPSE's services (Perwali Salatiga
41/2024 Pasal 9 ayat 4; annex 2.6.2 d and 2.6.4 b: the LPSE informs its users of disruptions and of maintenance).

An announcement is made while the disruption lasts (or before the planned work), may be corrected while it is
ongoing, and is closed with its actual end and the cause and action taken. Closing draws the number of its Berita
Acara Gangguan (`BA-2026-0001`, a yearly sequence per organisation), the document Pokja cite to justify changing a
tender's schedule. Every service checks `policies.can_manage_announcements` itself, runs in one transaction and writes
its audit event; a refusal says precisely what is wrong.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.accounts.policies import require
from sopan.core import audit, workflow
from sopan.core.templatetags.sopan import local_datetime
from sopan.helpdesk import policies
from sopan.helpdesk.announcements.workflows import ANNOUNCEMENT_FLOW
from sopan.helpdesk.models import Announcement
from sopan.helpdesk.tickets.numbers import next_number

REPORT_KIND = "BA"  # Berita Acara
REPORT_NUMBER_WIDTH = 4
MAX_TENDER_CODES = 200
MAX_TENDER_CODE_LENGTH = 60
EDITABLE_FIELDS = ("kind", "title", "body", "services", "affected_tenders", "started_at", "expected_end_at")


# --- validation --------------------------------------------------------------------------------------------------
def _normalise_tenders(value: str) -> tuple[str, str | None]:
    """One code per line, blanks dropped, each code once (in the order written); an error message or None."""
    codes: list[str] = []
    for line in (value or "").splitlines():
        code = line.strip()
        if code and code not in codes:
            codes.append(code)
    too_long = [code for code in codes if len(code) > MAX_TENDER_CODE_LENGTH]
    if too_long:
        return "", _("A tender code has at most %(max)s characters: %(code)s") % {
            "max": MAX_TENDER_CODE_LENGTH,
            "code": too_long[0][:80],
        }
    if len(codes) > MAX_TENDER_CODES:
        return "", _("At most %(max)s tender codes, one per line.") % {"max": MAX_TENDER_CODES}
    return "\n".join(codes), None


def _in_zone(organization, value: datetime.datetime) -> str:
    with timezone.override(zoneinfo.ZoneInfo(organization.timezone)):
        return local_datetime(value)


def _validated(organization, values: dict, *, now: datetime.datetime) -> dict:
    """The announcement's fields cleaned, or ValidationError naming each wrong field."""
    errors: dict[str, str] = {}
    cleaned = dict(values)
    if cleaned.get("kind") not in Announcement.Kind.values:
        errors["kind"] = _("Choose whether this is an outage or maintenance.")
    for name, message in (
        ("title", _("Give the announcement a title.")),
        ("body", _("Write what users should know.")),
        ("services", _("Name the affected services, e.g. SPSE, SiRUP.")),
    ):
        cleaned[name] = " ".join((cleaned.get(name) or "").split()) if name != "body" else (cleaned.get(name) or "")
        cleaned[name] = cleaned[name].strip()
        if not cleaned[name]:
            errors[name] = message
    if len(cleaned["title"]) > 200:
        errors["title"] = _("At most %(max)s characters.") % {"max": 200}
    if len(cleaned["services"]) > 300:
        errors["services"] = _("At most %(max)s characters.") % {"max": 300}
    cleaned["affected_tenders"], tender_error = _normalise_tenders(cleaned.get("affected_tenders", ""))
    if tender_error:
        errors["affected_tenders"] = tender_error
    started_at = cleaned.get("started_at")
    expected_end_at = cleaned.get("expected_end_at")
    if started_at is None:
        errors["started_at"] = _("Give the start.")
    else:
        if cleaned.get("kind") == Announcement.Kind.OUTAGE and started_at > now:
            errors["started_at"] = _("An outage cannot start in the future; announce planned work as maintenance.")
        if expected_end_at is not None and expected_end_at <= started_at:
            errors["expected_end_at"] = _("The expected end must be after the start (%(start)s).") % {
                "start": _in_zone(organization, started_at)
            }
    if errors:
        raise ValidationError(errors)
    return cleaned


def _require_active(announcement: Announcement) -> None:
    if announcement.status != Announcement.Status.ACTIVE:
        raise ValidationError(
            _("This announcement ended on %(end)s and can no longer be changed.")
            % {"end": _in_zone(announcement.organization, announcement.ended_at)}
        )


# --- services ----------------------------------------------------------------------------------------------------
@transaction.atomic
def announcement_create(
    *,
    organization,
    kind: str,
    title: str,
    body: str,
    services: str,
    started_at: datetime.datetime,
    expected_end_at: datetime.datetime | None = None,
    affected_tenders: str = "",
    by,
) -> Announcement:
    """Announce an outage or planned maintenance to the users (Perwali Pasal 9 ayat 4; annex 2.6.4 b)."""
    require(policies.can_manage_announcements(by, organization))
    values = _validated(
        organization,
        {
            "kind": kind,
            "title": title,
            "body": body,
            "services": services,
            "affected_tenders": affected_tenders,
            "started_at": started_at,
            "expected_end_at": expected_end_at,
        },
        now=timezone.now(),
    )
    announcement = Announcement.objects.create(organization=organization, created_by=by, **values)
    audit.record(
        action="helpdesk.announcement.created",
        by=by,
        target=announcement,
        changes={name: values[name] for name in ("kind", "title", "services", "started_at", "expected_end_at")},
    )
    return announcement


@transaction.atomic
def announcement_update(*, announcement: Announcement, by, **values) -> Announcement:
    """Correct an ongoing announcement: its text, the services and tenders affected, the start or expected end."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown announcement fields: {sorted(unknown)}")
    require(policies.can_manage_announcements(by, announcement))
    announcement = workflow.locked(Announcement, announcement.pk, related=("organization",))
    _require_active(announcement)
    current = {name: getattr(announcement, name) for name in EDITABLE_FIELDS}
    cleaned = _validated(announcement.organization, {**current, **values}, now=timezone.now())
    changes = {name: [current[name], cleaned[name]] for name in EDITABLE_FIELDS if current[name] != cleaned[name]}
    if not changes:
        return announcement
    for name, (_old, new) in changes.items():
        setattr(announcement, name, new)
    announcement.save(update_fields=[*changes, "updated_at"])
    audit.record(action="helpdesk.announcement.updated", by=by, target=announcement, changes=changes)
    return announcement


@transaction.atomic
def announcement_close(
    *, announcement: Announcement, cause: str, ended_at: datetime.datetime | None = None, by
) -> Announcement:
    """End an outage or maintenance: its actual end, the cause and the action taken, and the number of its Berita
    Acara Gangguan (annex 2.6.4 b), which Pokja cite to justify changing a tender's schedule."""
    require(policies.can_manage_announcements(by, announcement))
    announcement = workflow.locked(Announcement, announcement.pk, related=("organization",))
    _require_active(announcement)
    ANNOUNCEMENT_FLOW.check(announcement, "close", by=by)  # before a number is taken
    organization = announcement.organization
    now = timezone.now()
    ended_at = ended_at or now
    cause = (cause or "").strip()
    errors: dict[str, str] = {}
    if ended_at < announcement.started_at:
        errors["ended_at"] = _("The end cannot be before the start (%(start)s).") % {
            "start": _in_zone(organization, announcement.started_at)
        }
    elif ended_at > now:
        errors["ended_at"] = _("The end cannot be in the future: close the announcement once the service is back.")
    if not cause:
        errors["cause"] = _("Write the cause and the action taken: the Berita Acara states them.")
    if errors:
        raise ValidationError(errors)
    year = timezone.localtime(now, zoneinfo.ZoneInfo(organization.timezone)).year
    announcement.report_number = next_number(organization, REPORT_KIND, year, REPORT_NUMBER_WIDTH)
    announcement.ended_at = ended_at
    announcement.cause = cause
    announcement.closed_by = by
    return ANNOUNCEMENT_FLOW.apply(
        announcement,
        "close",
        by=by,
        changes={"ended_at": ended_at, "report_number": announcement.report_number},
    )

"""The writes of the backup log (annex 2.6.5 a, "LPSE wajib melakukan backup terhadap data file dan seluruh database
SPSE sesuai dengan standar SPSE"): a backup logged, a restore test recorded with its result and evidence, Sopan's own
restore drill recorded by `manage.py record_restore_drill`, and the organisation's backup interval. One transaction
each, the permission first, the audit event in the same transaction; bad input is refused with every reason and
nothing is written.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.accounts.policies import require
from sopan.archives import policies
from sopan.archives.models import Backup, BackupSettings, RestoreTest, sha256_hex
from sopan.core import audit, files, uploads, workflow

EVIDENCE_TYPES = (uploads.PDF, uploads.PNG, uploads.JPEG)
# Allow a clock a little ahead of the server's (a phone, a laptop): not more.
CLOCK_SLACK = datetime.timedelta(minutes=5)


def _not_in_future(moment, field: str, errors: dict, message: str) -> None:
    if moment is not None and moment > timezone.now() + CLOCK_SLACK:
        errors[field] = [message]


@transaction.atomic
def backup_record(
    *, organization, taken_at, location: str, performed_by: str, by, scope: str = Backup.Scope.FULL,
    description: str = "", size_bytes: int | None = None, checksum: str = "",
) -> Backup:  # fmt: skip
    """Log one SPSE backup: when (not in the future), what, where it is kept, by whom, its size and checksum."""
    require(policies.can_record_backups(by, organization))
    location, performed_by = str(location or "").strip()[:300], str(performed_by or "").strip()[:200]
    checksum = str(checksum or "").strip().lower()
    errors: dict[str, list] = {}
    if taken_at is None:
        errors["taken_at"] = [_("Give the date and time of the backup.")]
    _not_in_future(taken_at, "taken_at", errors, _("A backup cannot be dated in the future."))
    if scope not in Backup.Scope.values:
        errors["scope"] = [_("Choose what was backed up from the list.")]
    if not location:
        errors["location"] = [_("Say where the backup is kept.")]
    if not performed_by:
        errors["performed_by"] = [_("Say who made the backup.")]
    if size_bytes is not None and size_bytes < 0:
        errors["size_bytes"] = [_("The size cannot be negative.")]
    if checksum:
        try:
            sha256_hex(checksum)
        except ValidationError as error:
            errors["checksum"] = error.messages
    if errors:
        raise ValidationError(errors)
    backup = Backup.objects.create(
        organization=organization, taken_at=taken_at, scope=scope, description=str(description or "").strip()[:300],
        location=location, size_bytes=size_bytes, performed_by=performed_by, checksum=checksum, recorded_by=by,
    )  # fmt: skip
    audit.record(action="archives.backup.recorded", by=by, target=backup,
                 changes={"taken_at": taken_at.isoformat(), "location": location, "checksum": checksum})  # fmt: skip
    return backup


def _check_test(*, tested_at, result: str, duration_seconds, errors: dict) -> None:
    if tested_at is None:
        errors["tested_at"] = [_("Give the date and time of the restore test.")]
    _not_in_future(tested_at, "tested_at", errors, _("A restore test cannot be dated in the future."))
    if result not in RestoreTest.Result.values:
        errors["result"] = [_("Choose whether the restore passed or failed.")]
    if duration_seconds is None or duration_seconds < 0:
        errors["duration_seconds"] = [_("Give how long the restore took, in seconds (0 or more).")]


@transaction.atomic
def restore_test_record(
    *, organization, tested_at, result: str, duration_seconds: int | None, by, backup: Backup | None = None,
    notes: str = "", evidence=None,
) -> RestoreTest:  # fmt: skip
    """Record a restore test of an SPSE backup with its result; the evidence (a PDF or a screenshot) is checked by its
    content and stored on commit. A failed test needs notes saying what failed."""
    require(policies.can_record_backups(by, organization))
    notes = str(notes or "").strip()
    errors: dict[str, list] = {}
    _check_test(tested_at=tested_at, result=result, duration_seconds=duration_seconds, errors=errors)
    if result == RestoreTest.Result.FAILED and not notes:
        errors["notes"] = [_("Say what failed.")]
    if backup is not None and backup.organization_id != organization.pk:
        errors["backup"] = [_("Choose a backup of your organisation.")]
    elif backup is not None and tested_at is not None and backup.taken_at > tested_at:
        errors["backup"] = [_("The backup was taken after this test: choose the backup that was restored.")]
    checked = None
    if evidence is not None:
        try:
            checked = uploads.check_upload(evidence, allowed=EVIDENCE_TYPES)
        except ValidationError as error:
            errors["evidence"] = error.messages
    if errors:
        raise ValidationError(errors)
    test = RestoreTest(organization=organization, kind=RestoreTest.Kind.SPSE, backup=backup, tested_at=tested_at,
                       result=result, duration_seconds=duration_seconds, notes=notes, recorded_by=by)  # fmt: skip
    if checked is not None:
        test.evidence_type, test.evidence_sha256 = checked.content_type, checked.sha256
        files.attach_on_commit(test, "evidence", checked.name, checked.content)
    test.save()
    audit.record(action="archives.restore_test.recorded", by=by, target=test,
                 changes={"result": result, "duration_seconds": duration_seconds,
                          "evidence_sha256": test.evidence_sha256})  # fmt: skip
    return test


@transaction.atomic
def restore_drill_record(*, organization, result: str, duration_seconds: int | None, details: str = "",
                         tested_at=None) -> RestoreTest:  # fmt: skip
    """Record a run of Sopan's own restore drill (`make restore-drill`, docs/operations.md) as a restore test of kind
    "sopan". Called by `manage.py record_restore_drill`: the operator's command, no signed-in user."""
    tested_at = tested_at or timezone.now()
    errors: dict[str, list] = {}
    _check_test(tested_at=tested_at, result=result, duration_seconds=duration_seconds, errors=errors)
    if errors:
        raise ValidationError(errors)
    test = RestoreTest.objects.create(organization=organization, kind=RestoreTest.Kind.SOPAN, tested_at=tested_at,
                                      result=result, duration_seconds=duration_seconds,
                                      notes=str(details or "").strip())  # fmt: skip
    audit.record(action="archives.restore_drill.recorded", by=None, target=test,
                 changes={"result": result, "duration_seconds": duration_seconds})  # fmt: skip
    return test


def settings_for(organization) -> BackupSettings:
    """The organisation's backup settings, or the defaults (unsaved) when it has set none."""
    found = BackupSettings.objects.filter(organization=organization).first()
    return found or BackupSettings(organization=organization)


@transaction.atomic
def backup_settings_update(*, organization, interval_hours, source: str, by, seen_version=None) -> BackupSettings:
    """Set after how many hours without a logged backup the alert is raised, and the standard the figure comes from."""
    require(policies.can_manage_archives(by, organization))
    if interval_hours is None or interval_hours < 1:
        raise ValidationError({"interval_hours": [_("The interval is at least one hour.")]})
    if interval_hours > 24 * 366:
        raise ValidationError({"interval_hours": [_("The interval is at most one year.")]})
    BackupSettings.objects.bulk_create([BackupSettings(organization=organization)], ignore_conflicts=True)
    row = workflow.locked(BackupSettings, BackupSettings.objects.get(organization=organization).pk,
                          seen_version=seen_version, organization=organization)  # fmt: skip
    before = audit.snapshot(row, ("interval_hours", "source"))
    row.interval_hours, row.source = interval_hours, str(source or "").strip()[:300]
    changes = audit.changes_between(before, audit.snapshot(row, ("interval_hours", "source")))
    if changes:
        row.version += 1
        row.save()
        audit.record(action="archives.backup_settings.updated", by=by, target=row, changes=changes)
    return row

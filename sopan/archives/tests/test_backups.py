"""Backups (Perwali Salatiga 41/2024 annex 2.6.5 a, "LPSE wajib melakukan backup terhadap data file dan seluruh
database SPSE sesuai dengan standar SPSE"): the log, the overdue alert, the restore tests with their evidence checked
by content, Sopan's own drill recorded by the command, the evidence for the standard "continuity"."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from sopan.archives import selectors, services_backups, standard_evidence
from sopan.archives.models import Backup, RestoreTest
from sopan.core.models import AuditEvent
from sopan.core.testing import login
from sopan.procurement.tests.factories import person
from sopan.vendors.tests.factories import pdf_bytes

pytestmark = pytest.mark.django_db


def _backup(organization, by, **fields):
    values = {"taken_at": timezone.now() - datetime.timedelta(hours=1), "location": "/backup/spse",
              "performed_by": "Dimas"} | fields  # fmt: skip
    return services_backups.backup_record(organization=organization, by=by, **values)


def test_system_admin_logs_a_backup_and_it_is_no_longer_overdue(organization):
    admin = person(organization, "admin.sistem")
    assert selectors.backup_status(organization).overdue  # none logged yet
    _backup(organization, admin, checksum="A" * 64, size_bytes=1024)
    status = selectors.backup_status(organization)
    assert not status.overdue and status.last.checksum == "a" * 64
    assert AuditEvent.objects.filter(action="archives.backup.recorded").count() == 1


def test_a_backup_older_than_the_configured_interval_is_overdue(organization):
    admin, head = person(organization, "admin.sistem"), person(organization, "kepala.lpse")
    _backup(organization, admin, taken_at=timezone.now() - datetime.timedelta(hours=30))
    assert selectors.backup_status(organization).overdue  # default 24 hours
    services_backups.backup_settings_update(organization=organization, interval_hours=48, source="Uji", by=head)
    assert not selectors.backup_status(organization).overdue


def test_a_backup_dated_in_the_future_or_with_a_bad_checksum_is_refused_and_nothing_is_logged(organization):
    admin = person(organization, "admin.sistem")
    with pytest.raises(ValidationError) as refused:
        _backup(organization, admin, taken_at=timezone.now() + datetime.timedelta(days=1), checksum="xyz",
                location=" ")  # fmt: skip
    assert set(refused.value.message_dict) == {"taken_at", "checksum", "location"}
    assert not Backup.objects.exists()


def test_a_non_positive_interval_is_refused(organization):
    head = person(organization, "kepala.lpse")
    with pytest.raises(ValidationError) as refused:
        services_backups.backup_settings_update(organization=organization, interval_hours=0, source="", by=head)
    assert "interval_hours" in refused.value.message_dict
    assert services_backups.settings_for(organization).pk is None


def test_a_verifier_may_not_log_a_backup(organization):
    with pytest.raises(PermissionDenied):
        _backup(organization, person(organization, "verifikator"))


def test_a_restore_test_dated_in_the_future_is_refused_and_nothing_changes(organization):
    admin = person(organization, "admin.sistem")
    with pytest.raises(ValidationError) as refused:
        services_backups.restore_test_record(organization=organization, by=admin, result="passed",
                                             tested_at=timezone.now() + datetime.timedelta(hours=2),
                                             duration_seconds=60)  # fmt: skip
    assert refused.value.message_dict["tested_at"] == ["Uji pemulihan tidak boleh bertanggal di masa depan."]
    assert not RestoreTest.objects.exists()


def test_a_failed_restore_test_needs_notes_and_evidence_is_checked_by_content(organization):
    admin = person(organization, "admin.sistem")
    fake = SimpleUploadedFile("bukti.pdf", b"MZ this is a program", content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        services_backups.restore_test_record(organization=organization, by=admin, result="failed",
                                             tested_at=timezone.now(), duration_seconds=60, evidence=fake)  # fmt: skip
    assert set(refused.value.message_dict) == {"notes", "evidence"}
    assert not RestoreTest.objects.exists()


def test_restore_test_with_evidence_is_recorded_and_downloaded(
    organization, client, django_capture_on_commit_callbacks
):
    admin = person(organization, "admin.sistem")
    backup = _backup(organization, admin)
    evidence = SimpleUploadedFile("bukti.pdf", pdf_bytes("bukti"), content_type="application/pdf")
    with pytest.raises(ValidationError):  # the backup restored was taken after the test
        services_backups.restore_test_record(organization=organization, by=admin, result="passed", backup=backup,
                                             tested_at=backup.taken_at - datetime.timedelta(hours=1),
                                             duration_seconds=60)  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):  # the file is written on commit
        test = services_backups.restore_test_record(organization=organization, by=admin, result="passed",
                                                    backup=backup, tested_at=timezone.now(), duration_seconds=95,
                                                    evidence=evidence)  # fmt: skip
    assert test.evidence_type == "application/pdf" and len(test.evidence_sha256) == 64
    login(client, admin)
    response = client.get(reverse("backups:restore-test-evidence", kwargs={"pk": test.pk}))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_drill_command_records_a_sopan_restore_test(organization):
    call_command("record_restore_drill", organization=organization.slug, result="passed", duration=31,
                 details="counts equal")  # fmt: skip
    test = RestoreTest.objects.get()
    assert (test.kind, test.result, test.duration_seconds, test.recorded_by) == ("sopan", "passed", 31, None)
    with pytest.raises(CommandError):
        call_command("record_restore_drill", organization="no-such-place", result="passed", duration=1)
    with pytest.raises(CommandError):
        call_command("record_restore_drill", organization=organization.slug, result="passed", duration=-1)
    assert RestoreTest.objects.count() == 1


def test_continuity_evidence_names_the_last_backup_test_and_drill(organization):
    admin = person(organization, "admin.sistem")
    before = {e.label: e.value for e in standard_evidence.evidence(organization=organization)}
    assert all(e for e in before.values()) and len(before) == 3
    _backup(organization, admin)
    services_backups.restore_test_record(organization=organization, by=admin, result="failed", notes="gagal",
                                         tested_at=timezone.now(), duration_seconds=10)  # fmt: skip
    call_command("record_restore_drill", organization=organization.slug, result="passed", duration=31)
    items = standard_evidence.evidence(organization=organization)
    assert {e.standard for e in items} == {"continuity"}
    values = [e.value for e in items]
    assert values != list(before.values())
    assert "Gagal" in values[1] or "Failed" in values[1]
    assert "31" in values[2]


def test_the_backup_page_shows_the_overdue_alert_and_logs_a_backup(organization, client, django_assert_max_num_queries):
    admin = person(organization, "admin.sistem")
    login(client, admin)
    page = client.get(reverse("backups:backups"))
    assert page.status_code == 200 and b'id="backup-overdue"' in page.content
    future = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    refused = client.post(reverse("backups:backup-create"),
                          {"taken_at": future, "scope": "full", "location": "/b", "performed_by": "Dimas"})  # fmt: skip
    assert refused.status_code == 400 and "masa depan" in refused.content.decode()
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    done = client.post(reverse("backups:backup-create"),
                       {"taken_at": now, "scope": "full", "location": "/b", "performed_by": "Dimas"})  # fmt: skip
    assert done.status_code == 302 and Backup.objects.count() == 1
    for _ in range(3):
        _backup(organization, admin)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("backups:backups"))
    assert b'id="backup-ok"' in page.content


def test_a_vendor_gets_403_on_the_backups_and_archives(organization, client):
    login(client, person(organization, "penyedia.admin"))
    assert client.get(reverse("backups:backups")).status_code == 403
    assert client.get(reverse("archives:overview")).status_code == 403

"""The Koordinator LPSE (role lpse_coordinator, annex 2.4 b: coordinates and evaluates the LPSE's standards), whom the
role matrix has no persona for: sees every backups and archives page, sets the backup interval, keeps the retention
rules and decides what is destroyed; does not log backups or restore tests (the Administrator Sistem's, annex 2.4 c),
and gets 403 there with nothing written."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sopan.archives.models import Backup, BackupSettings, Disposition, RestoreTest, RetentionRule
from sopan.core.testing import login
from sopan.helpdesk.models import Ticket
from sopan.procurement.tests.factories import person

pytestmark = pytest.mark.django_db

PAGES = ("backups:backups", "archives:overview", "archives:rule-list", "archives:rule-create", "archives:rule-export")


@pytest.fixture
def coordinator(organization, client):
    user = person(organization, "koordinator.lpse")
    assert user.role_assignments.filter(role="lpse_coordinator").exists()
    login(client, user)
    return user


def test_the_coordinator_sees_the_backups_and_archives_pages(coordinator, client):
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 200, name
    due = client.get(reverse("archives:due-list", kwargs={"kind": "helpdesk_ticket"}))
    assert due.status_code == 200


def test_the_coordinator_sets_the_interval_keeps_the_rules_and_decides(coordinator, organization, client):
    saved = client.post(reverse("backups:settings"), {"interval_hours": 12, "source": "Standar SPSE", "version": 1})
    assert saved.status_code == 302
    assert BackupSettings.objects.get(organization=organization).interval_hours == 12

    rule = {"kind": "helpdesk_ticket", "retention_years": 2, "disposition": "destroy",
            "legal_source": "Perka ANRI 13/2016", "valid_from": "2024-01-01", "notes": ""}  # fmt: skip
    assert client.post(reverse("archives:rule-create"), rule).status_code == 302
    assert RetentionRule.objects.get(organization=organization).retention_years == 2

    from sopan.helpdesk.tests.factories import make_ticket

    ticket = make_ticket(organization)
    old = timezone.now() - datetime.timedelta(days=3 * 365)
    Ticket.objects.filter(pk=ticket.pk).update(status="closed", received_at=old)
    decided = client.post(reverse("archives:due-list", kwargs={"kind": "helpdesk_ticket"}), {"notes": "Rapat"})
    assert decided.status_code == 302
    decision = Disposition.objects.get(organization=organization)
    assert decision.decided_by == coordinator and decision.item_count == 1
    printed = client.get(reverse("archives:disposition-print", kwargs={"pk": decision.pk}))
    assert printed.status_code == 200 and printed["Content-Type"] == "application/pdf"


def test_the_coordinator_may_not_log_backups_or_restore_tests(coordinator, client):
    for name in ("backups:backup-create", "backups:restore-test-create"):
        assert client.get(reverse(name)).status_code == 403, name
    backup = {"taken_at": "2026-01-05T01:00", "scope": "full", "location": "/backup/spse", "performed_by": "Agus"}
    assert client.post(reverse("backups:backup-create"), backup).status_code == 403
    test = {"tested_at": "2026-01-05T04:00", "result": "passed", "duration_seconds": 60}
    assert client.post(reverse("backups:restore-test-create"), test).status_code == 403
    assert not Backup.objects.exists() and not RestoreTest.objects.exists()

"""Archives (Perwali Salatiga 41/2024 annex 2.6.5 b, "tata cara pengarsipan dokumen elektronik dilaksanakan sesuai
dengan ketentuan peraturan perundang-undangan"): retention rules with their legal source, what is due over the
ticket archive, a numbered destruction decision that deletes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sopan.archives import selectors, services_archives
from sopan.archives.models import Disposition, RetentionRule
from sopan.archives.registers import RETENTION_RULES
from sopan.core.registers import services as register_services
from sopan.core.testing import login
from sopan.helpdesk.models import Ticket
from sopan.procurement.tests.factories import person

pytestmark = pytest.mark.django_db


def _rule(organization, by, years=2, disposition="destroy"):
    data = {"kind": "helpdesk_ticket", "retention_years": years, "disposition": disposition,
            "legal_source": "Perka ANRI 13/2016", "valid_from": "2024-01-01"}  # fmt: skip
    return register_services.register_create(register=RETENTION_RULES, organization=organization, data=data, by=by)


def _old_closed_tickets(organization, n=3, years=3):
    from sopan.helpdesk.tests.factories import make_ticket

    made = []
    for i in range(n):
        ticket = make_ticket(organization)
        old = timezone.now() - datetime.timedelta(days=365 * years + i)
        Ticket.objects.filter(pk=ticket.pk).update(status="closed", received_at=old)
        made.append(ticket)
    return made


def test_a_retention_rule_with_non_positive_years_is_refused(organization):
    head = person(organization, "kepala.lpse")
    for years in (0, -1):
        with pytest.raises(ValidationError) as refused:
            _rule(organization, head, years=years)
        assert "retention_years" in refused.value.message_dict
    assert not RetentionRule.objects.exists()


def test_old_closed_tickets_are_due_and_a_numbered_decision_records_them_without_deleting(organization, client):
    head = person(organization, "kepala.lpse")
    _rule(organization, head)
    tickets = _old_closed_tickets(organization)
    summary = {d.kind: d for d in selectors.due_summary_for(head)}
    assert summary["helpdesk_ticket"].count == 3
    assert summary["vendor_registration"].rule is None
    decided = services_archives.disposition_record(organization=organization, kind="helpdesk_ticket", by=head)
    year = timezone.localdate().year
    assert decided.number == f"BA-PMS/001/{year}" and decided.item_count == 3
    assert Ticket.objects.filter(pk__in=[t.pk for t in tickets]).count() == 3  # nothing deleted
    assert {d.kind: d for d in selectors.due_summary_for(head)}["helpdesk_ticket"].count == 0
    with pytest.raises(ValidationError):  # the same documents are not decided twice
        services_archives.disposition_record(organization=organization, kind="helpdesk_ticket", by=head)
    login(client, head)
    printed = client.get(reverse("archives:disposition-print", kwargs={"pk": decided.pk}))
    assert printed.status_code == 200 and printed["Content-Type"] == "application/pdf"


def test_a_transfer_needs_the_receiving_institution(organization):
    head = person(organization, "kepala.lpse")
    _rule(organization, head, disposition="transfer")
    _old_closed_tickets(organization, n=1)
    with pytest.raises(ValidationError) as refused:
        services_archives.disposition_record(organization=organization, kind="helpdesk_ticket", by=head)
    assert "recipient" in refused.value.message_dict and not Disposition.objects.exists()


def test_the_archive_pages_list_what_is_due_in_few_queries(organization, client, django_assert_max_num_queries):
    head = person(organization, "kepala.lpse")
    _rule(organization, head)
    _old_closed_tickets(organization, n=4)
    login(client, head)
    with django_assert_max_num_queries(16):
        overview = client.get(reverse("archives:overview"))
    assert b'data-due-count="4"' in overview.content
    due = client.get(reverse("archives:due-list", kwargs={"kind": "helpdesk_ticket"}))
    assert due.status_code == 200 and due.content.count(b"data-item=") == 4
    assert client.get(reverse("archives:due-list", kwargs={"kind": "nonsense"})).status_code == 404
    recorded = client.post(reverse("archives:due-list", kwargs={"kind": "helpdesk_ticket"}), {"notes": "ok"})
    assert recorded.status_code == 302 and Disposition.objects.count() == 1


def test_the_system_admin_sees_the_archives_but_may_not_decide(organization, client):
    admin = person(organization, "admin.sistem")
    login(client, admin)
    assert client.get(reverse("archives:overview")).status_code == 200
    assert client.post(reverse("archives:due-list", kwargs={"kind": "helpdesk_ticket"}), {}).status_code == 403


def test_the_berita_acara_series_fits_its_column():
    """PostgreSQL refuses a series name longer than NumberSeries.series (SQLite stores it)."""
    from sopan.core.models import NumberSeries

    assert len(services_archives.SERIES) <= NumberSeries._meta.get_field("series").max_length

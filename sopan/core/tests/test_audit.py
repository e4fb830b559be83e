"""The audit trail: one event per write in the same transaction, append-only, and tampering detected."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError

from sopan.accounts import services
from sopan.accounts.models import OrgUnit
from sopan.core import audit, audit_guard
from sopan.core.models import AuditChain, AuditEvent
from sopan.core.testing import login


def _tamper(sql: str, params=()) -> None:
    """What an attacker with the database owner's rights could do: switch the guard off and change rows."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks, so the table may be altered
        audit_guard.remove(connection)
        cursor.execute(sql, params)


@pytest.fixture
def three_units(organization, lpse_head):
    return [
        services.unit_create(
            organization=organization, name=f"Bidang {i}", code=f"B{i}", kind=OrgUnit.Kind.OTHER, by=lpse_head
        )
        for i in range(3)
    ]


def test_service_write_records_event_with_actor_changes_and_address(client, organization, lpse_head):
    login(client, lpse_head)
    response = client.post("/bahasa/", {"language": "en", "next": "/"}, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="accounts.user.language_changed").get()
    assert event.actor == lpse_head
    assert event.organization_id == organization.pk
    assert event.changes == {"language": ["id", "en"]}
    assert event.ip_address == "10.1.2.3"
    assert event.request_id


def test_event_rolls_back_with_the_failed_change(organization, lpse_head):
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.unit_create(organization=organization, name="Sementara", code="TMP", kind="other", by=lpse_head)
        raise RuntimeError("the rest of the operation failed")
    assert AuditEvent.objects.count() == before
    assert not OrgUnit.objects.filter(code="TMP").exists()


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_refused(lpse_head):
    with pytest.raises(RuntimeError):
        audit.record(action="test.outside", by=lpse_head)


def test_events_chain_in_sequence_per_organisation(three_units, organization, other_organization, outsider):
    services.unit_create(organization=other_organization, name="Bagian X", code="X", kind="other", by=outsider)
    chain = AuditChain.objects.get(organization=organization)
    sequences = list(AuditEvent.objects.filter(chain=chain).order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, len(sequences) + 1))
    assert chain.last_sequence == sequences[-1]
    other_chain = AuditChain.objects.get(organization=other_organization)
    assert AuditEvent.objects.filter(chain=other_chain, action="accounts.unit.created").count() == 1
    assert audit.verify_all() == []


def test_events_cannot_be_changed_or_deleted_through_the_orm(three_units):
    event = AuditEvent.objects.filter(action="accounts.unit.created").first()
    event.action = "something.else"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


def test_database_refuses_raw_update_and_delete(three_units):
    event = AuditEvent.objects.filter(action="accounts.unit.created").first()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = 'x' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])


def test_audit_verify_reports_intact_trail(three_units, capsys):
    call_command("audit_verify")
    assert "intact" in capsys.readouterr().out


def test_audit_verify_finds_an_altered_event(three_units, organization):
    target = AuditEvent.objects.filter(action="accounts.unit.created", target_repr="Bidang 1").get()
    _tamper("UPDATE core_auditevent SET target_repr = %s WHERE id = %s", ["Bidang palsu", target.pk])
    with pytest.raises(CommandError, match="damaged"):
        call_command("audit_verify")
    problem = audit.verify_all()[0]
    assert (problem.kind, problem.sequence, problem.event_id) == ("altered", target.sequence, target.pk)
    assert problem.chain == f"org:{organization.pk}"


def test_audit_verify_finds_a_missing_event(three_units):
    target = AuditEvent.objects.filter(action="accounts.unit.created", target_repr="Bidang 1").get()
    _tamper("DELETE FROM core_auditevent WHERE id = %s", [target.pk])
    problem = audit.verify_all()[0]
    assert (problem.kind, problem.sequence) == ("missing", target.sequence)


def test_audit_verify_finds_events_cut_from_the_end(three_units, organization):
    last = AuditEvent.objects.filter(chain__organization=organization).order_by("-sequence").first()
    _tamper("DELETE FROM core_auditevent WHERE id = %s", [last.pk])
    problem = audit.verify_all()[0]
    assert (problem.kind, problem.sequence) == ("truncated", last.sequence)


def test_audit_search_filters_and_history_page(client, three_units, lpse_head):
    login(client, lpse_head)
    response = client.get("/audit/", {"action": "accounts.unit.created", "target": "Bidang 2"})
    assert response.status_code == 200
    assert [e.target_repr for e in response.context["page"].items] == ["Bidang 2"]
    unit = three_units[2]
    response = client.get(f"/audit/riwayat/accounts.orgunit/{unit.pk}/")
    assert response.status_code == 200
    assert [e.action for e in response.context["page"].items] == ["accounts.unit.created"]


def test_audit_search_htmx_returns_only_the_results_partial(client, three_units, lpse_head):
    login(client, lpse_head)
    response = client.get("/audit/", {"action": "accounts.unit"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="results">')
    assert "<nav" not in body


def test_audit_search_pages_by_keyset_without_counting(client, organization, lpse_head, django_assert_max_num_queries):
    for i in range(60):
        services.unit_create(organization=organization, name=f"Seksi {i:02d}", code=f"S{i}", kind="other", by=lpse_head)
    login(client, lpse_head)
    first = client.get("/audit/", {"action": "accounts.unit.created"})
    assert len(first.context["page"].items) == 50 and first.context["page"].has_next
    with django_assert_max_num_queries(12) as captured:
        second = client.get("/audit/", {"action": "accounts.unit.created", "cursor": first.context["page"].next_cursor})
    assert not any("COUNT(" in q["sql"].upper() for q in captured.captured_queries)
    names = [e.target_repr for e in first.context["page"].items + second.context["page"].items]
    assert len(names) == 60 and len(set(names)) == 60
    assert not second.context["page"].has_next


def test_history_of_another_organisations_object_is_not_found(client, organization, outsider):
    login(client, outsider)
    unit = organization.units.get(code="LPSE")
    assert client.get(f"/audit/riwayat/accounts.orgunit/{unit.pk}/").status_code == 404
    assert client.get("/audit/riwayat/nope.nothing/1/").status_code == 404

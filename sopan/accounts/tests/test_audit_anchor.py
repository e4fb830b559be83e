"""The daily anchor of the audit trail (issue 13 §4): written outside the database and mailed to the auditors."""

from __future__ import annotations

import pytest
from django.db import connection

from sopan.accounts import services
from sopan.accounts.tasks import anchor_audit_trail
from sopan.core import audit_anchors, audit_guard, scheduler
from sopan.core.models import AuditChain, AuditEvent


@pytest.mark.every_persona
def test_auditors_receive_their_organisations_anchor_and_the_file_keeps_it(
    personas, organization, other_organization, lpse_head, outsider, mailoutbox, settings
):
    # given: writes in two organisations; an operator address for the platform chain
    settings.ADMINS = [("Operator", "operator@example.invalid")]
    services.unit_create(organization=organization, name="Bidang A", code="BA", kind="other", by=lpse_head)
    services.unit_create(organization=other_organization, name="Bagian B", code="BB", kind="other", by=outsider)
    chain = AuditChain.objects.get(organization=organization)
    # when: the daily task runs
    anchored = anchor_audit_trail.call()
    # then: the file holds every chain's head, and our auditor got ours, not the other organisation's
    written = audit_anchors.read_by_chain()
    assert anchored == len(written) == AuditChain.objects.filter(last_sequence__gt=0).count()
    assert [(a.sequence, a.hash) for a in written[chain.key]] == [(chain.last_sequence, chain.last_hash)]
    auditor = personas["auditor"]
    to_auditor = [m for m in mailoutbox if m.to == [auditor.email]]
    assert len(to_auditor) == 1
    assert chain.last_hash in to_auditor[0].body and str(chain.last_sequence) in to_auditor[0].body
    assert organization.name in to_auditor[0].subject
    other_chain = AuditChain.objects.get(organization=other_organization)
    assert other_chain.last_hash not in "".join(m.body for m in to_auditor)
    # the people who are not auditors hear nothing
    assert not [m for m in mailoutbox if m.to == [lpse_head.email]]


@pytest.mark.every_persona
def test_auditors_are_told_when_the_chain_fails_its_check_and_nothing_is_anchored(
    personas, organization, lpse_head, mailoutbox
):
    services.unit_create(organization=organization, name="Bidang A", code="BA", kind="other", by=lpse_head)
    anchor_audit_trail.call()
    services.unit_create(organization=organization, name="Bidang B", code="BB2", kind="other", by=lpse_head)
    event = AuditEvent.objects.get(action="accounts.unit.created", target_repr="Bidang B")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        audit_guard.remove(connection)
        cursor.execute("UPDATE core_auditevent SET target_repr = 'Bidang palsu' WHERE id = %s", [event.pk])
    mailoutbox.clear()
    anchor_audit_trail.call()
    chain = AuditChain.objects.get(organization=organization)
    assert len(audit_anchors.read_by_chain()[chain.key]) == 1  # only the first day's anchor
    (mail,) = [m for m in mailoutbox if m.to == [personas["auditor"].email]]
    assert "NOT" in mail.subject.upper() or "TIDAK" in mail.subject.upper()
    assert f"event #{event.sequence}" in mail.body


def test_the_anchor_runs_daily_through_the_scheduler():
    assert ("sopan.accounts.tasks.anchor_audit_trail", 86400) in scheduler.PERIODIC

"""Services of the standards registers: the change workflow (a change is never approved by its requester), server
access only for the Administrator Sistem and the Koordinator LPSE (annex 2.5.2 b), capacity over its threshold, the
self-assessment keeping its evidence."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sopan.core.models import AuditEvent
from sopan.procurement.tests.factories import person
from sopan.standards.models import AccessPermit, Assessment, CapacityReading, ChangeRequest
from sopan.standards.services import access, assessment, changes
from sopan.standards.tests.factories import admin, coordinator, head, id_, requested

pytestmark = pytest.mark.django_db
S = ChangeRequest.Status


def test_a_change_goes_requested_approved_implemented_rolled_back(organization):
    change = requested(organization)
    assert change.status == S.REQUESTED
    change = changes.change_approve(change, by=head(organization), seen_version=1, data={"note": "Laksanakan."})
    assert (change.status, change.decided_by, change.version) == (S.APPROVED, head(organization), 2)
    change = changes.change_implement(change, by=admin(organization))
    change = changes.change_roll_back(change, by=admin(organization), data={"note": "Layanan gagal dimuat."})
    change.refresh_from_db()
    assert change.status == S.ROLLED_BACK and change.rollback_reason == "Layanan gagal dimuat."
    codes = list(
        AuditEvent.objects.filter(target_id=str(change.pk), action__startswith="standards.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert codes == [
        "standards.change.requested",
        "standards.change.approved",
        "standards.change.implemented",
        "standards.change.rolled_back",
    ]


def test_a_change_approved_by_its_requester_is_refused_and_nothing_changes(organization):
    boss = head(organization)
    change = requested(organization, by=boss)
    with pytest.raises(ValidationError) as refused:
        changes.change_approve(change, by=boss)
    assert refused.value.code == "own_change"
    assert refused.value.messages[0] == id_(
        "You requested this change, so you cannot approve it: someone else must decide on it."
    )
    change.refresh_from_db()
    assert (change.status, change.decided_by, change.version) == (S.REQUESTED, None, 1)
    assert not AuditEvent.objects.filter(action="standards.change.approved").exists()
    approved = changes.change_approve(change, by=coordinator(organization))  # someone else may
    assert approved.status == S.APPROVED


def test_rejecting_needs_a_note_and_the_requester_cannot_implement(organization):
    change = requested(organization)
    with pytest.raises(ValidationError):
        changes.change_reject(change, by=head(organization), data={"note": " "})
    with pytest.raises(PermissionDenied):
        changes.change_approve(change, by=admin(organization))  # the Administrator Sistem does not decide
    with pytest.raises(ValidationError):  # not approved yet
        changes.change_implement(change, by=admin(organization))
    change = changes.change_reject(change, by=head(organization), data={"note": "Pakai VPN."})
    assert change.status == S.REJECTED


def test_a_stale_decision_is_refused(organization):
    change = requested(organization)
    with pytest.raises(ValidationError) as refused:
        changes.change_approve(change, by=head(organization), seen_version=7)
    assert refused.value.code == "stale"


def _grant(organization, holder, kind="server", by=None):
    return access.permit_grant(
        organization=organization,
        by=by or head(organization),
        holder=holder,
        kind=kind,
        target="Server SPSE",
        valid_from=timezone.localdate(),
    )


def test_server_access_only_for_the_administrator_sistem_and_the_koordinator(organization):
    assert _grant(organization, admin(organization)).kind == "server"
    assert _grant(organization, coordinator(organization)).kind == "server"
    helpdesk = person(organization, "helpdesk")
    with pytest.raises(ValidationError) as refused:
        _grant(organization, helpdesk)
    assert refused.value.code == "server_access" if hasattr(refused.value, "code") else True
    assert (
        "2.5.2 b" in refused.value.message_dict["holder"][0]
        and "Administrator Sistem" in refused.value.message_dict["holder"][0]
    )
    assert AccessPermit.objects.filter(holder=helpdesk).count() == 0
    assert _grant(organization, helpdesk, kind="room").kind == "room"  # a room is anyone's with a permit


def test_server_access_for_someone_of_another_organisation_is_refused(organization, other_organization):
    from sopan.accounts import demo

    other = demo.ensure_persona(
        other_organization, demo.Persona("batang.admin", "Admin Batang", "system_admin", "LPSE"), with_totp=False
    )
    with pytest.raises(ValidationError):
        _grant(organization, other)
    assert not AccessPermit.objects.exists()


def test_only_who_manages_access_grants_and_revokes(organization):
    with pytest.raises(PermissionDenied):
        _grant(organization, admin(organization), by=admin(organization))
    permit = _grant(organization, admin(organization))
    permit = access.permit_revoke(permit, by=head(organization), seen_version=1)
    assert permit.revoked_at is not None
    with pytest.raises(ValidationError):
        access.permit_revoke(permit, by=head(organization))


def test_a_reading_over_its_threshold_is_flagged(organization):
    today = timezone.localdate()
    over = CapacityReading.objects.create(
        organization=organization,
        resource="CPU",
        unit="%",
        value=Decimal("91"),
        threshold=Decimal("85"),
        measured_on=today,
    )
    within = CapacityReading.objects.create(
        organization=organization,
        resource="Disk",
        unit="%",
        value=Decimal("70"),
        threshold=Decimal("80"),
        measured_on=today - datetime.timedelta(days=1),
    )
    assert (over.over_threshold, within.over_threshold) == (1, 0)
    assert over.get_over_threshold_display() == id_("Over the threshold")


def test_a_self_assessment_keeps_the_evidence_it_rested_on(organization):
    _grant(organization, admin(organization))
    year = timezone.localdate().year
    saved = assessment.assessment_save(
        organization=organization,
        standard="server_network_security",
        year=year,
        level=3,
        notes="Akses server tercatat.",
        by=head(organization),
    )
    labels = [item["label"] for item in saved.evidence]
    assert id_("Server access permits in force (holders)") in labels
    assert {i["label"]: i["value"] for i in saved.evidence}[id_("Server access permits in force (holders)")] == "1 (1)"
    with pytest.raises(ValidationError):  # saved again on an old copy
        assessment.assessment_save(
            organization=organization,
            standard="server_network_security",
            year=year,
            level=4,
            notes="x",
            by=head(organization),
            seen_version=9,
        )
    again = assessment.assessment_save(
        organization=organization,
        standard="server_network_security",
        year=year,
        level=4,
        notes="Ditinjau.",
        by=head(organization),
        seen_version=1,
    )
    assert (again.pk, again.level, again.version) == (saved.pk, 4, 2)
    assert Assessment.objects.count() == 1
    with pytest.raises(PermissionDenied):
        assessment.assessment_save(
            organization=organization, standard="helpdesk", year=year, level=1, notes="x", by=admin(organization)
        )

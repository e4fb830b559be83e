"""The LPSE's registration settings as services: who may change them, the precise refusals, the audit trail."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from sopan.core.models import AuditEvent
from sopan.vendors import policies
from sopan.vendors.models import AppointmentSlot, RequiredDocument, StaffRelation, VendorSettings
from sopan.vendors.registration import services
from sopan.vendors.registration.services import configuration
from sopan.vendors.selectors import missing_requirements
from sopan.vendors.tests import factories


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _messages(error: ValidationError, field: str | None = None) -> str:
    if field is not None:
        return " ".join(error.message_dict[field])
    return " ".join(error.messages)


def _future(days: int = 3, hour: int = 9) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))


# --- VendorSettings ------------------------------------------------------------------------------------------------
def test_the_kepala_lpse_changes_the_rules_and_the_change_is_audited(organization, lpse_head):
    configuration.vendor_settings_update(organization=organization, by=lpse_head, expiry_days=60, two_person_rule=False)
    rules = VendorSettings.objects.get(organization=organization)
    assert (rules.expiry_days, rules.two_person_rule, rules.max_upload_mb) == (60, False, 5)
    event = AuditEvent.objects.get(action="vendors.settings.updated")
    assert event.actor == lpse_head and event.changes == {"expiry_days": [30, 60], "two_person_rule": [True, False]}


def test_saving_the_same_rules_again_writes_no_event(organization, lpse_head):
    configuration.vendor_settings_update(organization=organization, by=lpse_head, expiry_days=30)
    assert not AuditEvent.objects.filter(action="vendors.settings.updated").exists()


@pytest.mark.parametrize(
    ("values", "field", "text"),
    [
        ({"expiry_days": 0}, "expiry_days", "Between 1 and 365 days."),
        ({"expiry_days": 400}, "expiry_days", "Between 1 and 365 days."),
        ({"max_upload_mb": 0}, "max_upload_mb", "Between 1 and 20 MB."),
        ({"retention": "forget"}, "retention", "kept or removed"),
    ],
)
def test_rules_out_of_range_are_refused_precisely(organization, lpse_head, values, field, text):
    with pytest.raises(ValidationError) as caught:
        configuration.vendor_settings_update(organization=organization, by=lpse_head, **values)
    assert text in _messages(caught.value, field)
    assert not VendorSettings.objects.exists()


@pytest.mark.parametrize("persona", ["verifier", "registration_officer", "vendor_admin", "outsider"])
def test_only_the_organisations_administrators_change_the_rules(organization, personas, persona):
    with pytest.raises(PermissionDenied):
        configuration.vendor_settings_update(organization=organization, by=personas[persona], expiry_days=10)


# --- required documents ----------------------------------------------------------------------------------------
def test_a_document_is_added_with_a_code_made_from_its_label_at_the_end_of_the_list(registration_setup, lpse_head):
    last = RequiredDocument.objects.filter(organization=registration_setup, applicant_kind="vendor").last()
    added = configuration.required_document_create(
        organization=registration_setup,
        applicant_kind="vendor",
        label="Sertifikat Badan Usaha (SBU) Konstruksi",
        legal_forms=["pt", "cv", "pt"],
        by=lpse_head,
    )
    assert added.code == "sertifikat-badan-usaha-sbu-konstruksi"
    assert added.legal_forms == ["pt", "cv"] and added.position == last.position + 1
    event = AuditEvent.objects.get(action="vendors.required_document.created")
    assert event.changes["code"] == added.code


def test_a_code_already_in_the_list_is_refused(registration_setup, lpse_head):
    with pytest.raises(ValidationError) as caught:
        configuration.required_document_create(
            organization=registration_setup, applicant_kind="vendor", label="KTP lagi", code="ktp", by=lpse_head
        )
    assert "already has a document with the code ktp" in _messages(caught.value, "code")


def test_the_same_code_is_fine_for_the_other_kind_of_applicant(organization, lpse_head):
    configuration.required_document_create(
        organization=organization, applicant_kind="vendor", label="KTP", by=lpse_head
    )
    other = configuration.required_document_create(
        organization=organization, applicant_kind="non_vendor", label="KTP", by=lpse_head
    )
    assert other.code == "ktp"


@pytest.mark.parametrize(
    ("values", "field", "text"),
    [
        ({"label": "  "}, "label", "Name the document"),
        ({"label": "Akta", "legal_forms": ["pt", "llc"]}, "legal_forms", "Unknown legal form: llc."),
        ({"label": "Akta", "applicant_kind": "robot"}, "applicant_kind", "vendors or non-vendor"),
        ({"label": "!!!"}, "code", "short code"),
    ],
)
def test_a_wrong_document_is_refused_precisely(organization, lpse_head, values, field, text):
    arguments = {"applicant_kind": "vendor", **values}
    with pytest.raises(ValidationError) as caught:
        configuration.required_document_create(organization=organization, by=lpse_head, **arguments)
    assert text in _messages(caught.value, field)
    assert not RequiredDocument.objects.exists()


def test_a_document_taken_out_of_use_is_no_longer_asked(registration_setup, lpse_head):
    registration = factories.submitted_registration(registration_setup)
    requirement = factories.requirement(registration_setup, "akta-pendirian")
    assert requirement in missing_requirements(registration)
    configuration.required_document_update(requirement=requirement, is_active=False, label="Akta", by=lpse_head)
    assert requirement not in missing_requirements(registration)
    event = AuditEvent.objects.get(action="vendors.required_document.updated")
    assert event.changes == {"label": ["Akta pendirian", "Akta"], "is_active": [True, False]}


def test_a_verifier_cannot_edit_the_document_list(registration_setup, verifier):
    with pytest.raises(PermissionDenied):
        configuration.required_document_update(
            requirement=factories.requirement(registration_setup, "ktp"), is_active=False, by=verifier
        )


# --- appointments ----------------------------------------------------------------------------------------------
def test_one_appointment_is_opened_and_audited(organization, lpse_head):
    slot = configuration.slot_create(
        organization=organization,
        starts_at=_future(),
        ends_at=_future() + datetime.timedelta(hours=1),
        capacity=3,
        mode="online",
        location="https://meet.example/lpse",
        by=lpse_head,
    )
    assert (slot.capacity, slot.mode) == (3, "online")
    assert AuditEvent.objects.get(action="vendors.slot.created").target_id == str(slot.pk)


@pytest.mark.parametrize(
    ("starts", "minutes", "capacity", "field", "text"),
    [
        (-1, 60, 2, "starts_at", "already past"),
        (3, -30, 2, "ends_at", "must end after it starts"),
        (3, 60, 0, "capacity", "at least one place"),
    ],
)
def test_a_wrong_appointment_is_refused_precisely(organization, lpse_head, starts, minutes, capacity, field, text):
    starts_at = _future(starts)
    with pytest.raises(ValidationError) as caught:
        configuration.slot_create(
            organization=organization,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(minutes=minutes),
            capacity=capacity,
            by=lpse_head,
        )
    assert text in _messages(caught.value, field)
    assert not AppointmentSlot.objects.exists()


def _series(organization, by, **overrides):
    monday = timezone.localdate() + datetime.timedelta(days=7 - timezone.localdate().weekday())
    arguments = {
        "organization": organization,
        "first_day": monday,
        "weeks": 3,
        "weekdays": [0, 1, 2, 3, 4],
        "start": datetime.time(9, 0),
        "duration_minutes": 120,
        "capacity": 4,
        "location": "Ruang Verifikasi LPSE",
        "by": by,
        **overrides,
    }
    return configuration.slots_create_series(**arguments)


def test_a_weekly_series_opens_each_chosen_weekday_in_the_organisations_time_zone(organization, lpse_head):
    created, existing = _series(organization, lpse_head, weekdays=[0, 3])
    assert (len(created), existing) == (6, 0)
    zone = zoneinfo.ZoneInfo(organization.timezone)
    for slot in AppointmentSlot.objects.all():
        local = slot.starts_at.astimezone(zone)
        assert local.weekday() in (0, 3) and local.time() == datetime.time(9, 0)
        assert slot.ends_at - slot.starts_at == datetime.timedelta(hours=2)
    assert AuditEvent.objects.get(action="vendors.slot.series_created").changes["created"] == 6


def test_a_series_again_leaves_the_existing_appointments_as_they_are(organization, lpse_head):
    _series(organization, lpse_head, weeks=1)
    created, existing = _series(organization, lpse_head, weeks=2)
    assert (len(created), existing) == (5, 5)
    assert AppointmentSlot.objects.count() == 10


def test_a_series_starting_in_the_past_says_which_appointment_is_past(organization, lpse_head):
    with pytest.raises(ValidationError) as caught:
        _series(organization, lpse_head, first_day=timezone.localdate() - datetime.timedelta(days=7), weekdays=range(7))
    assert "is already past" in _messages(caught.value, "starts_at")
    assert not AppointmentSlot.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"weekdays": []}, "weekdays"),
        ({"weeks": 0}, "weeks"),
        ({"weeks": 27}, "weeks"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"capacity": 0}, "capacity"),
    ],
)
def test_a_wrong_series_is_refused_on_its_field(organization, lpse_head, overrides, field):
    with pytest.raises(ValidationError) as caught:
        _series(organization, lpse_head, **overrides)
    assert field in caught.value.message_dict
    assert not AppointmentSlot.objects.exists()


def test_a_booked_appointment_cannot_be_deleted_and_a_free_one_can(registration_setup, lpse_head):
    registration = factories.submitted_registration(registration_setup)
    booked, free = factories.slot(registration_setup), factories.slot(registration_setup, days=4)
    services.slot_book(registration=registration, slot=booked, by=registration.user)
    with pytest.raises(ValidationError) as caught:
        configuration.slot_delete(slot=booked, by=lpse_head)
    assert "1 applicant(s) booked the appointment" in _messages(caught.value)
    configuration.slot_delete(slot=free, by=lpse_head)
    assert list(AppointmentSlot.objects.all()) == [booked]
    assert AuditEvent.objects.filter(action="vendors.slot.deleted").count() == 1


def test_staff_of_another_organisation_cannot_open_appointments_here(organization, outsider):
    with pytest.raises(PermissionDenied):
        configuration.slot_create(
            organization=organization,
            starts_at=_future(),
            ends_at=_future() + datetime.timedelta(hours=1),
            capacity=2,
            by=outsider,
        )


# --- staff ties --------------------------------------------------------------------------------------------------
def test_a_verifier_declares_a_tie_once_and_it_becomes_a_conflict(registration_setup, verifier, registration_officer):
    registration = factories.received_registration(registration_setup, registration_officer)
    relation = configuration.staff_relation_declare(
        user=verifier, company=registration.company, kind="owner", by=verifier
    )
    assert relation.organization == registration_setup
    assert any("declared a tie" in problem for problem in policies.conflicts(verifier, registration))
    with pytest.raises(ValidationError) as caught:
        configuration.staff_relation_declare(user=verifier, company=registration.company, kind="owner", by=verifier)
    assert "already declared this tie" in _messages(caught.value)
    assert AuditEvent.objects.filter(action="vendors.staff_relation.declared").count() == 1


def test_only_administrators_declare_ties_for_someone_else(
    registration_setup, verifier, registration_officer, lpse_head
):
    company = factories.submitted_registration(registration_setup).company
    with pytest.raises(PermissionDenied):
        configuration.staff_relation_declare(user=verifier, company=company, kind="relative", by=registration_officer)
    configuration.staff_relation_declare(user=verifier, company=company, kind="relative", by=lpse_head)
    assert StaffRelation.objects.get().declared_by == lpse_head


def test_a_vendor_and_an_outsider_declare_no_ties_here(registration_setup, vendor_admin, outsider):
    company = factories.submitted_registration(registration_setup).company
    for person in (vendor_admin, outsider):
        with pytest.raises(PermissionDenied):
            configuration.staff_relation_declare(user=person, company=company, kind="admin", by=person)

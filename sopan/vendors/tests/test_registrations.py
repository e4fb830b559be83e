"""The registration services, step by step through SOP Rekrutmen dan Registrasi Penyedia (steps 1–16)."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from freezegun import freeze_time

from sopan.core.models import AuditEvent
from sopan.core.testing import run_background_tasks
from sopan.sop.models import Case, StepRecord
from sopan.vendors.models import (
    ArchivedFile,
    Company,
    Document,
    EmailConfirmation,
    FieldChange,
    Registration,
    StaffRelation,
    VendorSettings,
)
from sopan.vendors.registration import services
from sopan.vendors.registration.services.common import link_token_hash
from sopan.vendors.registration.services.expiry import _remove_personal_data
from sopan.vendors.selectors import case_of, missing_requirements
from sopan.vendors.tests import factories
from sopan.vendors.tests.factories import committed

pytestmark = pytest.mark.django_db
S = Registration.Status


def _steps(registration) -> list[tuple[str, str, str]]:
    case = case_of(registration)
    return list(
        StepRecord.objects.filter(case=case).order_by("opened_at", "id").values_list("step_key", "status", "exit_label")
    )


def _done(registration) -> list[str]:
    return [key for key, status, _exit in _steps(registration) if status == StepRecord.Status.DONE]


# --- Step 1: the e-mail link -------------------------------------------------------------------------------------
def test_signup_mails_a_single_use_link_valid_for_24_hours(registration_setup):
    with committed():
        confirmation = services.signup_request(organization=registration_setup, email=" Admin@Maju.co.id ")
    run_background_tasks()
    assert confirmation.email == "admin@maju.co.id"
    assert confirmation.expires_at - confirmation.created_at == datetime.timedelta(hours=24)
    [message] = mail.outbox
    assert message.to == ["admin@maju.co.id"]
    path = next(line for line in message.body.split() if "/daftar/formulir/" in line)
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert services.confirmation_check(token=token) == confirmation
    assert confirmation.token_hash == hashlib.sha256(token.encode()).hexdigest()  # the token itself is not stored


def test_signup_for_an_address_with_an_account_sends_a_different_mail_but_answers_the_same(
    registration_setup, vendor_admin
):
    with committed():
        services.signup_request(organization=registration_setup, email=vendor_admin.email)
        services.signup_request(organization=registration_setup, email="new@maju.co.id")
    run_background_tasks()
    existing, new = sorted(mail.outbox, key=lambda m: m.to[0] != vendor_admin.email)
    assert "/daftar/formulir/" not in existing.body
    assert "/daftar/formulir/" in new.body
    assert EmailConfirmation.objects.count() == 2  # the same work and answer either way


def test_a_used_link_is_refused(registration_setup):
    registration = factories.submitted_registration(registration_setup)
    token = f"token-{registration.user.username.removeprefix('vendor')}"
    with pytest.raises(ValidationError) as error:
        services.confirmation_check(token=token)
    assert error.value.code == "used"
    assert "already been used" in error.value.messages[0]


def test_an_expired_link_is_refused(registration_setup):
    with committed():
        confirmation = services.signup_request(organization=registration_setup, email="late@maju.co.id")
    confirmation.token_hash = link_token_hash("late")
    confirmation.save()
    with freeze_time(timezone.now() + datetime.timedelta(hours=24, seconds=1)), pytest.raises(ValidationError) as error:
        services.confirmation_check(token="late")
    assert error.value.code == "expired"
    assert "valid for 24 hours" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        services.confirmation_check(token="never-issued")
    assert error.value.code == "unknown"


def test_signup_is_refused_when_no_sop_serves_the_procedure(organization):
    from sopan.sop.api import ProcedureNotReady

    with pytest.raises(ProcedureNotReady):
        services.signup_request(organization=organization, email="a@b.co.id")
    assert not EmailConfirmation.objects.exists()


# --- Step 1: the form -----------------------------------------------------------------------------------------------
def test_submitting_the_form_creates_the_account_company_and_case_and_mails_the_user_id(registration_setup):
    registration = factories.submitted_registration(registration_setup, name="CV Sumber Rejeki")
    run_background_tasks()
    assert registration.status == S.SUBMITTED
    assert registration.number == f"REG-{timezone.localdate():%Y}-{registration.pk:06d}"
    assert registration.company.name == "CV Sumber Rejeki"
    assert registration.company.status == Company.Status.REGISTERING
    assert registration.user.check_password("Rahasia-Sekali-2026")
    assert registration.user.role_codes == frozenset()  # no rights before approval
    assert _done(registration) == ["registrasi-online"]
    [message] = [m for m in mail.outbox if registration.user.username in m.body]
    assert registration.number in message.body


def test_invalid_identifiers_are_refused_and_nothing_is_written(registration_setup):
    with pytest.raises(ValidationError) as error:
        factories.submitted_registration(registration_setup, npwp="12345")
    assert "npwp" in error.value.message_dict
    assert not Registration.objects.exists() and not Company.objects.exists()


def test_a_second_open_application_from_the_same_address_is_refused_with_its_number(registration_setup):
    first = factories.submitted_registration(registration_setup, email="dup@maju.co.id")
    with pytest.raises(ValidationError) as error:
        factories.submitted_registration(registration_setup, email="dup@maju.co.id")
    assert first.number in error.value.messages[0]
    assert Registration.objects.count() == 1


# --- Step 6: documents and appointment ----------------------------------------------------------------------------
def test_upload_is_stored_on_commit_and_a_replacement_keeps_the_history(registration_setup):
    registration = factories.submitted_registration(registration_setup)
    ktp = factories.requirement(registration_setup, "ktp")
    with committed():
        first = services.document_upload(
            registration=registration, requirement=ktp, uploaded=factories.pdf_upload("ktp.pdf"), by=registration.user
        )
    with committed():
        second = services.document_upload(
            registration=registration, requirement=ktp, uploaded=factories.pdf_upload("ktp.pdf"), by=registration.user
        )
    first.refresh_from_db()
    assert not first.is_current and second.is_current
    assert first.file.name != second.file.name
    assert default_storage.exists(first.file.name) and default_storage.exists(second.file.name)
    with second.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == second.sha256


def test_a_rolled_back_upload_leaves_no_file(registration_setup, django_capture_on_commit_callbacks):
    registration = factories.submitted_registration(registration_setup)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = services.document_upload(
            registration=registration,
            requirement=factories.requirement(registration_setup, "npwp"),
            uploaded=factories.pdf_upload(),
            by=registration.user,
        )
    assert callbacks  # the write waits for the commit, which never comes here
    assert not default_storage.exists(document.file.name)


def test_a_disguised_file_is_refused_by_content(registration_setup):
    registration = factories.submitted_registration(registration_setup)
    fake = SimpleUploadedFile("akta.pdf", factories.png_bytes(), content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.document_upload(
            registration=registration,
            requirement=factories.requirement(registration_setup, "akta-pendirian"),
            uploaded=fake,
            by=registration.user,
        )
    assert "PNG" in error.value.messages[0]
    assert not Document.objects.exists()


def test_another_applicant_cannot_upload_to_my_registration(registration_setup):
    mine = factories.submitted_registration(registration_setup)
    other = factories.submitted_registration(registration_setup)
    with pytest.raises(PermissionDenied):
        services.document_upload(
            registration=mine,
            requirement=factories.requirement(registration_setup, "ktp"),
            uploaded=factories.pdf_upload(),
            by=other.user,
        )


def test_a_full_slot_is_refused(registration_setup):
    slot = factories.slot(registration_setup, capacity=1)
    first = factories.submitted_registration(registration_setup)
    second = factories.submitted_registration(registration_setup)
    services.slot_book(registration=first, slot=slot, by=first.user)
    with pytest.raises(ValidationError) as error:
        services.slot_book(registration=second, slot=slot, by=second.user)
    assert "full" in error.value.messages[0]


def test_prepare_needs_every_required_document_and_an_appointment(registration_setup):
    registration = factories.submitted_registration(registration_setup)
    with pytest.raises(ValidationError) as error:
        services.registration_prepare(registration=registration, by=registration.user)
    assert "still missing" in error.value.messages[0]
    factories.upload_all(registration)
    assert missing_requirements(registration) == []
    with pytest.raises(ValidationError) as error:
        services.registration_prepare(registration=registration, by=registration.user)
    assert "appointment" in error.value.messages[0]
    services.slot_book(registration=registration, slot=factories.slot(registration_setup), by=registration.user)
    registration = services.registration_prepare(registration=registration, by=registration.user)
    assert registration.status == S.READY
    assert "siapkan-berkas" in _done(registration)


# --- Steps 7–11: the desk -----------------------------------------------------------------------------------------
def test_receiving_records_the_desk_steps_with_the_online_exit(registration_setup, registration_officer):
    registration = factories.received_registration(registration_setup, registration_officer)
    assert registration.status == S.RECEIVED
    assert registration.received_by == registration_officer
    steps = _steps(registration)
    assert ("sudah-registrasi-online", "done", "Ya") in steps
    assert ("serahkan-ke-verifikator", "done", "") in steps
    assert steps[-1][:2] == ("verifikasi-berkas", "open")


def test_a_vendor_registered_at_the_desk_takes_the_no_exit(registration_setup, registration_officer):
    with committed():
        registration = services.registration_submit_at_desk(
            organization=registration_setup,
            email="walkin@maju.co.id",
            company=factories.company_data(),
            person=factories.person_data(),
            username="walkin",
            by=registration_officer,
        )
    factories.upload_all(registration)
    registration = services.registration_receive(registration=registration, brought_by="", by=registration_officer)
    steps = _steps(registration)
    assert ("sudah-registrasi-online", "done", "Belum") in steps
    assert ("registrasi-bidding-room", "done", "") in steps
    assert not registration.user.has_usable_password()  # they choose one through the mailed link


def test_a_vendor_cannot_receive_their_own_file(registration_setup):
    registration = factories.ready_registration(registration_setup)
    with pytest.raises(PermissionDenied):
        services.registration_receive(registration=registration, brought_by="", by=registration.user)


# --- Steps 12–15: verification ------------------------------------------------------------------------------------
def test_completion_is_requested_for_flagged_documents_and_the_vendor_completes_it(
    registration_setup, registration_officer, verifier
):
    registration = factories.in_verification(registration_setup, registration_officer, verifier)
    factories.check_all(registration, verifier)
    npwp = registration.documents.get(requirement__code="npwp", is_current=True)
    services.document_check(document=npwp, verdict="mismatch", note="NPWP lama, bukan atas nama CV", by=verifier)
    with committed():
        registration = services.registration_request_completion(
            registration=registration, note="Bawa NPWP asli", version=registration.version, by=verifier
        )
    assert registration.status == S.COMPLETION_REQUESTED
    assert [(i["code"], i["problem"]) for i in registration.completion_items] == [("npwp", "mismatch")]
    assert _steps(registration)[-3:] == [
        ("verifikasi-berkas", "done", "Tidak"),
        ("minta-kelengkapan", "done", ""),
        ("siapkan-berkas", "open", ""),
    ]
    with pytest.raises(ValidationError) as error:
        services.registration_resubmit(registration=registration, by=registration.user)
    assert "NPWP" in error.value.messages[0]
    with committed():
        services.document_upload(
            registration=registration,
            requirement=npwp.requirement,
            uploaded=factories.pdf_upload("npwp-baru.pdf"),
            by=registration.user,
        )
    registration = services.registration_resubmit(registration=registration, by=registration.user)
    assert registration.status == S.IN_VERIFICATION
    assert registration.verifier == verifier
    assert _steps(registration)[-1][:2] == ("verifikasi-berkas", "open")
    run_background_tasks()
    assert any("NPWP lama" in m.body for m in mail.outbox)


def test_approval_activates_the_account_and_archives_the_file_with_checksums(
    registration_setup, registration_officer, verifier
):
    registration = factories.in_verification(registration_setup, registration_officer, verifier)
    with pytest.raises(ValidationError) as error:
        services.registration_approve(registration=registration, version=registration.version, by=verifier)
    assert "checked as matching" in error.value.messages[0]
    factories.check_all(registration, verifier)
    with committed():
        registration = services.registration_approve(
            registration=registration, version=registration.version, by=verifier
        )
    assert registration.status == S.APPROVED
    company = Company.objects.get(pk=registration.company_id)
    assert company.status == Company.Status.ACTIVE and company.admin_user == registration.user
    user = registration.user.__class__.objects.get(pk=registration.user_id)
    assert user.has_role("vendor_admin")
    assert FieldChange.objects.filter(company=company, registration=registration).count() == len(Company.CHANGEABLE)
    archived = list(ArchivedFile.objects.filter(registration=registration))
    assert {a.kind for a in archived} == {"document", "form"}
    for row in archived:
        with row.file.open("rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == row.sha256
    case = Case.objects.get(pk=case_of(registration).pk)
    assert case.status == Case.Status.COMPLETED
    assert _done(registration)[-4:] == ["verifikasi-berkas", "setujui", "arsipkan", "selesai"]
    assert user.is_active and user.check_password("Rahasia-Sekali-2026")  # the browser journey logs in for real


def test_rejection_needs_a_reason_and_tells_the_vendor(registration_setup, registration_officer, verifier):
    registration = factories.in_verification(registration_setup, registration_officer, verifier)
    with pytest.raises(ValidationError):
        services.registration_reject(registration=registration, reason="blacklisted", note=" ", by=verifier)
    with committed():
        registration = services.registration_reject(
            registration=registration, reason="blacklisted", note="SK Daftar Hitam 12/2026", by=verifier
        )
    assert registration.status == S.REJECTED
    assert Company.objects.get(pk=registration.company_id).status == Company.Status.REFUSED
    assert registration.archived_files.exists()
    # the procedure ends with the archive (steps 15 and 16): the case is completed, no step left open
    case = Case.objects.get(pk=case_of(registration).pk)
    assert case.status == Case.Status.COMPLETED
    assert _done(registration)[-2:] == ["arsipkan", "selesai"]
    assert not StepRecord.objects.filter(case=case, status=StepRecord.Status.OPEN).exists()
    run_background_tasks()
    assert any("SK Daftar Hitam 12/2026" in m.body for m in mail.outbox)


def test_a_decision_on_an_application_that_changed_meanwhile_is_refused(
    registration_setup, registration_officer, verifier
):
    registration = factories.in_verification(registration_setup, registration_officer, verifier)
    factories.check_all(registration, verifier)
    seen = registration.version
    Registration.objects.filter(pk=registration.pk).update(version=seen + 1)  # e.g. a new upload meanwhile
    with pytest.raises(ValidationError) as error:
        services.registration_approve(registration=registration, version=seen, by=verifier)
    assert error.value.code == "stale"
    assert Registration.objects.get(pk=registration.pk).status == S.IN_VERIFICATION


def test_only_one_decision_per_registration(registration_setup, registration_officer, verifier):
    registration = factories.in_verification(registration_setup, registration_officer, verifier)
    factories.check_all(registration, verifier)
    version = Registration.objects.get(pk=registration.pk).version
    with committed():
        services.registration_approve(registration=registration, version=version, by=verifier)
    with pytest.raises(ValidationError):
        services.registration_reject(registration=registration, reason="other", note="x", version=version, by=verifier)


def test_each_decision_raises_the_version_once_and_is_audited_by_its_past_tense_code(
    registration_setup, registration_officer, verifier
):
    # Given a file the verifier has checked
    registration = factories.in_verification(registration_setup, registration_officer, verifier)
    factories.check_all(registration, verifier)
    seen = Registration.objects.get(pk=registration.pk).version
    # When it is approved
    with committed():
        services.registration_approve(registration=registration, version=seen, by=verifier)
    # Then the version went up by exactly one, under the literal code (not the old present-tense one)
    assert Registration.objects.get(pk=registration.pk).version == seen + 1
    target = {"target_id": str(registration.pk)}
    assert AuditEvent.objects.filter(action="vendors.registration.approved", **target).count() == 1
    assert AuditEvent.objects.filter(action="vendors.registration.taken", **target).count() == 1
    assert not AuditEvent.objects.filter(
        action__in=("vendors.registration.approve", "vendors.registration.take")
    ).exists()


# --- Separation of duties -----------------------------------------------------------------------------------------
def test_the_person_who_received_the_file_cannot_verify_it_when_two_people_are_required(registration_setup, verifier):
    registration = factories.ready_registration(registration_setup)
    services.registration_receive(registration=registration, brought_by="", by=verifier)
    with pytest.raises(ValidationError) as error:
        services.registration_take(registration=registration, by=verifier)
    assert "another person" in error.value.messages[0]
    VendorSettings.objects.create(organization=registration_setup, two_person_rule=False)
    assert services.registration_take(registration=registration, by=verifier).verifier == verifier


def test_a_verifier_tied_to_the_company_cannot_verify_it(registration_setup, registration_officer, verifier):
    registration = factories.received_registration(registration_setup, registration_officer)
    StaffRelation.objects.create(
        organization=registration_setup,
        user=verifier,
        company=registration.company,
        kind="relative",
        declared_by=verifier,
    )
    with pytest.raises(ValidationError) as error:
        services.registration_take(registration=registration, by=verifier)
    assert "tie" in error.value.messages[0]


def test_a_verifier_of_another_organisation_cannot_take_the_file(registration_setup, registration_officer, outsider):
    registration = factories.received_registration(registration_setup, registration_officer)
    with pytest.raises(PermissionDenied):
        services.registration_take(registration=registration, by=outsider)


# --- Personal data ------------------------------------------------------------------------------------------------
def test_every_view_of_identity_data_is_logged_and_limited(registration_setup, registration_officer, verifier):
    registration = factories.received_registration(registration_setup, registration_officer)
    ktp = registration.documents.get(requirement__code="ktp")
    services.identity_viewed(registration=registration, document=ktp, by=verifier, what="document")
    event = AuditEvent.objects.filter(action="vendors.identity.viewed").latest("id")
    assert event.actor_id == verifier.pk and event.changes["document"] == "ktp"
    with pytest.raises(PermissionDenied):
        services.identity_viewed(registration=registration, document=ktp, by=registration_officer, what="document")


# --- Expiry -------------------------------------------------------------------------------------------------------
def test_an_unverified_registration_expires_after_the_limit_and_the_vendor_is_told(registration_setup):
    registration = factories.submitted_registration(registration_setup)
    registration.user.__class__.objects.filter(pk=registration.user_id).update(language="en")
    with committed():
        assert services.registrations_expire(now=timezone.now() + datetime.timedelta(days=29)) == 0
        assert services.registrations_expire(now=timezone.now() + datetime.timedelta(days=30, minutes=1)) == 1
    registration.refresh_from_db()
    assert registration.status == S.EXPIRED
    assert not registration.user.__class__.objects.get(pk=registration.user_id).is_active
    assert case_of(registration).status == Case.Status.CANCELLED
    mail.outbox.clear()
    run_background_tasks()
    [expired] = [m for m in mail.outbox if "expired" in m.subject]
    assert registration.number in expired.subject
    assert expired.to == [registration.user.email]


def test_expiry_removes_documents_and_nik_when_the_retention_rule_says_so(registration_setup):
    VendorSettings.objects.create(organization=registration_setup, expiry_days=10, retention="remove")
    registration = factories.submitted_registration(registration_setup)
    factories.upload_all(registration)
    paths = list(Document.objects.filter(registration=registration).values_list("file", flat=True))
    assert all(default_storage.exists(p) for p in paths)
    with committed():
        services.registrations_expire(now=timezone.now() + datetime.timedelta(days=11))
    assert not Document.objects.filter(registration=registration).exists()
    assert not any(default_storage.exists(p) for p in paths)
    assert Company.objects.get(pk=registration.company_id).admin_nik == ""


def test_a_received_file_does_not_expire(registration_setup, registration_officer):
    registration = factories.received_registration(registration_setup, registration_officer)
    services.registrations_expire(now=timezone.now() + datetime.timedelta(days=90))
    assert Registration.objects.get(pk=registration.pk).status == S.RECEIVED


# --- The compliance report covers the procedure ------------------------------------------------------------------
def test_the_compliance_report_shows_the_registration_steps_with_their_times(
    registration_setup, registration_officer, verifier, lpse_head
):
    from sopan.sop.selectors_compliance import compliance_report_for

    registration = factories.in_verification(registration_setup, registration_officer, verifier)
    factories.check_all(registration, verifier)
    with committed():
        services.registration_approve(registration=registration, version=registration.version, by=verifier)

    report = compliance_report_for(lpse_head)

    [section] = [s for s in report.sections if s.sop_id == case_of(registration).sop_id]
    rows = {row.step_key: row for row in section.rows}
    assert section.cases == 1
    for key in ("terima-berkas", "verifikasi-berkas", "setujui", "arsipkan"):
        assert rows[key].done == 1, key
    assert rows["verifikasi-berkas"].median_seconds is not None
    assert rows["terima-berkas"].standard  # the mutu baku as printed in the SOP


# --- Non-vendor SPSE users (annex 2.6.1 a) ---------------------------------------------------------------------------
def test_a_non_vendor_user_registers_with_the_sk_and_gets_the_role_in_their_unit(
    registration_setup, registration_officer, verifier
):
    from sopan.accounts.models import OrgUnit

    unit = OrgUnit.objects.get(organization=registration_setup, code="DPUPR")
    with committed():
        confirmation = services.signup_request(
            organization=registration_setup, email="ppk.baru@dpupr.go.id", applicant_kind="non_vendor"
        )
    confirmation.token_hash = link_token_hash("ppk")
    confirmation.save(update_fields=["token_hash"])
    person = factories.person_data(role="commitment_officer", unit=unit, letter_number="800/123/DPUPR/2026")
    with committed():
        registration = services.registration_submit(
            token="ppk", company=None, person=person, username="ppk.baru", password="Rahasia-Sekali-2026"
        )
    assert registration.company is None and registration.agency_name == unit.name
    assert sorted(r.code for r in missing_requirements(registration)) == ["formulir-pendaftaran", "ktp", "surat-tugas"]
    factories.upload_all(registration)
    with committed():
        services.slot_book(registration=registration, slot=factories.slot(registration_setup), by=registration.user)
        services.registration_prepare(registration=registration, by=registration.user)
        services.registration_receive(registration=registration, brought_by="", by=registration_officer)
        services.registration_take(registration=registration, by=verifier)
    factories.check_all(registration, verifier)
    with committed():
        registration = services.registration_approve(
            registration=Registration.objects.get(pk=registration.pk),
            version=Registration.objects.get(pk=registration.pk).version,
            by=verifier,
        )
    user = registration.user.__class__.objects.get(pk=registration.user_id)
    [assignment] = user.role_assignments.all()
    assert (assignment.role, assignment.unit, assignment.decree_number) == (
        "commitment_officer",
        unit,
        "800/123/DPUPR/2026",
    )


def test_a_non_vendor_cannot_ask_for_a_staff_role(registration_setup):
    from sopan.accounts.models import OrgUnit

    with committed():
        confirmation = services.signup_request(
            organization=registration_setup, email="x@dpupr.go.id", applicant_kind="non_vendor"
        )
    confirmation.token_hash = link_token_hash("x")
    confirmation.save(update_fields=["token_hash"])
    unit = OrgUnit.objects.get(organization=registration_setup, code="LPSE")
    with pytest.raises(ValidationError) as error:
        services.registration_submit(
            token="x",
            company=None,
            person=factories.person_data(role="lpse_head", unit=unit),
            username="x.lpse",
            password="Rahasia-Sekali-2026",
        )
    assert "requested_role" in error.value.message_dict
    assert not Registration.objects.exists()
    assert not registration_setup.users.filter(username="x.lpse").exists()  # nothing half-written


# --- Verification decisions (issue 13 §8) -------------------------------------------------------------------------
def _with_npwp_used_elsewhere(organization, officer, verifier) -> Registration:
    """An application in verification whose NPWP another company (still registering) uses too."""
    registration = factories.in_verification(organization, officer, verifier)
    factories.submitted_registration(organization, npwp=registration.company.npwp)
    return registration


def test_approval_is_refused_while_the_npwp_finding_is_not_acknowledged(
    registration_setup, registration_officer, verifier
):
    registration = _with_npwp_used_elsewhere(registration_setup, registration_officer, verifier)
    factories.check_all(registration, verifier)
    with pytest.raises(ValidationError) as error:
        services.registration_approve(registration=registration, version=registration.version, by=verifier)
    assert "Acknowledge" in error.value.messages[0] and "NPWP" in error.value.messages[0]
    assert Registration.objects.get(pk=registration.pk).status == S.IN_VERIFICATION


def test_a_ktp_cannot_be_marked_before_the_verifier_has_been_shown_it(
    registration_setup, registration_officer, verifier
):
    registration = factories.in_verification(registration_setup, registration_officer, verifier)
    ktp = registration.documents.get(requirement__code="ktp", is_current=True)
    for verdict, note in (("matches", ""), ("mismatch", "Foto tidak jelas")):
        with pytest.raises(ValidationError) as error:
            services.document_check(document=ktp, verdict=verdict, note=note, by=verifier)
        assert "Open this identity document" in error.value.messages[0]
    assert Document.objects.get(pk=ktp.pk).verdict == Document.Verdict.PENDING


def test_each_finding_is_acknowledged_with_a_note_and_then_the_approval_goes_through(
    registration_setup, registration_officer, verifier
):
    from sopan.vendors.registration.findings import findings_for
    from sopan.vendors.registration.services.verification import finding_acknowledge

    registration = _with_npwp_used_elsewhere(registration_setup, registration_officer, verifier)
    factories.check_all(registration, verifier)
    [finding] = findings_for(registration)
    assert finding.code == "duplicate_npwp" and finding.key.startswith("duplicate_npwp:company:")
    for blank in ("", "   "):
        with pytest.raises(ValidationError) as error:
            finding_acknowledge(registration=registration, key=finding.key, note=blank, by=verifier)
        assert "note" in error.value.message_dict
    with pytest.raises(ValidationError):
        finding_acknowledge(registration=registration, key="duplicate_npwp:company:0", note="Sudah dicek", by=verifier)

    note = "Perusahaan lain itu cabang yang sama; dikonfirmasi lewat telepon ke kantor pajak."
    acknowledgement = finding_acknowledge(registration=registration, key=finding.key, note=note, by=verifier)
    assert (acknowledgement.acknowledged_by, acknowledgement.note) == (verifier, note)
    assert acknowledgement.acknowledged_at is not None and "NPWP" in acknowledgement.message
    event = AuditEvent.objects.filter(action="vendors.finding.acknowledged").get()
    assert event.actor == verifier and event.changes == {"finding": "duplicate_npwp", "key": finding.key, "note": note}
    with pytest.raises(ValidationError) as error:
        finding_acknowledge(registration=registration, key=finding.key, note="lagi", by=verifier)
    assert "already acknowledged" in error.value.messages[0]

    with committed():
        approved = services.registration_approve(registration=registration, version=registration.version, by=verifier)
    assert approved.status == S.APPROVED


def test_a_new_finding_after_an_acknowledgement_needs_its_own(registration_setup, registration_officer, verifier):
    from sopan.vendors.registration.findings import findings_for
    from sopan.vendors.registration.services.verification import finding_acknowledge

    registration = _with_npwp_used_elsewhere(registration_setup, registration_officer, verifier)
    factories.check_all(registration, verifier)
    [first] = findings_for(registration)
    finding_acknowledge(registration=registration, key=first.key, note="Sudah dicek", by=verifier)
    factories.submitted_registration(registration_setup, npwp=registration.company.npwp)  # a third company appears
    with pytest.raises(ValidationError) as error:
        services.registration_approve(registration=registration, version=registration.version, by=verifier)
    [pending] = [f for f in findings_for(registration) if f.key != first.key]
    assert pending.message in error.value.messages[0] and first.message not in error.value.messages[0]


def test_only_the_verifiers_of_the_organisation_acknowledge_findings(
    registration_setup, registration_officer, verifier, outsider
):
    from sopan.vendors.registration.findings import findings_for
    from sopan.vendors.registration.services.verification import finding_acknowledge

    registration = _with_npwp_used_elsewhere(registration_setup, registration_officer, verifier)
    [finding] = findings_for(registration)
    for person in (outsider, registration_officer, registration.user):
        with pytest.raises(PermissionDenied):
            finding_acknowledge(registration=registration, key=finding.key, note="Sudah dicek", by=person)
    assert not registration.acknowledgements.exists()


def test_a_ktp_shown_to_the_verifier_can_be_marked_and_showing_it_is_logged_once(
    registration_setup, registration_officer, verifier, lpse_head
):
    from sopan.vendors.registration.services.verification import document_shown

    registration = factories.in_verification(registration_setup, registration_officer, verifier)
    ktp = registration.documents.get(requirement__code="ktp", is_current=True)
    document_shown(document=ktp, by=lpse_head)  # someone else having seen it is not enough
    with pytest.raises(ValidationError):
        services.document_check(document=ktp, verdict="matches", by=verifier)
    document_shown(document=ktp, by=verifier)
    checked = services.document_check(document=ktp, verdict="matches", by=verifier)
    assert checked.verdict == Document.Verdict.MATCHES
    events = AuditEvent.objects.filter(action="vendors.identity.viewed", actor=verifier)
    assert [e.changes for e in events] == [{"what": "document", "document": "ktp"}]
    with pytest.raises(PermissionDenied):
        document_shown(document=ktp, by=registration_officer)


def test_removing_personal_data_takes_the_record_of_a_shown_ktp_with_it(
    registration_setup, registration_officer, verifier
):
    from sopan.vendors.models import IdentityView
    from sopan.vendors.registration.services.verification import document_shown

    registration = factories.in_verification(registration_setup, registration_officer, verifier)
    document_shown(document=registration.documents.get(requirement__code="ktp", is_current=True), by=verifier)
    _remove_personal_data(registration)
    assert not IdentityView.objects.filter(document__registration=registration).exists()
    assert AuditEvent.objects.filter(action="vendors.identity.viewed", actor=verifier).count() == 1


def _company_moves(company_id) -> list[tuple[str, list]]:
    events = AuditEvent.objects.filter(target_id=str(company_id), action__startswith="vendors.company.")
    return [(e.action, e.changes["status"]) for e in events.order_by("pk")]


def _status_history(company_id) -> list[tuple[str, str]]:
    rows = FieldChange.objects.filter(company_id=company_id, field="status").order_by("pk")
    return [(row.old_value, row.new_value) for row in rows]


def test_the_company_is_activated_through_its_workflow_audited_and_kept_in_its_history(
    registration_setup, registration_officer, verifier
):
    registration = factories.in_verification(registration_setup, registration_officer, verifier)
    factories.check_all(registration, verifier)
    company = Company.objects.get(pk=registration.company_id)
    with committed():
        services.registration_approve(registration=registration, version=registration.version, by=verifier)
    assert _company_moves(company.pk) == [("vendors.company.activated", ["registering", "active"])]
    assert _status_history(company.pk) == [("registering", "active")]
    assert Company.objects.get(pk=company.pk).version == company.version + 1


def test_a_rejected_registration_refuses_the_company_through_its_workflow_with_the_note(
    registration_setup, registration_officer, verifier
):
    registration = factories.in_verification(registration_setup, registration_officer, verifier)
    with committed():
        services.registration_reject(registration=registration, reason="blacklisted", note="SK 12/2026", by=verifier)
    company = Company.objects.get(pk=registration.company_id)
    assert company.status == Company.Status.REFUSED and company.status_reason == "SK 12/2026"
    assert _company_moves(company.pk) == [("vendors.company.refused", ["registering", "refused"])]
    assert _status_history(company.pk) == [("registering", "refused")]
    # the refusal leaves the applicant's login to the registration (only an account action blocks the users)
    assert registration.user.__class__.objects.get(pk=registration.user_id).is_active


def test_an_expired_registration_refuses_the_company_through_its_workflow(registration_setup):
    registration = factories.submitted_registration(registration_setup)
    with committed():
        services.registrations_expire(now=timezone.now() + datetime.timedelta(days=30, minutes=1))
    assert Company.objects.get(pk=registration.company_id).status == Company.Status.REFUSED
    assert _company_moves(registration.company_id) == [("vendors.company.refused", ["registering", "refused"])]
    assert _status_history(registration.company_id) == [("registering", "refused")]

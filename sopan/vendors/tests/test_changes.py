"""Data change requests (issue 4 §3): the vendor asks, a verifier approves or rejects, the history of every field is
kept; stale requests, duplicate numbers and conflicted verifiers are refused with nothing half-written."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from sopan.core.models import AuditEvent
from sopan.core.testing import run_background_tasks
from sopan.core.workflow import TransitionNotAllowed
from sopan.vendors.accounts import changes
from sopan.vendors.models import ChangeRequest, Company, FieldChange, StaffRelation
from sopan.vendors.tests import factories
from sopan.vendors.tests.factories import committed
from sopan.vendors.tests.test_accounts import _media, vendor_company  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
C = ChangeRequest.Status


def submit(company, changes_=None, *, evidence=True, reason="Akta perubahan 2026.") -> ChangeRequest:
    return changes.change_request_submit(
        company=company,
        changes={"address": "Jl. Sudirman No. 5", "npwp": factories.valid_npwp(4242)} if changes_ is None else changes_,
        reason=reason,
        evidence=factories.pdf_upload("akta.pdf") if evidence else None,
        by=company.admin_user,
    )


def test_an_approved_change_updates_the_company_and_keeps_each_field_in_its_history(organization, verifier):
    company = vendor_company(organization)
    old_address, old_npwp, new_npwp = company.address, company.npwp, factories.valid_npwp(4242)
    with committed():
        request = submit(company, {"address": " Jl. Sudirman No. 5 ", "npwp": f"{new_npwp[:2]}.{new_npwp[2:]}"})
    assert request.status == C.SUBMITTED and request.evidence_sha256
    assert request.changes == {"address": [old_address, "Jl. Sudirman No. 5"], "npwp": [old_npwp, new_npwp]}
    company.refresh_from_db()
    assert company.npwp == old_npwp  # nothing changes before verification

    with committed():
        request = changes.change_request_approve(change_request=request, by=verifier)
    company.refresh_from_db()
    assert request.status == C.APPROVED and request.decided_by == verifier
    assert (company.address, company.npwp, company.version) == ("Jl. Sudirman No. 5", new_npwp, 2)
    history = {f.field: (f.old_value, f.new_value, f.changed_by, f.change_request) for f in company.field_changes.all()}
    assert history == {
        "address": (old_address, "Jl. Sudirman No. 5", verifier, request),
        "npwp": (old_npwp, new_npwp, verifier, request),
    }
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"vendors.change_request.submitted", "vendors.change_request.approved", "vendors.company.changed"} <= actions
    run_background_tasks()
    assert {m.to[0] for m in mail.outbox} == {company.email, company.admin_user.email}
    assert all(company.name in m.subject for m in mail.outbox)


def test_the_administrators_nik_is_masked_in_the_audit_trail(organization, verifier):
    company = vendor_company(organization)
    new_nik = factories.valid_nik(77)
    request = submit(company, {"admin_nik": new_nik, "admin_name": "Sri Wahyuni"})
    changes.change_request_approve(change_request=request, by=verifier)
    company.refresh_from_db()
    assert company.admin_nik == new_nik
    for event in AuditEvent.objects.filter(action__in=("vendors.change_request.submitted", "vendors.company.changed")):
        assert new_nik not in str(event.changes)


def test_a_request_that_changes_nothing_is_refused(organization):
    company = vendor_company(organization)
    for nothing in ({}, {"email": company.email.upper(), "kbli": ", ".join(company.kbli)}):
        with pytest.raises(ValidationError) as error:
            submit(company, nothing)
        assert error.value.messages == ["Nothing would change."]
    assert not ChangeRequest.objects.exists()


def test_each_new_value_is_checked_like_at_registration(organization):
    company = vendor_company(organization)
    wrong = {
        "npwp": "123",
        "nib": "12ab",
        "admin_nik": "3373011708850000",
        "kbli": "41011, 9999x",
        "email": "bukan-email",
        "province": "99",
        "legal_form": "llc",
        "phone": "12345",
        "postal_code": "5071",
        "name": "  ",
    }
    with pytest.raises(ValidationError) as error:
        submit(company, wrong)
    assert set(error.value.message_dict) == set(wrong)
    assert "15 or 16 digits" in error.value.message_dict["npwp"][0]


def test_only_the_changeable_fields_can_be_asked_for(organization):
    company = vendor_company(organization)
    with pytest.raises(ValidationError) as error:
        submit(company, {"status": "active", "address": "Jl. Baru 1"})
    assert "“status” cannot be changed" in error.value.messages[0]


def test_a_new_npwp_or_administrator_needs_a_supporting_document(organization):
    company = vendor_company(organization)
    with pytest.raises(ValidationError) as error:
        submit(company, {"npwp": factories.valid_npwp(4242)}, evidence=False)
    assert "NPWP" in error.value.message_dict["evidence"][0]
    # An address alone needs none; a reason always.
    with pytest.raises(ValidationError) as error:
        submit(company, {"address": "Jl. Baru 1"}, evidence=False, reason=" ")
    assert set(error.value.message_dict) == {"reason"}
    assert submit(company, {"address": "Jl. Baru 1"}, evidence=False).evidence_sha256 == ""


def test_one_open_request_per_company_until_it_is_withdrawn(organization):
    company = vendor_company(organization)
    first = submit(company, {"address": "Jl. Baru 1"})
    with pytest.raises(ValidationError) as error:
        submit(company, {"address": "Jl. Baru 2"})
    assert "already waiting" in error.value.messages[0]
    first = changes.change_request_withdraw(change_request=first, by=company.admin_user)
    assert first.status == C.WITHDRAWN
    assert submit(company, {"address": "Jl. Baru 2"}).status == C.SUBMITTED


def test_only_the_companys_active_administrator_asks_and_withdraws(organization, personas, verifier):
    company = vendor_company(organization)
    for persona in ("vendor_admin", "verifier", "outsider"):
        with pytest.raises(PermissionDenied):
            changes.change_request_submit(
                company=company, changes={"address": "Jl. X"}, reason="x", by=personas[persona]
            )
    request = submit(company, {"address": "Jl. Baru 1"})
    with pytest.raises(PermissionDenied):
        changes.change_request_withdraw(change_request=request, by=verifier)
    Company.objects.filter(pk=company.pk).update(status=Company.Status.SUSPENDED)
    company.refresh_from_db()
    changes.change_request_withdraw(change_request=request, by=company.admin_user)
    with pytest.raises(PermissionDenied):
        submit(company, {"address": "Jl. Baru 2"})


def test_a_value_changed_since_the_request_is_not_overwritten(organization, verifier):
    company = vendor_company(organization)
    request = submit(company)
    Company.objects.filter(pk=company.pk).update(npwp=factories.valid_npwp(5151))
    with pytest.raises(ValidationError) as error:
        changes.change_request_approve(change_request=request, by=verifier)
    assert error.value.messages == ["The NPWP changed since the request was made; ask the vendor to submit it again."]
    request.refresh_from_db()
    company.refresh_from_db()
    assert request.status == C.SUBMITTED and company.address != "Jl. Sudirman No. 5"
    assert not FieldChange.objects.exists()


@pytest.mark.parametrize("field", ["npwp", "nib"])
def test_a_number_another_registered_company_uses_is_refused(organization, verifier, field):
    company = vendor_company(organization)
    other = vendor_company(organization)
    request = submit(company, {field: getattr(other, field)})
    with pytest.raises(ValidationError) as error:
        changes.change_request_approve(change_request=request, by=verifier)
    assert error.value.messages == [f"Another registered company already uses this {field.upper()}."]
    request.refresh_from_db()
    company.refresh_from_db()
    assert request.status == C.SUBMITTED and company.version == 1
    assert not FieldChange.objects.exists()


def test_a_verifier_tied_to_the_company_cannot_decide(organization, verifier, lpse_head):
    company = vendor_company(organization)
    StaffRelation.objects.create(
        organization=organization, user=verifier, company=company, kind="relative", declared_by=verifier
    )
    request = submit(company, {"address": "Jl. Baru 1"})
    for decide in (
        lambda: changes.change_request_approve(change_request=request, by=verifier),
        lambda: changes.change_request_reject(change_request=request, note="x", by=verifier),
    ):
        with pytest.raises(ValidationError) as error:
            decide()
        assert "tie to this company" in error.value.messages[0]
    assert changes.change_request_approve(change_request=request, by=lpse_head).status == C.APPROVED


def test_a_verifier_cannot_verify_a_change_of_their_own_company(organization, verifier):
    company = vendor_company(organization, admin=verifier)
    request = submit(company, {"address": "Jl. Baru 1"})
    with pytest.raises(ValidationError) as error:
        changes.change_request_approve(change_request=request, by=verifier)
    assert "your own company" in error.value.messages[0]


@pytest.mark.parametrize("persona", ["registration_officer", "helpdesk_agent", "vendor_admin", "outsider"])
def test_only_verifiers_decide(organization, personas, persona):
    request = submit(vendor_company(organization), {"address": "Jl. Baru 1"})
    with pytest.raises(PermissionDenied):
        changes.change_request_approve(change_request=request, by=personas[persona])


def test_a_rejection_needs_a_reason_and_tells_the_vendor(organization, verifier):
    company = vendor_company(organization)
    request = submit(company, {"address": "Jl. Baru 1"})
    with pytest.raises(ValidationError) as error:
        changes.change_request_reject(change_request=request, note=" ", by=verifier)
    assert "note" in error.value.message_dict
    with committed():
        request = changes.change_request_reject(change_request=request, note="Akta tidak terbaca.", by=verifier)
    assert request.status == C.REJECTED
    company.refresh_from_db()
    assert company.address != "Jl. Baru 1"
    run_background_tasks()
    assert mail.outbox and all("Akta tidak terbaca." in m.body for m in mail.outbox)
    # Decided once: no second decision, no withdrawal.
    with pytest.raises(TransitionNotAllowed):
        changes.change_request_approve(change_request=request, by=verifier)
    with pytest.raises(TransitionNotAllowed):
        changes.change_request_withdraw(change_request=request, by=company.admin_user)


def test_kbli_codes_are_kept_as_a_list(organization, verifier):
    company = vendor_company(organization)
    request = submit(company, {"kbli": "41011; 46100 46100"}, evidence=False)
    assert request.changes["kbli"] == [company.kbli, ["41011", "46100"]]
    changes.change_request_approve(change_request=request, by=verifier)
    company.refresh_from_db()
    assert company.kbli == ["41011", "46100"]


@pytest.mark.parametrize("template", ["change_approved", "change_rejected"])
def test_the_change_mails_are_plain_text(organization, verifier, template):
    from sopan.vendors import tasks

    company = vendor_company(organization, name="CV A & B")
    request = submit(company, {"address": "Jl. Baru 1"})
    ChangeRequest.objects.filter(pk=request.pk).update(decision_note="Catatan <penting>.")
    tasks.send_company_mail.call(company_id=company.pk, template=template, request_id=request.pk)
    message = mail.outbox[0]
    assert "CV A & B" in message.subject and "/penyedia/saya/" in message.body
    assert "Catatan <penting>." in message.body

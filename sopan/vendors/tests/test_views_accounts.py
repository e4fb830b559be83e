"""The vendor account screens as people use them: the vendor's "Data perusahaan" and change request, the LPSE's
vendor list (filters, masked NIK, query counts), a vendor's file with the account action stage by stage, and the
change request queue and decision. Their role matrix is in the project's (core/tests/test_role_matrix.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sopan.core.models import AuditEvent
from sopan.core.testing import login
from sopan.vendors.accounts import changes
from sopan.vendors.accounts import services as accounts
from sopan.vendors.models import AccountAction, ChangeRequest, Company, StaffRelation
from sopan.vendors.tests import factories
from sopan.vendors.tests.test_accounts import _media, report, to_proposed, vendor_company  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
A = AccountAction.Stage


# --- the vendor ----------------------------------------------------------------------------------------------------
def _form_data(company: Company, **changed) -> dict:
    """What the browser sends: every field with its current value (the NIK left empty), some of them edited."""
    data = {field: getattr(company, field) for field in Company.CHANGEABLE if field != "admin_nik"}
    data.update(kbli=", ".join(company.kbli), admin_nik="", reason="Pindah kantor.")
    data.update(changed)
    return data


def test_the_vendor_sees_their_data_and_asks_for_a_change(client, organization):
    company = vendor_company(organization)
    login(client, company.admin_user)
    page = client.get(reverse("vendors:company-mine"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="change-request-form"' in html and company.name in html
    assert company.admin_nik not in html  # personal data: masked, and the form's NIK field is empty

    response = client.post(reverse("vendors:change-request"), _form_data(company, address="Jl. Sudirman No. 5"))
    assert response.status_code == 302 and response["Location"] == reverse("vendors:company-mine")
    request = ChangeRequest.objects.get()
    assert request.changes == {"address": [company.address, "Jl. Sudirman No. 5"]}

    html = client.get(reverse("vendors:company-mine")).content.decode()
    assert 'id="open-request"' in html and 'id="change-request-form"' not in html
    response = client.post(reverse("vendors:change-withdraw", kwargs={"pk": request.pk}))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == ChangeRequest.Status.WITHDRAWN


def test_a_wrong_value_is_shown_on_its_field(client, organization):
    company = vendor_company(organization)
    login(client, company.admin_user)
    response = client.post(reverse("vendors:change-request"), _form_data(company, npwp="123", email="bukan-email"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"npwp", "email"}
    assert not ChangeRequest.objects.exists()


def test_an_unchanged_form_says_nothing_would_change(client, organization):
    company = vendor_company(organization)
    company.admin_user.language = "en"
    company.admin_user.save(update_fields=["language"])
    login(client, company.admin_user)
    response = client.post(reverse("vendors:change-request"), _form_data(company))
    assert response.status_code == 400
    assert "Nothing would change." in response.content.decode()


# --- the LPSE: list and file ----------------------------------------------------------------------------------------
def test_the_vendor_list_filters_searches_and_never_shows_a_nik(client, organization, verifier):
    active = vendor_company(organization, name="PT Cahaya Terang")
    suspended = vendor_company(organization, name="CV Redup")
    Company.objects.filter(pk=suspended.pk).update(status=Company.Status.SUSPENDED)
    login(client, verifier)
    url = reverse("vendors:company-list")
    html = client.get(url).content.decode()
    assert active.name in html and suspended.name in html
    assert active.admin_nik not in html and suspended.admin_nik not in html
    html = client.get(url, {"status": "suspended"}).content.decode()
    assert suspended.name in html and active.name not in html
    html = client.get(url, {"q": active.npwp}).content.decode()
    assert active.name in html and suspended.name not in html


def test_the_vendor_list_costs_the_same_for_many_vendors(client, organization, verifier, django_assert_max_num_queries):
    login(client, verifier)
    url = reverse("vendors:company-list")
    for _ in range(3):
        vendor_company(organization)
    client.get(url)  # warm the per-session caches
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    for _ in range(30):
        vendor_company(organization)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["page"].items) == 33


def test_the_nik_is_masked_until_an_identity_role_asks_and_the_view_is_logged(client, organization, personas):
    company = vendor_company(organization)
    url = reverse("vendors:company-detail", kwargs={"pk": company.pk})
    login(client, personas["verifier"])
    html = client.get(url).content.decode()
    assert company.admin_nik not in html and 'id="show-nik"' in html
    reveal = reverse("vendors:company-identity-reveal", kwargs={"pk": company.pk})
    assert company.admin_nik in client.post(reveal, {"nik-purpose": "verify"}).content.decode()
    assert AuditEvent.objects.filter(action="vendors.identity.viewed", actor=personas["verifier"]).count() == 1

    client.logout()
    login(client, personas["helpdesk_agent"])
    html = client.get(url).content.decode()
    assert company.admin_nik not in html and 'id="show-nik"' not in html
    assert client.post(reveal, {"nik-purpose": "verify"}).status_code == 403
    assert not AuditEvent.objects.filter(action="vendors.identity.viewed", actor=personas["helpdesk_agent"]).exists()


def _step(client, action, step, **fields):
    data = {f"a{action.pk}-{step}-{name}": value for name, value in fields.items()}
    return client.post(reverse("vendors:account-action-step", kwargs={"pk": action.pk, "step": step}), data)


def test_the_kepala_lpse_runs_a_deactivation_through_the_screens(client, organization, lpse_head):
    company = vendor_company(organization)
    login(client, lpse_head)
    detail = reverse("vendors:company-detail", kwargs={"pk": company.pk})
    response = client.post(
        reverse("vendors:account-action-report", kwargs={"pk": company.pk}),
        {"report-kind": "deactivate", "report-basis": "Temuan BPK.", "report-evidence": factories.pdf_upload()},
    )
    assert response.status_code == 302 and response["Location"] == detail
    action = AccountAction.objects.get()
    assert 'data-step="examine"' in client.get(detail).content.decode()

    assert _step(client, action, "examine", examination="Diperiksa.").status_code == 302
    assert _step(client, action, "propose", proposal="Usul ke LKPP.").status_code == 302
    refused = _step(client, action, "decide", outcome="granted", note="Dinonaktifkan.")
    assert refused.status_code == 400
    failed = next(f for item in refused.context["actions"] for f in item["forms"] if f["step"] == "decide")
    assert "external_reference" in failed["form"].errors
    done = _step(client, action, "decide", outcome="granted", note="Dinonaktifkan.", external_reference="LKPP-9")
    assert done.status_code == 302
    assert _step(client, action, "inform").status_code == 302
    assert _step(client, action, "archive").status_code == 302
    action.refresh_from_db()
    company.refresh_from_db()
    assert action.stage == A.ARCHIVED and company.status == Company.Status.DEACTIVATED
    html = client.get(detail).content.decode()
    assert 'data-stage="archived"' in html and "LKPP-9" in html and 'data-field="status"' in html


def test_a_report_with_a_fake_file_is_refused_on_the_form(client, organization, verifier):
    company = vendor_company(organization)
    login(client, verifier)
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("bukti.pdf", b"<html>bukan pdf</html>", content_type="application/pdf")
    response = client.post(
        reverse("vendors:account-action-report", kwargs={"pk": company.pk}),
        {"report-kind": "suspend", "report-basis": "Aduan.", "report-evidence": fake},
    )
    assert response.status_code == 400
    assert "evidence" in response.context["report_form"].errors
    assert not AccountAction.objects.exists()


def test_staff_see_only_the_steps_they_may_take(client, organization, verifier, lpse_head):
    company = vendor_company(organization)
    action = report(company, by=verifier)
    detail = reverse("vendors:company-detail", kwargs={"pk": company.pk})
    login(client, verifier)
    html = client.get(detail).content.decode()
    assert f'id="action-{action.pk}"' in html and 'data-step="examine"' not in html and 'id="report-form"' not in html
    client.logout()
    login(client, lpse_head)
    html = client.get(detail).content.decode()
    assert 'data-step="examine"' in html and 'data-step="drop"' in html
    accounts.account_action_drop(action=action, reason="Dicabut.", by=lpse_head)
    html = client.get(detail).content.decode()
    assert 'data-step="' not in html and 'id="report-form"' in html  # a new complaint can be recorded


def test_the_file_page_in_english(client, organization, lpse_head):
    company = vendor_company(organization)
    lpse_head.language = "en"
    lpse_head.save(update_fields=["language"])
    login(client, lpse_head)
    html = client.get(reverse("vendors:company-detail", kwargs={"pk": company.pk})).content.decode()
    assert "Account actions" in html and "Record a complaint or finding" in html


# --- the LPSE: change requests --------------------------------------------------------------------------------------
def _request(company, **fields) -> ChangeRequest:
    return changes.change_request_submit(
        company=company, changes=fields or {"address": "Jl. Baru 1"}, reason="Pindah.", by=company.admin_user
    )


def test_a_verifier_approves_a_change_from_the_queue(client, organization, verifier, django_assert_max_num_queries):
    company = vendor_company(organization)
    request = _request(company)
    login(client, verifier)
    client.get(reverse("vendors:change-queue"))  # warm the per-session caches
    with django_assert_max_num_queries(12) as few:
        queue = client.get(reverse("vendors:change-queue"))
    assert f'data-change-request="{request.pk}"' in queue.content.decode()
    for _ in range(10):
        _request(vendor_company(organization))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(reverse("vendors:change-queue")).context["page"].items) == 11

    url = reverse("vendors:change-decide", kwargs={"pk": request.pk})
    assert 'id="decision-form"' in client.get(url).content.decode()
    response = client.post(url, {"decision": "approve", "note": ""})
    assert response.status_code == 302 and response["Location"] == reverse("vendors:change-queue")
    company.refresh_from_db()
    assert company.address == "Jl. Baru 1" and company.version == 2


def test_a_conflicted_verifier_is_warned_and_refused(client, organization, verifier):
    company = vendor_company(organization)
    StaffRelation.objects.create(
        organization=organization, user=verifier, company=company, kind="owner", declared_by=verifier
    )
    request = _request(company)
    login(client, verifier)
    url = reverse("vendors:change-decide", kwargs={"pk": request.pk})
    assert 'id="conflicts"' in client.get(url).content.decode()
    response = client.post(url, {"decision": "approve"})
    assert response.status_code == 400 and response.context["form"].non_field_errors()
    request.refresh_from_db()
    assert request.status == ChangeRequest.Status.SUBMITTED


def test_a_rejection_without_a_note_is_refused_on_the_form(client, organization, verifier):
    request = _request(vendor_company(organization))
    login(client, verifier)
    url = reverse("vendors:change-decide", kwargs={"pk": request.pk})
    response = client.post(url, {"decision": "reject", "note": " "})
    assert response.status_code == 400 and "note" in response.context["form"].errors
    assert client.post(url, {"decision": "reject", "note": "Akta tidak jelas."}).status_code == 302
    request.refresh_from_db()
    assert request.status == ChangeRequest.Status.REJECTED


def test_a_nik_change_is_masked_until_asked(client, organization, verifier):
    company = vendor_company(organization)
    new_nik = factories.valid_nik(99)
    request = changes.change_request_submit(
        company=company,
        changes={"admin_nik": new_nik},
        reason="Admin baru.",
        evidence=factories.pdf_upload(),
        by=company.admin_user,
    )
    login(client, verifier)
    url = reverse("vendors:change-decide", kwargs={"pk": request.pk})
    assert new_nik not in client.get(url).content.decode()
    reveal = reverse("vendors:change-identity-reveal", kwargs={"pk": request.pk})
    assert new_nik in client.post(reveal, {"nik-purpose": "change"}).content.decode()
    assert AuditEvent.objects.filter(action="vendors.identity.viewed").count() == 1


def test_after_approval_both_sides_see_the_history_and_the_decision(client, organization, verifier):
    company = vendor_company(organization)
    request = _request(company)
    changes.change_request_approve(change_request=request, note="Sesuai akta.", by=verifier)
    login(client, verifier)
    html = client.get(reverse("vendors:change-decide", kwargs={"pk": request.pk})).content.decode()
    assert 'data-status="approved"' in html and "Sesuai akta." in html and 'id="decision-form"' not in html
    html = client.get(reverse("vendors:company-detail", kwargs={"pk": company.pk})).content.decode()
    assert 'data-field="address"' in html and "Jl. Baru 1" in html
    client.logout()
    login(client, company.admin_user)
    html = client.get(reverse("vendors:company-mine")).content.decode()
    assert 'id="field-history"' in html and "Jl. Baru 1" in html and "Sesuai akta." in html
    assert 'data-status="approved"' in html


def test_a_step_on_an_action_that_moved_on_says_where_it_stands(client, organization, verifier, lpse_head):
    company = vendor_company(organization)
    action = report(company, by=verifier)
    login(client, lpse_head)
    accounts.account_action_drop(action=action, reason="Dicabut.", by=lpse_head)  # in another tab
    response = _step(client, action, "examine", examination="Diperiksa.")
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.stage == A.DROPPED
    page = client.get(response["Location"])
    assert [m.level_tag for m in page.context["messages"]] == ["error"]
